/// How an evaluation makes its indicators comparable.
public enum EvaluationKind: String, Sendable, Hashable {
    /// One series over time, each indicator relative to a base period (national index).
    case basePeriod = "base-period"
    /// Many units in one period, normalised across units (regional index).
    case crossSection = "cross-section"
}

/// One evaluation of a framework: a tree with indicators and weights, a normalisation and an aggregation.
///
/// The 2024 report has two over one upper tree: `national` (base period 2020 = 100) and `regional`
/// (min-max across the 31 provinces).
public struct Evaluation: Sendable, Hashable {
    /// The evaluation's id (`national`, `regional`).
    public var id: String
    /// The evaluation's name in both languages.
    public var name: LocalisedText
    /// Base period (a series) or cross-section (units in a period).
    public var kind: EvaluationKind
    /// How indicators are made comparable.
    public var normalisation: NormalisationMethod
    /// How nodes combine their children, unless a node says otherwise.
    public var aggregation: AggregationMethod
    /// The tree: the index at the root, indicators at the leaves.
    public var root: FrameworkNode
    /// How the weights are derived; `nil` means the weights in the tree are used as they are.
    public var weighting: WeightingSpecification?
    /// The unit a base-period evaluation follows (for example `CN`); `nil` for cross-sections.
    public var seriesUnit: String?
    /// Names of the tiers, best first (the report's four 梯队); their count is Jenks's default k.
    public var tierNames: [LocalisedText]
    /// Which units take part (`screen:`); `nil` = every unit with data.
    public var screen: ScreeningRule?
    /// The periods a cross-section runs over (`periods:`); `nil` = the latest (or the run's choice).
    public var periods: PeriodSelection?
    /// Whether normalisation bounds come from each period or from the whole panel (`scope:`).
    public var normalisationScope: NormalisationScope = .period
    /// The decimals every aggregate's score is rounded to before the next level uses it (`round:`),
    /// where the node states none of its own; `nil` = no rounding. Ranks are then taken on the
    /// rounded index, as a publisher who ranks the published figures does.
    public var decimals: Int?
    /// Whose defaults fill the choices a method leaves open (a z-score's SD, the ties of ranks):
    /// COINr's for a framework read from a COINr iMeta, IIDEI's otherwise.
    public var conventions: MethodConventions = .iidei
    /// How missing values are filled when the run does not say (`impute:`); `nil` = not at all.
    public var imputation: ImputationMethod?
    /// How outliers are treated when the run does not say (`outliers:`); `nil` = not at all.
    public var outliers: OutlierMethod?

    /// An evaluation; arithmetic aggregation, stated weights and the report's four tiers by default.
    public init(
        id: String,
        name: LocalisedText,
        kind: EvaluationKind,
        normalisation: NormalisationMethod,
        aggregation: AggregationMethod = .arithmetic,
        root: FrameworkNode,
        weighting: WeightingSpecification? = nil,
        seriesUnit: String? = nil,
        tierNames: [LocalisedText] = Evaluation.defaultTierNames
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.normalisation = normalisation
        self.aggregation = aggregation
        self.root = root
        self.weighting = weighting
        self.seriesUnit = seriesUnit
        self.tierNames = tierNames
    }

    /// Four tiers named as in the 2024 report.
    public static let defaultTierNames: [LocalisedText] = [
        LocalisedText(zh: "示范引领", en: "Leading"),
        LocalisedText(zh: "快速崛起", en: "Rising"),
        LocalisedText(zh: "后发追赶", en: "Catching up"),
        LocalisedText(zh: "孕育起步", en: "Nascent"),
    ]
}

/// A composite-index framework: one or more evaluations.
public struct Framework: Sendable, Hashable {
    /// The framework's id.
    public var id: String
    /// The framework's name in both languages.
    public var name: LocalisedText
    /// Its evaluations, in order.
    public var evaluations: [Evaluation]
    /// What a report's cover prints when a run does not say (`cover:` in the framework file).
    public var cover = Cover()

    /// The issuer and date a framework's reports carry on their cover, in both languages.
    public struct Cover: Sendable, Hashable {
        /// The issuing organisation; `nil` prints none.
        public var organisation: LocalisedText?
        /// The date as it is to be printed ("2024年6月", "June 2024"); `nil` prints none.
        public var date: LocalisedText?

        public init(organisation: LocalisedText? = nil, date: LocalisedText? = nil) {
            self.organisation = organisation
            self.date = date
        }
    }

    /// A framework of evaluations.
    public init(id: String, name: LocalisedText, evaluations: [Evaluation]) {
        self.id = id
        self.name = name
        self.evaluations = evaluations
    }

    /// Every indicator of every evaluation, each once, in framework order.
    public var indicators: [Indicator] {
        var seen: Set<String> = []
        return evaluations.flatMap { $0.root.indicators }.filter { seen.insert($0.id).inserted }
    }

    /// The ids of series the data must carry besides indicators: ratio indicators' denominators.
    public var seriesIDs: Set<String> {
        Set(indicators.compactMap { $0.denomination?.series })
    }

    /// The evaluation with an id.
    public func evaluation(_ id: String) -> Evaluation? {
        evaluations.first { $0.id == id }
    }
}
