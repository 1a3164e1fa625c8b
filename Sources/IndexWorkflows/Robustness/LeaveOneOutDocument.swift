public import IndexCore

/// What leaving each node out does to every unit's index rank (`iidei robustness --leave-one-out
/// --format json`, `POST /api/v1/leave-one-out`): per node left out (weight 0 within its parent,
/// its siblings filling its share), each unit's rank without it, its shift (positive = the unit
/// falls) and the mean absolute shift. A rank is `null` where the unit has no index score.
public struct LeaveOneOutDocument: Codable, Sendable, Hashable {
    public var evaluation: String
    public var period: String
    public var units: [String]
    public var nominalRanks: [Int?]
    public var removals: [Removal]

    public struct Removal: Codable, Sendable, Hashable {
        public var node: String
        /// 1 = indicator, each aggregate level one more.
        public var level: Int
        public var ranks: [Int?]
        /// Rank without the node − nominal rank, per unit (0 where either has no score).
        public var shifts: [Int]
        public var meanAbsoluteShift: Double
    }

    init(evaluation: String, _ analysis: LeaveOneOut) {
        self.evaluation = evaluation
        period = analysis.period
        units = analysis.units
        nominalRanks = analysis.nominalRanks.map { $0 > 0 ? $0 : nil }
        removals = analysis.removals.map { removal in
            Removal(
                node: removal.node,
                level: removal.level,
                ranks: removal.ranks.map { $0 > 0 ? $0 : nil },
                shifts: removal.shifts,
                meanAbsoluteShift: removal.meanAbsoluteShift.isFinite ? removal.meanAbsoluteShift : 0
            )
        }
    }
}

/// A leave-one-out analysis and its document.
public struct LeaveOneOutOutcome: Sendable {
    public var evaluation: String
    public var analysis: LeaveOneOut
    public var document: LeaveOneOutDocument { LeaveOneOutDocument(evaluation: evaluation, analysis) }
}

extension Workflows {
    /// The leave-one-out analysis an API request asks for: of a recorded run, or of a stored dataset
    /// under options.
    public func leaveOneOut(_ request: AnalysisAPIRequest) throws -> LeaveOneOutOutcome {
        guard request.unit == nil else {
            throw IndexError("leave-one-out ranks every unit together: leave out \"unit\"")
        }
        let (inputs, options) = try analysed(request)
        return try leaveOneOutOutcome(evaluation: request.evaluation, inputs: inputs, options: options)
    }

    /// The index recomputed without each node in turn, with its evaluation's id (for documents).
    public func leaveOneOutOutcome(
        evaluation: String? = nil,
        inputs: LoadedInputs,
        options: RunOptions
    ) throws -> LeaveOneOutOutcome {
        let pipeline = try CrossSectionPipeline(
            framework: inputs.framework,
            dataset: inputs.dataset,
            evaluationID: evaluation,
            options: options
        )
        return LeaveOneOutOutcome(evaluation: pipeline.evaluation.id, analysis: try pipeline.leaveOneOut())
    }
}
