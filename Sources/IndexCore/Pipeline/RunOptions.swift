/// Choices that override a framework's defaults for one run.
public struct RunOptions: Sendable, Hashable {
    /// The periods of cross-section evaluations; `nil` = the evaluation's `periods:`, else the
    /// latest period with data.
    public var periods: PeriodSelection?
    /// One period of cross-section evaluations (a shorthand for ``periods``).
    public var period: String? {
        get {
            if case .list(let list)? = periods, list.count == 1 { return list[0] }
            return nil
        }
        set { periods = newValue.map { .list([$0]) } }
    }
    /// Whether panel normalisation takes its bounds per period or over the whole panel; `nil` =
    /// the evaluation's `scope:`.
    public var normalisationScope: NormalisationScope?
    /// Replaces every node's `min-coverage`.
    public var minCoverage: Double?
    /// Replaces the evaluations' `screen:` rule.
    public var screen: ScreeningRule?
    /// Apply denominators that apply only on request (a COINr iMeta's `Denominator` column).
    public var denominate = false
    /// Replaces the normalisation of cross-section evaluations.
    public var normalisation: NormalisationMethod?
    /// Replaces every node's aggregation method.
    public var aggregation: AggregationMethod?
    /// How tiers are cut; `nil` = Jenks with as many classes as the evaluation names tiers (4 by default).
    public var tierMethod: TierMethod?
    /// The length of top-N lists.
    public var topCount: Int
    /// Evaluations to run; `nil` = all.
    public var evaluations: [String]?
    /// How missing values are filled before normalising (default: none, weights renormalised).
    public var imputation: ImputationMethod
    /// How outliers are treated before normalising cross-sections (default: none).
    public var outliers: OutlierMethod
    /// Indicator weights within each group of a cross-section: derived (AHP and panel, the
    /// default) or read off the data.
    public var weightMethod: WeightMethod = .derived
    /// With an objective method: the derived weights' share in `α · derived + (1 − α) · objective`;
    /// `nil` = the objective weights alone.
    public var weightAlpha: Double?
    /// The level whose weights `weightMethod` reads off the data: 1 (`nil`) = the indicators within each
    /// group; L = the level-L aggregates within each parent, from their scores.
    public var weightsLevel: Int?
    /// How derived and objective weights combine when `weightAlpha` is set (linear by default;
    /// multiplicative ignores α).
    public var weightCombination: MCDA.Combination = .linear
    /// Score every aggregate node of a cross-section by TOPSIS over its indicators (vector
    /// normalisation of the raw data, the indicators' effective weights applied to the matrix,
    /// closeness × 100) instead of normalising and aggregating.
    public var topsis = false
    /// How tied scores are ranked at every node.
    public var ties: TieRule = .min
    /// Weights of one level optimised before scoring (``WeightOptimisationRequest``), replacing that
    /// level's weights for the run.
    public var weightOptimisation: WeightOptimisationRequest?
    /// Where the expert panel's weights meet the AHP's (``PanelMode``); `nil` = the framework's
    /// `panel-mode:`.
    public var panelMode: PanelMode?

    public init(
        period: String? = nil,
        normalisation: NormalisationMethod? = nil,
        aggregation: AggregationMethod? = nil,
        tierMethod: TierMethod? = nil,
        topCount: Int = 10,
        evaluations: [String]? = nil,
        imputation: ImputationMethod = .none,
        outliers: OutlierMethod = .none
    ) {
        self.periods = period.map { .list([$0]) }
        self.normalisation = normalisation
        self.aggregation = aggregation
        self.tierMethod = tierMethod
        self.topCount = topCount
        self.evaluations = evaluations
        self.imputation = imputation
        self.outliers = outliers
    }
}

// MARK: - The options as a document

/// A run's options read and written as one JSON object of the names users type —
/// `{"normalise": "zscore", "scale": "10,2", "weights": "entropy", "weightAlpha": 0.5}` — by the
/// command line (its flags are encoded and decoded through here), the API (`POST /api/v1/runs`) and
/// stored runs alike, so the three cannot read an option differently.
///
/// Adding an option is one case in ``Key`` with its line in `init(from:)` and `encode(to:)` (below),
/// and its use in the pipeline; the CLI flag of the same name is then read through this decoder.
extension RunOptions: Codable {
    /// The options' names, as users write them.
    public enum Key: String, CodingKey, CaseIterable, Sendable {
        case period, normalise, scale, aggregate, tiers, impute, outliers, weights, weightAlpha, weightCombination
        case minCoverage, screen, normalisationScope, denominate, ties, optimiseWeights, panelMode, weightsLevel

        /// Values a form offers to choose from (each is read by this decoder; a test holds them to it).
        /// The option takes others too; the command line's help gives its whole grammar.
        public var examples: [String] {
            switch self {
            case .period: ["all", "2022", "2021,2022,2023"]
            case .normalise: ["minmax", "zscore", "rank", "percentile", "goalposts", "dist2max", "fracmax", "none"]
            case .scale: ["0,100", "1,100"]
            case .aggregate: ["arithmetic", "geometric", "harmonic", "mpi", "ampi", "bod", "max", "min", "topsis"]
            case .tiers: ["jenks:4", "sizes:6,11,10,4", "thresholds:60,30,10"]
            case .impute: ["none", "mean", "median", "group-mean:region", "row-mean", "em", "interpolate"]
            case .outliers: ["none", "coinr", "winsorise-only", "log"]
            case .weights: ["derived", "equal", "entropy", "critic", "cv", "std", "pca"]
            case .weightAlpha: ["0.5"]
            case .weightCombination: ["linear", "multiplicative"]
            case .minCoverage: ["0.5", "0.66"]
            case .screen: ["0.66"]
            case .normalisationScope: ["period", "panel"]
            case .denominate: ["true"]
            case .ties: ["min", "max", "first"]
            case .optimiseWeights: ["balance", "infomax"]
            case .panelMode: ["global", "within-parent"]
            case .weightsLevel: ["1", "2"]
            }
        }
    }

    /// Any key, to find the ones that are not options.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads the options, every value checked (finite, in range, consistent), so no option can reach
    /// the numeric core in a form it cannot take.
    ///
    /// Numbers and `denominate` may also be given as text (`"0.5"`, `"true"`): runs recorded before the
    /// options were typed stored every value as text.
    ///
    /// - Throws: ``IndexError`` naming the option whose value is not understood, out of range, or an
    ///   option that does not exist (with the nearest name).
    public init(from decoder: any Decoder) throws {
        let names = Key.allCases.map(\.rawValue)
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys where Key(rawValue: key.stringValue) == nil {
            let nearest = NameSuggestion.nearest(to: key.stringValue, in: names, within: 3)
            throw IndexError(
                "unknown run option '\(key.stringValue)'" + (nearest.map { " (did you mean '\($0)'?)" } ?? "")
            )
        }
        let container = try decoder.container(keyedBy: Key.self)
        func text(_ key: Key) throws -> String? {
            guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
            guard let value = try? container.decode(String.self, forKey: key) else {
                throw IndexError("option '\(key.rawValue)' must be text (write \"\(key.rawValue)\": \"…\")")
            }
            return value
        }
        func number(_ key: Key) throws -> Double? {
            guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
            if let value = try? container.decode(Double.self, forKey: key) {
                return value
            }
            guard let text = try? container.decode(String.self, forKey: key), let value = StrictNumber.parse(text)
            else {
                throw IndexError("option '\(key.rawValue)' must be a number")
            }
            return value
        }
        self.init()
        periods = try text(.period).map(PeriodSelection.init(name:))
        let scale = try text(.scale).map(ScaleRange.init(name:))
        if let normalise = try text(.normalise) {
            guard scale == nil || !NormalisationMethod.namesRange(normalise) else {
                throw IndexError("give the range once: --normalise \(normalise) already names it, and --scale too")
            }
            normalisation =
                scale == nil
                ? try NormalisationMethod(name: normalise) : try NormalisationMethod.method(normalise, scale: scale)
        } else if scale != nil {
            throw IndexError("--scale needs --normalise (the range or mean,sd of which normalisation?)")
        }
        if let aggregate = try text(.aggregate) {
            if aggregate == "topsis" { topsis = true } else { aggregation = try AggregationMethod(name: aggregate) }
        }
        tierMethod = try text(.tiers).map(TierMethod.init(name:))
        imputation = try text(.impute).map(ImputationMethod.init(name:)) ?? .none
        outliers = try text(.outliers).map(OutlierMethod.init(name:)) ?? .none
        weightMethod = try text(.weights).map(WeightMethod.init(name:)) ?? .derived
        if let level = try number(.weightsLevel) {
            guard level.rounded() == level, (1...64).contains(level) else {
                throw IndexError("--weights-level is a whole number from 1 to 64, not '\(level)'")
            }
            guard weightMethod != .derived else {
                throw IndexError("--weights-level says which level --weights reads off the data: give --weights too")
            }
            weightsLevel = level == 1 ? nil : Int(level)
        }
        if let alpha = try number(.weightAlpha) {
            guard (0...1).contains(alpha) else {
                throw IndexError("the weight alpha must be a number from 0 to 1, not '\(alpha)'")
            }
            weightAlpha = alpha
        }
        let combination = try text(.weightCombination).map(MCDA.Combination.init(name:))
        if let combination { weightCombination = combination }
        if weightAlpha != nil || combination != nil, weightMethod == .derived {
            throw IndexError(
                "--weight-alpha and --weight-combination combine derived weights with objective ones: give --weights too"
            )
        }
        if let share = try number(.minCoverage) {
            guard (0...1).contains(share) else {
                throw IndexError("--min-coverage must be a share from 0 to 1, not '\(share)'")
            }
            minCoverage = share
        }
        screen = try text(.screen).map(ScreeningRule.init(name:))
        normalisationScope = try text(.normalisationScope).map(NormalisationScope.init(name:))
        ties = try text(.ties).map(TieRule.init(name:)) ?? .min
        weightOptimisation = try text(.optimiseWeights).map(WeightOptimisationRequest.init(name:))
        panelMode = try text(.panelMode).map(PanelMode.init(name:))
        if container.contains(.denominate), try !container.decodeNil(forKey: .denominate) {
            if let flag = try? container.decode(Bool.self, forKey: .denominate) {
                denominate = flag
            } else if let text = try? container.decode(String.self, forKey: .denominate), let flag = Bool(text) {
                denominate = flag
            } else {
                throw IndexError("denominate must be true or false")
            }
        }
    }

    /// Writes the options that differ from the defaults, each under its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(periods?.name, forKey: .period)
        if let normalisation {
            try container.encode(normalisation.kindAndVariant, forKey: .normalise)
            if normalisation.name != normalisation.kindAndVariant {
                try container.encodeIfPresent(normalisation.scale, forKey: .scale)
            }
        }
        try container.encodeIfPresent(topsis ? "topsis" : aggregation?.name, forKey: .aggregate)
        try container.encodeIfPresent(tierMethod, forKey: .tiers)
        if imputation != .none { try container.encode(imputation, forKey: .impute) }
        if outliers != .none { try container.encode(outliers, forKey: .outliers) }
        if weightMethod != .derived { try container.encode(weightMethod, forKey: .weights) }
        try container.encodeIfPresent(weightsLevel, forKey: .weightsLevel)
        try container.encodeIfPresent(weightAlpha, forKey: .weightAlpha)
        if weightCombination != .linear { try container.encode(weightCombination, forKey: .weightCombination) }
        try container.encodeIfPresent(minCoverage, forKey: .minCoverage)
        try container.encodeIfPresent(screen, forKey: .screen)
        try container.encodeIfPresent(normalisationScope, forKey: .normalisationScope)
        if denominate { try container.encode(true, forKey: .denominate) }
        if ties != .min { try container.encode(ties, forKey: .ties) }
        try container.encodeIfPresent(weightOptimisation?.name, forKey: .optimiseWeights)
        try container.encodeIfPresent(panelMode, forKey: .panelMode)
    }
}
