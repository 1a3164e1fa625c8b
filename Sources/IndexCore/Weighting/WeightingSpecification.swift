/// Where the expert panel's scores meet the AHP weights (METHOD.md §4).
///
/// ```
/// global:         w_j = α · AHP_j + (1 − α) · panel_j
///                 (AHP_j the product of local weights down the tree, panel_j = s_j / Σ_all s;
///                  upper levels are re-summed from the indicators, so they drift from the AHP's)
/// within-parent:  for the indicators j under one parent p,
///                 local_j = S_p · (α · AHP_j / S_p + (1 − α) · s_j / Σ_{k under p} s_k)
///                 (S_p the AHP share of p's indicator children: 1 when all its children are
///                  indicators); every aggregate keeps its AHP local weight
/// ```
/// `s_j` is the panel's summary score of indicator j. The built-in 2024 job uses `global`, the
/// default, which reproduces the report's published figures; `within-parent` reads the report's
/// "AHP gives the initial weights, the panel scores the third-level indicators" as a revision inside
/// each parent that keeps the pillar weights.
public enum PanelMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// The panel's weights over all indicators blended with the global AHP weights.
    case global
    /// The panel's weights normalised within each parent blended with the AHP local weights.
    case withinParent = "within-parent"

    /// Reads a mode's name: the one parser of the framework's `panel-mode:` and the run's `--panel-mode`.
    ///
    /// - Throws: ``IndexError`` listing the modes.
    public init(name: String) throws {
        guard let mode = PanelMode(rawValue: name) else {
            throw IndexError(
                "panel-mode must be \(PanelMode.allCases.map(\.rawValue).joined(separator: " or ")), not '\(name)'"
            )
        }
        self = mode
    }
}

extension Evaluation {
    /// The evaluation as a run's options configure its weighting (`--panel-mode`), so every analysis
    /// that derives the weights again (robustness's resampled panel among them) uses the run's mode.
    ///
    /// - Throws: ``IndexError`` when the run sets a panel mode and the evaluation has no expert panel
    ///   to blend.
    public func configured(by options: RunOptions) throws -> Evaluation {
        guard let mode = options.panelMode else { return self }
        guard var weighting, weighting.panel != nil else {
            throw IndexError(
                "evaluation '\(id)' has no expert panel, so --panel-mode \(mode.rawValue) has nothing to blend with the AHP weights"
            )
        }
        weighting.panelMode = mode
        var configured = self
        configured.weighting = weighting
        return configured
    }
}

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
    /// Where the panel's weights are blended with the AHP's: over all indicators (default) or within
    /// each parent.
    public var panelMode: PanelMode

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
        alpha: Double = 0.5,
        panelMode: PanelMode = .global
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
        self.panelMode = panelMode
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
    /// Where the panel was blended with the AHP, when there is a panel.
    public var panelMode: PanelMode?
}

extension Evaluation {
    /// Derives the evaluation's weights: AHP (or stated) local weights, global weights as products
    /// down the tree, then with a panel either `α · AHP + (1 − α) · panel` at the indicators, from
    /// which every upper node's weight is the sum of its indicators' (``PanelMode/global``), or the
    /// same blend of local weights within each parent, the aggregates keeping their AHP weights
    /// (``PanelMode/withinParent``).
    ///
    /// - Throws: ``IndexError`` naming the node for a matrix of the wrong order, an inconsistent
    ///   matrix (CR ≥ 0.10) unless allowed, or a panel that does not cover the indicators.
    public func deriveWeights() throws -> DerivedWeights {
        let spec = weighting ?? WeightingSpecification()
        var ahpResults: [String: GroupAHPResult] = [:]
        var initial: [String: Double] = [:]
        var revised: [String: Double] = [:]
        let panelResult = try spec.panel.map { try checkedPanel($0, spec: spec) }
        let byID = panelResult?.weightByID ?? [:]

        func walk(_ node: FrameworkNode, global: Double, ahpGlobal: Double) throws {
            if node.isLeaf {
                initial[node.id] = ahpGlobal * 100
                revised[node.id] = global * 100
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
            let ahpLocal = local
            if panelResult != nil, spec.panelMode == .withinParent {
                local = try Self.revisedWithinParent(node, ahp: local, panel: byID, alpha: spec.alpha)
            }
            for (index, child) in node.children.enumerated() {
                try walk(child, global: global * local[index], ahpGlobal: ahpGlobal * ahpLocal[index])
            }
        }
        try walk(root, global: 1, ahpGlobal: 1)

        var leafFinal = revised
        if panelResult != nil, spec.panelMode == .global {
            for leaf in root.indicators.map(\.id) {
                leafFinal[leaf] = spec.alpha * (initial[leaf] ?? 0) + (1 - spec.alpha) * (byID[leaf] ?? 0) * 100
            }
        }
        let panelPercent = panelResult.map { _ in byID.mapValues { $0 * 100 } }

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
            alpha: spec.panel == nil ? nil : spec.alpha,
            panelMode: spec.panel == nil ? nil : spec.panelMode
        )
    }

    /// The panel's statistics, after checking that it scores exactly the evaluation's indicators.
    func checkedPanel(_ panel: ExpertPanel, spec: WeightingSpecification) throws -> PanelResult {
        let result = try panel.analyse(fullScore: spec.panelFullScore, summary: spec.panelSummary)
        let leaves = root.indicators.map(\.id)
        let known = Set(leaves)
        if let unknown = panel.indicators.first(where: { !known.contains($0) }) {
            throw IndexError("expert panel scores an indicator that is not in evaluation '\(id)'", indicator: unknown)
        }
        let byID = result.weightByID
        if let missing = leaves.first(where: { byID[$0] == nil }) {
            throw IndexError("expert panel gives no score for an indicator of evaluation '\(id)'", indicator: missing)
        }
        return result
    }

    /// One parent's local weights with the panel's revision of its indicator children
    /// (``PanelMode/withinParent``): the indicator children keep their AHP share `S` of the parent, and
    /// within it each gets `α · AHP_j / S + (1 − α) · s_j / Σ s` (panel weights `s` of those children).
    /// Aggregate children keep their AHP local weights.
    ///
    /// - Throws: ``IndexError`` naming the parent when the panel gives all its indicators zero weight.
    static func revisedWithinParent(
        _ node: FrameworkNode,
        ahp: [Double],
        panel: [String: Double],
        alpha: Double
    ) throws -> [Double] {
        let leaves = node.children.indices.filter { node.children[$0].isLeaf }
        guard !leaves.isEmpty else { return ahp }
        let share = leaves.reduce(0) { $0 + ahp[$1] }
        let scored = leaves.reduce(0) { $0 + (panel[node.children[$1].id] ?? 0) }
        guard scored > 0 else {
            throw IndexError(
                "the expert panel gives every indicator under '\(node.id)' a zero score: within-parent mode has no panel weights there"
            )
        }
        var local = ahp
        for index in leaves {
            let ahpWithin = share > 0 ? ahp[index] / share : 1 / Double(leaves.count)
            let panelWithin = (panel[node.children[index].id] ?? 0) / scored
            local[index] = share * (alpha * ahpWithin + (1 - alpha) * panelWithin)
        }
        return local
    }
}

func formatted(_ value: Double, digits: Int = 4) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return "\((value * scale).rounded() / scale)"
}
