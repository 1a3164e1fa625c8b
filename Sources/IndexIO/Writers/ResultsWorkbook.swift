public import IndexCore

/// A run's results as a workbook: one sheet per evaluation, the weights, the data with provenance
/// and every treated value. `iidei export` writes it as XLSX, or each sheet as CSV.
public enum ResultsWorkbook {
    /// The workbook.
    ///
    /// - Parameters:
    ///   - about: `(key, value)` rows describing the run (run id, dataset version, hashes, options).
    public static func make(results: IndexResults, dataset: Dataset, about: [(String, String)]) -> Workbook {
        var sheets: [Sheet] = []
        var aboutRows: [[Cell]] = [[.text("key"), .text("value")]]
        aboutRows += about.map { [.text($0.0), .text($0.1)] }
        if results.isIllustrative {
            aboutRows.append([
                .text("illustrative"),
                .text(Dataset.illustrativeNote),
            ])
        }
        var about = Sheet(name: "about", rows: aboutRows)
        about.fitColumns(roundingNumbers: false)
        sheets.append(about)
        for evaluation in results.evaluations {
            switch evaluation {
            case .series(let result): sheets.append(series(result))
            case .crossSection(let result): sheets.append(crossSection(result))
            }
        }
        var weightRows: [[Cell]] = [
            ["evaluation", "node", "parent", "level", "name_zh", "name_en", "local_pct", "effective_pct"].map(Cell.text)
        ]
        for evaluation in results.evaluations {
            let effective = results.effectiveWeights(evaluation.id)
            for node in evaluation.nodes {
                weightRows.append([
                    .text(evaluation.id), .text(node.id), .text(node.parent ?? ""), .number(Double(node.depth)),
                    .text(node.name.zh),
                    .text(node.name.en), .number(node.localWeight * 100), number(effective?[node.id]),
                ])
            }
        }
        sheets.append(Sheet(name: "weights", rows: weightRows))
        // Readable where it is opened: columns as wide as their text; results and weights shown
        // rounded (the cells keep every digit); data and treatments as given (as the about sheet is).
        for index in sheets.indices.dropFirst() { sheets[index].fitColumns() }
        for var sheet in [data(dataset), treatment(results)] {
            sheet.fitColumns(roundingNumbers: false)
            sheets.append(sheet)
        }
        return Workbook(sheets: sheets)
    }

    /// The data with provenance, one value a row; `locations` adds where each was read (file, sheet, row).
    /// The one table of values: the workbook's sheet, the dashboard's `values.csv`.
    public static func data(_ dataset: Dataset, locations: Bool = true) -> Sheet {
        let header = ["unit", "indicator", "period", "value", "status", "source", "note"]
        var rows: [[Cell]] = [(header + (locations ? ["file", "sheet", "row"] : [])).map(Cell.text)]
        for o in dataset.observations {
            var row: [Cell] = [
                .text(o.unit), .text(o.indicator), .text(o.period), number(o.value), .text(o.status.rawValue),
                .text(o.source), .text(o.note),
            ]
            if locations {
                row += [
                    .text(o.location?.file ?? ""), .text(o.location?.sheet ?? ""),
                    o.location.map { .number(Double($0.line)) } ?? .empty,
                ]
            }
            rows.append(row)
        }
        return Sheet(name: "data", rows: rows)
    }

    /// Every imputed or treated value with what was done: the one treatment table (the workbook's
    /// sheet, `run --out`'s treatment.csv).
    public static func treatment(_ results: IndexResults) -> Sheet {
        var rows: [[Cell]] = [
            ["evaluation", "unit", "indicator", "period", "original", "value", "action"].map(Cell.text)
        ]
        for t in results.treatments {
            rows.append([
                .text(t.evaluation), .text(t.unit), .text(t.indicator), .text(t.period), number(t.original),
                .number(t.value), .text(t.action.rawValue),
            ])
        }
        return Sheet(name: "treatment", rows: rows)
    }

    static func number(_ value: Double?) -> Cell {
        guard let value, value.isFinite else { return .empty }
        return .number(value)
    }

    static func series(_ result: SeriesResult) -> Sheet {
        let growthPeriods = Array(result.periods.dropFirst())
        var rows: [[Cell]] = [
            (["node", "parent", "level", "name_zh", "name_en"] + result.periods
                + growthPeriods.map { "growth_\($0)_pct" } + ["cagr_pct"])
                .map(Cell.text)
        ]
        for node in result.nodes {
            var row: [Cell] = [
                .text(node.id), .text(node.parent ?? ""), .number(Double(node.depth)), .text(node.name.zh),
                .text(node.name.en),
            ]
            row += result.periods.indices.map { number(result.series[node.id]?[$0] ?? nil) }
            row += result.periods.indices.dropFirst().map { number(result.growth[node.id]?[$0] ?? nil) }
            row.append(number(result.cagr[node.id] ?? nil))
            rows.append(row)
        }
        return Sheet(name: result.evaluation, rows: rows)
    }

    static func crossSection(_ result: CrossSectionResult) -> Sheet {
        let nodes = result.nodes.dropFirst()
        var header = ["rank", "unit", "name_zh", "name_en", "tier", "tier_name", "score", "period"]
        for node in nodes { header += [node.id, "\(node.id)_rank"] }
        var rows: [[Cell]] = [header.map(Cell.text)]
        for unit in result.units {
            let tierName = result.tierName(unit.tier)?.zh ?? ""
            var row: [Cell] = [
                unit.rank.map { .number(Double($0)) } ?? .empty, .text(unit.id), .text(unit.name.zh),
                .text(unit.name.en),
                unit.tier.map { .number(Double($0)) } ?? .empty, .text(tierName), number(unit.score),
                .text(result.period),
            ]
            for node in nodes {
                let score = unit.nodes[node.id]
                row += [number(score?.score ?? nil), score?.rank.map { .number(Double($0)) } ?? .empty]
            }
            rows.append(row)
        }
        return Sheet(name: result.evaluation, rows: rows)
    }

    /// A sheet as CSV text, each field written by the one CSV policy (``CSVWriter/escape(_:)``:
    /// quoted, and neutralised against formula injection).
    public static func csv(_ sheet: Sheet) -> String {
        sheet.rows.map { row in row.map { CSVWriter.escape($0.text) }.joined(separator: ",") }.joined(separator: "\n")
            + "\n"
    }
}
