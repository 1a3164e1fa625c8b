import Foundation
public import IndexCore
import IndexStore

/// What a robustness analysis varies and how long it runs: the command line's flags and the body of
/// `POST /api/v1/robustness`. Every field may be left out; the defaults are the command line's.
public struct RobustnessRequest: Codable, Sendable, Hashable {
    /// `ua` or `sobol`.
    public var method: RobustnessRun.Method?
    /// Replications (ua), or base samples N (sobol).
    public var replications: Int?
    public var seed: UInt64?
    /// Worker threads; `nil` = every core.
    public var threads: Int?
    /// `uniform:F`, `dirichlet:K`, `experts` or `ahp-step`.
    public var varyWeights: String?
    /// `;`-separated normalisations, e.g. `minmax:1,100;zscore:10,2;rank`.
    public var varyNormalisation: String?
    /// `arithmetic;geometric`.
    public var varyAggregation: String?
    /// `jenks:4;sizes:6,11,10,4`.
    public var varyTiers: String?
    /// `none;mean;coinr;mean+coinr`.
    public var varyTreatment: String?
    /// The cross-section evaluation to analyse; `nil` = the first.
    public var evaluation: String?
    /// The top-N whose probability is reported.
    public var top: Int?
    /// Bootstrap resamples for the Sobol intervals.
    public var bootstrap: Int?
    /// `indicators`, `pillars` or `level:N`: each replication leaves out one of those nodes or none
    /// (``IndexCore/InclusionVariation``).
    public var varyInclusion: String?

    public init(
        method: RobustnessRun.Method? = nil,
        replications: Int? = nil,
        seed: UInt64? = nil,
        threads: Int? = nil,
        varyWeights: String? = nil,
        varyNormalisation: String? = nil,
        varyAggregation: String? = nil,
        varyTiers: String? = nil,
        varyTreatment: String? = nil,
        evaluation: String? = nil,
        top: Int? = nil,
        bootstrap: Int? = nil,
        varyInclusion: String? = nil
    ) {
        self.varyInclusion = varyInclusion
        self.method = method
        self.replications = replications
        self.seed = seed
        self.threads = threads
        self.varyWeights = varyWeights
        self.varyNormalisation = varyNormalisation
        self.varyAggregation = varyAggregation
        self.varyTiers = varyTiers
        self.varyTreatment = varyTreatment
        self.evaluation = evaluation
        self.top = top
        self.bootstrap = bootstrap
    }

    /// The defaults of a field left out (the command line's defaults too).
    public static let defaultMethod = RobustnessRun.Method.ua
    public static let defaultReplications = 1_000
    public static let defaultSeed: UInt64 = 2024
    public static let defaultTop = 10
    public static let defaultBootstrap = 200

    /// The most replications one request may ask for (a bound on the work a client can start).
    public static let replicationLimit = 1_000_000

    /// The assumptions that vary: the given ones, or the documented default set when none is given.
    public func specification(units: Int, tiers: Int) throws -> UncertaintySpecification {
        let anyGiven = [varyWeights, varyNormalisation, varyAggregation, varyTiers, varyTreatment, varyInclusion]
            .contains {
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
        if let varyInclusion { specification.inclusion = try InclusionVariation(name: varyInclusion) }
        specification.topCount = top ?? Self.defaultTop
        return specification
    }
}

/// A robustness analysis: its report (rows, volatility, the document) and the nominal cross-section.
public struct RobustnessOutcome: Sendable {
    public var report: RobustnessReport
    /// The run's own cross-section: the nominal ranks every replication is compared with.
    public var section: CrossSectionResult
    public var elapsed: Duration
    public var document: RobustnessDocument { report.document }
}

extension Workflows {
    /// How robust each rank is: uncertainty and Sobol sensitivity analysis over the assumptions the
    /// request varies, every alternative a variation of the run's own options (one pipeline).
    ///
    /// - Parameter progress: called with (done, total) as replications finish.
    public func robustness(
        _ request: RobustnessRequest,
        inputs: LoadedInputs,
        options: RunOptions,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> RobustnessOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let (run, section) = try prepared(request, inputs: inputs, options: options, progress: progress)
        let result = try run.run()
        return RobustnessOutcome(
            report: RobustnessReport(
                model: run.model,
                run: run,
                result: result,
                isIllustrative: inputs.dataset.isIllustrative
            ),
            section: section,
            elapsed: clock.now - start
        )
    }

    /// The analysis a request asks for, checked and prepared (model built, nothing run yet), with
    /// the nominal cross-section.
    func prepared(
        _ request: RobustnessRequest,
        inputs: LoadedInputs,
        options: RunOptions,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> (run: RobustnessRun, section: CrossSectionResult) {
        let replications = request.replications ?? RobustnessRequest.defaultReplications
        guard (1...RobustnessRequest.replicationLimit).contains(replications) else {
            throw IndexError(
                "--replications must be from 1 to \(RobustnessRequest.replicationLimit), not \(replications)"
            )
        }
        let threads = request.threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard (1...1024).contains(threads) else { throw IndexError("--threads must be from 1 to 1024") }
        let bootstrap = request.bootstrap ?? RobustnessRequest.defaultBootstrap
        guard (0...100_000).contains(bootstrap) else { throw IndexError("--bootstrap must be from 0 to 100000") }
        let top = request.top ?? RobustnessRequest.defaultTop
        guard top >= 1 else { throw IndexError("--top must be at least 1") }
        let pipeline = try CrossSectionPipeline(
            framework: inputs.framework,
            dataset: inputs.dataset,
            evaluationID: request.evaluation,
            options: options
        )
        let section = try pipeline.result()
        let model = try UncertaintyModel(
            framework: inputs.framework,
            dataset: inputs.dataset,
            evaluationID: section.evaluation,
            options: options,
            specification: try request.specification(units: section.units.count, tiers: section.tierNames.count)
        )
        let run = RobustnessRun(
            model: model,
            method: request.method ?? RobustnessRequest.defaultMethod,
            replications: replications,
            seed: request.seed ?? RobustnessRequest.defaultSeed,
            threads: threads,
            bootstrap: bootstrap,
            progress: progress
        )
        return (run, section)
    }
}

/// The body of `POST /api/v1/robustness`: a recorded run (`{"run": "3"}`), or a stored dataset with
/// run options (`{"dataset": "provinces@1", "options": {…}}`), and the analysis (`"analysis": {…}`,
/// ``RobustnessRequest``). Read strictly: any other field is an error.
public struct RobustnessAPIRequest: Codable, Sendable, Hashable {
    public var run: String?
    public var dataset: String?
    public var options: RunOptions?
    public var analysis: RobustnessRequest?

    public init(
        run: String? = nil,
        dataset: String? = nil,
        options: RunOptions? = nil,
        analysis: RobustnessRequest? = nil
    ) {
        self.run = run
        self.dataset = dataset
        self.options = options
        self.analysis = analysis
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case run, dataset, options, analysis
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownFields(decoder, CodingKeys.self, expected: "run, or dataset and options, and analysis")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        run = try container.decodeIfPresent(String.self, forKey: .run)
        dataset = try container.decodeIfPresent(String.self, forKey: .dataset)
        options = try container.decodeIfPresent(RunOptions.self, forKey: .options)
        analysis = try container.decodeIfPresent(RobustnessRequest.self, forKey: .analysis)
        try Workflows.checkAnalysed(run: run, dataset: dataset, options: options)
    }
}

extension Workflows {
    /// A robustness analysis of a recorded run, or of a stored dataset under options.
    public func robustness(
        _ request: RobustnessAPIRequest,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> RobustnessOutcome {
        var analysis = request.analysis ?? RobustnessRequest()
        // A request served to a client runs on one worker: the server's other requests keep theirs.
        analysis.threads = 1
        let (inputs, options) = try analysed(run: request.run, dataset: request.dataset, options: request.options)
        return try robustness(analysis, inputs: inputs, options: options, progress: progress)
    }

    /// Every replication's drawn parameters with each unit's rank and score (`POST
    /// /api/v1/robustness/draws`; the command line's `--draws FILE`), for the analysis a request
    /// describes, without running the analysis itself: each row is evaluated from its own seeds.
    ///
    /// - Throws: ``IndexCore/IndexError`` when the analysis would make more than
    ///   ``RobustnessDrawsDocument/requestRowLimit`` rows (a response a client can hold).
    public func robustnessDraws(_ request: RobustnessAPIRequest) throws -> RobustnessDrawsDocument {
        var analysis = request.analysis ?? RobustnessRequest()
        analysis.threads = 1
        let (inputs, options) = try analysed(run: request.run, dataset: request.dataset, options: request.options)
        let (run, _) = try prepared(analysis, inputs: inputs, options: options)
        guard run.runCount <= RobustnessDrawsDocument.requestRowLimit else {
            throw IndexError(
                "the draws of \(run.runCount) runs are more than one response carries (at most \(RobustnessDrawsDocument.requestRowLimit)); ask for fewer replications, or write them with iidei robustness --draws FILE"
            )
        }
        return try run.draws()
    }
}
