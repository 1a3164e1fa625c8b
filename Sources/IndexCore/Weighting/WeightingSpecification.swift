/// How an evaluation's weights are derived: AHP judgements on aggregate nodes, an expert panel on
/// the indicators, and their combination (METHOD.md §4).
public struct WeightingSpecification: Sendable, Hashable {
    /// Judgement matrices per aggregate node id, over its children in order; several = several experts.
    public var judgements: [String: [JudgementMatrix]]
    /// Weights of the AHP experts (rescaled to total 1); `nil` = equal.
    public var expertWeights: [Double]?
    /// How several experts' matrices for a node are combined (AIJ by default).
    public var groupAggregation: GroupAggregation
    /// How priorities are read from a matrix (the principal eigenvector by default).
    public var priorityMethod: PriorityMethod
    /// The random index table for CR (Saaty 1980 by default).
    public var riTable: RandomIndexTable
    /// Accept matrices with CR ≥ 0.10 (they are still reported as inconsistent).
    public var allowInconsistent: Bool
    /// Expert scores on the indicators (专家打分), or `nil`.
    public var panel: ExpertPanel?
    /// How the panel's scores are summarised (the mean by default).
    public var panelSummary: PanelSummary
    /// The panel's full score; `nil` = the highest score given.
    public var panelFullScore: Double?
    /// The AHP share in `α · AHP + (1 − α) · panel`.
    public var alpha: Double

    /// A specification; with the defaults, weights are those stated in the tree.
    public init(
        judgements: [String: [JudgementMatrix]] = [:],
        expertWeights: [Double]? = nil,
        groupAggregation: GroupAggregation = .aij,
        priorityMethod: PriorityMethod = .eigenvector,
        riTable: RandomIndexTable = .saaty1980,
        allowInconsistent: Bool = false,
        panel: ExpertPanel? = nil,
        panelSummary: PanelSummary = .mean,
        panelFullScore: Double? = nil,
        alpha: Double = 0.5
    ) {
        self.judgements = judgements
        self.expertWeights = expertWeights
        self.groupAggregation = groupAggregation
        self.priorityMethod = priorityMethod
        self.riTable = riTable
        self.allowInconsistent = allowInconsistent
        self.panel = panel
        self.panelSummary = panelSummary
        self.panelFullScore = panelFullScore
        self.alpha = alpha
    }
}

/// Weights as derived, with every intermediate step, so a reader can see where each number came from.
public struct DerivedWeights: Sendable, Hashable {
    /// The tree with each node's local weight (share of its parent, siblings totalling 1).
    public var root: FrameworkNode
    /// Effective (global) weight of every node in percent: products down the tree; each level totals 100.
    public var effective: [String: Double]
    /// The AHP (or stated) global weight of each indicator in percent, before the panel.
    public var initial: [String: Double]
    /// The panel's weight of each indicator in percent.
    public var panelWeights: [String: Double]?
    /// AHP results per aggregate node.
    public var ahp: [String: GroupAHPResult]
    /// The panel's statistics, when there is a panel.
    public var panel: PanelResult?
    /// The AHP share α in the combination, when there is a panel.
    public var alpha: Double?
}

extension Evaluation {
    /// Derives the evaluation's weights: AHP (or stated) local weights, global weights as products
    /// down the tree, then `α · AHP + (1 − α) · panel` at the indicators, from which every upper
    /// node's weight is the sum of its indicators'.
    ///
    /// - Throws: ``IndexError`` naming the node for a matrix of the wrong order, an inconsistent
    ///   matrix (CR ≥ 0.10) unless allowed, or a panel that does not cover the indicators.
    public func deriveWeights() throws -> DerivedWeights {
        let spec = weighting ?? WeightingSpecification()
        var ahpResults: [String: GroupAHPResult] = [:]
        var initial: [String: Double] = [:]

        func walk(_ node: FrameworkNode, global: Double) throws {
            if node.isLeaf {
                initial[node.id] = global * 100
                return
            }
            var local: [Double]
            if let matrices = spec.judgements[node.id] {
                for matrix in matrices where matrix.order != node.children.count {
                    throw IndexError(
                        "judgement matrix for '\(node.id)' is \(matrix.order) × \(matrix.order) but the node has \(node.children.count) children"
                    )
                }
                let result = try AHP.analyseGroup(
                    matrices,
                    expertWeights: matrices.count > 1 ? spec.expertWeights : nil,
                    aggregation: spec.groupAggregation,
                    method: spec.priorityMethod,
                    riTable: spec.riTable
                )
                if !spec.allowInconsistent {
                    let crs = (result.consistency.map { [$0] } ?? []) + result.experts
                    if let bad = crs.first(where: { !$0.isConsistent }) {
                        throw IndexError(
                            "judgement matrix for '\(node.id)' is inconsistent: CR = \(formatted(bad.cr)) ≥ 0.10 (RI table \(bad.riTable)); revise it or allow inconsistent matrices"
                        )
                    }
                }
                ahpResults[node.id] = result
                local = result.weights
            } else {
                local = node.children.map(\.weight)
                guard local.allSatisfy({ $0 >= 0 && $0.isFinite }), local.reduce(0, +) > 0 else {
                    throw IndexError("weights of the children of '\(node.id)' must be non-negative and not all zero")
                }
                let total = local.reduce(0, +)
                local = local.map { $0 / total }
            }
            for (child, weight) in zip(node.children, local) { try walk(child, global: global * weight) }
        }
        try walk(root, global: 1)

        var leafFinal = initial
        var panelResult: PanelResult?
        var panelPercent: [String: Double]?
        if let panel = spec.panel {
            let result = try panel.analyse(fullScore: spec.panelFullScore, summary: spec.panelSummary)
            let byID = result.weightByID
            let leaves = root.indicators.map(\.id)
            if let unknown = panel.indicators.first(where: { initial[$0] == nil }) {
                throw IndexError(
                    "expert panel scores an indicator that is not in evaluation '\(id)'",
                    indicator: unknown
                )
            }
            if let missing = leaves.first(where: { byID[$0] == nil }) {
                throw IndexError(
                    "expert panel gives no score for an indicator of evaluation '\(id)'",
                    indicator: missing
                )
            }
            panelPercent = byID.mapValues { $0 * 100 }
            for leaf in leaves {
                leafFinal[leaf] = spec.alpha * (initial[leaf] ?? 0) + (1 - spec.alpha) * (byID[leaf] ?? 0) * 100
            }
            panelResult = result
        }

        var effective: [String: Double] = [:]
        @discardableResult
        func sum(_ node: FrameworkNode) -> Double {
            let value = node.isLeaf ? (leafFinal[node.id] ?? 0) : node.children.reduce(0) { $0 + sum($1) }
            effective[node.id] = value
            return value
        }
        let total = sum(root)
        guard total > 0 else { throw IndexError("every weight of evaluation '\(id)' is zero") }
        effective = effective.mapValues { $0 * 100 / total }

        func localised(_ node: FrameworkNode) -> FrameworkNode {
            var copy = node
            let parentWeight = effective[node.id] ?? 0
            copy.children = node.children.map { child in
                var updated = localised(child)
                updated.weight = parentWeight > 0 ? (effective[child.id] ?? 0) / parentWeight : 0
                return updated
            }
            return copy
        }
        var tree = localised(root)
        tree.weight = 1
        return DerivedWeights(
            root: tree,
            effective: effective,
            initial: initial,
            panelWeights: panelPercent,
            ahp: ahpResults,
            panel: panelResult,
            alpha: spec.panel == nil ? nil : spec.alpha
        )
    }
}

func formatted(_ value: Double, digits: Int = 4) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return "\((value * scale).rounded() / scale)"
}
