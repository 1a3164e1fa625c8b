import Foundation
import IndexCore

/// The running state of one import.
struct ImportState {
    let specification: ImportSpecification
    let unitResolver: NameResolver?
    let indicatorResolvers: (national: NameResolver, regional: NameResolver, all: NameResolver)?
    let seriesUnits: Set<String>
    let indicatorsByID: [String: Indicator]
    var observations = ObservationTable()
    /// Names already resolved: a million rows name a few thousand units and a hundred indicators.
    var resolvedUnits: [String: String] = [:]
    var resolvedIndicators: [Bool?: [String: String]] = [:]
    struct SeenKey: Hashable {
        var unit, indicator, period: Int32
    }
    var errors: [IndexError] = []
    var notices: [IndexError] = []
    var warnings: [IndexError] = []
    /// How many more unknown names get a "did you mean" hint. Each hint compares the name with every
    /// known one; a file of a million unknown columns spent all its time (hours in a debug build)
    /// finding hints for problems no report shows (``IndexCore/IndexErrors/reportLimit``).
    var hintsLeft = 100

    init(specification: ImportSpecification) {
        self.specification = specification
        unitResolver = specification.units.map(NameResolver.units)
        if let framework = specification.framework {
            let series = framework.seriesIDs
            let national = framework.evaluations.filter { $0.kind == .basePeriod }.flatMap { $0.root.indicators }
            let regional = framework.evaluations.filter { $0.kind == .crossSection }.flatMap { $0.root.indicators }
            indicatorResolvers = (
                NameResolver.indicators(national, series: series), NameResolver.indicators(regional, series: series),
                NameResolver.indicators(framework.indicators, series: series)
            )
            seriesUnits = Set(framework.evaluations.compactMap(\.seriesUnit))
            indicatorsByID = Dictionary(framework.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        } else {
            indicatorResolvers = nil
            seriesUnits = []
            indicatorsByID = [:]
        }
    }

    func dataset() -> Dataset {
        let units =
            specification.units
            ?? Array(Set(Set(observations.unitNumbers).map { observations.strings[Int($0)] })).sorted().map {
                AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0))
            }
        return Dataset(units: units, observations: observations)
    }

    func error(
        _ message: String,
        _ table: DataTable,
        line: Int?,
        column: Int?,
        indicator: String? = nil,
        unit: String? = nil
    )
        -> IndexError
    {
        IndexError(
            message,
            file: table.file,
            sheet: table.sheet,
            line: line,
            column: column.map { $0 + 1 },
            indicator: indicator,
            unit: unit
        )
    }

    /// Resolves a unit name; `nil` (with an error) when unknown or ambiguous.
    mutating func unit(_ name: String, _ table: DataTable, line: Int, column: Int) -> String? {
        // A name resolved before has passed every check below (rows repeat their unit).
        if let id = resolvedUnits[name] { return id }
        guard !name.isEmpty else {
            errors.append(error("empty unit", table, line: line, column: column))
            return nil
        }
        if let problem = ControlCharacters.problem(in: name, what: "unit") {
            errors.append(error(problem, table, line: line, column: column))
            return nil
        }
        guard let unitResolver else {
            resolvedUnits[name] = name
            return name
        }
        switch unitResolver.resolve(name) {
        case .found(let id):
            resolvedUnits[name] = id
            return id
        case .ambiguous(let ids):
            errors.append(
                error(
                    "ambiguous unit '\(name)': it could be \(ids.joined(separator: " or "))",
                    table,
                    line: line,
                    column: column
                )
            )
        case .unknown:
            let suggestion = hint(unitResolver, name)
            errors.append(error("unknown unit '\(name)'\(suggestion)", table, line: line, column: column))
        }
        return nil
    }

    /// ` (did you mean 'X', ID?)` for an unknown name close to a known one, for the first ``hintsLeft`` names.
    mutating func hint(_ resolver: NameResolver, _ name: String) -> String {
        guard hintsLeft > 0 else { return "" }
        hintsLeft -= 1
        return resolver.suggestion(for: name).map { " (did you mean '\($0.name)', \($0.id)?)" } ?? ""
    }

    /// Resolves an indicator name in a scope (national series or regional cross-sections).
    func resolveIndicator(_ name: String, national: Bool?) -> NameResolver.Resolution {
        guard let resolvers = indicatorResolvers else { return name.isEmpty ? .unknown : .found(name) }
        if let national {
            let scoped = (national ? resolvers.national : resolvers.regional).resolve(name)
            if case .unknown = scoped {} else { return scoped }
        }
        return resolvers.all.resolve(name)
    }

    mutating func indicator(_ name: String, national: Bool?, _ table: DataTable, line: Int, column: Int) -> String? {
        // A name resolved before has passed every check below.
        if let id = resolvedIndicators[national]?[name] { return id }
        guard !name.isEmpty else {
            errors.append(error("empty indicator", table, line: line, column: column))
            return nil
        }
        if let problem = ControlCharacters.problem(in: name, what: "indicator") {
            errors.append(error(problem, table, line: line, column: column))
            return nil
        }
        switch resolveIndicator(name, national: national) {
        case .found(let id):
            resolvedIndicators[national, default: [:]][name] = id
            return id
        case .ambiguous(let ids):
            errors.append(
                error(
                    "ambiguous indicator '\(name)': it could be \(ids.joined(separator: " or "))",
                    table,
                    line: line,
                    column: column
                )
            )
        case .unknown:
            let scope = indicatorResolvers.map {
                national == true ? $0.national : national == false ? $0.regional : $0.all
            }
            let suggestion = scope.map { hint($0, name) } ?? ""
            errors.append(error("unknown indicator '\(name)'\(suggestion)", table, line: line, column: column))
        }
        return nil
    }

    /// Whether a header is a long table's (one value a row: it names an indicator column).
    static func isLong(header: [String]) -> Bool {
        header.contains { ["indicator", "指标"].contains($0.lowercased()) }
    }

    /// How far reading has got: what ``undo(to:)`` goes back to.
    struct Mark {
        var errors, notices, warnings, observations, hintsLeft: Int
    }

    func mark() -> Mark {
        Mark(
            errors: errors.count,
            notices: notices.count,
            warnings: warnings.count,
            observations: observations.count,
            hintsLeft: hintsLeft
        )
    }

    /// Forgets what was read since `mark`: a file read in chunks whose problems are found at its
    /// end is then as if it had not been read, as a file that fails its checks before any row is.
    mutating func undo(to mark: Mark) {
        errors.removeSubrange(mark.errors...)
        notices.removeSubrange(mark.notices...)
        warnings.removeSubrange(mark.warnings...)
        observations.removeSubrange(mark.observations...)
        hintsLeft = mark.hintsLeft
    }

    /// Reads one table, long or wide, and says which.
    mutating func read(_ table: DataTable) -> String {
        if Self.isLong(header: table.header) {
            // One value a row: growing the columns a row at a time copies them twenty times at a
            // million rows.
            observations.reserveCapacity(observations.count + table.rows.count)
            readLong(table)
            return "long"
        }
        readWide(table)
        return "wide"
    }

    func column(_ table: DataTable, _ names: [String]) -> Int? {
        for name in names { if let column = table.column(name) { return column } }
        return nil
    }

    /// Reads a long table's rows; `checkingHeader` false for the later chunks of a file, whose
    /// header was checked with the first.
    mutating func readLong(_ table: DataTable, checkingHeader: Bool = true) {
        guard let unitColumn = column(table, ["unit", "地区", "单位"]),
            let indicatorColumn = column(table, ["indicator", "指标"]),
            let periodColumn = column(table, DataImporter.periodHeaders),
            let valueColumn = column(table, ["value", "数值", "值"])
        else {
            guard checkingHeader else { return }
            errors.append(
                error(
                    "a long table needs columns unit, indicator, period and value (header: \(table.header.joined(separator: ",")))",
                    table,
                    line: table.headerLine,
                    column: nil
                )
            )
            return
        }
        let metadata = metadataColumns(table)
        let known = Set([unitColumn, indicatorColumn, periodColumn, valueColumn] + metadata.all)
        for (index, header) in table.header.enumerated()
        where checkingHeader && !known.contains(index) && !header.isEmpty {
            errors.append(error(DataImporter.unknownLongColumn(header), table, line: table.headerLine, column: index))
        }
        for row in table.rows {
            let unitName = row[unitColumn]
            guard let unit = unit(unitName, table, line: row.line, column: unitColumn) else {
                _ = indicator(row[indicatorColumn], national: nil, table, line: row.line, column: indicatorColumn)
                continue
            }
            let national = seriesUnits.isEmpty ? nil : seriesUnits.contains(unit)
            guard
                let indicator = indicator(
                    row[indicatorColumn],
                    national: national,
                    table,
                    line: row.line,
                    column: indicatorColumn
                )
            else { continue }
            let period = DataImporter.periodText(row[periodColumn])
            guard !period.isEmpty else {
                errors.append(
                    error("empty period", table, line: row.line, column: periodColumn, indicator: indicator, unit: unit)
                )
                continue
            }
            add(
                row[valueColumn],
                unit: unit,
                indicator: indicator,
                period: period,
                table,
                row: row,
                column: valueColumn,
                metadata: metadata
            )
        }
    }

    mutating func readWide(_ table: DataTable) {
        let unitColumn = column(table, DataImporter.unitHeaders) ?? 0
        let periodColumn = column(table, DataImporter.periodHeaders)
        let metadata = metadataColumns(table)
        let skipped = Set([unitColumn, periodColumn].compactMap { $0 } + metadata.all)
        var fixedPeriod: String?
        if periodColumn == nil {
            let stem = URL(fileURLWithPath: table.file).deletingPathExtension().lastPathComponent
            if let sheet = table.sheet, DataImporter.isPeriodLike(sheet) {
                fixedPeriod = DataImporter.periodText(sheet)
            } else if let period = specification.period {
                fixedPeriod = period
            } else if table.sheet == nil, DataImporter.isPeriodLike(stem) {
                fixedPeriod = DataImporter.periodText(stem)
            } else {
                errors.append(
                    error(
                        "no period for this wide table: add a 'period' column, name the sheet after the period (2023) or pass --period",
                        table,
                        line: 1,
                        column: nil
                    )
                )
                return
            }
        }
        // Units first: whether the rows are the national series decides which indicators a name means.
        var rowUnits: [Int: String] = [:]
        for (index, row) in table.rows.enumerated() {
            if let unit = unit(row[unitColumn], table, line: row.line, column: unitColumn) { rowUnits[index] = unit }
        }
        let national: Bool? =
            seriesUnits.isEmpty || rowUnits.isEmpty ? nil : rowUnits.values.allSatisfy { seriesUnits.contains($0) }
        var indicatorColumns: [(column: Int, id: String)] = []
        for (index, header) in table.header.enumerated() where !skipped.contains(index) {
            if header.isEmpty { continue }
            if header == "uName" || header.hasSuffix("_group") {
                notices.append(error("column '\(header)' is not data; ignored", table, line: 1, column: index))
                continue
            }
            if let id = indicator(header, national: national, table, line: 1, column: index) {
                indicatorColumns.append((index, id))
            }
        }
        var headerSeen: [String: Int] = [:]
        for (column, id) in indicatorColumns {
            if let first = headerSeen[id] {
                errors.append(
                    error(
                        "indicator '\(id)' has two columns (\(IndexError.columnLetters(first + 1)) and \(IndexError.columnLetters(column + 1)))",
                        table,
                        line: 1,
                        column: column,
                        indicator: id
                    )
                )
            }
            headerSeen[id] = column
        }
        for (index, row) in table.rows.enumerated() {
            guard let unit = rowUnits[index] else { continue }
            let period = periodColumn.map { DataImporter.periodText(row[$0]) } ?? fixedPeriod ?? ""
            guard !period.isEmpty else {
                errors.append(error("empty period", table, line: row.line, column: periodColumn, unit: unit))
                continue
            }
            for (column, id) in indicatorColumns {
                add(
                    row[column],
                    unit: unit,
                    indicator: id,
                    period: period,
                    table,
                    row: row,
                    column: column,
                    metadata: metadata
                )
            }
        }
    }

    /// A table's source, note and status columns, found once per table rather than looked up by
    /// name for each of its rows.
    struct MetadataColumns {
        var source: Int?
        var note: Int?
        var status: Int?

        var all: [Int] { [source, note, status].compactMap { $0 } }
    }

    func metadataColumns(_ table: DataTable) -> MetadataColumns {
        var columns: [String: Int] = [:]
        for (index, header) in table.header.enumerated() {
            if let role = DataImporter.metadataHeaders[header.lowercased()], columns[role] == nil {
                columns[role] = index
            }
        }
        return MetadataColumns(source: columns["source"], note: columns["note"], status: columns["status"])
    }

    /// Reads one value cell and records it, or records why not.
    mutating func add(
        _ text: String,
        unit: String,
        indicator: String,
        period: String,
        _ table: DataTable,
        row: DataTable.Row,
        column: Int,
        metadata: MetadataColumns
    ) {
        let location = SourceLocation(file: table.file, sheet: table.sheet, line: row.line, column: column + 1)
        let value: Double?
        var written: String?
        switch NumberParser.reading(text) {
        case .number(let number):
            value = number
        case .converted(let number, let how):
            value = number
            written = text
            notices.append(error(how, table, line: row.line, column: column, indicator: indicator, unit: unit))
        case .missing(let marker):
            guard let marker else { return }  // an empty cell: no observation
            value = nil
            notices.append(
                error(
                    "'\(marker)' read as a missing value",
                    table,
                    line: row.line,
                    column: column,
                    indicator: indicator,
                    unit: unit
                )
            )
        case .invalid:
            errors.append(
                error(
                    NumberParser.rangeProblem(text.trimmingSpaces()).map { "value \($0)" }
                        ?? "value '\(text)' is not a number",
                    table,
                    line: row.line,
                    column: column,
                    indicator: indicator,
                    unit: unit
                )
            )
            return
        }
        var status = ObservationStatus.reported
        if let statusColumn = metadata.status, !row[statusColumn].isEmpty {
            guard
                let parsed = ObservationStatus(rawValue: row[statusColumn])
                    ?? ObservationStatus(rawValue: row[statusColumn].lowercased())
            else {
                errors.append(
                    error(
                        "status '\(row[statusColumn])' is not reported, estimated or synthetic",
                        table,
                        line: row.line,
                        column: statusColumn,
                        indicator: indicator,
                        unit: unit
                    )
                )
                return
            }
            status = parsed
        }
        record(
            Observation(
                unit: unit,
                indicator: indicator,
                period: period,
                value: value,
                source: metadata.source.map { row[$0] } ?? "",
                note: metadata.note.map { row[$0] } ?? "",
                status: status,
                location: location
            ),
            written: written
        )
    }

    /// Checks bounds, then keeps the observation; duplicates are found once every file is read
    /// (``reportDuplicates()``).
    ///
    /// - Parameter written: the cell's text when it was converted (`1.2万`), for the messages.
    mutating func record(_ observation: Observation, written: String? = nil) {
        if let value = observation.value, let bounds = indicatorsByID[observation.indicator]?.bounds,
            !bounds.contains(value)
        {
            let shown = written.map { "'\($0)' (read as \(Cell.format(value)))" } ?? Cell.format(value)
            errors.append(
                Self.error(
                    "value \(shown) is outside the indicator's bounds [\(Cell.format(bounds.lowerBound)), \(Cell.format(bounds.upperBound))]",
                    at: observation
                )
            )
            return
        }
        observations.append(observation)
    }

    /// An error located at an observation's cell, naming its unit and indicator.
    static func error(_ message: String, at observation: Observation) -> IndexError {
        IndexError(
            message,
            file: observation.location?.file,
            sheet: observation.location?.sheet,
            line: observation.location?.line,
            column: observation.location?.column,
            indicator: observation.indicator,
            unit: observation.unit
        )
    }

    /// An error for every value whose unit, indicator and period an earlier value has, naming where
    /// the first is.
    ///
    /// The values' keys (canonical string numbers) are radix-sorted in
    /// reading order, so each run of equal keys starts with the first value read: a million values
    /// take two arrays of integers and O(*n*) steps, not a dictionary of a million keys held while
    /// the files are read.
    mutating func reportDuplicates() {
        let count = observations.count
        guard count > 1 else { return }
        let table = observations
        // Per string number, the first number whose string Swift calls equal to it: the key a
        // duplicate is found by, as a dictionary of strings would find it.
        var firstNumber: [String: Int32] = [:]
        let numbers = table.strings.indices.map { number in
            let string = table.strings[number]
            if let first = firstNumber[string] { return first }
            firstNumber[string] = Int32(number)
            return Int32(number)
        }
        func key(_ i: Int) -> SeenKey {
            SeenKey(
                unit: numbers[Int(table.unitNumbers[i])],
                indicator: numbers[Int(table.indicatorNumbers[i])],
                period: numbers[Int(table.periodNumbers[i])]
            )
        }
        func report(_ duplicate: Int, first: Int) {
            let observation = table[duplicate]
            let firstLocation = table[first].location ?? SourceLocation(file: "", line: 0)
            errors.append(
                Self.error(
                    "duplicate value for \(observation.unit) / \(observation.indicator) / \(observation.period) (first at \(describe(firstLocation)))",
                    at: observation
                )
            )
        }
        let bits = Int.bitWidth - numbers.count.leadingZeroBitCount
        guard 3 * bits <= 64 else {
            // More distinct strings than three numbers fit in 64 bits: a dictionary instead.
            var first: [SeenKey: Int] = [:]
            for i in 0..<count {
                if let earlier = first[key(i)] { report(i, first: earlier) } else { first[key(i)] = i }
            }
            return
        }
        var sorter = RadixSorter()
        for i in 0..<count {
            let k = key(i)
            sorter.append(
                UInt64(k.unit) << (2 * bits) | UInt64(k.indicator) << bits | UInt64(k.period),
                i
            )
        }
        sorter.sort()
        var start = 0
        for position in 1..<count {
            if sorter.keys[position] == sorter.keys[start] {
                report(sorter.indices[position], first: sorter.indices[start])
            } else {
                start = position
            }
        }
    }

    func describe(_ location: SourceLocation) -> String {
        let name = URL(fileURLWithPath: location.file).lastPathComponent
        if let sheet = location.sheet {
            return
                "\(name) [sheet '\(sheet)'] \(location.column.map(IndexError.columnLetters) ?? "row ")\(location.line)"
        }
        return "\(name):\(location.line)"
    }

    /// JSON in the long table's shape: an array of objects, or `{"observations": [...]}`.
    ///
    /// Read with `JSONDecoder` into ``JSONScalarValue``, never `JSONSerialization`, which gives `true` as
    /// the number 1 (on Linux a boolean is an `NSNumber` that casts to `Int` and `Double`).
    mutating func readJSON(_ data: Data, file path: String) throws {
        if let number = JSONRepeatedKey.numberOutOfRange(in: data) {
            let element = number.path.lazy.compactMap { step -> Int? in
                guard case .index(let index) = step else { return nil }
                return index
            }.first
            throw IndexError("number \(number)", file: path, line: element.map { $0 + 1 })
        }
        let parsed: JSONScalarValue
        do {
            parsed = try JSONDecoder().decode(JSONScalarValue.self, from: data)
        } catch {
            throw IndexError("not valid JSON (\(error.localizedDescription))", file: path)
        }
        // A field given twice would keep one of its values without a word, as a misspelt one would be dropped.
        if let repeated = JSONRepeatedKey(in: data) {
            let element = repeated.path.lazy.compactMap { step -> Int? in
                guard case .index(let index) = step else { return nil }
                return index
            }.first
            // Located as the other problems of an observation are: its number as the line.
            throw IndexError("field '\(repeated.key)' is given twice", file: path, line: element.map { $0 + 1 })
        }
        let items: [JSONScalarValue]
        if case .array(let array) = parsed {
            items = array
        } else if case .object(let object) = parsed, case .array(let array)? = object["observations"] {
            items = array
        } else {
            throw IndexError("expected an array of observations or {\"observations\": [...]}", file: path)
        }
        // Each observation becomes a one-row long table, so JSON gets the same checks and messages.
        let header = ["unit", "indicator", "period", "value", "source", "note", "status"]
        var rows: [DataTable.Row] = []
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else {
                errors.append(IndexError("observation \(index + 1) is not an object", file: path, line: index + 1))
                continue
            }
            // A misspelt field (`sorce`) would otherwise be dropped without a word, as a long table's column.
            for key in object.keys.sorted() where !header.contains(key) {
                errors.append(IndexError(DataImporter.unknownLongColumn(key), file: path, line: index + 1))
            }
            rows.append(DataTable.Row(line: index + 1, fields: header.map { Self.text(object[$0]) }))
        }
        let table = DataTable(file: path, sheet: nil, header: header, rows: rows)
        errors += table.controlCharacterProblems()
        readLong(table)
    }

    /// A field's value as a table cell: a boolean stays the word `true`/`false`, so it is never a number.
    static func text(_ value: JSONScalarValue?) -> String {
        switch value {
        case nil, .null?: ""
        case .string(let string)?: string
        case .bool(let flag)?: flag ? "true" : "false"
        case .number(let number)?: Cell.format(number)
        case .array?, .object?: "(a list or object)"
        }
    }
}

/// A JSON value as `JSONDecoder` reads it, booleans apart from numbers.
enum JSONScalarValue: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONScalarValue])
    case object([String: JSONScalarValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let array = try? container.decode([JSONScalarValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONScalarValue].self))
        }
    }
}
