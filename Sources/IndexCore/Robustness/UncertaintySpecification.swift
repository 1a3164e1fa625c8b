/// How weights vary in an uncertainty analysis.
public enum WeightVariation: Sendable, Hashable {
    /// `w · (1 + U(−f, f))` for every weight at every level, as COINr's noise (f = 0.25 by default).
    case uniform(factor: Double)
    /// Each node's children's weights drawn from Dirichlet(K · w): mean w, concentration K.
    case dirichlet(concentration: Double)
    /// The expert panel resampled with replacement (bootstrap), weights derived again; when every AHP
    /// node has the same several experts' matrices (a survey's panel), those experts are resampled too.
    case experts
    /// Every AHP judgement moved one step on Saaty's scale (up, down or not, equally likely),
    /// weights derived again.
    case ahpStep

    /// The text form that ``init(name:)`` reads.
    public var name: String {
        switch self {
        case .uniform(let f): "uniform:\(f)"
        case .dirichlet(let k): "dirichlet:\(k)"
        case .experts: "experts"
        case .ahpStep: "ahp-step"
        }
    }

    /// Parses ``name``: `uniform[:F]`, `dirichlet:K`, `experts`, `ahp-step`.
    public init(name: String) throws {
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        let value = parts.count > 1 ? StrictNumber.parse(parts[1]) : nil
        if parts.count > 1, value == nil {
            throw IndexError("weight variation '\(name)': '\(parts[1])' is not a finite number")
        }
        switch parts.first ?? "" {
        case "uniform":
            let f = value ?? 0.25
            guard (0..<1).contains(f) else { throw IndexError("uniform weight noise needs 0 ≤ f < 1, not \(f)") }
            self = .uniform(factor: f)
        case "dirichlet":
            guard let k = value, k > 0, k <= 1e12 else {
                throw IndexError("dirichlet needs a positive concentration: dirichlet:K")
            }
            self = .dirichlet(concentration: k)
        case "experts": self = .experts
        case "ahp-step": self = .ahpStep
        default: throw IndexError("weight variation must be uniform:F, dirichlet:K, experts or ahp-step, not '\(name)'")
        }
    }
}

/// Which nodes an uncertainty analysis may leave out, one (or none) per replication.
///
/// Each replication draws uniformly among "none" and the listed nodes (`K + 1` outcomes, a
/// discrete factor: its seed modulo `K + 1`, so in a Sobol design its A and B draws are
/// independent uniform choices). A node left out gets weight 0 within its parent, so its siblings'
/// weights fill its share, as ``LeaveOneOut`` does; a node whose parent has no other weighted
/// child is never listed.
public enum InclusionVariation: Sendable, Hashable {
    /// Every indicator.
    case indicators
    /// Every node one level above the indicators (level 2).
    case pillars
    /// Every node of a level (1 = indicators).
    case level(Int)

    /// The text form that ``init(name:)`` reads.
    public var name: String {
        switch self {
        case .indicators: "indicators"
        case .pillars: "pillars"
        case .level(let level): "level:\(level)"
        }
    }

    /// Parses ``name``: `indicators`, `pillars` or `level:N`.
    public init(name: String) throws {
        switch name {
        case "indicators": self = .indicators
        case "pillars": self = .pillars
        default:
            guard name.hasPrefix("level:"), let level = Int(name.dropFirst(6)), (1...64).contains(level) else {
                throw IndexError("inclusion varies over indicators, pillars or level:N, not '\(name)'")
            }
            self = .level(level)
        }
    }

    /// The level whose nodes are left out (1 = indicators).
    public var level: Int {
        switch self {
        case .indicators: 1
        case .pillars: 2
        case .level(let level): level
        }
    }
}

/// What varies in an uncertainty or sensitivity analysis, each item one assumption group.
///
/// An empty list (or `nil` weights) leaves that assumption at its nominal choice.
public struct UncertaintySpecification: Sendable, Hashable {
    /// How weights vary; `nil` = they stay nominal.
    public var weights: WeightVariation?
    /// Alternative normalisations; empty = the nominal one only.
    public var normalisations: [NormalisationMethod]
    /// Alternative aggregations; empty = the nominal one only.
    public var aggregations: [AggregationMethod]
    /// Alternative tier methods; empty = the nominal one only.
    public var tierMethods: [TierMethod]
    /// Missing-value and outlier treatments, as pairs.
    public var treatments: [Treatment]
    /// The length of the top-N list whose probability is reported.
    public var topCount: Int
    /// Which nodes may be left out; `nil` = every node is kept.
    public var inclusion: InclusionVariation?

    /// One data-treatment alternative.
    public struct Treatment: Sendable, Hashable {
        /// How missing values are filled.
        public var imputation: ImputationMethod
        /// How outliers are treated.
        public var outliers: OutlierMethod

        /// A treatment alternative; both steps off by default.
        public init(imputation: ImputationMethod = .none, outliers: OutlierMethod = .none) {
            self.imputation = imputation
            self.outliers = outliers
        }

        /// The text form, `impute=…,outliers=…`.
        public var name: String { "impute=\(imputation.name),outliers=\(outliers.name)" }
    }

    /// A specification from its groups; every group left empty or `nil` stays nominal.
    public init(
        weights: WeightVariation? = nil,
        normalisations: [NormalisationMethod] = [],
        aggregations: [AggregationMethod] = [],
        tierMethods: [TierMethod] = [],
        treatments: [Treatment] = [],
        topCount: Int = 10,
        inclusion: InclusionVariation? = nil
    ) {
        self.inclusion = inclusion
        self.weights = weights
        self.normalisations = normalisations
        self.aggregations = aggregations
        self.tierMethods = tierMethods
        self.treatments = treatments
        self.topCount = topCount
    }

    /// The documented default: weights ±25 % (uniform), min-max 1–100 / z-score 10, 2 / rank,
    /// arithmetic / geometric, Jenks / equal-sized tiers.
    public static func standard(units: Int, tiers: Int) -> UncertaintySpecification {
        var sizes = [Int](repeating: units / max(tiers, 1), count: max(tiers, 1))
        for index in 0..<(units - sizes.reduce(0, +)) { sizes[index] += 1 }
        return UncertaintySpecification(
            weights: .uniform(factor: 0.25),
            normalisations: [.minMax(lower: 1, upper: 100), .zScore(mean: 10, sd: 2, ddof: 0), .rank()],
            aggregations: [.arithmetic, .geometric],
            tierMethods: [.jenks(classes: tiers), .sizes(sizes)]
        )
    }

    /// Parses `minmax:1,100;zscore:10,2;rank;percentile;goalposts:0,1`.
    public static func normalisations(_ text: String) throws -> [NormalisationMethod] {
        try text.split(separator: ";").map { try NormalisationMethod(name: String($0).filter { $0 != " " }) }
    }

    /// Parses `arithmetic;geometric`.
    public static func aggregations(_ text: String) throws -> [AggregationMethod] {
        try text.split(separator: ";").map { item in
            try AggregationMethod(name: String(item).filter { $0 != " " })
        }
    }

    /// Parses `jenks:4;sizes:6,11,10,4`.
    public static func tierMethods(_ text: String) throws -> [TierMethod] {
        try text.split(separator: ";").map { try TierMethod(name: String($0).filter { $0 != " " }) }
    }

    /// Parses `none;mean;coinr;mean+coinr` (imputation, outlier treatment, or both joined by `+`).
    public static func treatments(_ text: String) throws -> [Treatment] {
        try text.split(separator: ";").map { item in
            var treatment = Treatment()
            for part in item.split(separator: "+").map({ String($0).filter { $0 != " " } }) {
                if let imputation = try? ImputationMethod(name: part), part != "none" {
                    treatment.imputation = imputation
                } else if let outliers = try? OutlierMethod(name: part) {
                    treatment.outliers = outliers
                } else {
                    throw IndexError(
                        "unknown treatment '\(part)' (an imputation, an outlier treatment, or both joined by +)"
                    )
                }
            }
            return treatment
        }
    }
}
