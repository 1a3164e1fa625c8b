import IndexCore
import IndexTestSupport
import Testing

@Suite("Normalisation")
struct NormalisationTests {
    let units = ["A", "B", "C"]

    @Test func minMaxHandWorked() throws {
        // x = 2, 5, 11: min 2, max 11, span 9 → 0, 33.33…, 100
        let (values, warnings) = try Normaliser.normalise(
            [2, 5, 11],
            method: .minMax100,
            indicator: TestSupport.indicator("x"),
            units: units
        )
        #expect(warnings.isEmpty)
        #expect(TestSupport.close(values[0], 0))
        #expect(TestSupport.close(values[1], 100.0 / 3))
        #expect(TestSupport.close(values[2], 100))
    }

    @Test func minMaxLowerIsBetterInverts() throws {
        let (values, _) = try Normaliser.normalise(
            [2, 5, 11],
            method: .minMax(lower: 0, upper: 1),
            indicator: TestSupport.indicator("cost", direction: .lowerIsBetter),
            units: units
        )
        #expect(TestSupport.close(values[0], 1))
        #expect(TestSupport.close(values[1], 6.0 / 9))
        #expect(TestSupport.close(values[2], 0))
    }

    @Test func minMaxConstantColumnWarnsAndScoresLower() throws {
        let (values, warnings) = try Normaliser.normalise(
            [4, 4, nil],
            method: .minMax(lower: 1, upper: 100),
            indicator: TestSupport.indicator("flat"),
            units: units
        )
        #expect(values[0] == 1 && values[1] == 1)
        #expect(values[2] == nil)
        #expect(warnings.count == 1)
        #expect(warnings[0].description.contains("flat"))
    }

    @Test func missingValuesStayMissing() throws {
        let (values, _) = try Normaliser.normalise(
            [1, nil, 3],
            method: .minMax100,
            indicator: TestSupport.indicator("x"),
            units: units
        )
        #expect(values[1] == nil)
        #expect(TestSupport.close(values[2], 100))
    }

    @Test func zScorePopulationAndSample() throws {
        // 1, 2, 3: mean 2, population sd √(2/3), sample sd 1
        let (population, _) = try Normaliser.normalise(
            [1, 2, 3],
            method: .zScore(mean: 10, sd: 2, ddof: 0),
            indicator: TestSupport.indicator("x"),
            units: units
        )
        #expect(TestSupport.close(population[0], 10 - 2 / (2.0 / 3).squareRoot()))
        let (sample, _) = try Normaliser.normalise(
            [1, 2, 3],
            method: .zScore(mean: 0, sd: 1, ddof: 1),
            indicator: TestSupport.indicator("x"),
            units: units
        )
        #expect(TestSupport.close(sample[0], -1))
        #expect(TestSupport.close(sample[2], 1))
    }

    @Test func zScoreZeroSpreadThrowsNamingIndicator() {
        #expect(throws: IndexError("z-score undefined: every unit has the same value", indicator: "flat")) {
            try Normaliser.normalise(
                [3, 3, 3],
                method: .zScore(mean: 0, sd: 1, ddof: 0),
                indicator: TestSupport.indicator("flat"),
                units: units
            )
        }
    }

    @Test func goalpostsCapAndLog() throws {
        let life = TestSupport.indicator("life", goalposts: 20...85)
        let (values, _) = try Normaliser.normalise(
            [90, 52.5, 10],
            method: .goalposts(lower: 0, upper: 1),
            indicator: life,
            units: units
        )
        #expect(values == [1, 0.5, 0])
        let income = TestSupport.indicator("gni", goalposts: 100...75_000, transform: .log)
        let (logged, _) = try Normaliser.normalise(
            [75_000, 100, 2_738.612788],
            method: .goalposts(lower: 0, upper: 1),
            indicator: income,
            units: units
        )
        #expect(TestSupport.close(logged[0], 1))
        #expect(TestSupport.close(logged[1], 0))
        // √(100 · 75000) is halfway on a log scale
        #expect(TestSupport.close(logged[2], 0.5, 1e-6))
    }

    @Test func distanceToTargetCapsAtUpper() throws {
        let x = TestSupport.indicator("x", target: 10)
        let (values, _) = try Normaliser.normalise(
            [2, 6, 14],
            method: .distanceToTarget(lower: 0, upper: 100),
            indicator: x,
            units: units
        )
        #expect(values == [0, 50, 100])
    }

    @Test func rankAndPercentileShareTies() throws {
        let (ranks, _) = try Normaliser.normalise(
            [5, 9, 5],
            method: .rank,
            indicator: TestSupport.indicator("x"),
            units: units
        )
        #expect(ranks == [1.5, 3, 1.5])
        let (percentiles, _) = try Normaliser.normalise(
            [1, 2, 3],
            method: .percentileRank(lower: 0, upper: 100),
            indicator: TestSupport.indicator("x"),
            units: units
        )
        #expect(percentiles == [0, 50, 100])
    }

    @Test func basePeriodIsHundredAndInvertsLowerIsBetter() throws {
        var series = [50.0, 75, 100]
        try Normaliser.normaliseToBase(
            &series,
            baseIndex: 0,
            indicator: TestSupport.indicator("x"),
            unit: "CN",
            basePeriod: "2020"
        )
        #expect(series == [100, 150, 200])
        var cost = [50.0, 25]
        try Normaliser.normaliseToBase(
            &cost,
            baseIndex: 0,
            indicator: TestSupport.indicator("c", direction: .lowerIsBetter),
            unit: "CN",
            basePeriod: "2020"
        )
        #expect(cost == [100, 200])
    }

    @Test func basePeriodZeroOrMissingThrowsWithIndicatorAndUnit() {
        var zero = [0.0, 5]
        #expect(throws: IndexError("base-period (2020) value is 0; the ratio is undefined", indicator: "x", unit: "CN"))
        {
            try Normaliser.normaliseToBase(
                &zero,
                baseIndex: 0,
                indicator: TestSupport.indicator("x"),
                unit: "CN",
                basePeriod: "2020"
            )
        }
        var missing = [Double.nan, 5]
        #expect(throws: IndexError("missing base-period (2020) value", indicator: "x", unit: "CN")) {
            try Normaliser.normaliseToBase(
                &missing,
                baseIndex: 0,
                indicator: TestSupport.indicator("x"),
                unit: "CN",
                basePeriod: "2020"
            )
        }
    }

    @Test func minMaxOutputStaysInRangeForRandomData() throws {
        var random = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let values: [Double?] = (0..<15).map { _ in random.uniform(-1_000, 1_000) }
            let (scores, _) = try Normaliser.normalise(
                values,
                method: .minMax100,
                indicator: TestSupport.indicator("x"),
                units: (0..<15).map(String.init)
            )
            #expect(scores.allSatisfy { ($0 ?? -1) >= 0 && ($0 ?? 101) <= 100 })
        }
    }
}
