import ArgumentParser
import Dispatch
import Foundation
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows
import Synchronization

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
    var method = RobustnessRequest.defaultMethod

    @Option(help: "Replications (ua), or base samples N (sobol).")
    var replications = RobustnessRequest.defaultReplications

    @Option(help: "Random seed.")
    var seed = RobustnessRequest.defaultSeed

    @Option(help: "Worker threads. Default: every core.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Weights: uniform:F, dirichlet:K, experts (bootstrap the panel) or ahp-step (perturb judgements).")
    var varyWeights: String?

    @Option(help: "Normalisations, ;-separated, e.g. \"minmax:1,100;zscore:10,2;rank\".")
    var varyNormalisation: String?

    @Option(help: "Aggregations, ;-separated, e.g. \"arithmetic;geometric;mpi;bod:0.05,0.5\".")
    var varyAggregation: String?

    @Option(help: "Tier methods, e.g. \"jenks:4;sizes:6,11,10,4\".")
    var varyTiers: String?

    @Option(help: "Data treatments, e.g. \"none;mean;coinr;mean+coinr\".")
    var varyTreatment: String?

    @Option(
        help:
            "Inclusion: each replication leaves out one node of indicators, pillars or level:N, or none (uniformly; the siblings' weights fill its share)."
    )
    var varyInclusion: String?

    @Option(help: "The cross-section evaluation to analyse. Default: the first.")
    var evaluation: String?

    @Option(help: "Top-N whose probability is reported.")
    var top = RobustnessRequest.defaultTop

    @Option(help: "Bootstrap resamples for the Sobol intervals.")
    var bootstrap = RobustnessRequest.defaultBootstrap

    @Flag(help: "Leave each indicator and each aggregate out in turn (weight 0) and show the rank shifts.")
    var leaveOneOut = false

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Write robustness.json and units.csv (and sensitivity.csv) to this folder.")
    var out: String?

    @Option(
        help:
            "Write every replication's drawn choices (treatment, normalisation, aggregation, tiers, node left out, local weights) and each unit's index rank and score to this file: CSV, or JSON when it ends in .json."
    )
    var draws: String?

    /// The analysis as the workflows take it.
    var request: RobustnessRequest {
        RobustnessRequest(
            method: method,
            replications: replications,
            seed: seed,
            threads: threads,
            varyWeights: varyWeights,
            varyNormalisation: varyNormalisation,
            varyAggregation: varyAggregation,
            varyTiers: varyTiers,
            varyTreatment: varyTreatment,
            evaluation: evaluation,
            top: top,
            bootstrap: bootstrap,
            varyInclusion: varyInclusion
        )
    }

    /// The framework, data and options: the user's, or a recorded run's (`--run`).
    func loadRun() throws -> (LoadedInputs, RunOptions) {
        guard let recordedRun else { return (try inputs.load(), try inputs.options()) }
        guard inputs.dataset == nil, inputs.inputs.data.isEmpty, inputs.inputs.framework == nil,
            try inputs.options().isDefault
        else {
            throw ValidationError(
                "--run starts from a recorded run's framework, data and options: give no other input or run option"
            )
        }
        // Reading a recorded run writes nothing: read-only, so a mistyped --db is not created empty.
        let (record, loaded) = try Workflows(store: try inputs.store.openForReading()).recorded(recordedRun)
        return (loaded, record.options)
    }

    func run() throws {
        try display.apply {
            try reportingErrors {
                guard replications > 0 else { throw ValidationError("--replications must be positive") }
                let (loaded, options) = try loadRun()
                if leaveOneOut {
                    let outcome = try Workflows().leaveOneOutOutcome(
                        evaluation: evaluation,
                        inputs: loaded,
                        options: options
                    )
                    switch format {
                    case .json: print(try WorkflowJSON.text(outcome.document), terminator: "")
                    case .csv: print(Self.leaveOneOutTable(outcome.analysis).csv(), terminator: "")
                    case .table: print(Self.leaveOneOutTable(outcome.analysis).rendered())
                    }
                    return
                }
                let outcome = try Workflows().robustness(
                    request,
                    inputs: loaded,
                    options: options,
                    progress: Progress(label: "replications").update
                )
                let (report, result, section, elapsed) = (
                    outcome.report, outcome.report.result, outcome.section, outcome.elapsed
                )
                let dataset = loaded.dataset
                if let draws {
                    let document = try report.run.draws()
                    let text = draws.lowercased().hasSuffix(".json") ? try WorkflowJSON.text(document) : document.csv
                    try AtomicFile.write(text, to: draws)
                }
                if let out {
                    var files = [
                        ("robustness.json", try WorkflowJSON.text(report.document)),
                        ("units.csv", report.unitTable().csv()),
                    ]
                    if method == .sobol { files.append(("sensitivity.csv", report.sensitivityTable().csv())) }
                    try OutputWriter.write(files, to: out)
                }
                switch format {
                case .json: print(try WorkflowJSON.text(report.document), terminator: "")
                case .csv: print(report.unitTable().csv(), terminator: "")
                case .table:
                    print(
                        "\(ResultTables.label(section.name)) — \(section.period): \(result.runs) runs (\(method.rawValue)), seed \(seed), "
                            + "\(threads) thread(s), \(NumberFormat.fixed(elapsed.seconds, 2)) seconds; varied: \(report.variedDescription)"
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

extension RobustnessCommand {
    /// One row per node left out: its mean absolute rank shift and the unit that moves most.
    static func leaveOneOutTable(_ result: LeaveOneOut) -> TextTable {
        TextTable(
            header: ["left out", "level", "mean |shift|", "largest shift", "unit"],
            rows: result.removals.map { removal in
                let largest = removal.shifts.indices.max { abs(removal.shifts[$0]) < abs(removal.shifts[$1]) }
                return [
                    removal.node, String(removal.level), NumberFormat.fixed(removal.meanAbsoluteShift, 2),
                    largest.map { String(removal.shifts[$0]) } ?? "", largest.map { result.units[$0] } ?? "",
                ]
            },
            rightAligned: [1, 2, 3]
        )
    }
}

/// The analysis as the command's tables.
extension RobustnessReport {
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
}
