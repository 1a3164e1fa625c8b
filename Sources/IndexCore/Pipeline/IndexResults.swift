/// A node's identity in results.
public struct NodeInfo: Sendable, Hashable {
    /// The node's id.
    public var id: String
    /// The node's name in both languages.
    public var name: LocalisedText
    /// The parent's id; `nil` for the root.
    public var parent: String?
    /// The depth in the tree (root 0).
    public var depth: Int
    /// Whether the node is an indicator (a leaf).
    public var isIndicator: Bool
    /// Local weight within the parent (share).
    public var localWeight: Double
}

/// The national (base-period) result: one series per node.
public struct SeriesResult: Sendable, Hashable {
    /// The evaluation's id.
    public var evaluation: String
    /// The evaluation's name.
    public var name: LocalisedText
    /// The unit the series follows (the nation).
    public var unit: String
    /// The periods, in order.
    public var periods: [String]
    /// The evaluation's nodes, parents before children.
    public var nodes: [NodeInfo]
    /// `series[node][t]`, index 100 in the base period; `nil` when missing.
    public var series: [String: [Double?]]
    /// Year-on-year growth in percent.
    public var growth: [String: [Double?]]
    /// CAGR in percent over the whole span.
    public var cagr: [String: Double?]
    /// Contribution to the parent's increase in percent.
    public var contribution: [String: [Double?]]
    /// The period whose index is 100.
    public var basePeriod: String
}

/// One unit's scores in a cross-section.
public struct UnitScore: Sendable, Hashable {
    /// The unit's id.
    public var id: String
    /// The unit's name in both languages.
    public var name: LocalisedText
    /// The overall score (the root's); `nil` when it has none.
    public var score: Double?
    /// The overall rank (1 = highest); `nil` without a score.
    public var rank: Int?
    /// The tier (1 = best); `nil` without a score.
    public var tier: Int?
    /// Score and rank per aggregate node (and indicator).
    public var nodes: [String: NodeScore]
    /// The share (0–1) of the evaluation's indicators with a value for this unit (after imputation).
    public var coverage: Double = 1
    /// The unit's groups from the unit list (column → value: `region` → `East`, …).
    public var groups: [String: String] = [:]
}

/// A score and rank at one node.
public struct NodeScore: Sendable, Hashable {
    /// The score; `nil` when missing.
    public var score: Double?
    /// The rank among units at this node (1 = highest); `nil` without a score.
    public var rank: Int?
}

/// The regional (cross-section) result.
public struct CrossSectionResult: Sendable, Hashable {
    /// The evaluation's id.
    public var evaluation: String
    /// The evaluation's name.
    public var name: LocalisedText
    /// The period ranked (the last one of a panel).
    public var period: String
    /// The evaluation's nodes, parents before children.
    public var nodes: [NodeInfo]
    /// Units in rank order.
    public var units: [UnitScore]
    /// How the tiers were cut.
    public var tierMethod: TierMethod
    /// The tiers' names, best first.
    public var tierNames: [LocalisedText]
    /// Top-N unit ids per aggregate node, best first.
    public var top: [String: [String]]
    /// The tier-1 units' share (percent) of the total over all units, per additive indicator and
    /// per node over its additive indicators (``CrossSectionPipeline``).
    public var leadingShare: [String: Double]
    /// Every tier's share (percent) of the total, computed as ``leadingShare`` is, per tier (index
    /// 0 = tier 1, so `tierShares[0]` equals ``leadingShare``).
    public var tierShares: [[String: Double]] = []
    /// The normalisation the scores are on.
    public var normalisation: NormalisationMethod
    /// Units left out by the screening rule, with their coverage.
    public var screened: [ScreenedUnit] = []
    /// Every unit's optimal weights at each node aggregated by benefit of the doubt (the period
    /// ranked); empty when none is.
    public var optimalWeights: [OptimalWeights] = []
    /// The level weights `--optimise-weights` chose and the optimiser's outcome (`nil` without it).
    public var weightOptimisation: OptimisedWeights?
    /// Every node's effective weight in percent as the run scored it, when the run replaced the
    /// derived weights (objective `--weights`, `--optimise-weights`); `nil` when it scored with the
    /// derived ones (``IndexResults/weights``). Read through ``IndexResults/effectiveWeights(_:)``.
    public var effectiveWeights: [String: Double]?
    /// Every period of a panel run (`nil` for a single period, whose fields are the ones above;
    /// for a panel those are the last period's).
    public var panel: CrossSectionPanel?
}

/// The result of one evaluation.
public enum EvaluationResult: Sendable, Hashable {
    case series(SeriesResult)
    case crossSection(CrossSectionResult)

    /// The evaluation's id.
    public var id: String {
        switch self {
        case .series(let result): result.evaluation
        case .crossSection(let result): result.evaluation
        }
    }

    /// The evaluation's nodes, parents before children.
    public var nodes: [NodeInfo] {
        switch self {
        case .series(let result): result.nodes
        case .crossSection(let result): result.nodes
        }
    }

    /// The evaluation's name.
    public var name: LocalisedText {
        switch self {
        case .series(let result): result.name
        case .crossSection(let result): result.name
        }
    }
}

/// Everything a run produces.
public struct IndexResults: Sendable, Hashable {
    /// The framework's id.
    public var frameworkID: String
    /// The framework's name.
    public var frameworkName: LocalisedText
    /// Whether the data are illustrative (some values synthetic); every output says so.
    public var isIllustrative: Bool
    /// One result per evaluation run, in framework order.
    public var evaluations: [EvaluationResult]
    /// Per evaluation id, the weights as derived with every intermediate step.
    public var weights: [String: DerivedWeights]
    /// Warnings in words (constant indicators, objective weights, screening).
    public var warnings: [String]
    /// Every aggregate whose weights were shared out over the children present.
    public var renormalisations: [RenormalisationNote]
    /// The options the run was made with.
    public var options: RunOptions
    /// Every value imputed or treated for outliers, flagged with what was done.
    public var treatments: [TreatedValue] = []
}

extension IndexResults {
    /// Every node's effective weight in percent as evaluation `id` was scored: the weights the run
    /// put in place of the derived ones (objective or optimised), else the derived weights. The one
    /// place tables, workbooks, documents and the report read "effective %" from.
    public func effectiveWeights(_ id: String) -> [String: Double]? {
        for case .crossSection(let result) in evaluations where result.evaluation == id {
            if let replaced = result.effectiveWeights { return replaced }
        }
        return weights[id]?.effective
    }
}

extension CrossSectionResult {
    /// The name of a tier (1 = best), `nil` for no tier or one the result has no name for.
    public func tierName(_ tier: Int?) -> LocalisedText? {
        guard let tier, tier >= 1, tier <= tierNames.count else { return nil }
        return tierNames[tier - 1]
    }
}

extension [NodeInfo] {
    /// The first-level aggregates (the pillars), in framework order.
    public var pillars: [NodeInfo] { filter { $0.depth == 1 && !$0.isIndicator } }
}
