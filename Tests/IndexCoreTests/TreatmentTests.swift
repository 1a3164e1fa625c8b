import IndexCore
import IndexTestSupport
import RealModule
import Testing

@Suite("Imputation, outliers and denominators")
struct TreatmentTests {
    @Test func skewnessAndKurtosisMatchScipyUnbiased() {
        // scipy.stats.skew(x, bias=False) and kurtosis(x, bias=False) for COINr's example 1:10, 30, 100.
        let x: [Double] = Array(1...10).map(Double.init) + [30, 100]
        #expect(Statistics.skewness(x).isApproximatelyEqual(to: 3.0632410342394993, relativeTolerance: 1e-12))
        #expect(Statistics.kurtosis(x).isApproximatelyEqual(to: 9.741390834569144, relativeTolerance: 1e-12))
        #expect(Statistics.skewness([1, 1, 1]).isNaN)
        #expect(Statistics.kurtosis([1, 2, 3]).isNaN)
    }

    @Test func coinrRuleWinsorisesTheExampleOnePoint() {
        // COINr's Treat() example: 100 becomes 30, after which |skew| = 1.71 < 2 and the column passes.
        var x: [Double] = Array(1...10).map(Double.init) + [30, 100]
        let changed = OutlierTreatment.treat(&x, method: .coinr(OutlierRule()))
        #expect(changed.map(\.index) == [11])
        #expect(changed.map(\.action) == [.winsorisedHigh])
        #expect(x[11] == 30 && x[10] == 30)
        #expect(OutlierRule().passes(x))
    }

    @Test func coinrRuleFallsBackToLogWhenWinsorisingIsNotEnough() {
        // One winsorised point allowed: 100 → 30 is not enough under a stricter skew threshold, so
        // the original values are log-transformed: log(x − 1 + 0.99).
        var x: [Double] = Array(1...10).map(Double.init) + [30, 100]
        let changed = OutlierTreatment.treat(
            &x,
            method: .coinr(OutlierRule(skewThreshold: 1, kurtosisThreshold: 1, maxPoints: 1))
        )
        #expect(changed.count == 12)
        #expect(changed.allSatisfy { $0.action == .logTransformed })
        #expect(x[11].isApproximatelyEqual(to: Double.log(100 - 1 + 0.99), relativeTolerance: 1e-12))
        #expect(x[0].isApproximatelyEqual(to: Double.log(0.99), relativeTolerance: 1e-12))
    }

    @Test func secondStagesHandWorked() {
        // COINr's example under a strict rule (1, 1, one point): 100 → 30 is not enough.
        let x: [Double] = Array(1...10).map(Double.init) + [30, 100]
        func treated(_ stage: SecondStage, combines: Bool = false, _ values: [Double] = x) -> [Double] {
            var column = values
            _ = OutlierTreatment.treat(
                &column,
                method: .coinr(
                    OutlierRule(
                        skewThreshold: 1,
                        kurtosisThreshold: 1,
                        maxPoints: 1,
                        secondStage: stage,
                        combines: combines
                    )
                )
            )
            return column
        }
        // Winsorise only: the winsorised values are kept although they still fail.
        #expect(treated(.none)[11] == 30 && treated(.none)[0] == 1)
        // log_CT_orig: log(x − 1 + 1).
        #expect(treated(.logCTOriginal)[11].isApproximatelyEqual(to: .log(100), relativeTolerance: 1e-12))
        #expect(treated(.logCTOriginal)[0] == 0)
        // Box-Cox λ = 0.5 of x − 1 + 1: 2(√x − 1); λ = 0 is the log.
        #expect(treated(.boxCox(lambda: 0.5))[11].isApproximatelyEqual(to: 18, relativeTolerance: 1e-12))
        #expect(treated(.boxCox(lambda: 0.5))[3].isApproximatelyEqual(to: 2, relativeTolerance: 1e-12))
        #expect(treated(.boxCox(lambda: 0))[11].isApproximatelyEqual(to: .log(100), relativeTolerance: 1e-12))
        // Combined: log_CT of the winsorised values (max 30): log(30 − 1 + 0.29).
        #expect(treated(.logCT, combines: true)[11].isApproximatelyEqual(to: .log(29.29), relativeTolerance: 1e-12))
        #expect(treated(.logCT)[11].isApproximatelyEqual(to: .log(99.99), relativeTolerance: 1e-12))
        // log_CT_plus on negatively skewed values: −log(max + a − x) = −log(−1 + 0.99 + 100) at −100.
        let negative = treated(.logCTPlus, x.map { -$0 })
        #expect(negative[11].isApproximatelyEqual(to: -.log(99.99), relativeTolerance: 1e-12))
        #expect(treated(.logCTPlus)[11].isApproximatelyEqual(to: .log(99.99), relativeTolerance: 1e-12))
        // Missing values stay missing.
        #expect(treated(.boxCox(lambda: 0.5), x + [.nan])[12].isNaN)
    }

    @Test func passingColumnsAndMissingValuesAreLeftAlone() {
        var x: [Double] = [1, 2, .nan, 4, 5]
        #expect(OutlierTreatment.treat(&x, method: .coinr(OutlierRule())).isEmpty)
        #expect(x[2].isNaN)
        var y: [Double] = [1, .nan, 3]
        let logged = OutlierTreatment.treat(&y, method: .log)
        #expect(logged.map(\.index) == [0, 2])
        #expect(y[1].isNaN)
    }

    @Test func crossSectionImputationHandWorked() {
        var mean: [Double] = [2, .nan, 4, 9]
        #expect(Imputation.fillCrossSection(&mean, method: .mean).map(\.index) == [1])
        #expect(mean[1] == 5)
        var median: [Double] = [2, .nan, 4, 9]
        _ = Imputation.fillCrossSection(&median, method: .median)
        #expect(median[1] == 4)
        var grouped: [Double] = [2, .nan, 4, 9, .nan]
        let filled = Imputation.fillCrossSection(
            &grouped,
            method: .groupMean(group: "region"),
            groups: ["East", "East", "East", "West", "North"]
        )
        #expect(filled.map(\.action) == [.imputedGroupMean])
        #expect(grouped[1] == 3)  // mean of East's 2 and 4
        #expect(grouped[4].isNaN)  // North has no value: stays missing, as COINr's i_mean_grp
        var none: [Double] = [.nan, .nan]
        #expect(Imputation.fillCrossSection(&none, method: .mean).isEmpty)
    }

    @Test func seriesImputationInterpolatesByYear() {
        let positions = Imputation.positions(of: ["2020", "2021", "2023"])
        #expect(positions == [2020, 2021, 2023])
        let series: [Double] = [10, .nan, 40]
        // 2021 lies a third of the way from 2020 to 2023.
        #expect(
            Imputation.fillFromSeries(series, positions: positions, at: 1, method: .interpolate(SeriesRule()))?.value
                == 20
        )
        #expect(
            Imputation.fillFromSeries(series, positions: positions, at: 1, method: .carryForward(SeriesRule()))?.value
                == 10
        )
        #expect(
            Imputation.fillFromSeries([.nan, 5], positions: [0, 1], at: 0, method: .carryForward(SeriesRule())) == nil
        )
        #expect(
            Imputation.fillFromSeries([5, .nan], positions: [0, 1], at: 1, method: .interpolate(SeriesRule())) == nil
        )
        #expect(Imputation.positions(of: ["a", "b"]) == [0, 1])
    }

    @Test func groupMedianHasNoFallback() {
        // East: 2, 4, 9 → median 4; North has no value and stays missing (COINr's i_median_grp);
        // a unit with no group stays missing.
        var column: [Double] = [2, .nan, 4, 9, .nan, .nan]
        let filled = Imputation.fillCrossSection(
            &column,
            method: .groupMedian(group: "region"),
            groups: ["East", "East", "East", "East", "North", nil]
        )
        #expect(filled.map(\.index) == [1])
        #expect(filled.map(\.action) == [.imputedGroupMedian])
        #expect(column[1] == 4)
        #expect(column[4].isNaN && column[5].isNaN)
    }

    @Test func rowImputationNormalisesFirstHandWorked() {
        // Unit 2 misses c0. Normalised in their directions: c1 (lower is better) d·x = −4, −2, 0 → unit 2
        // has (0 + 4)/4 = 1; c3: (15 − 5)/20 = 0.5; c2 has no spread and counts for nothing.
        // Mean 0.75 → c0 = 0.75 · (10 − 0) + 0 = 7.5. Raw: the mean of 0, 1, 15 = 16/3; median 1.
        let columns: [[Double]] = [[0, 10, .nan], [4, 2, 0], [1, 1, 1], [5, 25, 15]]
        let directions: [Double] = [1, -1, 1, 1]
        var normalised = columns
        let filled = Imputation.fillRows(&normalised, directions: directions, rule: RowImputation(statistic: .mean))
        #expect(filled.map(\.unit) == [2] && filled.map(\.column) == [0])
        #expect(normalised[0][2].isApproximatelyEqual(to: 7.5, absoluteTolerance: 1e-12))
        var raw = columns
        _ = Imputation.fillRows(
            &raw,
            directions: directions,
            rule: RowImputation(statistic: .mean, normalisesFirst: false)
        )
        #expect(raw[0][2].isApproximatelyEqual(to: 16.0 / 3, absoluteTolerance: 1e-12))
        var median = columns
        _ = Imputation.fillRows(
            &median,
            directions: directions,
            rule: RowImputation(statistic: .median, normalisesFirst: false)
        )
        #expect(median[0][2] == 1)
        // A unit with no other value stays missing.
        var alone: [[Double]] = [[1, .nan], [2, .nan]]
        #expect(Imputation.fillRows(&alone, directions: [1, 1], rule: RowImputation(statistic: .mean)).isEmpty)
    }

    @Test func emImputesTheRegressionPredictionForMonotoneMissingness() throws {
        // With y missing where x is observed, the ML conditional mean is the complete cases'
        // regression (Anderson 1957): x̄ = 2.5, ȳ = 5, β = Sxy/Sxx = 9.5/5 = 1.9 → ŷ(5) = 5 + 1.9 · 2.5.
        var columns: [[Double]] = [[1, 2, 3, 4, 5], [2, 4.5, 5.5, 8, .nan]]
        let filled = try Imputation.fillByEM(&columns, names: ["x", "y"])
        #expect(filled.map(\.unit) == [4] && filled.map(\.column) == [1])
        #expect(columns[1][4].isApproximatelyEqual(to: 9.75, absoluteTolerance: 1e-9))
        var flat: [[Double]] = [[1, 1, .nan], [1, 2, 3]]
        #expect(throws: IndexError.self) { try Imputation.fillByEM(&flat, names: ["x", "y"]) }
    }

    @Test func seriesRulesLookBackAndExtrapolate() {
        let positions: [Double] = [0, 1, 2, 3, 4]
        let series: [Double] = [.nan, 3, .nan, 7, .nan]
        func fill(_ method: ImputationMethod, at index: Int, _ values: [Double] = series) -> Double? {
            Imputation.fillFromSeries(values, positions: positions, at: index, method: method)?.value
        }
        let ends = SeriesRule(extrapolates: true)
        #expect(fill(.interpolate(ends), at: 2) == 5)
        #expect(fill(.interpolate(ends), at: 0) == 3)
        #expect(fill(.interpolate(ends), at: 4) == 7)
        #expect(fill(.interpolate(SeriesRule(extrapolates: false)), at: 4) == nil)
        #expect(fill(.carryForward(ends), at: 0) == 3)
        #expect(fill(.carryForward(SeriesRule()), at: 0) == nil)
        // One period back at most: period 1 takes period 0's 5; period 2's previous period has no value.
        let gap: [Double] = [5, .nan, .nan, 1, .nan]
        #expect(fill(.carryForward(SeriesRule(lookBack: 1)), at: 1, gap) == 5)
        #expect(fill(.carryForward(SeriesRule(lookBack: 1)), at: 2, gap) == nil)
        #expect(fill(.carryForward(SeriesRule(lookBack: 2)), at: 2, gap) == 5)
        // One value: interpolation with extrapolation fills with it (COINr's "linear" stops with an error).
        #expect(fill(.interpolate(ends), at: 0, [.nan, 4, .nan, .nan, .nan]) == 4)
        // COINr's conventions extrapolate an open interpolate, IIDEI's do not; carry-forward never by default.
        #expect(ImputationMethod.interpolate(SeriesRule()).resolved(by: .coinr) == .interpolate(ends))
        #expect(
            ImputationMethod.interpolate(SeriesRule()).resolved(by: .iidei)
                == .interpolate(SeriesRule(extrapolates: false))
        )
        #expect(
            ImputationMethod.carryForward(SeriesRule()).resolved(by: .coinr)
                == .carryForward(SeriesRule(extrapolates: false))
        )
    }

    @Test func screeningByZerosAndForcedUnits() throws {
        // A: 4 of 4 values, 1 zero → non-zero 0.75; B: 2 of 4 values, none zero; C: 4 values, none zero.
        let rule = try ScreeningRule(minCoverage: 0.6, minNonZero: 0.8)
        #expect(!rule.keeps(unit: "A", coverage: 1, nonZero: 0.75))  // too many zeros
        #expect(!rule.keeps(unit: "B", coverage: 0.5, nonZero: 1))  // too few values
        #expect(rule.keeps(unit: "C", coverage: 1, nonZero: 1))
        var forced = rule
        forced.included = ["A", "B"]
        forced.excluded = ["B", "C"]
        #expect(forced.keeps(unit: "A", coverage: 1, nonZero: 0.75))
        #expect(!forced.keeps(unit: "B", coverage: 0.5, nonZero: 1))  // in both: excluded, as COINr
        #expect(!forced.keeps(unit: "C", coverage: 1, nonZero: 1))
        #expect(try ScreeningRule(name: forced.name) == forced)
        #expect(forced.name == "0.6:nonzero=0.8:include=A,B:exclude=B,C:before-imputation")
        #expect(try ScreeningRule(name: "0.5:after-imputation").name == "0.5:after-imputation")
        for bad in ["0.5:nonzero=2", "0.5:include=", "0.5:nonzero=0.1:nonzero=0.2", "0.5:sometimes"] {
            #expect(throws: IndexError.self, "\(bad)") { try ScreeningRule(name: bad) }
        }
    }

    @Test func methodNamesRoundTrip() throws {
        for method in [
            ImputationMethod.none, .mean, .median, .groupMean(group: "region"), .groupMedian(group: "EurAsia_group"),
            .interpolate(SeriesRule()), .interpolate(SeriesRule(extrapolates: true)), .carryForward(SeriesRule()),
            .carryForward(SeriesRule(lookBack: 2, extrapolates: false)), .rowwise(RowImputation(statistic: .mean)),
            .rowwise(RowImputation(statistic: .median, level: 2, normalisesFirst: false)),
            .expectationMaximisation(level: nil), .expectationMaximisation(level: 3),
        ] {
            #expect(try ImputationMethod(name: method.name) == method)
        }
        #expect(try ImputationMethod(name: "row-mean:level2") == .rowwise(RowImputation(statistic: .mean, level: 2)))
        for bad in ["row-mean:level1", "row-mean:raw:raw", "em:2", "carry-forward:0", "interpolate:1", "median:x"] {
            #expect(throws: IndexError.self, "\(bad)") { try ImputationMethod(name: bad) }
        }
        for method in [
            OutlierMethod.none, .log, .coinr(OutlierRule()),
            .coinr(OutlierRule(skewThreshold: 2.25, kurtosisThreshold: 3.5, maxPoints: 3)),
            .coinr(OutlierRule(secondStage: .none)), .coinr(OutlierRule(maxPoints: 10, secondStage: .none)),
            .coinr(OutlierRule(maxPoints: 1, secondStage: .boxCox(lambda: 0.5))),
            .coinr(OutlierRule(secondStage: .logCTOriginal)),
            .coinr(OutlierRule(secondStage: .logCTPlus, combines: true)),
        ] {
            #expect(try OutlierMethod(name: method.name) == method)
        }
        #expect(throws: IndexError.self) { try OutlierMethod(name: "coinr:1,2") }
        #expect(try OutlierMethod(name: "coinr").name == "coinr")
        #expect(try OutlierMethod(name: "coinr:2,3.5,1:boxcox:0.5").name == "coinr:2.0,3.5,1:boxcox:0.5")
        for bad in ["coinr:boxcox", "winsorise-only:combine", "coinr:log:log-orig", "coinr:combine:combine", "log:1"] {
            #expect(throws: IndexError.self, "\(bad)") { try OutlierMethod(name: bad) }
        }
        #expect(throws: IndexError.self) { try RunOptions.parse(["impute": "average"]) }
    }

    @Test func denominatorsDivideAndFlagMissingDenominators() throws {
        let ratio = Indicator(
            id: "patents",
            name: LocalisedText(zh: "专利", en: "Patents"),
            denomination: Denomination(series: "population", scale: 10_000)
        )
        let framework = TestSupport.crossSection(
            FrameworkNode(
                id: "root",
                name: LocalisedText(zh: "r", en: "r"),
                children: [FrameworkNode(indicator: ratio)]
            ),
            normalisation: .minMax100
        )
        #expect(framework.seriesIDs == ["population"])
        let dataset = Dataset(
            units: [],
            observations: [
                Observation(unit: "A", indicator: "patents", period: "2023", value: 500),
                Observation(unit: "A", indicator: "population", period: "2023", value: 250_000, status: .estimated),
                Observation(unit: "B", indicator: "patents", period: "2023", value: 80),
            ]
        )
        let result = try Denominator.apply(framework, to: dataset)
        #expect(result.observations[0].value == 20)  // 500 / 250,000 × 10,000
        #expect(result.observations[0].status == .estimated)
        #expect(result.observations[2].value == nil)
        #expect(result.observations[2].note.contains("no population"))
        var zero = dataset
        zero.observations[1].value = 0
        #expect(throws: IndexErrors.self) { try Denominator.apply(framework, to: zero) }
    }

    @Test func engineRecordsEveryTreatedValue() throws {
        let indicators = ["a", "b"].map { Indicator(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        let framework = TestSupport.crossSection(
            FrameworkNode(
                id: "root",
                name: LocalisedText(zh: "r", en: "r"),
                children: indicators.map { FrameworkNode(indicator: $0) }
            ),
            normalisation: .minMax100
        )
        let units = ["u1", "u2", "u3"].map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        let dataset = Dataset(
            units: units,
            observations: [
                Observation(unit: "u1", indicator: "a", period: "1", value: 0),
                Observation(unit: "u2", indicator: "a", period: "1", value: 10),
                Observation(unit: "u3", indicator: "a", period: "1", value: 20),
                Observation(unit: "u1", indicator: "b", period: "1", value: 0),
                Observation(unit: "u2", indicator: "b", period: "1", value: 100),
            ]
        )
        let plain = try IndexEngine.run(
            framework: framework,
            dataset: dataset,
            options: RunOptions(tierMethod: .sizes([1, 2]))
        )
        #expect(plain.treatments.isEmpty)
        let imputed = try IndexEngine.run(
            framework: framework,
            dataset: dataset,
            options: RunOptions(tierMethod: .sizes([1, 2]), imputation: .mean)
        )
        #expect(
            imputed.treatments == [
                TreatedValue(
                    evaluation: "e",
                    unit: "u3",
                    indicator: "b",
                    period: "1",
                    original: nil,
                    value: 50,
                    action: .imputedMean
                )
            ]
        )
        guard case .crossSection(let section) = imputed.evaluations[0] else {
            Issue.record("expected a cross-section")
            return
        }
        // u3: a = 100, b = 50 after min-max → 75.
        #expect(section.units.first { $0.id == "u3" }?.score == 75)
    }
}
