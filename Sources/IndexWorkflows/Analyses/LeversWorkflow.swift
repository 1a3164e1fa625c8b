public import IndexCore
import IndexIO

/// What would move a unit: the indicators that raise its score most and the single change that
/// lifts it into the next tier (`iidei levers --format json`, `POST /api/v1/levers`).
public struct LeversDocument: Codable, Sendable, Hashable {
    public var unit: String
    public var evaluation: String
    public var period: String
    public var score: Double?
    public var rank: Int
    public var tier: Int
    public var levers: [Lever]

    /// One indicator's lever: the score gained per step of 1 % of its range.
    public struct Lever: Codable, Sendable, Hashable {
        public var indicator: String
        public var value: Double?
        public var step: Double?
        public var gainPerStep: Double?
        public var valueForNextTier: Double?
        public var note: String?
    }

    init(_ report: LeverReport, evaluation: String, period: String) {
        unit = report.unit
        self.evaluation = evaluation
        self.period = period
        score = finite(report.score)
        rank = report.rank
        tier = report.tier
        levers = report.levers.map { lever in
            Lever(
                indicator: lever.indicator,
                value: finite(lever.value),
                step: finite(lever.step),
                gainPerStep: finite(lever.gainPerStep),
                valueForNextTier: finite(lever.valueForNextTier),
                note: lever.note
            )
        }
    }
}

/// A unit's levers: the report (for tables) and its document.
public struct LeversOutcome: Sendable {
    public var report: LeverReport
    /// The unit's code, resolved from the code or name asked for.
    public var unit: String
    public var evaluation: String
    public var period: String
    public var document: LeversDocument { LeversDocument(report, evaluation: evaluation, period: period) }
}

extension Workflows {
    /// The levers of one unit (code or name: 江苏, 江苏省, Jiangsu) in a cross-section evaluation
    /// (`nil` = the first), each change run through the whole index under the run's options.
    public func levers(
        unit: String,
        evaluation: String? = nil,
        inputs: LoadedInputs,
        options: RunOptions
    ) throws -> LeversOutcome {
        let id: String
        switch NameResolver.units(inputs.dataset.units).resolve(unit) {
        case .found(let found): id = found
        case .ambiguous(let ids):
            throw IndexError("ambiguous unit '\(unit)': it could be \(ids.joined(separator: " or "))")
        case .unknown: throw IndexError("unknown unit '\(unit)'")
        }
        let pipeline = try CrossSectionPipeline(
            framework: inputs.framework,
            dataset: inputs.dataset,
            evaluationID: evaluation,
            options: options
        )
        return LeversOutcome(
            report: try Levers.report(pipeline, unit: id),
            unit: id,
            evaluation: pipeline.compiled.evaluation.id,
            period: pipeline.period
        )
    }

    /// The levers an API request asks for: of a recorded run, or of a stored dataset under options.
    public func levers(_ request: AnalysisAPIRequest) throws -> LeversOutcome {
        guard let unit = request.unit else { throw IndexError("name the unit: \"unit\": \"CODE or name\"") }
        let (inputs, options) = try analysed(request)
        return try levers(unit: unit, evaluation: request.evaluation, inputs: inputs, options: options)
    }
}
