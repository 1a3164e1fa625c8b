/// How raw indicator values become comparable scores.
///
/// Every method respects the indicator's ``Direction``: after normalising, higher is always better.
public enum NormalisationMethod: Sendable, Hashable {
    /// `100 · x_t / x_base` (or `100 · x_base / x_t` when lower is better). `base` `nil` means the first period.
    case basePeriod(base: String?)
    /// `lo + (hi − lo) · (x − min) / (max − min)` across units.
    case minMax(lower: Double, upper: Double)
    /// `mean + sd · (x − x̄) / s`, with population (`ddof` 0) or sample (`ddof` 1) standard deviation.
    case zScore(mean: Double, sd: Double, ddof: Int)
    /// `lo + (hi − lo) · (x − L) / (U − L)`, capped to [lo, hi], with the indicator's goalposts `L…U`.
    case goalposts(lower: Double, upper: Double)
    /// `lo + (hi − lo) · (x − min) / (target − min)`, capped at `hi`, with the indicator's target.
    case distanceToTarget(lower: Double, upper: Double)
    /// The ascending rank among units (1 = worst), ties sharing their mean rank.
    case rank
    /// `lo + (hi − lo) · (rank − 1) / (n − 1)`.
    case percentileRank(lower: Double, upper: Double)
    /// Values as they are (sign flipped when lower is better).
    case none

    /// The report's regional default: min-max to 0–100.
    public static let minMax100 = NormalisationMethod.minMax(lower: 0, upper: 100)
}
