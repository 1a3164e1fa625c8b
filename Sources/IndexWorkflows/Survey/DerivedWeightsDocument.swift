public import IndexCore

/// An evaluation's derived weights as a document: effective weights in percent, the AHP result at
/// every aggregate node, the panel's statistics and α (the same fields as `iidei weights --format json`).
public struct DerivedWeightsDocument: Codable, Sendable, Hashable {
    /// Every node's effective (global) weight in percent, by node id.
    public var effective: [String: Double]
    /// The AHP result at every node weighted by judgements, by node id.
    public var ahp: [String: GroupAHPDocument]
    public var panel: PanelDocument?
    public var alpha: Double?
    /// Where the panel was blended with the AHP: `global` or `within-parent`, when there is a panel.
    public var panelMode: PanelMode?

    public init(_ derived: DerivedWeights) {
        effective = derived.effective.compactMapValues(finite)
        ahp = derived.ahp.mapValues(GroupAHPDocument.init)
        panel = derived.panel.map(PanelDocument.init)
        alpha = finite(derived.alpha)
        panelMode = derived.panelMode
    }
}

/// One matrix's AHP result: weights in the children's order, consistency, the RI table used.
public struct AHPResultDocument: Codable, Sendable, Hashable {
    public var weights: [Double]
    public var lambdaMax: Double?
    public var ci: Double?
    public var cr: Double?
    public var ri: Double?
    public var riTable: String
    public var consistent: Bool

    /// A result without consistency figures (a group whose matrices could not be combined into one).
    public init(weights: [Double], riTable: String, consistent: Bool) {
        self.weights = weights
        self.riTable = riTable
        self.consistent = consistent
    }

    public init(_ result: AHPResult) {
        weights = result.weights
        lambdaMax = finite(result.lambdaMax)
        ci = finite(result.ci)
        cr = finite(result.cr)
        ri = finite(result.ri)
        riTable = result.riTable
        consistent = result.isConsistent
    }
}

/// A node's group AHP result: the group's weights and consistency (the fields of an
/// ``AHPResultDocument``, at the same level), and with several experts each expert's result and how
/// they were combined.
public struct GroupAHPDocument: Codable, Sendable, Hashable {
    /// The group's result; without consistency (incomplete answers) its numbers other than the weights
    /// are absent.
    public var group: AHPResultDocument
    public var aggregation: GroupAggregation?
    public var experts: [AHPResultDocument]?

    public init(_ result: GroupAHPResult) {
        group =
            result.consistency.map(AHPResultDocument.init)
            ?? AHPResultDocument(
                weights: result.weights,
                riTable: result.experts.first?.riTable ?? "",
                consistent: result.experts.allSatisfy(\.isConsistent)
            )
        if result.experts.count > 1 {
            aggregation = result.aggregation
            experts = result.experts.map(AHPResultDocument.init)
        }
    }

    enum CodingKeys: String, CodingKey {
        case aggregation, experts
    }

    public init(from decoder: any Decoder) throws {
        group = try AHPResultDocument(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        aggregation = try container.decodeIfPresent(GroupAggregation.self, forKey: .aggregation)
        experts = try container.decodeIfPresent([AHPResultDocument].self, forKey: .experts)
    }

    /// One object: the group's fields, then the aggregation and experts beside them.
    public func encode(to encoder: any Encoder) throws {
        try group.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(aggregation, forKey: .aggregation)
        try container.encodeIfPresent(experts, forKey: .experts)
    }
}

/// An expert panel's statistics: per indicator, and the panel's concordance.
public struct PanelDocument: Codable, Sendable, Hashable {
    public var indicators: [PanelIndicatorDocument]
    public var kendallW: Double?
    public var kendallWUncorrected: Double?
    public var chiSquare: Double?
    public var df: Int
    public var pValue: Double?

    public init(_ result: PanelResult) {
        indicators = result.indicators.map(PanelIndicatorDocument.init)
        kendallW = finite(result.kendallW)
        kendallWUncorrected = finite(result.kendallWUncorrected)
        chiSquare = finite(result.chiSquare)
        df = result.degreesOfFreedom
        pValue = finite(result.pValue)
    }
}

/// One indicator's panel statistics and weight (a share: the panel's weights total 1).
public struct PanelIndicatorDocument: Codable, Sendable, Hashable {
    public var id: String
    public var mean: Double?
    public var sd: Double?
    public var cv: Double?
    public var fullScoreFrequency: Double?
    public var weight: Double?

    public init(_ statistics: PanelIndicatorStatistics) {
        id = statistics.id
        mean = finite(statistics.mean)
        sd = finite(statistics.sd)
        cv = finite(statistics.cv)
        fullScoreFrequency = finite(statistics.fullScoreFrequency)
        weight = finite(statistics.weight)
    }
}
