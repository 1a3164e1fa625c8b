public import IndexCore

/// Weights versus importance: each node's first-order importance on the index (the correlation
/// ratio) beside its nominal and effective weight (`iidei importance --format json`,
/// `POST /api/v1/importance`).
public struct ImportanceDocument: Codable, Sendable, Hashable {
    public var evaluation: String
    public var period: String
    public var units: Int
    /// How importance is estimated, in words.
    public var estimator: String
    public var nodes: [Node]

    /// One node: its weights, importance and their shares of its level.
    public struct Node: Codable, Sendable, Hashable {
        public var id: String
        public var parent: String
        public var level: Int
        public var nominalWeight: Double
        public var effectiveWeight: Double
        public var weightShare: Double
        public var importance: Double?
        public var importanceShare: Double?
        public var pearsonSquared: Double?
    }

    /// The estimator, as the document states it.
    public static let estimatorText =
        "correlation ratio Var(E[index | node]) / Var(index), E[index | node] by a penalised cubic regression spline "
        + "(truncated-power basis, knots at quantiles, ridge penalty on the knot terms chosen by GCV); "
        + "Paruolo, Saisana & Saltelli (2013)"

    init(_ analysis: WeightImportance) {
        evaluation = analysis.evaluation
        period = analysis.period
        units = analysis.unitCount
        estimator = Self.estimatorText
        nodes = analysis.nodes.map { node in
            Node(
                id: node.id,
                parent: node.parent,
                level: node.level,
                nominalWeight: node.nominalWeight,
                effectiveWeight: node.effectiveWeight,
                weightShare: node.weightShare,
                importance: finite(node.importance),
                importanceShare: finite(node.importanceShare),
                pearsonSquared: finite(node.pearsonSquared)
            )
        }
    }
}

/// A weights-versus-importance analysis and its document.
public struct ImportanceOutcome: Sendable {
    public var analysis: WeightImportance
    public var document: ImportanceDocument { ImportanceDocument(analysis) }
}

extension Workflows {
    /// Each node's first-order importance on the index beside its weights, for one cross-section
    /// evaluation (`nil` = the first) under the run's options.
    public func importance(
        evaluation: String? = nil,
        inputs: LoadedInputs,
        options: RunOptions
    ) throws -> ImportanceOutcome {
        let pipeline = try CrossSectionPipeline(
            framework: inputs.framework,
            dataset: inputs.dataset,
            evaluationID: evaluation,
            options: options
        )
        return ImportanceOutcome(analysis: try pipeline.weightImportance())
    }

    /// The importance an API request asks for: of a recorded run, or of a stored dataset under options.
    public func importance(_ request: AnalysisAPIRequest) throws -> ImportanceOutcome {
        guard request.unit == nil else {
            throw IndexError("importance is of every unit together: leave out \"unit\"")
        }
        let (inputs, options) = try analysed(request)
        return try importance(evaluation: request.evaluation, inputs: inputs, options: options)
    }
}
