import IndexCore
import Testing

/// COINr's get_stats columns, worked by hand.
@Suite("Column statistics")
struct ColumnStatisticsTests {
    /// 0, 1, 1 and a missing value: n 4, 3 available, 2 non-zero, 2 distinct, 2 the same; mean 2/3,
    /// median 1, sample SD √(1/3); kurtosis undefined (3 values); the non-zero and unique flags divide
    /// by n (2/4 = 0.5: ok at 0.5, LOW at 0.6).
    @Test func handWorked() {
        let stats = ColumnStatistics([0, 1, 1, .nan])
        #expect(stats.count == 4 && stats.available == 3 && stats.nonZero == 2 && stats.unique == 2 && stats.same == 2)
        #expect(stats.minimum == 0 && stats.maximum == 1 && stats.median == 1)
        #expect(abs((stats.mean ?? 0) - 2.0 / 3) < 1e-15)
        #expect(abs((stats.standardDeviation ?? 0) - (1.0 / 3).squareRoot()) < 1e-15)
        #expect(stats.kurtosis == nil && stats.skewness != nil)
        #expect(stats.availableShare == 0.75 && stats.nonZeroShare == 2.0 / 3 && stats.sameShare == 2.0 / 3)
        #expect(stats.isNonZeroOK && stats.isUniqueOK && stats.isAvailabilityOK && !stats.isOutlying)
        var strict = ColumnStatistics.Thresholds()
        strict.nonZero = 0.6
        strict.availability = 0.8
        let flagged = ColumnStatistics([0, 1, 1, .nan], thresholds: strict)
        #expect(!flagged.isNonZeroOK && !flagged.isAvailabilityOK)
        #expect(flagged.coinrColumns["Flag.NonZero"] == .text("LOW") && flagged.coinrColumns["Kurt"] == .missing)
    }
}
