import Foundation
public import ArgumentParser
public import IndexCore
import IndexIO

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

    @Option(help: "Aggregation of every node: arithmetic or geometric.")
    var aggregate: AggregationMethod?

    @Option(help: "Tiers: jenks:K, sizes:6,11,10,4 or thresholds:60,30,10.")
    var tiers: String?

    @Option(help: "Output: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Write every result table as CSV plus results.json to this folder.")
    var out: String?

    func options() throws -> RunOptions {
        var options = RunOptions(period: period, aggregation: aggregate)
        if let normalise { options.normalisation = try Self.normalisation(normalise, scale: scale) }
        if let tiers { options.tierMethod = try Self.tierMethod(tiers) }
        return options
    }

    static func normalisation(_ name: String, scale: String?) throws -> NormalisationMethod {
        let bounds = try scale.map { text -> [Double] in
            let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let lower = parts[0], let upper = parts[1] else {
                throw ValidationError("--scale must be two numbers LO,HI, not '\(text)'")
            }
            return [lower, upper]
        }
        let lower = bounds?[0] ?? 0
        let upper = bounds?[1] ?? 100
        switch name {
        case "minmax", "min-max": return .minMax(lower: lower, upper: upper)
        case "zscore", "z-score": return .zScore(mean: bounds?[0] ?? 0, sd: bounds?[1] ?? 1, ddof: 0)
        case "rank": return .rank
        case "percentile": return .percentileRank(lower: lower, upper: upper)
        case "goalposts": return .goalposts(lower: bounds?[0] ?? 0, upper: bounds?[1] ?? 1)
        case "target": return .distanceToTarget(lower: lower, upper: upper)
        case "none": return .none
        default: throw ValidationError("unknown normalisation '\(name)' (minmax, zscore, rank, percentile, goalposts, target, none)")
        }
    }

    static func tierMethod(_ text: String) throws -> TierMethod {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let numbers = parts.count > 1 ? parts[1].split(separator: ",").map { Double($0) } : []
        guard numbers.allSatisfy({ $0 != nil }) else { throw ValidationError("bad --tiers '\(text)'") }
        let values = numbers.compactMap { $0 }
        switch parts[0] {
        case "jenks": return .jenks(classes: Int(values.first ?? 4))
        case "sizes" where !values.isEmpty: return .sizes(values.map { Int($0) })
        case "thresholds" where !values.isEmpty: return .thresholds(values)
        default: throw ValidationError("--tiers must be jenks:K, sizes:A,B,… or thresholds:X,Y,…")
        }
    }

    func run() throws {
        try reportingErrors {
            let (framework, dataset) = try inputs.load()
            let results = try IndexEngine.run(framework: framework, dataset: dataset, options: try options())
            let tables = ResultTables.make(results)
            let json = ResultsJSON.encode(results).rendered()
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
                    print("Illustrative data: real figures where public, synthetic values elsewhere (status column). 数据仅为示意。")
                }
                if let out { print("Wrote \(tables.count) CSV tables and results.json to \(out)") }
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
