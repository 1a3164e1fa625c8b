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
            method: .rank(),
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

    /// R's `rank(x, ties.method = …)` on 5, 9, 5, 1: average 2.5 9→4; min 2; max 3. Borda is the rank
    /// − 1 and the percentile (r − 1)/(n − 1), as COINr's `n_borda` and `n_prank` (both `min` by default).
    @Test(arguments: [
        (RankTies.average, [2.5, 4, 2.5, 1]), (.min, [2, 4, 2, 1]), (.max, [3, 4, 3, 1]),
    ])
    func tieRulesOfRanks(ties: RankTies, expected: [Double]) throws {
        let x = TestSupport.indicator("x")
        let four = ["A", "B", "C", "D"]
        let (ranks, _) = try Normaliser.normalise([5, 9, 5, 1], method: .rank(ties: ties), indicator: x, units: four)
        #expect(ranks == expected)
        let (borda, _) = try Normaliser.normalise([5, 9, 5, 1], method: .borda(ties: ties), indicator: x, units: four)
        #expect(borda == expected.map { $0 - 1 })
        let (percent, _) = try Normaliser.normalise(
            [5, 9, nil, 5, 1],
            method: .percentileRank(lower: 0, upper: 1, ties: ties),
            indicator: x,
            units: four + ["E"]
        )
        #expect(percent == [expected[0], expected[1], nil, expected[2], expected[3]].map { $0.map { ($0 - 1) / 3 } })
    }

    /// x / max(x); after the direction (−x) for lower is better, as COINr's `n_fracmax`, with a
    /// warning when that makes worse units score higher.
    @Test func fractionOfMax() throws {
        let (values, warnings) = try Normaliser.normalise(
            [2, 4, 8],
            method: .fractionOfMax,
            indicator: TestSupport.indicator("x"),
            units: units
        )
        #expect(values == [0.25, 0.5, 1])
        #expect(warnings.isEmpty)
        let (cost, costWarnings) = try Normaliser.normalise(
            [2, 4, 8],
            method: .fractionOfMax,
            indicator: TestSupport.indicator("c", direction: .lowerIsBetter),
            units: units
        )
        #expect(cost == [1, 2, 4])
        #expect(costWarnings.count == 1)
        #expect(throws: IndexError.self) {
            try Normaliser.normalise(
                [0, -1],
                method: .fractionOfMax,
                indicator: TestSupport.indicator("x"),
                units: units
            )
        }
    }

    /// The sample SD (n − 1) or the population SD (n): 2, 4, 4, 4, 5, 5, 7, 9 has mean 5, population
    /// SD 2, sample SD √(32/7).
    @Test func zScoreStandardDeviations() throws {
        let data: [Double?] = [2, 4, 4, 4, 5, 5, 7, 9]
        let eight = (0..<8).map { "U\($0)" }
        let x = TestSupport.indicator("x")
        let (population, _) = try Normaliser.normalise(
            data,
            method: .zScore(mean: 0, sd: 1, ddof: 0),
            indicator: x,
            units: eight
        )
        #expect(population[7] == 2)
        let (sample, _) = try Normaliser.normalise(
            data,
            method: .zScore(mean: 0, sd: 1, ddof: 1),
            indicator: x,
            units: eight
        )
        #expect(abs((sample[7] ?? 0) - 4 / (32.0 / 7).squareRoot()) < 1e-15)
    }

    /// Names: the variant in either order with the range, read back as the same method; a method
    /// without its variant leaves it to the framework's convention (COINr's for an iMeta).
    @Test func variantsInNames() throws {
        #expect(try NormalisationMethod(name: "zscore:sample") == .zScore(mean: 0, sd: 1, ddof: 1))
        #expect(try NormalisationMethod(name: "zscore:10,2:population") == .zScore(mean: 10, sd: 2, ddof: 0))
        #expect(try NormalisationMethod(name: "zscore:population:10,2").name == "zscore:population:10,2")
        #expect(try NormalisationMethod(name: "percentile:0,1:min") == .percentileRank(lower: 0, upper: 1, ties: .min))
        #expect(try NormalisationMethod(name: "borda:max").name == "borda:max")
        #expect(try NormalisationMethod(name: "fracmax") == .fractionOfMax)
        for bad in [
            "zscore:min", "rank:sample", "minmax:sample", "rank:1,2", "zscore:sample:population", "fracmax:0,1",
        ] {
            #expect(throws: IndexError.self, "\(bad)") { try NormalisationMethod(name: bad) }
        }
        #expect(
            NormalisationMethod.zScore(mean: 0, sd: 1, ddof: nil).resolved(by: .coinr)
                == .zScore(mean: 0, sd: 1, ddof: 1)
        )
        #expect(NormalisationMethod.rank().resolved(by: .coinr) == .rank(ties: .min))
        #expect(NormalisationMethod.rank().resolved(by: .iidei) == .rank(ties: .average))
        #expect(NormalisationMethod.rank(ties: .max).resolved(by: .coinr) == .rank(ties: .max))
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
