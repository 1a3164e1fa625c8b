import Foundation
public import ArgumentParser
public import IndexCore
import IndexIO
import IndexCatalog
import IndexStore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the national and regional indices (built-in framework and data by default).")

    @OptionGroup var inputs: InputOptions

    @Option(help: "The period of cross-section (regional) evaluations. Default: the latest with data.")
    var period: String?

    @Option(help: "Normalisation of cross-section evaluations: minmax, zscore, rank, percentile, goalposts, target.")
    var normalise: String?

    @Option(help: "Output range for minmax/goalposts/target/percentile as LO,HI; mean,sd for zscore.")
    var scale: String?

    @Option(help: "Aggregation of every node: arithmetic or geometric; or topsis (every aggregate scored by TOPSIS over its indicators).")
    var aggregate: String?

    @Option(help: "Tiers: jenks:K, sizes:6,11,10,4 or thresholds:60,30,10.")
    var tiers: String?

    @Option(help: "Missing values: none (weights renormalised), mean, median, group-mean:GROUP, interpolate, carry-forward.")
    var impute: String?

    @Option(help: "Outliers: none, coinr (|skew|>2 and kurtosis>3.5: winsorise up to 5 points, else log), coinr:SKEW,KURT,POINTS, log.")
    var outliers: String?

    @Option(help: "Indicator weights within each group: derived (AHP and panel, default), equal, entropy, critic, cv, std or pca.")
    var weights: String?

    @Option(help: "With an objective --weights: the derived weights' share, α · derived + (1 − α) · objective.")
    var weightAlpha: String?

    @Option(help: "With --weight-alpha: linear (default) or multiplicative (∝ derived · objective).")
    var weightCombination: String?

    @Option(help: "Output: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Write every result table as CSV plus results.json to this folder.")
    var out: String?

    @Option(help: "Run on a dataset in the store (NAME or NAME@VERSION) and record the run.")
    var dataset: String?

    @OptionGroup var store: StoreOptions

    var specification: RunSpecification {
        RunSpecification(
            period: period, normalise: normalise, scale: scale, aggregate: aggregate, tiers: tiers, impute: impute,
            outliers: outliers, weights: weights, weightAlpha: weightAlpha, weightCombination: weightCombination)
    }

    /// The framework, data and (for a stored dataset) what the run is recorded against.
    func inputsForRun() throws -> (Framework, Dataset, (Store, StoredFramework, DatasetVersion)?) {
        guard let dataset else {
            let (framework, imported) = try inputs.importData()
            if !imported.notices.isEmpty {
                printError("note: \(imported.notices.count) value(s) converted or read as missing; iidei validate lists each")
            }
            return (framework, imported.dataset, nil)
        }
        guard inputs.data.isEmpty else { throw ValidationError("--dataset and --data are alternatives") }
        let opened = try store.open()
        let version = try opened.datasetVersion(dataset)
        let stored: StoredFramework
        if inputs.framework != nil {
            stored = try opened.saveFramework(try inputs.frameworkSource())
        } else if let hash = version.frameworkHash {
            stored = try opened.framework(hash)
        } else {
            stored = try opened.saveFramework(try Catalog.frameworkSource())
        }
        // The run computes and records: where each value was read from is not needed.
        return (try stored.source.parse(), try opened.dataset(version, includingLocations: false), (opened, stored, version))
    }

    func run() throws {
        try reportingErrors {
            let (framework, data, stored) = try inputsForRun()
            let results = try IndexEngine.run(framework: framework, dataset: data, options: try specification.options())
            let tables = ResultTables.make(results)
            let json = ResultsJSON.encode(results).rendered()
            let record = try stored.map { store, framework, version in
                try store.recordRun(
                    framework: framework, dataset: version, specification: specification, results: results, resultsJSON: json)
            }
            if let out {
                try OutputWriter.write(
                    tables.map { ($0.name + ".csv", $0.table.csv()) } + [("results.json", json + "\n")], to: out)
            }
            switch format {
            case .json: print(json)
            case .csv: print(tables.map { "# \($0.name)\n" + $0.table.csv() }.joined(separator: "\n"), terminator: "")
            case .table:
                for table in tables where table.isShown {
                    print(table.title)
                    print(table.table.rendered())
                    print("")
                }
                for warning in results.warnings { print("warning: \(warning)") }
                if !results.renormalisations.isEmpty {
                    print("note: \(results.renormalisations.count) aggregate(s) averaged over the children present (see results.json)")
                }
                if results.isIllustrative {
                    print(Dataset.illustrativeNote)
                }
                if !results.treatments.isEmpty {
                    let counts = Dictionary(grouping: results.treatments, by: \.action).map { "\($0.value.count) \($0.key.rawValue)" }
                    print("treated: \(counts.sorted().joined(separator: ", ")) (every value listed in results.json)")
                }
                if let out { print("Wrote \(tables.count) CSV tables and results.json to \(out)") }
                if let record { print("recorded as run #\(record.id) (\(record.dataset.reference)); iidei export \(record.id) writes it out") }
            }
        }
    }
}

extension AggregationMethod: ExpressibleByArgument {}

/// The run's results as tables: national series, growth, contributions; regional ranking; weights.
struct ResultTables {
    var name: String
    var title: String
    var table: TextTable
    var isShown = true

    static func make(_ results: IndexResults) -> [ResultTables] {
        var tables: [ResultTables] = []
        for evaluation in results.evaluations {
            switch evaluation {
            case .series(let result): tables += series(result)
            case .crossSection(let result): tables += crossSection(result)
            }
            if let weights = results.weights[evaluation.id] {
                tables.append(weightTable(evaluation, weights: weights))
            }
        }
        if !results.treatments.isEmpty {
            let table = TextTable(
                header: ["evaluation", "unit", "indicator", "period", "original", "value", "action"],
                rows: results.treatments.map { t in
                    [t.evaluation, t.unit, t.indicator, t.period, t.original.map(Cell.format) ?? "", Cell.format(t.value), t.action.rawValue]
                })
            tables.append(ResultTables(name: "treatment", title: "Imputed and treated values", table: table, isShown: false))
        }
        return tables
    }

    static func label(_ name: LocalisedText) -> String { name.zh == name.en ? name.en : "\(name.zh) \(name.en)" }

    static func series(_ result: SeriesResult) -> [ResultTables] {
        let shown = result.nodes.filter { $0.depth <= 1 }
        let header = ["period"] + shown.map(\.id)
        let right = Set(1..<header.count)
        func rows(_ values: [String: [Double?]], from start: Int) -> [[String]] {
            result.periods.indices.dropFirst(start).map { t in
                [result.periods[t]] + shown.map { NumberFormat.fixed(values[$0.id]?[t] ?? nil, 1) }
            }
        }
        let level = TextTable(header: header, rows: rows(result.series, from: 0), rightAligned: right)
        var growth = rows(result.growth, from: 1)
        growth.append(["CAGR"] + shown.map { NumberFormat.fixed(result.cagr[$0.id] ?? nil, 1) })
        let contribution = TextTable(
            header: header, rows: rows(result.contribution, from: 1).map { row in [row[0], ""] + row.dropFirst(2) },
            rightAligned: right)
        let allNodes = result.nodes.filter { !$0.isIndicator }
        let detail = TextTable(
            header: ["node", "parent", "name"] + result.periods + ["CAGR %"] + result.periods.dropFirst().map { "contrib \($0) %" },
            rows: allNodes.map { node in
                [node.id, node.parent ?? "", label(node.name)] + result.periods.indices.map { NumberFormat.fixed(result.series[node.id]?[$0] ?? nil, 2) }
                    + [NumberFormat.fixed(result.cagr[node.id] ?? nil, 2)]
                    + result.periods.indices.dropFirst().map { NumberFormat.fixed(result.contribution[node.id]?[$0] ?? nil, 2) }
            }, rightAligned: Set(3..<(4 + 2 * result.periods.count)))
        let title = "\(label(result.name)) — \(result.unit), \(result.basePeriod) = 100"
        return [
            ResultTables(name: "\(result.evaluation)-index", title: title, table: level),
            ResultTables(name: "\(result.evaluation)-growth", title: "Year-on-year growth and CAGR, % (增速)", table: TextTable(header: header, rows: growth, rightAligned: right)),
            ResultTables(name: "\(result.evaluation)-contribution", title: "Contribution to the parent's increase, % (贡献率)", table: contribution),
            ResultTables(name: "\(result.evaluation)-nodes", title: "Every node", table: detail, isShown: false),
        ]
    }

    static func crossSection(_ result: CrossSectionResult) -> [ResultTables] {
        let pillars = result.nodes.filter { $0.depth == 1 && !$0.isIndicator }
        let header = ["rank", "id", "unit", "score", "tier"] + pillars.map(\.id)
        // Scores on a 0–1 scale (goalposts) need more decimals than 0–100 ones.
        let digits = (result.units.compactMap(\.score).map { abs($0) }.max() ?? 100) <= 1.5 ? 3 : 1
        let rows = result.units.map { unit in
            [unit.rank.map(String.init) ?? "—", unit.id, label(unit.name), NumberFormat.fixed(unit.score, digits),
             unit.tier.map { tier in
                 tier <= result.tierNames.count ? "\(tier) \(result.tierNames[tier - 1].zh)" : "\(tier)"
             } ?? "—"]
                + pillars.map { pillar in
                    let node = unit.nodes[pillar.id]
                    return "\(NumberFormat.fixed(node?.score ?? nil, digits)) (\(node?.rank.map(String.init) ?? "—"))"
                }
        }
        let aggregates = result.nodes.filter { !$0.isIndicator }
        let full = TextTable(
            header: ["rank", "id", "unit", "tier"] + aggregates.flatMap { [$0.id, "\($0.id)_rank"] },
            rows: result.units.map { unit in
                [unit.rank.map(String.init) ?? "", unit.id, label(unit.name), unit.tier.map(String.init) ?? ""]
                    + aggregates.flatMap { node in
                        [NumberFormat.fixed(unit.nodes[node.id]?.score ?? nil, 3), unit.nodes[node.id]?.rank.map(String.init) ?? ""]
                    }
            })
        let top = TextTable(
            header: ["node", "top"],
            rows: aggregates.map { node in [node.id, (result.top[node.id] ?? []).compactMap { id in result.units.first { $0.id == id }?.name.zh }.joined(separator: " ")] })
        return [
            ResultTables(
                name: "\(result.evaluation)-ranking",
                title: "\(label(result.name)) — \(result.period), \(result.normalisation.name), tiers by \(result.tierMethod.name); pillar score (rank)",
                table: TextTable(header: header, rows: rows, rightAligned: [0, 3])),
            ResultTables(name: "\(result.evaluation)-top", title: "Top \(result.top[aggregates.first?.id ?? ""]?.count ?? 0) per node", table: top, isShown: false),
            ResultTables(name: "\(result.evaluation)-nodes", title: "Every node", table: full, isShown: false),
        ]
    }

    static func weightTable(_ evaluation: EvaluationResult, weights: DerivedWeights) -> ResultTables {
        ResultTables(
            name: "\(evaluation.id)-weights", title: "Weights",
            table: TextTable(
                header: ["node", "parent", "level", "local %", "effective %", "AHP %", "panel %"],
                rows: evaluation.nodes.map { node in
                    [node.id, node.parent ?? "", String(node.depth), NumberFormat.fixed(node.localWeight * 100, 3),
                     NumberFormat.fixed(weights.effective[node.id], 3), NumberFormat.fixed(weights.initial[node.id], 3),
                     NumberFormat.fixed(weights.panelWeights?[node.id], 3)]
                }), isShown: false)
    }
}
