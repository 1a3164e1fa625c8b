import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the national and regional indices (built-in framework and data by default)."
    )

    @OptionGroup var runOptions: RunOptionGroup

    @OptionGroup var display: LanguageOption

    @Option(help: "Output: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Write every result table as CSV plus results.json to this folder.")
    var out: String?

    func run() throws {
        try display.apply {
            try reportingErrors {
                let options = try runOptions.options()
                let (workflows, loaded) = try runOptions.prepared()
                let outcome = try workflows.run(loaded, options: options)
                let results = outcome.results
                // Each form is made only when the output asks for it.
                let tables = { ResultTables.make(results) }
                let exactTables = { ResultTables.make(results, exact: true) }
                var written = 0
                if let out {
                    let files = exactTables().map { ($0.name + ".csv", $0.table.csv()) }
                    try OutputWriter.write(files + [("results.json", try outcome.json())], to: out)
                    written = files.count
                }
                switch format {
                case .json: print(try outcome.json(), terminator: "")
                case .csv:
                    print(
                        exactTables().map { "# \($0.name)\n" + $0.table.csv() }.joined(separator: "\n"),
                        terminator: ""
                    )
                case .table:
                    for table in tables() where table.isShown {
                        print(table.title)
                        print(table.table.rendered())
                        print("")
                    }
                    for warning in results.warnings { print("warning: \(warning)") }
                    if !results.renormalisations.isEmpty {
                        print(
                            "note: \(results.renormalisations.count) aggregate(s) averaged over the children present (see results.json)"
                        )
                    }
                    if results.isIllustrative {
                        print(Dataset.illustrativeNote)
                    }
                    if !results.treatments.isEmpty {
                        let counts = Dictionary(grouping: results.treatments, by: \.action).map {
                            "\($0.value.count) \($0.key.rawValue)"
                        }
                        print(
                            "treated: \(counts.sorted().joined(separator: ", ")) (every value listed in results.json)"
                        )
                    }
                    if let out { print("Wrote \(written) CSV tables and results.json to \(out)") }
                    if let record = outcome.record {
                        print(
                            "recorded as run #\(record.id) (\(record.dataset.reference)); iidei export \(record.id) writes it out"
                        )
                    }
                }
            }
        }
    }
}

/// The run's results as tables: national series, growth, contributions; regional ranking; weights.
struct ResultTables {
    var name: String
    var title: String
    var table: TextTable
    var isShown = true

    /// The tables; `exact` writes every number as computed (CSV files for machines), otherwise
    /// rounded for people.
    static func make(_ results: IndexResults, exact: Bool = false) -> [ResultTables] {
        let format: Format = exact ? { value, _ in NumberFormat.exact(value) } : { NumberFormat.fixed($0, $1) }
        var tables: [ResultTables] = []
        for evaluation in results.evaluations {
            switch evaluation {
            case .series(let result): tables += series(result, format: format)
            case .crossSection(let result): tables += crossSection(result, format: format)
            }
            if let weights = results.weights[evaluation.id] {
                tables.append(
                    weightTable(
                        evaluation,
                        weights: weights,
                        effective: results.effectiveWeights(evaluation.id) ?? weights.effective,
                        format: format
                    )
                )
            }
        }
        if !results.treatments.isEmpty {
            // The workbook's treatment sheet, as a table.
            let rows = ResultsWorkbook.treatment(results).rows.map { $0.map(\.text) }
            let table = TextTable(header: rows.first ?? [], rows: Array(rows.dropFirst()))
            tables.append(
                ResultTables(name: "treatment", title: "Imputed and treated values", table: table, isShown: false)
            )
        }
        return tables
    }

    static func label(_ name: LocalisedText) -> String { Console.label(name) }

    typealias Format = (Double?, Int) -> String

    static func series(_ result: SeriesResult, format: Format) -> [ResultTables] {
        let shown = result.nodes.filter { $0.depth <= 1 }
        let header = ["period"] + shown.map(\.id)
        let right = Set(1..<header.count)
        func rows(_ values: [String: [Double?]], from start: Int) -> [[String]] {
            result.periods.indices.dropFirst(start).map { t in
                [result.periods[t]] + shown.map { format(values[$0.id]?[t] ?? nil, 1) }
            }
        }
        let level = TextTable(header: header, rows: rows(result.series, from: 0), rightAligned: right)
        var growth = rows(result.growth, from: 1)
        growth.append(["CAGR"] + shown.map { format(result.cagr[$0.id] ?? nil, 1) })
        let contribution = TextTable(
            header: header,
            rows: rows(result.contribution, from: 1).map { row in [row[0], ""] + row.dropFirst(2) },
            rightAligned: right
        )
        let allNodes = result.nodes.filter { !$0.isIndicator }
        let detail = TextTable(
            header: ["node", "parent", "name"] + result.periods + ["CAGR %"]
                + result.periods.dropFirst().map { "contrib \($0) %" },
            rows: allNodes.map { node in
                [node.id, node.parent ?? "", label(node.name)]
                    + result.periods.indices.map { format(result.series[node.id]?[$0] ?? nil, 2) }
                    + [format(result.cagr[node.id] ?? nil, 2)]
                    + result.periods.indices.dropFirst().map { format(result.contribution[node.id]?[$0] ?? nil, 2) }
            },
            rightAligned: Set(3..<(4 + 2 * result.periods.count))
        )
        let title = "\(label(result.name)) — \(result.unit), \(result.basePeriod) = 100"
        return [
            ResultTables(name: "\(result.evaluation)-index", title: title, table: level),
            ResultTables(
                name: "\(result.evaluation)-growth",
                title: "Year-on-year growth and CAGR, % (增速)",
                table: TextTable(header: header, rows: growth, rightAligned: right)
            ),
            ResultTables(
                name: "\(result.evaluation)-contribution",
                title: "Contribution to the parent's increase, % (贡献率)",
                table: contribution
            ),
            ResultTables(name: "\(result.evaluation)-nodes", title: "Every node", table: detail, isShown: false),
        ]
    }

    static func crossSection(_ result: CrossSectionResult, format: Format) -> [ResultTables] {
        let pillars = result.nodes.pillars
        let header = ["rank", "id", "unit", "score", "tier"] + pillars.map(\.id)
        // Scores on a 0–1 scale (goalposts) need more decimals than 0–100 ones.
        let digits = (result.units.compactMap(\.score).map { abs($0) }.max() ?? 100) <= 1.5 ? 3 : 1
        let rows = result.units.map { unit in
            [
                unit.rank.map(String.init) ?? "—", unit.id, label(unit.name), format(unit.score, digits),
                unit.tier.map { tier in
                    result.tierName(tier).map { "\(tier) \(Console.short($0))" } ?? "\(tier)"
                } ?? "—",
            ]
                + pillars.map { pillar in
                    let node = unit.nodes[pillar.id]
                    return "\(format(node?.score ?? nil, digits)) (\(node?.rank.map(String.init) ?? "—"))"
                }
        }
        let aggregates = result.nodes.filter { !$0.isIndicator }
        let full = TextTable(
            header: ["rank", "id", "unit", "tier"] + aggregates.flatMap { [$0.id, "\($0.id)_rank"] },
            rows: result.units.map { unit in
                [unit.rank.map(String.init) ?? "", unit.id, label(unit.name), unit.tier.map(String.init) ?? ""]
                    + aggregates.flatMap { node in
                        [
                            format(unit.nodes[node.id]?.score ?? nil, 3),
                            unit.nodes[node.id]?.rank.map(String.init) ?? "",
                        ]
                    }
            }
        )
        let top = TextTable(
            header: ["node", "top"],
            rows: aggregates.map { node in
                [
                    node.id,
                    (result.top[node.id] ?? []).compactMap { id in
                        result.units.first { $0.id == id }.map { Console.short($0.name) }
                    }.joined(separator: " "),
                ]
            }
        )
        var panelTables: [ResultTables] = []
        if let panel = result.panel {
            // Every period's rank, the last change and the score's CAGR over the panel.
            let periods = panel.periods.map(\.period)
            let root = aggregates.first { $0.parent == nil }?.id ?? "index"
            panelTables.append(
                ResultTables(
                    name: "\(result.evaluation)-panel",
                    title:
                        "\(label(result.name)) — \(periods.first ?? "")–\(periods.last ?? ""), normalised over \(panel.scope == .panel ? "the whole panel" : "each period"); rank by period, last change, score CAGR %",
                    table: TextTable(
                        header: ["id", "unit"] + periods + ["Δ rank", "CAGR %"],
                        rows: result.units.map { unit in
                            let ranks = panel.ranks(unit: unit.id, node: root)
                            let change = panel.rankChanges(unit: unit.id, node: root).last ?? nil
                            return [unit.id, label(unit.name)] + ranks.map { $0.map(String.init) ?? "—" }
                                + [
                                    change.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "—",
                                    format(panel.cagr(unit: unit.id, node: root), 1),
                                ]
                        },
                        rightAligned: Set(2..<(4 + periods.count))
                    )
                )
            )
        }
        return panelTables + [
            ResultTables(
                name: "\(result.evaluation)-ranking",
                title:
                    "\(label(result.name)) — \(result.period), \(result.normalisation.name), tiers by \(result.tierMethod.name); pillar score (rank)",
                table: TextTable(header: header, rows: rows, rightAligned: [0, 3])
            ),
            ResultTables(
                name: "\(result.evaluation)-top",
                title: "Top \(result.top[aggregates.first?.id ?? ""]?.count ?? 0) per node",
                table: top,
                isShown: false
            ),
            ResultTables(name: "\(result.evaluation)-nodes", title: "Every node", table: full, isShown: false),
        ]
    }

    /// The weights table: local and effective weights as the run scored (`effective`), beside the AHP's
    /// and the panel's derivation.
    static func weightTable(
        _ evaluation: EvaluationResult,
        weights: DerivedWeights,
        effective: [String: Double],
        format: Format
    ) -> ResultTables {
        ResultTables(
            name: "\(evaluation.id)-weights",
            title: "Weights",
            table: TextTable(
                header: ["node", "parent", "level", "local %", "effective %", "AHP %", "panel %"],
                rows: evaluation.nodes.map { node in
                    [
                        node.id, node.parent ?? "", String(node.depth), format(node.localWeight * 100, 3),
                        format(effective[node.id], 3), format(weights.initial[node.id], 3),
                        format(weights.panelWeights?[node.id], 3),
                    ]
                }
            ),
            isShown: false
        )
    }
}
