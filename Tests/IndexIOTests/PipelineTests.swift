import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import RealModule
import Testing

/// The one cross-section pipeline, by hand: coverage, screening, panels, the new aggregations and
/// COINr's outlier rule, and every analysis starting from the run the user made.
@Suite("Cross-section pipeline")
struct PipelineTests {
    /// A framework of two pillars: `a` {x (weight 5), y (3), z (2)} and `b` {v}, equal pillar weights.
    static func framework(extra: String = "", node: String = "", evaluation: String = "") throws -> Framework {
        try FrameworkReader.parse(
            """
            id: t
            tree:
              id: index
              children:
                - id: a
                  \(node)
                  children:
                    - {id: x, unit: u, weight: 5}
                    - {id: y, unit: u, weight: 3}
                    - {id: z, unit: u, weight: 2}
                - id: b
                  children:
                    - {id: v, unit: u\(extra)}
            evaluations:
              - id: e
                kind: cross-section
                normalisation: {method: minmax, range: [0, 100]}
                tiers: [{zh: 高, en: High}, {zh: 低, en: Low}]
                \(evaluation)
            """,
            file: "t.yaml"
        )
    }

    /// Units P, Q, R, S over periods; `nil` is a missing value.
    static func dataset(_ rows: [(String, String, [Double?])]) -> Dataset {
        let indicators = ["x", "y", "z", "v"]
        let units = Set(rows.map(\.0)).sorted().map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        var observations: [Observation] = []
        for (unit, period, values) in rows {
            for (indicator, value) in zip(indicators, values) {
                observations.append(Observation(unit: unit, indicator: indicator, period: period, value: value))
            }
        }
        return Dataset(units: units, observations: observations, isIllustrative: false)
    }

    static func run(
        _ framework: Framework,
        _ dataset: Dataset,
        _ fields: [String: String] = [:]
    ) throws
        -> CrossSectionResult
    {
        let results = try IndexEngine.run(
            framework: framework,
            dataset: dataset,
            options: try RunOptions.parse(fields)
        )
        guard case .crossSection(let result)? = results.evaluations.first else { throw IndexError("no result") }
        return result
    }

    static func score(_ result: CrossSectionResult, _ unit: String, _ node: String) -> Double? {
        result.units.first { $0.id == unit }?.nodes[node]?.score ?? nil
    }

    // MARK: - Coverage and screening

    /// `min-coverage: 0.6` on `a`: P lacks z (weight 0.2: 0.8 covered, scored), Q lacks x (0.5 covered:
    /// no score for `a`, and so none for the index either when the index also needs 0.6).
    @Test func coverageRuleByHand() throws {
        let data = Self.dataset([
            ("P", "1", [10, 10, nil, 10]), ("Q", "1", [nil, 0, 0, 0]), ("R", "1", [0, 0, 0, 5]),
            ("S", "1", [5, 5, 5, 10]),
        ])
        let plain = try Self.run(try Self.framework(), data)
        #expect(Self.score(plain, "Q", "a") != nil)
        let framework = try Self.framework(node: "min-coverage: 0.6")
        let result = try Self.run(framework, data)
        // P: x and y are at the maximum (100), z missing: (0.5·100 + 0.3·100) / 0.8 = 100.
        #expect(TestSupport.close(Self.score(result, "P", "a"), 100, 1e-12))
        #expect(Self.score(result, "Q", "a") == nil)
        // Without its own rule the index averages over b alone for Q …
        #expect(TestSupport.close(Self.score(result, "Q", "index"), 0, 1e-12))
        // … and with --min-coverage 0.6 on every node it has no score and no rank.
        let strict = try Self.run(framework, data, ["minCoverage": "0.6"])
        #expect(Self.score(strict, "Q", "index") == nil)
        #expect(strict.units.first { $0.id == "Q" }?.rank == nil)
        #expect(strict.units.compactMap(\.rank).sorted() == [1, 2, 3])
    }

    /// `--screen 0.75`: S has 2 of 4 indicators and is left out of normalisation and ranking before
    /// imputation; after mean imputation it has all four and takes part.
    @Test func screeningBeforeAndAfterImputation() throws {
        let data = Self.dataset([
            ("P", "1", [10, 10, 10, 10]), ("Q", "1", [0, 0, 0, 0]), ("R", "1", [5, 5, 5, 5]),
            ("S", "1", [100, nil, nil, 1]),
        ])
        let before = try Self.run(try Self.framework(), data, ["screen": "0.75"])
        #expect(before.units.map(\.id).sorted() == ["P", "Q", "R"])
        #expect(before.screened == [ScreenedUnit(unit: "S", period: "1", coverage: 0.5)])
        // S's 100 in x no longer sets the maximum: P is at the top of x.
        #expect(TestSupport.close(before.units.first { $0.id == "P" }?.nodes["x"]?.score ?? nil, 100, 1e-12))
        let after = try Self.run(try Self.framework(), data, ["screen": "0.75:after-imputation", "impute": "mean"])
        #expect(after.units.count == 4)
        #expect(after.screened.isEmpty)
        #expect(after.units.allSatisfy { $0.coverage == 1 })
        let dropped = try Self.run(try Self.framework(), data, ["screen": "0.75:after-imputation"])
        #expect(dropped.screened.map(\.unit) == ["S"])
    }

    // MARK: - Aggregation

    /// Copeland by hand. a's children for P, Q, R (normalised): P (100, 100, 0), Q (0, 0, 100),
    /// R (50, 50, 50); weights 0.5, 0.3, 0.2. P over Q: 0.8 > ½ (+1); P over R: 0.8 (+1);
    /// Q over R: 0.2 (−1). So P 2, Q −2, R 0.
    /// The framework states the data preparation: `impute:` and `outliers:` per evaluation (a run's
    /// option replaces them), `outliers:` per indicator, `screen:` by zeros and forced units.
    @Test func dataPreparationInTheFramework() throws {
        let data = Self.dataset([
            ("P", "2024", [1, 2, 3, 4]), ("Q", "2024", [nil, 4, 5, 8]), ("R", "2024", [3, 6, 7, 0]),
            ("S", "2024", [5, 8, 9, 0]),
        ])
        // Row mean within a: Q's y and z are both a third of the way up their columns, so x is
        // 1 + (5 − 1)/3 = 7/3. The run's `--impute mean` replaces it: (1 + 3 + 5)/3.
        let rows = try Self.framework(evaluation: "impute: row-mean:level2")
        let imputed = try IndexEngine.run(framework: rows, dataset: data, options: RunOptions())
        #expect(imputed.treatments.map(\.unit) == ["Q"])
        #expect(TestSupport.close(imputed.treatments.first?.value, 7.0 / 3, 1e-12))
        let replaced = try IndexEngine.run(
            framework: rows,
            dataset: data,
            options: try RunOptions.parse(["impute": "mean"])
        )
        #expect(TestSupport.close(replaced.treatments.first?.value, 3, 1e-12))
        // Only v has its own treatment: log(v − 0 + 0.01 · 8).
        let logged = try IndexEngine.run(
            framework: try Self.framework(extra: ", outliers: log"),
            dataset: data,
            options: RunOptions()
        )
        #expect(Set(logged.treatments.map(\.indicator)) == ["v"])
        #expect(TestSupport.close(logged.treatments.first { $0.unit == "Q" }?.value, .log(8.08), 1e-12))
        // R and S have a zero among four values (non-zero share 0.75 < 0.8); R is forced in.
        let screened = try Self.run(
            try Self.framework(evaluation: "screen: {min-nonzero: 0.8, include: [R]}"),
            data,
            ["impute": "mean"]
        )
        #expect(screened.units.map(\.id).sorted() == ["P", "Q", "R"])
        #expect(screened.screened.map(\.unit) == ["S"])
        #expect(throws: IndexError.self) { try Self.framework(extra: ", outliers: bogus") }
        #expect(throws: IndexError.self) { try Self.framework(evaluation: "impute: row-mean:level1") }
    }

    @Test func copelandByHand() throws {
        let data = Self.dataset([("P", "1", [10, 10, 0, 1]), ("Q", "1", [0, 0, 10, 2]), ("R", "1", [5, 5, 5, 3])])
        let framework = try Self.framework(node: "aggregation: copeland")
        let result = try Self.run(framework, data)
        #expect(Self.score(result, "P", "a") == 2)
        #expect(Self.score(result, "Q", "a") == -2)
        #expect(Self.score(result, "R", "a") == 0)
    }

    /// A missing value's comparison counts for neither unit when computed, and the reverse pair is
    /// 1 − o (COINr): with x missing for Q, P over Q is 0.3 + 0 = 0.3 → Q beats P.
    @Test func copelandWithAMissingValueFollowsCOINr() throws {
        let data = Self.dataset([("P", "1", [10, 10, 0, 1]), ("Q", "1", [nil, 0, 10, 2]), ("R", "1", [5, 5, 5, 3])])
        let result = try Self.run(try Self.framework(node: "aggregation: copeland"), data)
        // o(P,Q) = y 0.3 (P higher) = 0.3 → −1 for P; o(P,R) = 0.8 → +1: P 0.
        #expect(Self.score(result, "P", "a") == 0)
    }

    /// Generalised mean with p = 2 by hand: √((0.5·100² + 0.3·0² + 0.2·50²) / 1) = √5500; a missing
    /// child leaves no score (COINr's a_genmean).
    @Test func generalisedMeanByHand() throws {
        let data = Self.dataset([("P", "1", [10, 0, 5, 1]), ("Q", "1", [0, 10, 10, 2]), ("R", "1", [5, nil, 0, 3])])
        let result = try Self.run(try Self.framework(node: "aggregation: power:2"), data)
        #expect(TestSupport.close(Self.score(result, "P", "a"), 5_500.0.squareRoot(), 1e-12))
        #expect(Self.score(result, "R", "a") == nil)
        // Harmonic: P has a zero (y) and is refused with the unit and node named.
        #expect(throws: IndexErrors.self) { try Self.run(try Self.framework(node: "aggregation: harmonic"), data) }
        do {
            _ = try Self.run(try Self.framework(node: "aggregation: harmonic"), data)
        } catch let error as IndexErrors {
            #expect(error.description.contains("harmonic aggregation of 'a'"))
            #expect(error.description.contains("unit 'P'"))
        }
    }

    // MARK: - Panels

    /// Two periods, min-max over the whole panel: v runs 0…40 over four unit-periods, so P's 10 in
    /// period 1 is 25 and its 40 in period 2 is 100; per period it would be 0 and 100 twice.
    @Test func panelByHand() throws {
        let data = Self.dataset([
            ("P", "1", [1, 1, 1, 10]), ("Q", "1", [2, 2, 2, 0]), ("P", "2", [1, 1, 1, 40]), ("Q", "2", [2, 2, 2, 20]),
        ])
        let panel = try Self.run(try Self.framework(), data, ["period": "all", "normalisationScope": "panel"])
        let periods = try #require(panel.panel)
        #expect(periods.periods.map(\.period) == ["1", "2"])
        #expect(TestSupport.close(Self.score(periods.periods[0], "P", "v"), 25, 1e-12))
        #expect(TestSupport.close(Self.score(periods.periods[1], "P", "v"), 100, 1e-12))
        #expect(TestSupport.close(Self.score(periods.periods[1], "Q", "v"), 50, 1e-12))
        // The top level carries the last period; P's v grew 25 → 100, +300 %, and Q moved 0 → 50.
        #expect(panel.period == "2")
        #expect(TestSupport.close(periods.growth(unit: "P", node: "v")[1] ?? nil, 300, 1e-9))
        #expect(periods.rankChanges(unit: "Q", node: "index") == [nil, 0])
        let separate = try Self.run(try Self.framework(), data, ["period": "1,2", "tiers": "sizes:1,1"])
        #expect(TestSupport.close(Self.score(try #require(separate.panel).periods[1], "Q", "v"), 0, 1e-12))
        // One period keeps the single-period shape.
        #expect(try Self.run(try Self.framework(), data, ["period": "1", "tiers": "sizes:1,1"]).panel == nil)
        #expect(throws: IndexErrors.self) { try Self.run(try Self.framework(), data, ["period": "3"]) }
    }

    // MARK: - COINr's outlier rule

    /// A column that needs four points winsorised: COINr's loop moves the top point to the next value
    /// in, then the (now two) top points, … until skew and kurtosis pass; each value is logged once.
    @Test func outlierRuleNeedsFourPoints() {
        var column: [Double] = (1...30).map(Double.init) + [150, 180, 210, 240]
        let original = column
        let changed = OutlierTreatment.treat(&column, method: .coinr(OutlierRule()))
        #expect(changed.map(\.index) == [30, 31, 32, 33])
        #expect(changed.allSatisfy { $0.action == .winsorisedHigh })
        #expect(column[30...].allSatisfy { $0 == 30 })
        #expect(column[..<30] == original[..<30])
        #expect(OutlierRule().passes(column))
        // With three points allowed it does not pass, and the original is log-transformed instead.
        var limited = original
        let logged = OutlierTreatment.treat(&limited, method: .coinr(OutlierRule(maxPoints: 3)))
        #expect(logged.count == original.count)
        #expect(logged.allSatisfy { $0.action == .logTransformed })
        #expect(TestSupport.close(limited[0], .log(0.01 * (240 - 1)), 1e-12))
    }

    /// Imputed and then winsorised: two log entries, the second starting from the imputed value.
    @Test func treatmentLogListsEachStep() throws {
        let values: [Double?] = (1...20).map(Double.init) + [200, 400, 800, 1_600, nil]
        var rows: [(String, String, [Double?])] = []
        for (index, value) in values.enumerated() {
            rows.append((String(format: "U%02d", index), "1", [value, 1, 1, 1]))
        }
        let results = try IndexEngine.run(
            framework: try Self.framework(),
            dataset: Self.dataset(rows),
            options: try RunOptions.parse(["impute": "mean", "outliers": "coinr"])
        )
        let u24 = results.treatments.filter { $0.unit == "U24" && $0.indicator == "x" }
        #expect(u24.map(\.action) == [.imputedMean])
        let imputed = try #require(u24.first?.value)
        #expect(TestSupport.close(imputed, (210 + 3_000) / 24, 1e-12))
        let x = results.treatments.filter { $0.indicator == "x" && $0.action == .winsorisedHigh }
        #expect(Set(x.map(\.unit)).count == x.count)
    }

    // MARK: - Strict inputs

    @Test func misspeltFrameworkKeyIsAnErrorWithTheNearestKey() {
        #expect(
            throws: IndexError(
                "unknown key 'agregation' in a tree node; did you mean 'aggregation'?",
                file: "t.yaml",
                line: 6,
                column: 7
            )
        ) {
            try Self.framework(node: "agregation: geometric")
        }
    }

    /// A z-score's ddof is 0 or 1; anything else (1e30 trapped converting to Int) is an error at its place.
    @Test(arguments: ["1e30", "2", "-1", "0.5"])
    func aZScoreDdofOtherThanZeroOrOneIsRefused(ddof: String) {
        #expect(throws: IndexError.self) {
            try FrameworkReader.parse(
                """
                id: t
                tree:
                  id: index
                  children:
                    - {id: x, unit: u}
                evaluations:
                  - id: e
                    kind: cross-section
                    normalisation: {method: zscore, ddof: \(ddof)}
                """,
                file: "t.yaml"
            )
        }
    }

    /// Every option is checked before anything runs: out of range, not finite, inconsistent.
    @Test(arguments: [
        ["tiers": "sizes:-1,32"], ["tiers": "jenks:nan"], ["tiers": "sizes:99999999999999999999,1"],
        ["tiers": "thresholds:nan"], ["tiers": "thresholds:10,60"], ["tiers": "jenks:0"],
        ["normalise": "minmax", "scale": "5,5"], ["normalise": "zscore", "scale": "0,0"],
        ["normalise": "minmax", "scale": "1e308,-1e308"], ["normalise": "minmax", "scale": "-1e308,1e308"],
        ["normalise": "minmax", "scale": "0x1p10,100"], ["outliers": "coinr:nan,3.5,5"],
        ["outliers": "coinr:2,3.5,2.5"],
        ["weightAlpha": "nan"], ["weightAlpha": "0.5"], ["minCoverage": "1.5"], ["screen": "inf"],
        ["aggregate": "power:0"], ["aggregate": "power:inf"], ["aggregate": "power:1e308"], ["period": "2021,2021"],
        ["scale": "0,1"],
        ["normalisationScope": "decade"], ["agregate": "geometric"],
    ])
    func badOptionsAreRefused(fields: [String: String]) {
        #expect(throws: IndexError.self) { try RunOptions.parse(fields) }
    }

    /// Every unit with the same values: min-max scores them all at the bottom with a warning, and
    /// the tiers cannot be cut by Jenks: an error naming the evaluation, never a trap.
    @Test func degenerateCrossSectionIsAnErrorNotATrap() throws {
        let data = Self.dataset([
            ("P", "1", [1, 1, 1, 1]), ("Q", "1", [1, 1, 1, 1]), ("R", "1", [1, 1, 1, 1]), ("S", "1", [1, 1, 1, 1]),
        ])
        do {
            _ = try Self.run(try Self.framework(), data)
            Issue.record("expected an error")
        } catch let error as IndexErrors {
            #expect(error.description.contains("evaluation 'e'"))
            #expect(error.description.contains("distinct"))
        }
        let fixed = try Self.run(try Self.framework(), data, ["tiers": "sizes:2,2"])
        #expect(fixed.units.map(\.tier) == [1, 1, 2, 2])
        let overflow = Self.dataset([
            ("P", "1", [1e308, 1, 1, 1]), ("Q", "1", [-1e308, 2, 2, 2]), ("R", "1", [0, 3, 3, 3]),
        ])
        do {
            _ = try Self.run(try Self.framework(), overflow, ["tiers": "sizes:1,1,1"])
            Issue.record("expected an error")
        } catch let error as IndexErrors {
            #expect(error.description.contains("overflows"))
            #expect(error.description.contains("indicator 'x'"))
        }
    }

    // MARK: - One pipeline behind every analysis

    /// Under any set of options, levers report the unit's score exactly as the run computes it, and
    /// robustness takes the run's ranks as nominal.
    @Test(arguments: [
        ["weights": "entropy", "weightAlpha": "0.5", "weightCombination": "multiplicative"],
        ["aggregate": "topsis"],
        ["impute": "mean", "outliers": "coinr"],
        ["normalise": "zscore", "scale": "10,2", "aggregate": "geometric"],
        ["normalise": "rank", "tiers": "sizes:4,6"],
        ["aggregate": "copeland", "tiers": "sizes:4,6"],
    ])
    func leversAndRobustnessStartFromTheRun(fields: [String: String]) throws {
        var rows: [(String, String, [Double?])] = []
        var random = SplitMix64(seed: 7)
        for unit in 0..<10 {
            rows.append(
                (
                    "U\(unit)", "1",
                    (0..<4).map { j in unit == 3 && j == 1 ? nil : 1 + random.uniform(0, 100) * Double(j + 1) }
                )
            )
        }
        let data = Self.dataset(rows)
        let framework = try Self.framework()
        let options = try RunOptions.parse(fields)
        let result = try Self.run(framework, data, fields)
        let pipeline = try CrossSectionPipeline(framework: framework, dataset: data, options: options)
        for unit in result.units.prefix(3) {
            let levers = try Levers.report(pipeline, unit: unit.id)
            #expect(levers.score == unit.score, "\(unit.id): \(levers.score) vs \(String(describing: unit.score))")
            #expect(levers.rank == unit.rank)
        }
        let model = try UncertaintyModel(
            framework: framework,
            dataset: data,
            options: options,
            specification: UncertaintySpecification()
        )
        let root = model.reportedSlots.count - 1
        for (index, unit) in model.units.enumerated() {
            let nominal = model.nominal.ranks[root * model.units.count + index]
            #expect(nominal == result.units.first { $0.id == unit.id }?.rank ?? 0)
        }
    }
}

/// The HDI from UNDP's components stays exact, and a country lacking a dimension is not scored
/// when the framework asks for full coverage (a naive run would rank it first on two dimensions).
@Suite("HDI coverage")
struct HDICoverageTests {
    @Test func aCountryLackingADimensionIsNotScored() throws {
        let framework = try FrameworkReader.read(
            path: TestSupport.packageRoot.appendingPathComponent("examples/hdi.yaml").path
        )
        var data = try DataImporter.read(
            [TestSupport.packageRoot.appendingPathComponent("examples/hdi-data.csv").path],
            specification: ImportSpecification(framework: framework)
        ).dataset
        // A country with Switzerland's health and education but no income figure.
        data.units.append(AssessedUnit(id: "XXX", name: LocalisedText(zh: "XXX", en: "XXX")))
        for observation in data.observations where observation.unit == "CHE" && observation.indicator != "gni" {
            var copy = observation
            copy.unit = "XXX"
            copy.value = (observation.value ?? 0) * 1.05
            data.observations.append(copy)
        }
        let options = try RunOptions.parse(["tiers": "sizes:1,1,1"])
        let naive = try IndexEngine.run(framework: framework, dataset: data, options: options)
        guard case .crossSection(let loose)? = naive.evaluations.first else { return }
        #expect(loose.units.first?.id == "XXX")
        var strict = try RunOptions.parse(["minCoverage": "1", "tiers": "sizes:1,1"])
        strict.tierMethod = .sizes([1, 1])
        let covered = try IndexEngine.run(framework: framework, dataset: data, options: strict)
        guard case .crossSection(let result)? = covered.evaluations.first else { return }
        #expect(result.units.first { $0.id == "XXX" }?.score == nil)
        #expect(result.units.first { $0.id == "XXX" }?.rank == nil)
        #expect(TestSupport.close(result.units.first { $0.id == "CHE" }?.score, 0.967, 0.0005))
        #expect(TestSupport.close(result.units.first { $0.id == "CHN" }?.score, 0.788, 0.0005))
    }
}
