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
