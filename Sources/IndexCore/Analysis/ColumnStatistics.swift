/// The statistics of one indicator's values that COINr 1.1.14's `get_stats` reports, with its
/// flags (`nsignif = NULL`: unrounded). `NaN` marks a missing value.
public struct ColumnStatistics: Sendable, Hashable {
    /// COINr's flag thresholds: `t_avail`, `t_zero`, `t_unq`, `t_skew`, `t_kurt`.
    public struct Thresholds: Sendable, Hashable {
        public var availability = 0.65
        public var nonZero = 0.5
        public var unique = 0.5
        public var skewness = 2.0
        public var kurtosis = 3.5

        public init() {}
    }

    /// Min, Max, Mean, Median, Std (sample SD), Skew, Kurt (as ``Statistics/skewness(_:)`` and
    /// ``Statistics/kurtosis(_:)``) of the present values; `nil` where undefined.
    public var minimum, maximum, mean, median, standardDeviation, skewness, kurtosis: Double?
    /// N.Avail, N.NonZero (present and not 0), N.Unique (distinct present values), N.Same (the
    /// most present values that are equal).
    public var available, nonZero, unique, same: Int
    /// The number of values, present or not (COINr's `n`, the units).
    public var count: Int
    /// Frc.Avail = N.Avail / n; Frc.NonZero, Frc.Unique, Frc.Same = N.* / N.Avail.
    public var availableShare, nonZeroShare, uniqueShare, sameShare: Double?
    /// Flag.Avail, Flag.NonZero, Flag.Unique: `false` = "LOW". COINr divides N.NonZero and
    /// N.Unique by n (not N.Avail, unlike Frc.*) for their flags, and so does this.
    public var isAvailabilityOK, isNonZeroOK, isUniqueOK: Bool
    /// Flag.SkewKurt: `true` = "OUT", when |Skew| > t_skew and Kurt > t_kurt.
    public var isOutlying: Bool

    /// The statistics of `column`.
    ///
    /// N.Same groups exactly equal doubles (R's `table` groups by 15 significant digits: two
    /// values equal to 15 digits but not to 17 count as one in COINr and as two here).
    public init(_ column: [Double], thresholds: Thresholds = Thresholds()) {
        let present = column.filter { !$0.isNaN }
        func defined(_ x: Double) -> Double? { x.isFinite ? x : nil }
        count = column.count
        available = present.count
        minimum = present.min()
        maximum = present.max()
        mean = present.isEmpty ? nil : defined(Statistics.mean(present))
        median = present.isEmpty ? nil : defined(Statistics.median(present))
        if present.count > 1, let mean {
            standardDeviation = (present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count - 1))
                .squareRoot()
        }
        skewness = defined(Statistics.skewness(present))
        kurtosis = defined(Statistics.kurtosis(present))
        nonZero = present.filter { $0 != 0 }.count
        var tally: [Double: Int] = [:]
        for x in present { tally[x == 0 ? 0 : x, default: 0] += 1 }
        unique = tally.count
        same = tally.values.max() ?? 0
        let n = Double(count)
        let m = Double(available)
        availableShare = count > 0 ? m / n : nil
        nonZeroShare = available > 0 ? Double(nonZero) / m : nil
        uniqueShare = available > 0 ? Double(unique) / m : nil
        sameShare = available > 0 ? Double(same) / m : nil
        isAvailabilityOK = (availableShare ?? 0) >= thresholds.availability
        isNonZeroOK = count > 0 && Double(nonZero) / n >= thresholds.nonZero
        isUniqueOK = count > 0 && Double(unique) / n >= thresholds.unique
        isOutlying = abs(skewness ?? 0) > thresholds.skewness && (kurtosis ?? -.infinity) > thresholds.kurtosis
    }

    /// Every statistic under COINr's column name (`Min`, `N.Avail`, `Flag.SkewKurt` …), numbers as
    /// doubles and flags as COINr writes them (`ok`, `LOW`, `OUT`); `nil` = NA.
    public var coinrColumns: [String: ColumnValue] {
        func number(_ x: Double?) -> ColumnValue { x.map(ColumnValue.number) ?? .missing }
        return [
            "Min": number(minimum), "Max": number(maximum), "Mean": number(mean), "Median": number(median),
            "Std": number(standardDeviation), "Skew": number(skewness), "Kurt": number(kurtosis),
            "N.Avail": .number(Double(available)), "N.NonZero": .number(Double(nonZero)),
            "N.Unique": .number(Double(unique)), "N.Same": .number(Double(same)),
            "Frc.Avail": number(availableShare), "Frc.NonZero": number(nonZeroShare),
            "Frc.Unique": number(uniqueShare), "Frc.Same": number(sameShare),
            "Flag.Avail": .text(isAvailabilityOK ? "ok" : "LOW"), "Flag.NonZero": .text(isNonZeroOK ? "ok" : "LOW"),
            "Flag.Unique": .text(isUniqueOK ? "ok" : "LOW"), "Flag.SkewKurt": .text(isOutlying ? "OUT" : "ok"),
        ]
    }

    /// A cell of ``coinrColumns``.
    public enum ColumnValue: Sendable, Hashable {
        case number(Double)
        case text(String)
        case missing
    }
}
