import IndexTestSupport
import Testing

@testable import IndexCore

/// The normaliser's scan for the extremes (four values at a time) against the scan in order it
/// replaced, and the sum check that replaced a running sum.
@Suite("Normaliser scan")
struct NormaliserScanTests {
    /// The scan in order: `NaN` skipped, the first of equal extremes kept.
    static func scanInOrder(_ values: [Double]) -> (low: Double, high: Double, count: Int) {
        var low = Double.infinity
        var high = -Double.infinity
        var count = 0
        for x in values where !x.isNaN {
            count += 1
            if x < low { low = x }
            if x > high { high = x }
        }
        return (low, high, count)
    }

    /// Every length from 0 to 40 (the lanes and the tail), values from a pool that holds missing
    /// values, both zeros, infinities and repeats: the same bits as the scan in order, the sign of
    /// a zero extreme included.
    @Test func extremesAreTheScanInOrdersBits() {
        var random = SplitMix64(seed: 20)
        let pool: [Double] = [
            .nan, 0, -0.0, 1, -1, 2.5, -2.5, .infinity, -.infinity, 1e308, -1e308, .leastNonzeroMagnitude,
        ]
        var columns = 0
        for length in 0...40 {
            for _ in 0..<200 {
                let values = (0..<length).map { _ in
                    random.uniform(0, 1) < 0.6
                        ? pool[Int(random.uniform(0, Double(pool.count))) % pool.count]
                        : random.uniform(-10, 10)
                }
                let expected = Self.scanInOrder(values)
                let found = values.withUnsafeBufferPointer(Normaliser.extremes)
                #expect(found.low.bitPattern == expected.low.bitPattern, "\(values)")
                #expect(found.high.bitPattern == expected.high.bitPattern, "\(values)")
                #expect(found.count == expected.count, "\(values)")
                columns += 1
            }
        }
        #expect(columns == 41 * 200)
        // A zero met in a later lane than its opposite-signed twin: the first in order wins.
        for values in [[-0.0, 1, 2, 3, 0], [0, 1, 2, 3, -0.0], [1, 2, 3, 4, -0.0, 0], [.nan, -0.0, 0, 0, 0]] {
            let found = values.withUnsafeBufferPointer(Normaliser.extremes)
            let expected = Self.scanInOrder(values)
            #expect(found.low.bitPattern == expected.low.bitPattern)
            #expect(found.high.bitPattern == expected.high.bitPattern)
        }
    }

    /// A column whose spread is finite but whose sum is not is still refused, as when the sum was
    /// kept as the values were scanned; one near the limit whose sum is finite is normalised.
    @Test func aSumThatOverflowsIsRefusedAndOneThatDoesNotIsNot() throws {
        let indicator = TestSupport.indicator("big")
        #expect(throws: IndexError.self) {
            _ = try Normaliser.normalise(
                [1e308, 1e308, 1e308],
                method: .zScore(mean: 0, sd: 1, ddof: 0),
                indicator: indicator,
                units: ["A", "B", "C"]
            )
        }
        do {
            _ = try Normaliser.normalise(
                [1e308, 1.5e308],
                method: .minMax100,
                indicator: indicator,
                units: ["A", "B"]
            )
            Issue.record("expected the sum's overflow to be refused")
        } catch let error as IndexError {
            #expect(error.message.contains("overflows"))
            #expect(error.indicator == "big")
        }
        // Count × largest magnitude is within the shortcut's bound (3e307 ≤ max / 2): scored.
        let (values, _) = try Normaliser.normalise(
            [1e307, -1e307, 0],
            method: .minMax100,
            indicator: indicator,
            units: ["A", "B", "C"]
        )
        #expect(values == [100, 0, 50])
        // Past the shortcut's bound (3 × 7e307 > max / 2), the sum is added up and is finite.
        let (large, _) = try Normaliser.normalise(
            [7e307, -7e307, 7e307],
            method: .minMax100,
            indicator: indicator,
            units: ["A", "B", "C"]
        )
        #expect(large == [100, 0, 100])
    }
}
