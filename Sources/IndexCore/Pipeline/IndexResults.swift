/// A node's identity in results.
public struct NodeInfo: Sendable, Hashable {
    public var id: String
    public var name: LocalisedText
    public var parent: String?
    public var depth: Int
    public var isIndicator: Bool
    /// Local weight within the parent (share).
    public var localWeight: Double
}

/// The national (base-period) result: one series per node.
public struct SeriesResult: Sendable, Hashable {
    public var evaluation: String
    public var name: LocalisedText
    public var unit: String
    public var periods: [String]
    public var nodes: [NodeInfo]
    /// `series[node][t]`, index 100 in the base period; `nil` when missing.
    public var series: [String: [Double?]]
    /// Year-on-year growth in percent.
    public var growth: [String: [Double?]]
    /// CAGR in percent over the whole span.
    public var cagr: [String: Double?]
    /// Contribution to the parent's increase in percent.
    public var contribution: [String: [Double?]]
    public var basePeriod: String
}

/// One unit's scores in a cross-section.
public struct UnitScore: Sendable, Hashable {
    public var id: String
    public var name: LocalisedText
    public var score: Double?
    public var rank: Int?
    public var tier: Int?
    /// Score and rank per aggregate node (and indicator).
    public var nodes: [String: NodeScore]
    /// The share (0–1) of the evaluation's indicators with a value for this unit (after imputation).
    public var coverage: Double = 1
}

/// A score and rank at one node.
public struct NodeScore: Sendable, Hashable {
    public var score: Double?
    public var rank: Int?
}

/// The regional (cross-section) result.
public struct CrossSectionResult: Sendable, Hashable {
    public var evaluation: String
    public var name: LocalisedText
    public var period: String
    public var nodes: [NodeInfo]
    /// Units in rank order.
    public var units: [UnitScore]
    public var tierMethod: TierMethod
    public var tierNames: [LocalisedText]
    /// Top-N unit ids per aggregate node, best first.
    public var top: [String: [String]]
    /// The tier-1 units' share (percent) of the total over all units, per additive indicator and
    /// per node over its additive indicators (``CrossSectionPipeline``).
    public var leadingShare: [String: Double]
    public var normalisation: NormalisationMethod
    /// Units left out by the screening rule, with their coverage.
    public var screened: [ScreenedUnit] = []
    /// Every period of a panel run (`nil` for a single period, whose fields are the ones above;
    /// for a panel those are the last period's).
    public var panel: CrossSectionPanel?
}

/// The result of one evaluation.
public enum EvaluationResult: Sendable, Hashable {
    case series(SeriesResult)
    case crossSection(CrossSectionResult)

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
}

/// Everything a run produces.
public struct IndexResults: Sendable, Hashable {
    public var frameworkID: String
    public var frameworkName: LocalisedText
    public var isIllustrative: Bool
    public var evaluations: [EvaluationResult]
    public var weights: [String: DerivedWeights]
    public var warnings: [String]
    public var renormalisations: [RenormalisationNote]
    public var options: RunOptions
    /// Every value imputed or treated for outliers, flagged with what was done.
    public var treatments: [TreatedValue] = []
}
