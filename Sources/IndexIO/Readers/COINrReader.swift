public import IndexCore

/// Reads COINr's `iMeta` and `iData` tables (JRC's COINr package, `new_coin()`), so users of
/// COINr can bring their files as they are.
public enum COINrReader {
    /// A framework from an `iMeta` CSV: `Level, iCode, iName, Direction, Weight, Parent, Type, …`.
    ///
    /// Rows of type `Indicator` are leaves, `Aggregate` rows the upper levels; `Group`, `Denominator`
    /// and `Other` rows are not part of the tree. The result has one cross-section evaluation with
    /// min-max 0–100 and arithmetic means unless the caller overrides them.
    ///
    /// - Throws: ``IndexErrors`` naming line and column.
    public static func readMeta(path: String, normalisation: NormalisationMethod = .minMax100) throws -> Framework {
        try readMeta(try DataTable(path: path), normalisation: normalisation)
    }

    /// A framework from an `iMeta` table already read.
    public static func readMeta(_ table: DataTable, normalisation: NormalisationMethod = .minMax100) throws -> Framework
    {
        let path = table.file
        let code = try table.requireColumn("iCode")
        let name = table.column("iName")
        let level = try table.requireColumn("Level")
        let parent = try table.requireColumn("Parent")
        let type = try table.requireColumn("Type")
        let direction = table.column("Direction")
        let weight = table.column("Weight")
        let unit = table.column("Unit")
        let target = table.column("Target")
        let denominator = table.column("Denominator")
        // Not COINr's: an indicator's own outlier treatment (its `Treat(indiv_specs)` entry) as an
        // IIDEI name; COINr's new_coin keeps extra iMeta columns, so the file still reads in COINr.
        let outliers = table.column("Outliers")
        let method = table.column("Normalisation")
        var errors: [IndexError] = []
        struct Entry {
            var id: String
            var name: String
            var level: Int
            var parent: String
            var weight: Double
            var indicator: Indicator?
            var line: Int
        }
        var entries: [Entry] = []
        for row in table.rows {
            let kind = row[type]
            guard kind == "Indicator" || kind == "Aggregate" else { continue }
            let id = row[code]
            for (column, what) in [(code, "iCode"), name.map { ($0, "iName") }].compactMap({ $0 }) {
                if let problem = ControlCharacters.problem(in: row[column], what: what) {
                    errors.append(IndexError(problem, file: path, line: row.line, column: column + 1))
                }
            }
            guard let levelValue = Int(row[level]) else {
                errors.append(
                    IndexError(
                        "Level '\(row[level])' is not a whole number",
                        file: path,
                        line: row.line,
                        column: level + 1,
                        indicator: id
                    )
                )
                continue
            }
            var weightValue = 1.0
            if let weight, !row[weight].isEmpty {
                guard let parsed = NumberParser.parse(row[weight]), parsed >= 0 else {
                    errors.append(
                        IndexError(
                            "Weight '\(row[weight])' is not a non-negative number",
                            file: path,
                            line: row.line,
                            column: weight + 1,
                            indicator: id
                        )
                    )
                    continue
                }
                weightValue = parsed
            }
            var indicator: Indicator?
            if kind == "Indicator" {
                var dir = Direction.higherIsBetter
                if let direction {
                    switch row[direction] {
                    case "1", "": dir = .higherIsBetter
                    case "-1": dir = .lowerIsBetter
                    default:
                        errors.append(
                            IndexError(
                                "Direction must be 1 or -1, not '\(row[direction])'",
                                file: path,
                                line: row.line,
                                column: direction + 1,
                                indicator: id
                            )
                        )
                    }
                }
                let label = name.map { row[$0] } ?? id
                indicator = Indicator(
                    id: id,
                    name: LocalisedText(zh: label, en: label),
                    unit: unit.map { row[$0] } ?? "",
                    direction: dir,
                    source: "COINr iMeta",
                    target: target.flatMap { NumberParser.parse(row[$0]) },
                    denomination: denominator.flatMap {
                        row[$0].isEmpty ? nil : Denomination(series: row[$0], isOnRequest: true)
                    }
                )
                if let outliers, !row[outliers].isEmpty {
                    do { indicator?.outliers = try OutlierMethod(name: row[outliers]) } catch let error as IndexError {
                        errors.append(
                            IndexError(
                                "Outliers: \(error.message)",
                                file: path,
                                line: row.line,
                                column: outliers + 1,
                                indicator: id
                            )
                        )
                    }
                }
            }
            if var found = indicator {
                do {
                    found.parameters = try parameters(table, row: row)
                    if let method, !row[method].isEmpty {
                        found.normalisation = try NormalisationMethod(name: row[method])
                    }
                } catch let error as IndexError {
                    errors.append(
                        IndexError(
                            error.message,
                            file: path,
                            line: row.line,
                            column: error.column ?? method.map { $0 + 1 },
                            indicator: id
                        )
                    )
                }
                indicator = found
            }
            entries.append(
                Entry(
                    id: id,
                    name: name.map { row[$0] } ?? id,
                    level: levelValue,
                    parent: row[parent],
                    weight: weightValue,
                    indicator: indicator,
                    line: row.line
                )
            )
        }
        let roots = entries.filter { $0.parent.isEmpty }
        if roots.count != 1 {
            errors.append(
                IndexError(
                    "iMeta needs exactly one top node with no Parent, found \(roots.count)"
                        + (roots.isEmpty
                            ? "" : " (\(roots.map { "'\($0.id)' on line \($0.line)" }.joined(separator: ", ")))"),
                    file: path
                )
            )
        }
        // Rows that cannot be linked: chains are followed only when there are none.
        var linkErrors: [IndexError] = []
        var lineOf: [String: Int] = [:]
        for entry in entries {
            if let first = lineOf[entry.id] {
                linkErrors.append(
                    IndexError(
                        "iCode '\(entry.id)' is given twice (first on line \(first))",
                        file: path,
                        line: entry.line,
                        column: code + 1,
                        indicator: entry.id
                    )
                )
            } else {
                lineOf[entry.id] = entry.line
            }
        }
        let byID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in entries where !entry.parent.isEmpty {
            guard let parentEntry = byID[entry.parent] else {
                linkErrors.append(
                    IndexError(
                        "unknown Parent '\(entry.parent)'",
                        file: path,
                        line: entry.line,
                        column: parent + 1,
                        indicator: entry.id
                    )
                )
                continue
            }
            if parentEntry.indicator != nil {
                linkErrors.append(
                    IndexError(
                        "Parent '\(entry.parent)' is an Indicator (line \(parentEntry.line)); only an Aggregate row can have rows under it",
                        file: path,
                        line: entry.line,
                        column: parent + 1,
                        indicator: entry.id
                    )
                )
            }
        }
        // Chains can be followed once every code is unique and every Parent names a row.
        errors += linkErrors
        if linkErrors.isEmpty {
            errors += chainErrors(
                entries.map { ($0.id, $0.parent, $0.line) },
                byID: byID.mapValues(\.parent),
                file: path,
                column: parent + 1
            )
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        let byParent = Dictionary(grouping: entries, by: \.parent)
        // Recursion is bounded: `chainErrors` refused chains longer than FrameworkNode.maximumDepth.
        func build(_ entry: Entry) -> FrameworkNode {
            if let indicator = entry.indicator { return FrameworkNode(indicator: indicator, weight: entry.weight) }
            return FrameworkNode(
                id: entry.id,
                name: LocalisedText(zh: entry.name, en: entry.name),
                weight: entry.weight,
                children: (byParent[entry.id] ?? []).map(build)
            )
        }
        let root = build(roots[0])
        var evaluation = Evaluation(
            id: root.id,
            name: root.name,
            kind: .crossSection,
            normalisation: normalisation,
            aggregation: .arithmetic,
            root: root,
            tierNames: (1...4).map { LocalisedText(zh: "第\($0)梯队", en: "Tier \($0)") }
        )
        // A COINr user gets COINr's numbers without flags: its SD and tie rule where a run leaves them open.
        evaluation.conventions = .coinr
        let framework = Framework(id: root.id, name: root.name, evaluations: [evaluation])
        try framework.checkDepth(file: path)
        return framework
    }

    /// Follows every row's Parent chain up to the top node, without recursion, and names every
    /// cycle (a row its own ancestor: `A → B → A`, or `A → A`) and every chain longer than
    /// ``FrameworkNode/maximumDepth``. A row under a cycle never reaches the top node, so it would
    /// drop out of the tree with everything below it; each cycle is reported once, with its rows,
    /// and the number of rows hanging under it.
    ///
    /// - Parameters:
    ///   - rows: each row's code, Parent (empty at the top) and line; codes are unique and every
    ///     Parent names a row.
    ///   - byID: each code's Parent.
    /// - Complexity: O(n) rows: each row's chain is followed once, then remembered.
    static func chainErrors(
        _ rows: [(id: String, parent: String, line: Int)],
        byID: [String: String],
        file: String,
        column: Int
    ) -> [IndexError] {
        let lines = Dictionary(rows.map { ($0.id, $0.line) }, uniquingKeysWith: { first, _ in first })
        enum State { case depth(Int), inCycle(Int), tooDeep }
        var known: [String: State] = [:]
        var cycles: [[String]] = []
        var hanging: [Int] = []
        var tooDeep: [(id: String, line: Int)] = []
        for row in rows where known[row.id] == nil {
            // Walk up until a known row, the top or a row seen on this walk.
            var chain: [String] = []
            var position: [String: Int] = [:]
            var current = row.id
            var outcome: State
            while true {
                if let state = known[current] {
                    switch state {
                    case .depth(let depth): outcome = .depth(depth)
                    case .inCycle(let cycle): outcome = .inCycle(cycle)
                    case .tooDeep: outcome = .tooDeep
                    }
                    break
                }
                if let start = position[current] {
                    cycles.append(Array(chain[start...]))
                    hanging.append(0)
                    for id in chain[start...] { known[id] = .inCycle(cycles.count - 1) }
                    chain.removeSubrange(start...)
                    outcome = .inCycle(cycles.count - 1)
                    break
                }
                position[current] = chain.count
                chain.append(current)
                let up = byID[current] ?? ""
                if up.isEmpty {
                    known[current] = .depth(0)
                    chain.removeLast()
                    outcome = .depth(0)
                    break
                }
                current = up
            }
            // Settle the rows walked, from the one nearest the top down.
            for id in chain.reversed() {
                switch outcome {
                case .depth(let depth) where depth + 1 > FrameworkNode.maximumDepth:
                    tooDeep.append((id, lines[id] ?? 0))
                    outcome = .tooDeep
                case .depth(let depth): outcome = .depth(depth + 1)
                case .inCycle(let cycle): hanging[cycle] += 1
                case .tooDeep: break
                }
                known[id] = outcome
            }
        }
        var errors: [IndexError] = []
        for (index, cycle) in cycles.enumerated() {
            let start = cycle.min { (lines[$0] ?? 0) < (lines[$1] ?? 0) } ?? cycle[0]
            let steps = cycle.map { "'\($0)' (line \(lines[$0] ?? 0))" }
            errors.append(
                IndexError(
                    "the Parent column has a cycle: \((steps + [steps[0]]).joined(separator: " → "))"
                        + (hanging[index] > 0 ? "; \(hanging[index]) more rows under it never reach the top node" : "")
                        + "; every row must lead up to the one top node",
                    file: file,
                    line: lines[start],
                    column: column,
                    indicator: start
                )
            )
        }
        if let first = tooDeep.first {
            errors.append(
                IndexError(
                    "'\(first.id)' is more than \(FrameworkNode.maximumDepth) levels below the top node"
                        + (tooDeep.count > 1 ? " (and \(tooDeep.count - 1) more rows)" : "")
                        + "; a framework has at most \(FrameworkNode.maximumDepth) levels",
                    file: file,
                    line: first.line,
                    column: column,
                    indicator: first.id,
                    kind: .limitExceeded
                )
            )
        }
        return errors
    }

    /// The normalisation parameters of an indicator's row (COINr's `use_iMeta` columns): each group
    /// of columns is read when the table has all of it, and then every indicator must fill it.
    ///
    /// `goalpost_*` and `scaled_*` are the posts as written; a lower-is-better indicator's score is
    /// `(upper − x)/(upper − lower)`, as COINr's reversed posts give. `dist2targ_cap_max` and
    /// `goalpost_trunc2posts` are `TRUE` or `FALSE`.
    static func parameters(_ table: DataTable, row: DataTable.Row) throws -> NormalisationParameters {
        func numbers(_ names: [String]) throws -> [Double]? {
            let columns = names.map { table.column($0) }
            guard columns.allSatisfy({ $0 != nil }) else { return nil }
            return try zip(names, columns.compactMap { $0 }).map { name, column in
                guard let value = NumberParser.parse(row[column]), value.isFinite else {
                    throw IndexError("\(name) must be a number, not '\(row[column])'", column: column + 1)
                }
                return value
            }
        }
        func flag(_ name: String) throws -> Bool? {
            guard let column = table.column(name) else { return nil }
            switch row[column] {
            case "TRUE", "true", "T": return true
            case "FALSE", "false", "F": return false
            default: throw IndexError("\(name) must be TRUE or FALSE, not '\(row[column])'", column: column + 1)
            }
        }
        var parameters = NormalisationParameters()
        if let pair = try numbers(["minmax_lower", "minmax_upper"]) {
            parameters.minMax = ScaleRange(lower: pair[0], upper: pair[1])
        }
        if let pair = try numbers(["zscore_mean", "zscore_sd"]) {
            parameters.zScore = ScaleRange(lower: pair[0], upper: pair[1])
        }
        if let posts = try numbers(["scaled_lower", "scaled_upper", "scale_factor"]) {
            parameters.scaled = ScaledPosts(lower: posts[0], upper: posts[1], factor: posts[2])
        }
        if let posts = try numbers(["goalpost_lower", "goalpost_upper", "goalpost_scale"]) {
            guard let truncated = try flag("goalpost_trunc2posts") else {
                throw IndexError("goalpost_lower/upper/scale need a goalpost_trunc2posts column (TRUE or FALSE)")
            }
            parameters.goalposts = ScaledPosts(lower: posts[0], upper: posts[1], factor: posts[2], truncated: truncated)
        }
        parameters.capsAtTarget = try flag("dist2targ_cap_max")
        return parameters
    }

    /// A dataset from an `iData` CSV: `uCode, uName, Time`, group columns (`*_group`) and one column
    /// per indicator. Columns that are neither indicators nor groups (denominators) are kept as data
    /// too, so they stay visible.
    ///
    /// - Throws: ``IndexErrors`` naming line, column, indicator and unit for every non-numeric cell.
    /// - Parameters:
    ///   - declared: the codes the framework declares (indicators and denominators); a numeric
    ///     column outside them is an error naming the column, as is a unit (and period) given twice.
    ///   - declaredBy: what declared them, for that error ("the iMeta", "the framework 'f.yaml'").
    public static func readData(
        path: String,
        period defaultPeriod: String = "1",
        declared: Set<String>? = nil,
        declaredBy: String = "the iMeta"
    ) throws
        -> Dataset
    {
        let table = try DataTable(path: path)
        let code = try table.requireColumn("uCode")
        let name = table.column("uName")
        let time = table.column("Time")
        let groupColumns = table.header.indices.filter { table.header[$0].hasSuffix("_group") }
        let skip = Set([code, name, time].compactMap { $0 } + groupColumns)
        var valueColumns = table.header.indices.filter { !skip.contains($0) }
        var errors: [IndexError] = []
        if let declared {
            for column in valueColumns where !declared.contains(table.header[column]) {
                let cells = table.rows.map { $0[column] }
                // A column of numbers that the iMeta does not declare would be data nobody asked for.
                if cells.allSatisfy({ NumberParser.isMissing($0) || NumberParser.parse($0) != nil }) {
                    // A suggestion only when it is a likely misspelling, not the least far of strangers.
                    let nearest = NameSuggestion.nearest(to: table.header[column], in: declared.sorted(), within: 2)
                    let how =
                        declaredBy == "the iMeta"
                        ? "declare it (Type Indicator or Denominator)"
                        : "add it to the framework (an indicator, or a denominator series an indicator names)"
                    errors.append(
                        IndexError(
                            "numeric column '\(table.header[column])' is not declared in \(declaredBy)"
                                + (nearest.map { " (did you mean '\($0)'?)" } ?? "")
                                + "; \(how) or remove the column",
                            file: path,
                            line: 1,
                            column: column + 1
                        )
                    )
                }
            }
            valueColumns = valueColumns.filter { declared.contains(table.header[$0]) }
        }
        var units: [AssessedUnit] = []
        // Straight into the dataset's columns: no array of observations to convert afterwards.
        var observations = ObservationTable()
        observations.reserveCapacity(table.rows.count * valueColumns.count)
        var seenUnits: Set<String> = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            let unit = row[code]
            let period = time.map { row[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? defaultPeriod
            let key = unit + "\u{1F}" + period
            if let earlier = firstLine[key] {
                errors.append(
                    IndexError(
                        "unit '\(unit)'\(time == nil ? "" : " in \(period)") is given twice, on lines \(earlier) and \(row.line)",
                        file: path,
                        line: row.line,
                        column: code + 1,
                        unit: unit
                    )
                )
                continue
            }
            firstLine[key] = row.line
            if seenUnits.insert(unit).inserted {
                for (column, what) in [(code, "uCode"), name.map { ($0, "uName") }].compactMap({ $0 }) {
                    if let problem = ControlCharacters.problem(in: row[column], what: what) {
                        errors.append(IndexError(problem, file: path, line: row.line, column: column + 1, unit: unit))
                    }
                }
                var groups: [String: String] = [:]
                for column in groupColumns { groups[table.header[column]] = row[column] }
                let label = name.map { row[$0] } ?? unit
                units.append(AssessedUnit(id: unit, name: LocalisedText(zh: label, en: label), groups: groups))
            }
            for column in valueColumns {
                let text = row[column]
                let indicator = table.header[column]
                let value: Double?
                // A plain number is read once; the rest as before (a marker is missing, a fraction
                // such as 1/3 is a number, anything else is refused).
                switch NumberParser.reading(text) {
                case .number(let number): value = number
                case .missing: value = nil
                case .converted, .invalid:
                    guard let number = NumberParser.parse(text) else {
                        errors.append(
                            IndexError(
                                "value '\(text)' is not a number",
                                file: path,
                                line: row.line,
                                column: column + 1,
                                indicator: indicator,
                                unit: unit
                            )
                        )
                        continue
                    }
                    value = number
                }
                observations.append(
                    Observation(
                        unit: unit,
                        indicator: indicator,
                        period: period,
                        value: value,
                        source: "COINr iData",
                        location: SourceLocation(file: path, line: row.line, column: column + 1)
                    )
                )
            }
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        return Dataset(units: units, observations: observations, isIllustrative: false)
    }

    /// Whether a table looks like a COINr iMeta table.
    public static func isMeta(_ table: DataTable) -> Bool {
        table.column("iCode") != nil && table.column("Parent") != nil && table.column("Type") != nil
    }
}

/// Reads AHP judgement matrices and expert score tables from CSV.
public enum JudgementReader {
    /// A square matrix from CSV; entries are numbers or fractions such as `1/3`. A header row or a
    /// label column of non-numbers is skipped.
    ///
    /// - Throws: ``IndexError`` naming file, line and column of a bad entry, or a non-square matrix.
    public static func readMatrix(path: String) throws -> JudgementMatrix {
        let table = try DataTable(path: path)
        var rows = [DataTable.Row(line: 1, fields: table.header)] + table.rows
        if let first = rows.first, first.fields.contains(where: { NumberParser.parse($0) == nil && !$0.isEmpty }),
            first.fields.dropFirst().allSatisfy({ NumberParser.parse($0) == nil })
        {
            rows.removeFirst()
        }
        let hasLabels = rows.allSatisfy { NumberParser.parse($0[0]) == nil }
        var matrix: [[Double]] = []
        for row in rows {
            let fields = hasLabels ? Array(row.fields.dropFirst()) : row.fields
            var values: [Double] = []
            for (index, field) in fields.enumerated() {
                guard let value = NumberParser.parse(field) else {
                    throw IndexError(
                        "entry '\(field)' is not a number or fraction",
                        file: path,
                        line: row.line,
                        column: index + (hasLabels ? 2 : 1)
                    )
                }
                values.append(value)
            }
            matrix.append(values)
        }
        do { return try JudgementMatrix(matrix) } catch let error as IndexError { throw error.located(file: path) }
    }

    /// Expert scores: rows are experts, columns indicators (header = indicator ids). A first column
    /// named `expert` (or any non-numeric first column) holds expert names.
    public static func readPanel(path: String) throws -> ExpertPanel {
        let table = try DataTable(path: path)
        let hasNames = table.rows.allSatisfy { NumberParser.parse($0[0]) == nil }
        let indicators = hasNames ? Array(table.header.dropFirst()) : table.header
        var experts: [String] = []
        var scores: [[Double]] = []
        var errors: [IndexError] = []
        for (index, row) in table.rows.enumerated() {
            experts.append(hasNames ? row[0] : "E\(index + 1)")
            let fields = hasNames ? Array(row.fields.dropFirst()) : row.fields
            if fields.count != indicators.count {
                errors.append(
                    IndexError("\(fields.count) scores for \(indicators.count) indicators", file: path, line: row.line)
                )
                continue
            }
            var values: [Double] = []
            for (column, field) in fields.enumerated() {
                if let value = NumberParser.parse(field) {
                    values.append(value)
                } else {
                    errors.append(
                        IndexError(
                            "score '\(field)' is not a number",
                            file: path,
                            line: row.line,
                            column: column + (hasNames ? 2 : 1),
                            indicator: indicators[column]
                        )
                    )
                }
            }
            scores.append(values)
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        do { return try ExpertPanel(experts: experts, indicators: indicators, scores: scores) } catch let error
            as IndexError
        {
            throw error.located(file: path)
        }
    }
}
