/// How raw indicator values become comparable scores.
///
/// Every method respects the indicator's ``Direction``: after normalising, higher is always better.
public enum NormalisationMethod: Sendable, Hashable {
    /// `100 · x_t / x_base` (or `100 · x_base / x_t` when lower is better). `base` `nil` means the first period.
    case basePeriod(base: String?)
    /// `lo + (hi − lo) · (x − min) / (max − min)` across units.
    case minMax(lower: Double, upper: Double)
    /// `mean + sd · (x − x̄) / s`, with population (`ddof` 0) or sample (`ddof` 1) standard deviation;
    /// `nil` = the framework's convention (population; sample for a COINr iMeta, as `n_zscore`).
    case zScore(mean: Double, sd: Double, ddof: Int?)
    /// `lo + (hi − lo) · (x − L) / (U − L)`, capped to [lo, hi], with the indicator's goalposts `L…U`.
    case goalposts(lower: Double, upper: Double)
    /// `lo + (hi − lo) · (x − min) / (target − min)`, capped at `hi`, with the indicator's target.
    case distanceToTarget(lower: Double, upper: Double)
    /// The ascending rank among units (1 = worst), ties ranked by `ties`; `nil` = the framework's
    /// convention (their mean rank; the lowest for a COINr iMeta, as `n_rank`).
    case rank(ties: RankTies? = nil)
    /// The Borda score: the ascending rank − 1 (COINr's `n_borda`), ties as for ``rank(ties:)``.
    case borda(ties: RankTies? = nil)
    /// `lo + (hi − lo) · (rank − 1) / (n − 1)`, ties as for ``rank(ties:)`` (COINr's `n_prank` on 0–1).
    case percentileRank(lower: Double, upper: Double, ties: RankTies? = nil)
    /// `x / max(x)` (COINr's `n_fracmax`).
    case fractionOfMax
    /// Values as they are (sign flipped when lower is better).
    case none
    /// `(x − min) / (max − min)`, the distance to the best unit, 1 − (max − x)/(max − min) (COINr's
    /// `n_dist2max`); `(max − x)/(max − min)` when lower is better.
    case distanceToMax
    /// `1 − (x_ref − x) / (x_ref − min)`, the distance to a reference unit (COINr's `n_dist2ref`, whose
    /// `iref` is a row number; here the unit's id). Units better than the reference score above 1
    /// unless `capped` (then 1). When lower is better, `x` is `−x` as in COINr.
    case distanceToReference(unit: String, capped: Bool)
    /// `(x − min) / (target − min)` with the indicator's target, uncapped above unless `capped`
    /// (COINr's `n_dist2targ`: `(max − x) / (max − target)` when lower is better). `capped` `nil`
    /// takes the indicator's ``NormalisationParameters/capsAtTarget`` (a COINr iMeta's
    /// `dist2targ_cap_max`), else uncapped — COINr's default. Not the scaled and capped ``distanceToTarget(lower:upper:)``.
    case distanceToTargetRatio(capped: Bool?)
    /// `(x − lower) / (upper − lower) · factor` (`(upper − x) / (upper − lower) · factor` when lower is
    /// better), clamped to `[0, factor]` when `truncated` — COINr's `n_scaled` (not truncated) and
    /// `n_goalposts` (truncated) with explicit posts.
    case scaled(lower: Double, upper: Double, factor: Double, truncated: Bool)
    /// A method whose parameters each indicator carries (``Indicator/parameters``; COINr's
    /// `f_n_para = "use_iMeta"`): resolved per indicator by ``resolved(for:)``.
    case fromIndicator(ParameterisedNormalisation)

    /// The report's regional default: min-max to 0–100.
    public static let minMax100 = NormalisationMethod.minMax(lower: 0, upper: 100)

    /// The method with the choices it leaves to the framework's convention made: the standard
    /// deviation of a z-score and the tie rule of ranks.
    public func resolved(by conventions: MethodConventions) -> NormalisationMethod {
        let ties: RankTies = conventions == .coinr ? .min : .average
        switch self {
        case .zScore(let mean, let sd, nil): return .zScore(mean: mean, sd: sd, ddof: conventions == .coinr ? 1 : 0)
        case .rank(nil): return .rank(ties: ties)
        case .borda(nil): return .borda(ties: ties)
        case .percentileRank(let lower, let upper, nil): return .percentileRank(lower: lower, upper: upper, ties: ties)
        default: return self
        }
    }
}

/// The methods whose parameters can come from each indicator (COINr's `use_iMeta` columns).
public enum ParameterisedNormalisation: String, Sendable, Hashable, CaseIterable {
    /// `minmax_lower`, `minmax_upper`: min-max to that range.
    case minmax
    /// `zscore_mean`, `zscore_sd`: a z-score with that mean and SD.
    case zscore
    /// `scaled_lower`, `scaled_upper`, `scale_factor`: ``NormalisationMethod/scaled(lower:upper:factor:truncated:)``.
    case scaled
    /// `goalpost_lower`, `goalpost_upper`, `goalpost_scale`, `goalpost_trunc2posts`: the same, truncated
    /// or not as the indicator says.
    case goalposts
}

extension NormalisationMethod {
    /// The method for one indicator: a ``fromIndicator(_:)`` method with the indicator's parameters,
    /// ``distanceToTargetRatio(capped:)`` with the indicator's cap when the method leaves it open.
    ///
    /// COINr reads the posts of a lower-is-better indicator reversed (`c(−upper, −lower)`), so the
    /// score is `(upper − x) / (upper − lower)`; ``scaled(lower:upper:factor:truncated:)`` does that.
    ///
    /// - Throws: ``IndexError`` naming the indicator when it lacks the parameters.
    public func resolved(for indicator: Indicator) throws -> NormalisationMethod {
        let parameters = indicator.parameters
        func missing(_ columns: String) -> IndexError {
            IndexError("\(name) needs the indicator's \(columns)", indicator: indicator.id)
        }
        switch self {
        case .distanceToTargetRatio(nil):
            return .distanceToTargetRatio(capped: parameters.capsAtTarget ?? false)
        case .fromIndicator(.minmax):
            guard let range = parameters.minMax else { throw missing("minmax_lower and minmax_upper") }
            return .minMax(lower: range.lower, upper: range.upper)
        case .fromIndicator(.zscore):
            guard let range = parameters.zScore else { throw missing("zscore_mean and zscore_sd") }
            guard range.upper > 0 else {
                throw IndexError("zscore_sd must be above 0, not \(range.upper)", indicator: indicator.id)
            }
            return .zScore(mean: range.lower, sd: range.upper, ddof: nil)
        case .fromIndicator(.scaled):
            guard let posts = parameters.scaled else { throw missing("scaled_lower, scaled_upper and scale_factor") }
            return .scaled(lower: posts.lower, upper: posts.upper, factor: posts.factor, truncated: false)
        case .fromIndicator(.goalposts):
            guard let posts = parameters.goalposts else {
                throw missing("goalpost_lower, goalpost_upper, goalpost_scale and goalpost_trunc2posts")
            }
            return .scaled(lower: posts.lower, upper: posts.upper, factor: posts.factor, truncated: posts.truncated)
        default:
            return self
        }
    }
}

/// Posts and a factor: `(x − lower) / (upper − lower) · factor`.
public struct ScaledPosts: Sendable, Hashable {
    public var lower: Double
    public var upper: Double
    public var factor: Double
    /// Whether scores are clamped to `[0, factor]` (COINr's `trunc2posts`).
    public var truncated: Bool

    public init(lower: Double, upper: Double, factor: Double, truncated: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.factor = factor
        self.truncated = truncated
    }
}

/// Normalisation parameters an indicator carries, for the methods that read them per indicator
/// (``NormalisationMethod/fromIndicator(_:)``; a COINr iMeta's `use_iMeta` columns).
public struct NormalisationParameters: Sendable, Hashable {
    /// `minmax_lower`, `minmax_upper`.
    public var minMax: ScaleRange?
    /// `zscore_mean`, `zscore_sd`.
    public var zScore: ScaleRange?
    /// `scaled_lower`, `scaled_upper`, `scale_factor`.
    public var scaled: ScaledPosts?
    /// `goalpost_lower`, `goalpost_upper`, `goalpost_scale`, `goalpost_trunc2posts`.
    public var goalposts: ScaledPosts?
    /// `dist2targ_cap_max`: whether the distance to target is capped at 1.
    public var capsAtTarget: Bool?

    public init(
        minMax: ScaleRange? = nil,
        zScore: ScaleRange? = nil,
        scaled: ScaledPosts? = nil,
        goalposts: ScaledPosts? = nil,
        capsAtTarget: Bool? = nil
    ) {
        self.minMax = minMax
        self.zScore = zScore
        self.scaled = scaled
        self.goalposts = goalposts
        self.capsAtTarget = capsAtTarget
    }
}

/// Whose defaults fill a choice a run does not make: IIDEI's, or COINr's for a framework read from a
/// COINr iMeta, so that a COINr user gets COINr's numbers without flags.
public enum MethodConventions: String, Sendable, Hashable {
    /// Population standard deviation; tied ranks share their mean rank.
    case iidei
    /// COINr 1.1.14's: sample standard deviation (`n_zscore`); tied ranks take the lowest
    /// (`ties.method = "min"` in `n_rank`, `n_borda`, `n_prank`).
    case coinr
}

/// How tied values are ranked (R's `ties.method`): `average` — the mean of the ranks they span
/// ("1 2.5 2.5 4"), `min` — the lowest ("1 2 2 4"), `max` — the highest ("1 3 3 4").
public enum RankTies: String, Sendable, Hashable, CaseIterable {
    case average, min, max
}
