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
    /// How derived and objective weights combine when `weightAlpha` is set (linear by default;
    /// multiplicative ignores α).
    public var weightCombination: MCDA.Combination = .linear
    /// Score every aggregate node of a cross-section by TOPSIS over its indicators (vector
    /// normalisation of the raw data, the indicators' effective weights applied to the matrix,
    /// closeness × 100) instead of normalising and aggregating.
    public var topsis = false

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
