public import IndexCore

/// Reads unit lists, reporting every problem with file, line and column. Indicator data are read by
/// ``DataImporter``.
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
                    IndexError(
                        "duplicate unit (first at line \(first))",
                        file: path,
                        line: row.line,
                        column: idColumn + 1,
                        unit: id
                    )
                )
                continue
            }
            seen[id] = row.line
            let names = [
                (idColumn, "the unit id"), zhColumn.map { ($0, "the unit name") },
                enColumn.map { ($0, "the unit name") },
            ]
            var clean = true
            for (column, what) in names.compactMap({ $0 }) {
                guard let problem = ControlCharacters.problem(in: row[column], what: what) else { continue }
                errors.append(IndexError(problem, file: path, line: row.line, column: column + 1, unit: id))
                clean = false
            }
            guard clean else { continue }
            var groups: [String: String] = [:]
            for column in groupColumns where !row[column].isEmpty { groups[table.header[column]] = row[column] }
            units.append(
                AssessedUnit(
                    id: id,
                    name: LocalisedText(zh: zhColumn.map { row[$0] } ?? id, en: enColumn.map { row[$0] } ?? id),
                    groups: groups,
                    aliases: aliasColumn.map { row[$0].split(separator: ";").map { String($0).trimmingSpaces() } } ?? []
                )
            )
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        return units
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
        framework: Framework,
        dataset: Dataset,
        allowingExtraIndicators: Bool = false
    ) -> [IndexError] {
        var problems: [IndexError] = []
        let series = framework.seriesIDs
        let known = Set(framework.indicators.map(\.id)).union(series)
        // Questions about strings are asked once per distinct string of the table, then each value
        // is a look-up by number (a county dataset has a million values and a few thousand strings).
        let table = dataset.observations
        let isKnown = table.strings.map { allowingExtraIndicators || known.contains($0) }
        var reported: Set<String> = []
        for i in table.indices where !isKnown[Int(table.indicatorNumbers[i])] {
            let observation = table[i]
            guard reported.insert(observation.indicator).inserted else { continue }
            problems.append(
                IndexError(
                    "unknown indicator '\(observation.indicator)'",
                    file: observation.location?.file,
                    sheet: observation.location?.sheet,
                    line: observation.location?.line,
                    indicator: observation.indicator,
                    unit: observation.unit
                )
            )
        }
        var hasValue = [Bool](repeating: false, count: table.strings.count)
        for i in table.indices where table.hasValue(i) { hasValue[Int(table.indicatorNumbers[i])] = true }
        let present = Set(table.strings.indices.filter { hasValue[$0] }.map { table.strings[$0] })
        for id in series.sorted() where !present.contains(id) {
            let users = framework.indicators.filter { $0.denomination?.series == id }.map(\.id)
            problems.append(
                IndexError(
                    "denominator series '\(id)' has no data (needed by \(users.joined(separator: ", ")))",
                    indicator: id
                )
            )
        }
        for evaluation in framework.evaluations {
            let absent = evaluation.root.indicators.filter { !present.contains($0.id) }.map(\.id)
            if absent.count > 3 {
                // One line, not one per indicator: the usual cause is a file for the other evaluation.
                problems.append(
                    IndexError(
                        "evaluation '\(evaluation.id)': \(absent.count) of \(evaluation.root.indicators.count) indicators have no data at all: "
                            + absent.joined(separator: ", ")
                    )
                )
            } else {
                for id in absent {
                    problems.append(
                        IndexError("evaluation '\(evaluation.id)': indicator has no data at all", indicator: id)
                    )
                }
            }
            guard evaluation.kind == .basePeriod, let unit = evaluation.seriesUnit,
                case .basePeriod(let base?) = evaluation.normalisation
            else { continue }
            let (isUnit, isBase) = (table.strings.map { $0 == unit }, table.strings.map { $0 == base })
            var withBase: Set<String> = []
            for i in table.indices
            where table.hasValue(i) && isUnit[Int(table.unitNumbers[i])] && isBase[Int(table.periodNumbers[i])] {
                withBase.insert(table.strings[Int(table.indicatorNumbers[i])])
            }
            for indicator in evaluation.root.indicators
            where present.contains(indicator.id) && !withBase.contains(indicator.id) {
                problems.append(
                    IndexError(
                        "evaluation '\(evaluation.id)': no value in the base period \(base), so the indicator cannot be indexed",
                        indicator: indicator.id,
                        unit: unit
                    )
                )
            }
        }
        return problems
    }
}
