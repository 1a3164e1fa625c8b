import Foundation
public import IndexCore

/// What an import reads against: the framework and units it resolves names with.
public struct ImportSpecification: Sendable {
    /// The framework whose indicators (and denominator series) the data may carry; `nil` = any.
    public var framework: Framework?
    /// The known units; `nil` = the units are the codes found in the data.
    public var units: [AssessedUnit]?
    /// The period of wide tables that name it nowhere else (no period column, sheet or file name).
    public var period: String?
    /// Whether gaps in coverage (an indicator with no data, a base period with no values) are errors.
    /// `false` lists them as warnings, for data gathered in several imports.
    public var requiresCoverage: Bool

    public init(
        framework: Framework? = nil,
        units: [AssessedUnit]? = nil,
        period: String? = nil,
        requiresCoverage: Bool = true
    ) {
        self.framework = framework
        self.units = units
        self.period = period
        self.requiresCoverage = requiresCoverage
    }
}

/// What an import read: the dataset, what was converted or ignored on the way, and per file counts.
public struct ImportResult: Sendable {
    public var dataset: Dataset
    /// Conversions (`12,345`, `1.2万`), missing markers (`—`) and ignored columns, each located.
    public var notices: [IndexError]
    /// Coverage gaps, when ``ImportSpecification/requiresCoverage`` is off.
    public var warnings: [IndexError]
    public var files: [ImportedFile]

    public init(dataset: Dataset, notices: [IndexError] = [], warnings: [IndexError] = [], files: [ImportedFile] = []) {
        self.dataset = dataset
        self.notices = notices
        self.warnings = warnings
        self.files = files
    }
}

/// One file read by an import.
public struct ImportedFile: Sendable, Hashable {
    public var path: String
    public var format: String
    /// The tables read (sheet names for a workbook) and their layout, `long` or `wide`.
    public var tables: [String]
    public var values: Int
}

/// Reads indicator data from CSV, Excel and JSON files, long or wide, and validates it, reporting
/// every problem at once with file, sheet, row, column, unit and indicator.
///
/// ```swift
/// let result = try DataImporter.read(["data-2023.xlsx"], specification: ImportSpecification(framework: framework, units: units))
/// ```
///
/// Layouts:
/// - **long**: columns `unit, indicator, period, value` and optional `source, note, status`;
/// - **wide**: units as rows and indicators as columns, with the period in a `period` (or `year`,
///   `年份`) column, in the sheet's or file's name (`2023`), or given by ``ImportSpecification/period``.
///
/// Headers may name indicators by id or by Chinese or English name; units may be codes or full,
/// short or English names, and are resolved to their codes.
public enum DataImporter {
    /// Reads and validates files.
    ///
    /// - Throws: ``IndexErrors`` with every problem in every file; nothing is returned in part.
    public static func read(_ paths: [String], specification: ImportSpecification) throws -> ImportResult {
        try read(sources: paths.map { ImportSource(file: $0, contents: nil) }, specification: specification)
    }

    /// Reads files from disk (`contents` `nil`) or from memory; each is named by its `file`.
    static func read(sources: [ImportSource], specification: ImportSpecification) throws -> ImportResult {
        var state = ImportState(specification: specification)
        var files: [ImportedFile] = []
        let paths = sources.map(\.file)
        for source in sources {
            let path = source.file
            let before = state.observations.count
            var tables: [String] = []
            do {
                switch URL(fileURLWithPath: path).pathExtension.lowercased() {
                case "xlsx", "xlsm":
                    let workbook =
                        try source.contents.map { try XLSXReader.read(data: $0, file: path) }
                        ?? XLSXReader.read(path: path)
                    for sheet in workbook.sheets {
                        guard let table = sheet.table(file: path) else { continue }
                        try table.requireNoControlCharacters()
                        tables.append("\(sheet.name) (\(state.read(table)))")
                    }
                    files.append(ImportedFile(path: path, format: "xlsx", tables: tables, values: 0))
                case "xls":
                    throw IndexError("old binary .xls workbooks are not read; save it as .xlsx", file: path)
                case "json":
                    try state.readJSON(try source.contents ?? ImportSource.contents(of: path), file: path)
                    files.append(ImportedFile(path: path, format: "json", tables: ["observations"], values: 0))
                default:
                    let table =
                        try source.contents.map { try DataTable(text: TextFile.decode($0, file: path), file: path) }
                        ?? DataTable(path: path)
                    tables.append(state.read(table))
                    files.append(ImportedFile(path: path, format: "csv", tables: tables, values: 0))
                }
            } catch let error as IndexErrors {
                state.errors += error.errors
            } catch let error as IndexError {
                state.errors.append(error)
            }
            if !files.isEmpty, files[files.count - 1].path == path {
                files[files.count - 1].values = state.observations.count - before
            }
        }
        // Problems in reading order: file by file, sheet by sheet, row by row, column by column.
        let order = Dictionary(paths.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        state.errors = state.errors.enumerated().sorted { a, b in
            func key(_ e: IndexError) -> (Int, String, Int, Int) {
                (order[e.file ?? ""] ?? Int.max, e.sheet ?? "", e.line ?? 0, e.column ?? 0)
            }
            let (x, y) = (key(a.element), key(b.element))
            if x.0 != y.0 { return x.0 < y.0 }
            if x.1 != y.1 { return x.1 < y.1 }
            if x.2 != y.2 { return x.2 < y.2 }
            if x.3 != y.3 { return x.3 < y.3 }
            return a.offset < b.offset
        }.map(\.element)
        let dataset = state.dataset()
        if let framework = specification.framework {
            let coverage = DatasetValidator.problems(framework: framework, dataset: dataset)
            if specification.requiresCoverage { state.errors += coverage } else { state.warnings += coverage }
        }
        if !state.errors.isEmpty { throw IndexErrors(state.errors) }
        return ImportResult(dataset: dataset, notices: state.notices, warnings: state.warnings, files: files)
    }

    static let unitHeaders = ["unit", "id", "code", "ucode", "region", "province", "地区", "省份", "省市", "单位", "代码"]
    static let periodHeaders = ["period", "year", "time", "年份", "年度", "时间", "期间"]
    static let metadataHeaders: [String: String] = [
        "source": "source", "来源": "source", "数据来源": "source", "note": "note", "备注": "note", "status": "status",
        "状态": "status",
    ]

    /// Whether a name reads as a period: a year (`2023`), a quarter (`2023Q4`, `2023-Q4`) or a month (`2023-12`).
    public static func isPeriodLike(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 4, scalars.prefix(4).allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        let rest = String(String.UnicodeScalarView(scalars.dropFirst(4)))
        if rest.isEmpty || rest == "年" { return true }
        let tail = rest.hasPrefix("-") ? String(rest.dropFirst()) : rest
        if tail.count == 2, tail.first == "Q" || tail.first == "q", let q = Int(tail.dropFirst()), (1...4).contains(q) {
            return true
        }
        if rest.hasPrefix("-"), let month = Int(tail), tail.count == 2, (1...12).contains(month) { return true }
        return false
    }

    /// Every header a long table may carry, for the suggestion when a column is misspelt.
    static var longHeaders: [String] {
        ["unit", "地区", "单位", "indicator", "指标", "value", "数值", "值"] + periodHeaders + metadataHeaders.keys.sorted()
    }

    /// The message for a long table's column that is none of the known ones (`sorce`): a value in it
    /// would otherwise be dropped without a word.
    static func unknownLongColumn(_ header: String) -> String {
        let target = Array(NameResolver.key(header))
        let closest = longHeaders.map { ($0, NameResolver.editDistance(target, Array(NameResolver.key($0)))) }
            .min { $0.1 < $1.1 }
        let known = "unit, indicator, period, value, source, note, status"
        if let closest, closest.1 <= max(1, target.count / 3) {
            return "unknown column '\(header)' (did you mean '\(closest.0)'?); a long table has columns \(known)"
        }
        return "unknown column '\(header)'; a long table has columns \(known)"
    }

    static func periodText(_ text: String) -> String {
        text.hasSuffix("年") ? String(text.dropLast()) : text
    }
}

/// The running state of one import.
struct ImportState {
    let specification: ImportSpecification
    let unitResolver: NameResolver?
    let indicatorResolvers: (national: NameResolver, regional: NameResolver, all: NameResolver)?
    let seriesUnits: Set<String>
    let indicatorsByID: [String: Indicator]
    var observations: [Observation] = []
    /// Names already resolved: a million rows name a few thousand units and a hundred indicators.
    var resolvedUnits: [String: String] = [:]
    var resolvedIndicators: [Bool?: [String: String]] = [:]
    var seen: [ObservationKey: SourceLocation] = [:]
    var errors: [IndexError] = []
    var notices: [IndexError] = []
    var warnings: [IndexError] = []

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
            ?? Array(Set(observations.map(\.unit))).sorted().map {
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
        guard !name.isEmpty else {
            errors.append(error("empty unit", table, line: line, column: column))
            return nil
        }
        guard let unitResolver else { return name }
        if let id = resolvedUnits[name] { return id }
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
            let hint = unitResolver.suggestion(for: name).map { " (did you mean '\($0.name)', \($0.id)?)" } ?? ""
            errors.append(error("unknown unit '\(name)'\(hint)", table, line: line, column: column))
        }
        return nil
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
        guard !name.isEmpty else {
            errors.append(error("empty indicator", table, line: line, column: column))
            return nil
        }
        if let id = resolvedIndicators[national]?[name] { return id }
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
            let hint = scope?.suggestion(for: name).map { " (did you mean '\($0.name)', \($0.id)?)" } ?? ""
            errors.append(error("unknown indicator '\(name)'\(hint)", table, line: line, column: column))
        }
        return nil
    }

    /// Reads one table, long or wide, and says which.
    mutating func read(_ table: DataTable) -> String {
        if table.column("indicator") != nil || table.column("指标") != nil {
            // One value a row: growing the duplicate check a row at a time rehashes it twenty times
            // at a million rows.
            seen.reserveCapacity(seen.count + table.rows.count)
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

    mutating func readLong(_ table: DataTable) {
        guard let unitColumn = column(table, ["unit", "地区", "单位"]),
            let indicatorColumn = column(table, ["indicator", "指标"]),
            let periodColumn = column(table, DataImporter.periodHeaders),
            let valueColumn = column(table, ["value", "数值", "值"])
        else {
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
        let known = Set([unitColumn, indicatorColumn, periodColumn, valueColumn] + metadata.values)
        for (index, header) in table.header.enumerated() where !known.contains(index) && !header.isEmpty {
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
        let skipped = Set([unitColumn, periodColumn].compactMap { $0 } + metadata.values)
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

    func metadataColumns(_ table: DataTable) -> [String: Int] {
        var columns: [String: Int] = [:]
        for (index, header) in table.header.enumerated() {
            if let role = DataImporter.metadataHeaders[header.lowercased()], columns[role] == nil {
                columns[role] = index
            }
        }
        return columns
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
        metadata: [String: Int]
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
                    "value '\(text)' is not a number",
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
        if let statusColumn = metadata["status"], !row[statusColumn].isEmpty {
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
                source: metadata["source"].map { row[$0] } ?? "",
                note: metadata["note"].map { row[$0] } ?? "",
                status: status,
                location: location
            ),
            written: written
        )
    }

    /// Checks bounds and duplicates, then keeps the observation.
    ///
    /// - Parameter written: the cell's text when it was converted (`1.2万`), for the messages.
    mutating func record(_ observation: Observation, written: String? = nil) {
        let location = observation.location
        func fail(_ message: String) {
            errors.append(
                IndexError(
                    message,
                    file: location?.file,
                    sheet: location?.sheet,
                    line: location?.line,
                    column: location?.column,
                    indicator: observation.indicator,
                    unit: observation.unit
                )
            )
        }
        if let value = observation.value, let bounds = indicatorsByID[observation.indicator]?.bounds,
            !bounds.contains(value)
        {
            let shown = written.map { "'\($0)' (read as \(Cell.format(value)))" } ?? Cell.format(value)
            fail(
                "value \(shown) is outside the indicator's bounds [\(Cell.format(bounds.lowerBound)), \(Cell.format(bounds.upperBound))]"
            )
            return
        }
        let key = ObservationKey(unit: observation.unit, indicator: observation.indicator, period: observation.period)
        if let first = seen[key] {
            fail(
                "duplicate value for \(observation.unit) / \(observation.indicator) / \(observation.period) (first at \(describe(first)))"
            )
            return
        }
        seen[key] = location ?? SourceLocation(file: "", line: 0)
        observations.append(observation)
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
    mutating func readJSON(_ data: Data, file path: String) throws {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw IndexError("not valid JSON (\(error.localizedDescription))", file: path)
        }
        let items: [Any]
        if let array = parsed as? [Any] {
            items = array
        } else if let object = parsed as? [String: Any], let array = object["observations"] as? [Any] {
            items = array
        } else {
            throw IndexError("expected an array of observations or {\"observations\": [...]}", file: path)
        }
        // Each observation becomes a one-row long table, so JSON gets the same checks and messages.
        let header = ["unit", "indicator", "period", "value", "source", "note", "status"]
        var rows: [DataTable.Row] = []
        for (index, item) in items.enumerated() {
            guard let object = item as? [String: Any] else {
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

    static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return ""
        case let string as String: return string
        case let flag as Bool where !(value is Int || value is Double): return flag ? "TRUE" : "FALSE"
        case let number as NSNumber: return Cell.format(number.doubleValue)
        default: return "\(value ?? "")"
        }
    }
}
