/// Whether more of an indicator is better or worse.
public enum Direction: Sendable, Hashable, Codable {
    case higherIsBetter
    case lowerIsBetter

    /// `+1` or `-1`, as COINr writes it.
    public var sign: Double { self == .higherIsBetter ? 1 : -1 }
}

/// A transform applied to raw values before normalising.
public enum Transform: String, Sendable, Hashable {
    /// Natural logarithm; refuses non-positive values.
    case log
}

/// A ratio indicator's denominator: the indicator's own data are the numerator, and the value used
/// is `numerator / denominator × scale` (per 10,000 people, per unit of GDP).
public struct Denomination: Sendable, Hashable {
    /// The id of the denominator series in the data (not an indicator of the framework).
    public var series: String
    /// The factor applied after dividing (10,000 for "per 10,000 people").
    public var scale: Double
    /// Applied only when a run asks for it (`--denominate`), as COINr's `Denominate()`: the
    /// `Denominator` column of a COINr iMeta. A framework's own `denominator:` always applies.
    public var isOnRequest: Bool

    /// A denominator series with its scale.
    public init(series: String, scale: Double = 1, isOnRequest: Bool = false) {
        self.series = series
        self.scale = scale
        self.isOnRequest = isOnRequest
    }
}

/// A measured quantity at the leaves of a framework.
public struct Indicator: Sendable, Hashable {
    /// The indicator's id, unique in the framework.
    public var id: String
    /// The indicator's name in both languages.
    public var name: LocalisedText
    /// The unit of measure (万个, %, 亿元).
    public var unit: String
    /// Whether more is better or worse.
    public var direction: Direction
    /// Where the data come from.
    public var source: String
    /// What is measured, in words, in both languages (empty when the framework does not say).
    public var definition: LocalisedText
    /// Fixed lower and upper bounds for goalpost normalisation (values beyond them are capped).
    public var goalposts: ClosedRange<Double>?
    /// The target for distance-to-target normalisation.
    public var target: Double?
    /// An optional transform applied before normalising.
    public var transform: Transform?
    /// The range a valid value lies in (a share between 0 and 100); values outside are input errors.
    public var bounds: ClosedRange<Double>?
    /// Set for a ratio indicator built from two series.
    public var denomination: Denomination?
    /// Whether values add up across units to a meaningful total (counts and amounts do; rates,
    /// ratios and shares do not): the leading tier's share of the total is computed over these.
    public var isAdditive: Bool = false
    /// This indicator's outlier treatment, replacing the run's and the evaluation's (COINr's
    /// `Treat(indiv_specs)`); `nil` = theirs.
    public var outliers: OutlierMethod?
    /// The indicator's own normalisation, replacing the run's and the evaluation's for it (COINr's
    /// `indiv_specs`; a framework's `normalisation:` key, a COINr iMeta's `Normalisation` column).
    public var normalisation: NormalisationMethod?
    /// Parameters for methods that read them per indicator (COINr's `use_iMeta` columns).
    public var parameters = NormalisationParameters()

    /// An indicator; higher is better by default.
    public init(
        id: String,
        name: LocalisedText,
        unit: String = "",
        direction: Direction = .higherIsBetter,
        source: String = "",
        definition: LocalisedText = LocalisedText(zh: "", en: ""),
        goalposts: ClosedRange<Double>? = nil,
        target: Double? = nil,
        transform: Transform? = nil,
        bounds: ClosedRange<Double>? = nil,
        denomination: Denomination? = nil
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.direction = direction
        self.source = source
        self.definition = definition
        self.goalposts = goalposts
        self.target = target
        self.transform = transform
        self.bounds = bounds
        self.denomination = denomination
    }
}
