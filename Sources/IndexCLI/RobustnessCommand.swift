import ArgumentParser
import Dispatch
import Foundation
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows
import Synchronization

/// Runs chunks of work on `threads` workers; the results come back in chunk order, so whatever is
/// merged from them does not depend on how many threads ran.
func parallelChunks<T: Sendable>(_ chunkCount: Int, threads: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let results = Mutex<[Int: T]>([:])
    let failure = Mutex<String?>(nil)
    let workers = max(1, min(threads, chunkCount))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for chunk in stride(from: worker, to: chunkCount, by: workers) {
            if failure.withLock({ $0 != nil }) { return }
            do {
                let value = try body(chunk)
                results.withLock { $0[chunk] = value }
            } catch {
                failure.withLock { if $0 == nil { $0 = "\(error)" } }
            }
        }
    }
    if let message = failure.withLock({ $0 }) { throw IndexError(message) }
    return results.withLock { stored in (0..<chunkCount).compactMap { stored[$0] } }
}

/// Runs chunks on `threads` workers, each folding its chunks into one accumulator of its own, then
/// merges the workers' accumulators: memory stays at one accumulator per worker. The merge must be
/// exact and order-free (integer counts) for the result not to depend on the number of threads.
func parallelReduce<T: Sendable>(
    _ chunkCount: Int,
    threads: Int,
    initial: @Sendable () -> T,
    _ body: @Sendable (Int, inout T) throws -> Void,
    merge: (inout T, T) -> Void
) throws -> T {
    let workers = max(1, min(threads, chunkCount))
    let parts = try parallelChunks(workers, threads: workers) { worker -> T in
        var value = initial()
        for chunk in stride(from: worker, to: chunkCount, by: workers) { try body(chunk, &value) }
        return value
    }
    var result = initial()
    for part in parts { merge(&result, part) }
    return result
}

/// The uncertainty and sensitivity analysis, shared by `iidei robustness` and `iidei bench`.
struct RobustnessRun {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case ua, sobol
    }

    let model: UncertaintyModel
    let method: Method
    let replications: Int
    let seed: UInt64
    let threads: Int
    let bootstrap: Int
    var progress: Progress?

    static let chunkSize = 256

    struct Result {
        var accumulator: RankAccumulator
        var runs: Int
        var sensitivity: [Sobol.Index] = []
        var unitSensitivity: [[Sobol.Index]] = []
    }

    func run() throws -> Result {
        switch method {
        case .ua: return try uncertainty()
        case .sobol: return try sensitivity()
        }
    }

    /// Replications drawn independently; rank and tier histograms merged chunk by chunk.
    func uncertainty() throws -> Result {
        let chunks = (replications + Self.chunkSize - 1) / Self.chunkSize
        let done = Mutex(0)
        let model = self.model
        let (seed, replications, progress) = (self.seed, self.replications, self.progress)
        let merged = try parallelReduce(
            chunks,
            threads: threads,
            initial: { RankAccumulator(model: model) },
            { chunk, accumulator in
                let range = (chunk * Self.chunkSize)..<min(replications, (chunk + 1) * Self.chunkSize)
                try model.accumulate(range, seed: seed, into: &accumulator)
                let total = done.withLock { value -> Int in
                    value += range.count
                    return value
                }
                progress?.update(total, replications)
            },
            merge: { $0.merge($1) }
        )
        return Result(accumulator: merged, runs: replications)
    }

    /// Saltelli's design over the varied groups, with Jansen's estimators and bootstrap intervals.
    func sensitivity() throws -> Result {
        let k = model.groups.count
        guard k > 0 else {
            throw IndexError("nothing varies: a sensitivity analysis needs at least one assumption group")
        }
        let n = replications
        let design = Sobol.design(baseSamples: n, groups: k, seed: seed)
        let runs = design.runCount
        let units = model.units.count
        let rootOffset = (model.reportedSlots.count - 1) * units
        let chunks = (runs + Self.chunkSize - 1) / Self.chunkSize
        let done = Mutex(0)
        let model = self.model
        let progress = self.progress
        struct Part: Sendable {
            var shifts: [Double]
            var ranks: [[Double]]
            var accumulator: RankAccumulator
        }
        let parts = try parallelChunks(chunks, threads: threads) { chunk -> Part in
            var scratch = model.makeScratch()
            var part = Part(shifts: [], ranks: [], accumulator: RankAccumulator(model: model))
            let range = (chunk * Self.chunkSize)..<min(runs, (chunk + 1) * Self.chunkSize)
            for run in range {
                let outcome = try model.evaluate(seeds: design.seeds(run: run), scratch: &scratch)
                part.shifts.append(outcome.meanRankShift)
                part.ranks.append((0..<units).map { Double(outcome.ranks[rootOffset + $0]) })
                // A and B rows are independent draws: they also give the uncertainty statistics.
                if run < 2 * n { part.accumulator.add(outcome) }
            }
            let total = done.withLock { value -> Int in
                value += range.count
                return value
            }
            progress?.update(total, runs)
            return part
        }
        var accumulator = RankAccumulator(model: model)
        var shifts: [Double] = []
        var ranks: [[Double]] = []
        for part in parts {
            accumulator.merge(part.accumulator)
            shifts += part.shifts
            ranks += part.ranks
        }
        let sensitivity = Sobol.indices(
            outputs: shifts,
            baseSamples: n,
            groups: k,
            resamples: bootstrap,
            seed: seed &+ 1
        )
        let unitSensitivity = (0..<units).map { unit in
            Sobol.indices(outputs: ranks.map { $0[unit] }, baseSamples: n, groups: k)
        }
        return Result(accumulator: accumulator, runs: runs, sensitivity: sensitivity, unitSensitivity: unitSensitivity)
    }
}

struct RobustnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robustness",
        abstract:
            "How robust is each rank? Uncertainty (ua) and Sobol sensitivity analysis over weights, normalisation, aggregation, tiers and data treatment.",
        discussion: """
            With no --vary option a documented default set varies: weights ±25 % (uniform:0.25), normalisation \
            minmax:1,100 / zscore:10,2 / rank, aggregation arithmetic / geometric, tiers Jenks / equal sizes. \
            Each replication reruns weights, aggregation, ranks and tiers; treated and normalised matrices are \
            computed once per alternative. The same seed gives the same numbers whatever the number of threads. \
            For --method sobol, --replications is the number of base samples N: the analysis runs N (k + 2) times \
            for k varied groups.
            """
    )

    @OptionGroup var inputs: RunOptionGroup

    @OptionGroup var display: LanguageOption

    @Option(
        name: .customLong("run"),
        help: "Start from a recorded run (its framework, dataset version and options) in the store."
    )
    var recordedRun: String?

    @Option(help: "ua (uncertainty: rank distributions) or sobol (first- and total-order indices, plus ua statistics).")
    var method: RobustnessRun.Method = .ua

    @Option(help: "Replications (ua), or base samples N (sobol).")
    var replications = 1_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 2024

    @Option(help: "Worker threads. Default: every core.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Weights: uniform:F, dirichlet:K, experts (bootstrap the panel) or ahp-step (perturb judgements).")
    var varyWeights: String?

    @Option(help: "Normalisations, ;-separated, e.g. \"minmax:1,100;zscore:10,2;rank\".")
    var varyNormalisation: String?

    @Option(help: "Aggregations, e.g. \"arithmetic;geometric\".")
    var varyAggregation: String?

    @Option(help: "Tier methods, e.g. \"jenks:4;sizes:6,11,10,4\".")
    var varyTiers: String?

    @Option(help: "Data treatments, e.g. \"none;mean;coinr;mean+coinr\".")
    var varyTreatment: String?

    @Option(help: "The cross-section evaluation to analyse. Default: the first.")
    var evaluation: String?

    @Option(help: "Top-N whose probability is reported.")
    var top = 10

    @Option(help: "Bootstrap resamples for the Sobol intervals.")
    var bootstrap = 200

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Write robustness.json and units.csv (and sensitivity.csv) to this folder.")
    var out: String?

    /// The framework, data and options: the user's, or a recorded run's (`--run`).
    func loadRun() throws -> (Framework, Dataset, RunOptions) {
        guard let recordedRun else {
            let loaded = try inputs.load()
            let (framework, dataset) = (loaded.framework, loaded.dataset)
            return (framework, dataset, try inputs.options())
        }
        guard inputs.dataset == nil, inputs.inputs.data.isEmpty, inputs.inputs.framework == nil,
            try inputs.options().isDefault
        else {
            throw ValidationError(
                "--run starts from a recorded run's framework, data and options: give no other input or run option"
            )
        }
        let store = try inputs.store.open()
        let record = try store.run(recordedRun)
        return (
            try store.framework(record.frameworkHash).source.parse(), try store.dataset(record.dataset),
            record.options
        )
    }

    func specification(units: Int, tiers: Int) throws -> UncertaintySpecification {
        let anyGiven = [varyWeights, varyNormalisation, varyAggregation, varyTiers, varyTreatment].contains {
            $0 != nil
        }
        var specification = anyGiven ? UncertaintySpecification() : .standard(units: units, tiers: tiers)
        if let varyWeights { specification.weights = try WeightVariation(name: varyWeights) }
        if let varyNormalisation {
            specification.normalisations = try UncertaintySpecification.normalisations(varyNormalisation)
        }
        if let varyAggregation {
            specification.aggregations = try UncertaintySpecification.aggregations(varyAggregation)
        }
        if let varyTiers { specification.tierMethods = try UncertaintySpecification.tierMethods(varyTiers) }
        if let varyTreatment { specification.treatments = try UncertaintySpecification.treatments(varyTreatment) }
        specification.topCount = top
        return specification
    }

    func run() throws {
        try display.apply {
            try reportingErrors {
                guard replications > 0 else { throw ValidationError("--replications must be positive") }
                let (framework, dataset, options) = try loadRun()
                let pipeline = try CrossSectionPipeline(
                    framework: framework,
                    dataset: dataset,
                    evaluationID: evaluation,
                    options: options
                )
                let section = try pipeline.result(scores: try pipeline.scores())
                // Every alternative is a variation of the run's own specification.
                let model = try UncertaintyModel(
                    framework: framework,
                    dataset: dataset,
                    evaluationID: section.evaluation,
                    options: options,
                    specification: try specification(units: section.units.count, tiers: section.tierNames.count)
                )
                let clock = ContinuousClock()
                let start = clock.now
                let analysis = RobustnessRun(
                    model: model,
                    method: method,
                    replications: replications,
                    seed: seed,
                    threads: threads,
                    bootstrap: bootstrap,
                    progress: Progress(label: "replications")
                )
                let result = try analysis.run()
                let elapsed = clock.now - start
                let report = RobustnessReport(
                    model: model,
                    run: analysis,
                    result: result,
                    isIllustrative: dataset.isIllustrative
                )
                if let out {
                    var files = [
                        ("robustness.json", report.json().rendered() + "\n"), ("units.csv", report.unitTable().csv()),
                    ]
                    if method == .sobol { files.append(("sensitivity.csv", report.sensitivityTable().csv())) }
                    try OutputWriter.write(files, to: out)
                }
                switch format {
                case .json: print(report.json().rendered())
                case .csv: print(report.unitTable().csv(), terminator: "")
                case .table:
                    print(
                        "\(ResultTables.label(section.name)) — \(section.period): \(result.runs) runs (\(method.rawValue)), seed \(seed), "
                            + "\(threads) thread(s), \(elapsed); varied: \(report.variedDescription)"
                    )
                    print(report.unitTable().rendered())
                    print("")
                    print(
                        "Most volatile (widest 5–95 % rank interval): "
                            + report.mostVolatile(5).map { "\($0.id) \($0.q05)–\($0.q95)" }.joined(separator: ", ")
                    )
                    print(
                        "Mean absolute rank shift from the nominal ranking: \(NumberFormat.fixed(result.accumulator.meanRankShift, 2))"
                    )
                    if method == .sobol {
                        print("")
                        print(
                            "Sensitivity of the mean absolute rank shift (Jansen estimators, 95 % bootstrap intervals)"
                        )
                        print(report.sensitivityTable().rendered())
                    }
                    if dataset.isIllustrative {
                        print(Dataset.illustrativeNote)
                    }
                    if let out { print("Wrote robustness.json and units.csv to \(out)") }
                }
            }
        }
    }
}

/// The analysis's results as tables and JSON.
struct RobustnessReport {
    let model: UncertaintyModel
    let run: RobustnessRun
    let result: RobustnessRun.Result
    let isIllustrative: Bool

    struct UnitRow {
        var index: Int
        var id: String
        var nominal: Int
        var median: Int
        var q05: Int
        var q95: Int
    }

    var rootSlot: Int { model.reportedSlots.count - 1 }

    func row(_ unit: Int, slot: Int? = nil) -> UnitRow {
        let slot = slot ?? rootSlot
        let accumulator = result.accumulator
        return UnitRow(
            index: unit,
            id: model.units[unit].id,
            nominal: model.nominal.ranks[slot * model.units.count + unit],
            median: accumulator.rankQuantile(slot: slot, unit: unit, 0.5) ?? 0,
            q05: accumulator.rankQuantile(slot: slot, unit: unit, 0.05) ?? 0,
            q95: accumulator.rankQuantile(slot: slot, unit: unit, 0.95) ?? 0
        )
    }

    var rows: [UnitRow] {
        model.units.indices.map { row($0) }.sorted { ($0.nominal, $0.id) < ($1.nominal, $1.id) }
    }

    func mostVolatile(_ count: Int) -> [UnitRow] {
        Array(
            rows.sorted { a, b in
                (a.q95 - a.q05, abs(a.median - a.nominal), b.id) > (b.q95 - b.q05, abs(b.median - b.nominal), a.id)
            }.prefix(count)
        )
    }

    var variedDescription: String {
        let s = model.specification
        var parts: [String] = []
        if !s.treatments.isEmpty { parts.append("treatment " + s.treatments.map(\.name).joined(separator: " / ")) }
        if !s.normalisations.isEmpty {
            parts.append("normalisation " + s.normalisations.map(Self.name).joined(separator: " / "))
        }
        if let weights = s.weights { parts.append("weights " + weights.name) }
        if !s.aggregations.isEmpty {
            parts.append("aggregation " + s.aggregations.map(\.name).joined(separator: " / "))
        }
        if !s.tierMethods.isEmpty { parts.append("tiers " + s.tierMethods.map(\.name).joined(separator: " / ")) }
        return parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
    }

    static func name(_ method: NormalisationMethod) -> String {
        switch method {
        case .minMax(let lower, let upper): "minmax:\(Cell.format(lower)),\(Cell.format(upper))"
        case .zScore(let mean, let sd, _): "zscore:\(Cell.format(mean)),\(Cell.format(sd))"
        case .goalposts(let lower, let upper): "goalposts:\(Cell.format(lower)),\(Cell.format(upper))"
        case .percentileRank(let lower, let upper): "percentile:\(Cell.format(lower)),\(Cell.format(upper))"
        default: method.name
        }
    }

    func unitTable() -> TextTable {
        let tiers = model.maxTier
        let header =
            ["nominal", "id", "unit", "median", "5–95 %"] + (1...tiers).map { "P(tier \($0))" } + [
                "P(top \(model.specification.topCount))"
            ]
        let body = rows.map { row -> [String] in
            let unit = model.units[row.index]
            let probabilities = result.accumulator.tierProbabilities(unit: row.index)
            let label = Console.label(unit.name)
            return [String(row.nominal), row.id, label, String(row.median), "\(row.q05)–\(row.q95)"]
                + probabilities.map { NumberFormat.fixed($0, 2) }
                + [
                    NumberFormat.fixed(
                        result.accumulator.probability(
                            slot: rootSlot,
                            unit: row.index,
                            rankAtMost: model.specification.topCount
                        ),
                        2
                    )
                ]
        }
        return TextTable(header: header, rows: body, rightAligned: Set([0, 3, 4]).union(5..<(header.count)))
    }

    func sensitivityTable() -> TextTable {
        TextTable(
            header: ["assumption", "first order", "95 % interval", "total", "95 % interval"],
            rows: zip(model.groups, result.sensitivity).map { group, index in
                [
                    group.rawValue, NumberFormat.fixed(index.firstOrder, 3),
                    index.firstOrderInterval.map {
                        "\(NumberFormat.fixed($0.lowerBound, 3))–\(NumberFormat.fixed($0.upperBound, 3))"
                    } ?? "",
                    NumberFormat.fixed(index.total, 3),
                    index.totalInterval.map {
                        "\(NumberFormat.fixed($0.lowerBound, 3))–\(NumberFormat.fixed($0.upperBound, 3))"
                    } ?? "",
                ]
            },
            rightAligned: [1, 2, 3, 4]
        )
    }

    static func interval(_ range: ClosedRange<Double>?) -> JSONValue {
        range.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null
    }

    func json() -> JSONValue {
        let accumulator = result.accumulator
        let count = model.units.count
        let units: [JSONValue] = rows.map { row in
            let unit = model.units[row.index]
            let tiers = accumulator.tierProbabilities(unit: row.index)
            var fields: [(String, JSONValue)] = [
                ("id", .string(row.id)),
                ("name", .object([("zh", .string(unit.name.zh)), ("en", .string(unit.name.en))])),
                ("nominalRank", .number(Double(row.nominal))), ("medianRank", .number(Double(row.median))),
                ("q05", .number(Double(row.q05))), ("q95", .number(Double(row.q95))),
                ("tierProbabilities", .object(tiers.enumerated().map { ("\($0.offset + 1)", .number($0.element)) })),
                (
                    "topProbability",
                    .number(
                        accumulator.probability(
                            slot: rootSlot,
                            unit: row.index,
                            rankAtMost: model.specification.topCount
                        )
                    )
                ),
                (
                    "nodes",
                    .object(
                        model.reportedSlots.enumerated().dropLast().map { position, slot in
                            let node = self.row(row.index, slot: position)
                            return (
                                model.compiled.nodeIDs[slot],
                                .object([
                                    ("nominalRank", .number(Double(node.nominal))),
                                    ("medianRank", .number(Double(node.median))),
                                    ("q05", .number(Double(node.q05))), ("q95", .number(Double(node.q95))),
                                    (
                                        "topProbability",
                                        .number(
                                            accumulator.probability(
                                                slot: position,
                                                unit: row.index,
                                                rankAtMost: model.specification.topCount
                                            )
                                        )
                                    ),
                                ])
                            )
                        }
                    )
                ),
            ]
            if !result.unitSensitivity.isEmpty {
                fields.append(
                    (
                        "sensitivity",
                        .array(
                            zip(model.groups, result.unitSensitivity[row.index]).map { group, index in
                                .object([
                                    ("assumption", .string(group.rawValue)), ("firstOrder", .number(index.firstOrder)),
                                    ("total", .number(index.total)),
                                ])
                            }
                        )
                    )
                )
            }
            return .object(fields)
        }
        var document: [(String, JSONValue)] = [
            ("replications", .number(Double(run.replications))), ("seed", .number(Double(run.seed))),
            ("method", .string(run.method.rawValue)), ("runs", .number(Double(result.runs))),
            ("evaluation", .string(model.compiled.evaluation.id)), ("period", .string(model.period)),
            ("varied", .string(variedDescription)), ("units", .array(units)),
            ("mostVolatile", .array(mostVolatile(5).map { .string($0.id) })),
            ("meanRankShift", .number(accumulator.meanRankShift)), ("illustrative", .bool(isIllustrative)),
            ("unitCount", .number(Double(count))),
        ]
        if run.method == .sobol {
            document.append(
                (
                    "sensitivity",
                    .array(
                        zip(model.groups, result.sensitivity).map { group, index in
                            .object([
                                ("assumption", .string(group.rawValue)), ("firstOrder", .number(index.firstOrder)),
                                ("total", .number(index.total)),
                                ("firstOrderCI", Self.interval(index.firstOrderInterval)),
                                ("totalCI", Self.interval(index.totalInterval)),
                            ])
                        }
                    )
                )
            )
        }
        return .object(document)
    }
}
