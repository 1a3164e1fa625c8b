public import IndexCore

/// Reads indicator data and unit lists, reporting every problem with file, line, column, indicator and unit.
public enum DatasetReader {
    /// Reads a units file: `id,zh,en`, optional `aliases` (other names, separated by `;`) and any
    /// further columns as groups (`region`, …).
    ///
    /// - Throws: ``IndexErrors`` with every problem.
    public static func readUnits(path: String) throws -> [AssessedUnit] {
        let table = try DataTable(path: path)
        let idColumn = try table.requireColumn("id")
        let zhColumn = table.column("zh") ?? table.column("name_zh")
        let enColumn = table.column("en") ?? table.column("name_en")
        let aliasColumn = table.column("aliases")
        let groupColumns = table.header.indices.filter { ![idColumn, zhColumn, enColumn, aliasColumn].contains($0) }
        var units: [AssessedUnit] = []
        var errors: [IndexError] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let id = row[idColumn]
            guard !id.isEmpty else {
                errors.append(IndexError("empty unit id", file: path, line: row.line, column: idColumn + 1))
                continue
            }
            if let first = seen[id] {
                errors.append(
                    IndexError("duplicate unit (first at line \(first))", file: path, line: row.line, column: idColumn + 1, unit: id))
                continue
            }
            seen[id] = row.line
            var groups: [String: String] = [:]
            for column in groupColumns where !row[column].isEmpty { groups[table.header[column]] = row[column] }
            units.append(
                AssessedUnit(
                    id: id, name: LocalisedText(zh: zhColumn.map { row[$0] } ?? id, en: enColumn.map { row[$0] } ?? id),
                    groups: groups,
                    aliases: aliasColumn.map { row[$0].split(separator: ";").map { String($0).trimmingSpaces() } } ?? []))
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        return units
    }

    /// Reads long data: `unit,indicator,period,value` and optional `source,note,status`.
    ///
    /// - Parameters:
    ///   - units: the known units; a row naming another is an error. `nil` = units are taken from the data.
    ///   - indicators: the known indicator ids; `nil` = any.
    /// - Throws: ``IndexErrors`` listing every bad row: unknown unit or indicator, non-numeric value,
    ///   duplicate, bad status.
    public static func readLong(path: String, units: [AssessedUnit]?, indicators: Set<String>?) throws -> Dataset {
        try parseLong(try DataTable(path: path), units: units, indicators: indicators)
    }

    /// Parses a long table already read.
    public static func parseLong(_ table: DataTable, units: [AssessedUnit]?, indicators: Set<String>?) throws -> Dataset {
        let file = table.file
        let columns = try ["unit", "indicator", "period", "value"].map { try table.requireColumn($0) }
        let (unitColumn, indicatorColumn, periodColumn, valueColumn) = (columns[0], columns[1], columns[2], columns[3])
        let sourceColumn = table.column("source")
        let noteColumn = table.column("note")
        let statusColumn = table.column("status")
        let knownUnits = units.map { Set($0.map(\.id)) }
        var observations: [Observation] = []
        observations.reserveCapacity(table.rows.count)
        var errors: [IndexError] = []
        var seen: [ObservationKey: Int] = [:]
        var synthetic = false
        for row in table.rows {
            let unit = row[unitColumn]
            let indicator = row[indicatorColumn]
            let period = row[periodColumn]
            let text = row[valueColumn]
            func fail(_ message: String, _ column: Int) {
                errors.append(
                    IndexError(message, file: file, line: row.line, column: column + 1, indicator: indicator, unit: unit))
            }
            var ok = true
            if unit.isEmpty { fail("empty unit", unitColumn); ok = false }
            if indicator.isEmpty { fail("empty indicator", indicatorColumn); ok = false }
            if period.isEmpty { fail("empty period", periodColumn); ok = false }
            if let knownUnits, !unit.isEmpty, !knownUnits.contains(unit) {
                fail("unknown unit '\(unit)'", unitColumn)
                ok = false
            }
            if let indicators, !indicator.isEmpty, !indicators.contains(indicator) {
                fail("unknown indicator '\(indicator)'", indicatorColumn)
                ok = false
            }
            var value: Double?
            if !NumberParser.isMissing(text) {
                if let number = NumberParser.parse(text) {
                    value = number
                } else {
                    fail("value '\(text)' is not a number", valueColumn)
                    ok = false
                }
            }
            var status = ObservationStatus.reported
            if let statusColumn, !row[statusColumn].isEmpty {
                if let parsed = ObservationStatus(rawValue: row[statusColumn].lowercased()) {
                    status = parsed
                } else {
                    fail("status '\(row[statusColumn])' is not reported, estimated or synthetic", statusColumn)
                    ok = false
                }
            }
            let key = ObservationKey(unit: unit, indicator: indicator, period: period)
            if let first = seen[key] {
                fail("duplicate row for \(unit) / \(indicator) / \(period) (first at line \(first))", unitColumn)
                ok = false
            }
            guard ok else { continue }
            seen[key] = row.line
            if status == .synthetic { synthetic = true }
            observations.append(
                Observation(
                    unit: unit, indicator: indicator, period: period, value: value,
                    source: sourceColumn.map { row[$0] } ?? "", note: noteColumn.map { row[$0] } ?? "", status: status,
                    location: SourceLocation(file: file, line: row.line)))
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        let unitList =
            units ?? Array(Set(observations.map(\.unit))).sorted().map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        return Dataset(units: unitList, observations: observations, isIllustrative: synthetic)
    }
}

/// Checks a dataset against a framework and lists every problem, not just the first.
public enum DatasetValidator {
    /// Problems that would stop a run or silently weaken it: data for something the framework does
    /// not know, an indicator with no data at all, a base-period evaluation whose base period has no
    /// value for an indicator, a ratio indicator whose denominator series is absent.
    ///
    /// - Parameter allowingExtraIndicators: accept data columns that are not indicators (COINr groups).
    public static func problems(
        framework: Framework, dataset: Dataset, allowingExtraIndicators: Bool = false
    ) -> [IndexError] {
        var problems: [IndexError] = []
        let series = framework.seriesIDs
        let known = Set(framework.indicators.map(\.id)).union(series)
        var reported: Set<String> = []
        for observation in dataset.observations
        where !allowingExtraIndicators && !known.contains(observation.indicator) && reported.insert(observation.indicator).inserted {
            problems.append(
                IndexError(
                    "unknown indicator '\(observation.indicator)'", file: observation.location?.file,
                    sheet: observation.location?.sheet, line: observation.location?.line, indicator: observation.indicator,
                    unit: observation.unit))
        }
        var present: Set<String> = []
        for observation in dataset.observations where observation.value != nil { present.insert(observation.indicator) }
        for id in series.sorted() where !present.contains(id) {
            let users = framework.indicators.filter { $0.denomination?.series == id }.map(\.id)
            problems.append(
                IndexError("denominator series '\(id)' has no data (needed by \(users.joined(separator: ", ")))", indicator: id))
        }
        for evaluation in framework.evaluations {
            for indicator in evaluation.root.indicators where !present.contains(indicator.id) {
                problems.append(IndexError("evaluation '\(evaluation.id)': indicator has no data at all", indicator: indicator.id))
            }
            guard evaluation.kind == .basePeriod, let unit = evaluation.seriesUnit,
                case .basePeriod(let base?) = evaluation.normalisation
            else { continue }
            var withBase: Set<String> = []
            for o in dataset.observations where o.unit == unit && o.period == base && o.value != nil { withBase.insert(o.indicator) }
            for indicator in evaluation.root.indicators where present.contains(indicator.id) && !withBase.contains(indicator.id) {
                problems.append(
                    IndexError(
                        "evaluation '\(evaluation.id)': no value in the base period \(base), so the indicator cannot be indexed",
                        indicator: indicator.id, unit: unit))
            }
        }
        return problems
    }
}
