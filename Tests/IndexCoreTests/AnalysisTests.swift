import IndexCore
import IndexTestSupport
import Testing

@Suite("Analysis")
struct AnalysisTests {
    /// jenkspy's documented example: breaks [1.2, 2.3, 5.0, 7.8] for three classes.
    @Test func jenksPublishedExample() {
        let data = [1.3, 7.1, 7.3, 2.3, 3.9, 4.1, 7.8, 1.2, 4.3, 7.3, 5.0, 4.3]
        #expect(Jenks.breaks(data, classes: 3) == [1.2, 2.3, 5.0, 7.8])
    }

    @Test func tiersByJenksSizesAndThresholds() throws {
        let scores: [Double] = [90, 88, 60, 58, 57, 20, 19]
        #expect(try TierMethod.jenks(classes: 3).assign(scores) == [1, 1, 2, 2, 2, 3, 3])
        #expect(try TierMethod.sizes([1, 3, 3]).assign(scores) == [1, 2, 2, 2, 3, 3, 3])
        #expect(try TierMethod.thresholds([80, 50]).assign(scores) == [1, 1, 2, 2, 2, 3, 3])
        #expect(throws: IndexError.self) { try TierMethod.sizes([1, 1]).assign(scores) }
    }

    @Test func competitionRanksShareTheBestRank() {
        #expect(Ranking.competitionRanks([5, 9, 9, .nan, 1]) == [3, 1, 1, nil, 4])
        #expect(Ranking.top(2, of: [5, 9, 7]) == [1, 2])
    }

    /// The two rankers - results' (allocating, `nil` for no score) and the replications' (in place,
    /// 0 for no score) - apply each tie rule alike: by hand, and on seeded scores full of ties and gaps.
    @Test(arguments: [
        (TieRule.min, [3, 1, 1, 0, 4]), (.max, [3, 2, 2, 0, 4]), (.first, [3, 1, 2, 0, 4]),
    ])
    func bothRankersApplyTheTieRuleAlike(ties: TieRule, expected: [Int]) {
        func inPlace(_ scores: [Double]) -> [Int] {
            var order = Array(scores.indices)
            var ranks = [Int](repeating: -1, count: scores.count + 2)
            UncertaintyModel.competitionRanks(scores, order: &order, into: &ranks, offset: 2, ties: ties)
            return Array(ranks.dropFirst(2))
        }
        let scores: [Double] = [5, 9, 9, .nan, 1]
        #expect(Ranking.ranked(scores, ties: ties).ranks.map { $0 ?? 0 } == expected)
        #expect(inPlace(scores) == expected)
        var random = SplitMix64(seed: 42)
        for count in [0, 1, 2, 7, 31, 200] {
            let scores = (0..<count).map { _ in
                let draw = random.uniform(0, 6).rounded(.down)
                return draw == 0 ? Double.nan : draw
            }
            #expect(inPlace(scores) == Ranking.ranked(scores, ties: ties).ranks.map { $0 ?? 0 }, "\(scores)")
        }
    }

    @Test func cagrAndGrowth() {
        #expect(TestSupport.close(Growth.cagr(first: 100, last: 235, years: 3), 32.95, 0.01))
        let growth = Growth.yearOnYear([100, 150, 180])
        #expect(growth[0] == nil)
        #expect(TestSupport.close(growth[1], 50))
        #expect(TestSupport.close(growth[2], 20))
    }

    /// A 3 units × 4 indicators index worked by hand: min-max 0–100, two pillars, arithmetic.
    @Test func handWorkedCrossSection() throws {
        let evaluation = Evaluation(
            id: "demo",
            name: LocalisedText(zh: "示例", en: "Demo"),
            kind: .crossSection,
            normalisation: .minMax100,
            root: FrameworkNode(
                id: "index",
                name: LocalisedText(zh: "指数", en: "Index"),
                children: [
                    FrameworkNode(
                        id: "p1",
                        name: LocalisedText(zh: "一", en: "One"),
                        weight: 3,
                        children: [
                            FrameworkNode(indicator: TestSupport.indicator("a"), weight: 1),
                            FrameworkNode(indicator: TestSupport.indicator("b", direction: .lowerIsBetter), weight: 1),
                        ]
                    ),
                    FrameworkNode(
                        id: "p2",
                        name: LocalisedText(zh: "二", en: "Two"),
                        weight: 1,
                        children: [
                            FrameworkNode(indicator: TestSupport.indicator("c"), weight: 3),
                            FrameworkNode(indicator: TestSupport.indicator("d"), weight: 1),
                        ]
                    ),
                ]
            ),
            tierNames: [LocalisedText(zh: "高", en: "High"), LocalisedText(zh: "低", en: "Low")]
        )
        // a: 10 20 30 → 0 50 100;  b (lower better): 5 1 3 → 0 100 50
        // c: 0 10 10 → 0 100 100; d: 4 4 8 → 0 0 100
        let values: [(String, [Double])] = [
            ("a", [10, 20, 30]), ("b", [5, 1, 3]), ("c", [0, 10, 10]), ("d", [4, 4, 8]),
        ]
        var observations: [Observation] = []
        for (indicator, row) in values {
            for (unit, value) in zip(["X", "Y", "Z"], row) {
                observations.append(Observation(unit: unit, indicator: indicator, period: "2023", value: value))
            }
        }
        let units = ["X", "Y", "Z"].map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        let results = try IndexEngine.run(
            framework: Framework(id: "demo", name: evaluation.name, evaluations: [evaluation]),
            dataset: Dataset(units: units, observations: observations)
        )
        guard case .crossSection(let result) = try #require(results.evaluations.first) else {
            Issue.record("expected a cross-section")
            return
        }
        // p1 = (a + b)/2: X 0, Y 75, Z 75.  p2 = (3c + d)/4: X 0, Y 75, Z 100.
        // index = (3 p1 + p2)/4: X 0, Y 75, Z 81.25
        let byID = Dictionary(uniqueKeysWithValues: result.units.map { ($0.id, $0) })
        #expect(TestSupport.close(byID["Z"]?.score, 81.25))
        #expect(TestSupport.close(byID["Y"]?.score, 75))
        #expect(TestSupport.close(byID["X"]?.score, 0))
        #expect(TestSupport.close(byID["Y"]?.nodes["p1"]?.score, 75))
        #expect(byID["Y"]?.nodes["p1"]?.rank == 1 && byID["Z"]?.nodes["p1"]?.rank == 1)
        #expect(result.units.map(\.id) == ["Z", "Y", "X"])
        #expect(byID["X"]?.tier == 2 && byID["Z"]?.tier == 1)
        let weights = try #require(results.weights["demo"])
        #expect(TestSupport.close(weights.effective["p1"], 75))
        #expect(TestSupport.close(weights.effective["c"], 18.75))
    }

    /// UNDP Human Development Index: goalposts with caps, log income, arithmetic education, geometric
    /// mean of three dimensions. Switzerland 2022 (HDR 2023/24): LE 84.3, EYS 16.6, MYS 13.9, GNI 69,433 → 0.967.
    @Test func humanDevelopmentIndexIsExpressible() throws {
        func leaf(_ id: String, _ posts: ClosedRange<Double>, log: Bool = false) -> FrameworkNode {
            FrameworkNode(indicator: TestSupport.indicator(id, goalposts: posts, transform: log ? .log : nil))
        }
        let root = FrameworkNode(
            id: "hdi",
            name: LocalisedText(zh: "人类发展指数", en: "HDI"),
            aggregation: .geometric,
            children: [
                FrameworkNode(
                    id: "health",
                    name: LocalisedText(zh: "健康", en: "Health"),
                    children: [leaf("le", 20...85)]
                ),
                FrameworkNode(
                    id: "education",
                    name: LocalisedText(zh: "教育", en: "Education"),
                    aggregation: .arithmetic,
                    children: [leaf("eys", 0...18), leaf("mys", 0...15)]
                ),
                FrameworkNode(
                    id: "income",
                    name: LocalisedText(zh: "收入", en: "Income"),
                    children: [leaf("gni", 100...75_000, log: true)]
                ),
            ]
        )
        let evaluation = Evaluation(
            id: "hdi",
            name: root.name,
            kind: .crossSection,
            normalisation: .goalposts(lower: 0, upper: 1),
            aggregation: .arithmetic,
            root: root,
            tierNames: [root.name]
        )
        let observations = [("le", 84.3), ("eys", 16.6), ("mys", 13.9), ("gni", 69_433)].map {
            Observation(unit: "CHE", indicator: $0.0, period: "2022", value: $0.1)
        }
        let results = try IndexEngine.run(
            framework: Framework(id: "hdi", name: root.name, evaluations: [evaluation]),
            dataset: Dataset(
                units: [AssessedUnit(id: "CHE", name: LocalisedText(zh: "瑞士", en: "Switzerland"))],
                observations: observations
            )
        )
        guard case .crossSection(let result) = try #require(results.evaluations.first) else { return }
        #expect(TestSupport.close(result.units[0].score, 0.967, 0.0005))
    }

    @Test func geometricAggregationRefusesZero() throws {
        let evaluation = Evaluation(
            id: "g",
            name: LocalisedText(zh: "g", en: "g"),
            kind: .crossSection,
            normalisation: .minMax100,
            aggregation: .geometric,
            root: FrameworkNode(
                id: "index",
                name: LocalisedText(zh: "i", en: "i"),
                children: [
                    FrameworkNode(indicator: TestSupport.indicator("a")),
                    FrameworkNode(indicator: TestSupport.indicator("b")),
                ]
            )
        )
        let observations = [("U", 1.0, 2.0), ("V", 3.0, 4.0)].flatMap {
            [
                Observation(unit: $0.0, indicator: "a", period: "1", value: $0.1),
                Observation(unit: $0.0, indicator: "b", period: "1", value: $0.2),
            ]
        }
        let units = ["U", "V"].map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        #expect(throws: IndexErrors.self) {
            try IndexEngine.run(
                framework: Framework(id: "g", name: evaluation.name, evaluations: [evaluation]),
                dataset: Dataset(units: units, observations: observations)
            )
        }
        // with min-max 1–100 every value is positive and the geometric mean is defined
        let results = try IndexEngine.run(
            framework: Framework(id: "g", name: evaluation.name, evaluations: [evaluation]),
            dataset: Dataset(units: units, observations: observations),
            options: RunOptions(normalisation: .minMax(lower: 1, upper: 100), tierMethod: .jenks(classes: 1))
        )
        guard case .crossSection(let result) = try #require(results.evaluations.first) else { return }
        #expect(TestSupport.close(result.units.first { $0.id == "U" }?.score, 1))
    }

    @Test func missingChildRenormalisesAndIsReported() throws {
        let evaluation = Evaluation(
            id: "m",
            name: LocalisedText(zh: "m", en: "m"),
            kind: .crossSection,
            normalisation: .none,
            root: FrameworkNode(
                id: "index",
                name: LocalisedText(zh: "i", en: "i"),
                children: [
                    FrameworkNode(indicator: TestSupport.indicator("a"), weight: 1),
                    FrameworkNode(indicator: TestSupport.indicator("b"), weight: 3),
                ]
            ),
            tierNames: [LocalisedText(zh: "t", en: "t")]
        )
        let observations = [
            Observation(unit: "U", indicator: "a", period: "1", value: 10),
            Observation(unit: "U", indicator: "b", period: "1", value: nil),
            Observation(unit: "V", indicator: "a", period: "1", value: 10),
            Observation(unit: "V", indicator: "b", period: "1", value: 20),
        ]
        let units = ["U", "V"].map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        let results = try IndexEngine.run(
            framework: Framework(id: "m", name: evaluation.name, evaluations: [evaluation]),
            dataset: Dataset(units: units, observations: observations)
        )
        guard case .crossSection(let result) = try #require(results.evaluations.first) else { return }
        #expect(TestSupport.close(result.units.first { $0.id == "U" }?.score, 10))
        #expect(TestSupport.close(result.units.first { $0.id == "V" }?.score, 17.5))
        #expect(
            results.renormalisations == [RenormalisationNote(unit: "U", period: "1", node: "index", missing: ["b"])]
        )
    }
}

/// Fisher's exact optimum computed the slow way (every split, O(k n²)), to hold the fast one to.
@Suite("Natural breaks")
struct NaturalBreaksTests {
    static func bruteForce(_ sorted: [Double], classes k: Int) -> Double {
        let n = sorted.count
        func ssd(_ j: Int, _ i: Int) -> Double {
            let part = sorted[j...i]
            let mean = part.reduce(0, +) / Double(part.count)
            return part.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        }
        var cost = (0..<n).map { ssd(0, $0) }
        for c in 1..<k {
            var next = [Double](repeating: .infinity, count: n)
            for i in c..<n {
                for j in c...i { next[i] = min(next[i], cost[j - 1] + ssd(j, i)) }
            }
            cost = next
        }
        return cost[n - 1]
    }

    static func total(_ sorted: [Double], starts: [Int]) -> Double {
        zip(starts, starts.dropFirst() + [sorted.count]).reduce(0) { total, range in
            let part = sorted[range.0..<range.1]
            let mean = part.reduce(0, +) / Double(part.count)
            return total + part.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        }
    }

    @Test(arguments: [2, 3, 4, 6])
    func fastBreaksReachTheExactOptimum(classes: Int) {
        var random = SplitMix64(seed: UInt64(classes))
        for size in [7, 31, 120] {
            let values = (0..<size).map { _ in (random.uniform(0, 100) * random.uniform(0, 1)).rounded() }.sorted()
            let starts = Jenks.classStarts(values, classes: classes)
            #expect(starts.count == classes && starts[0] == 0)
            #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 })
            let optimum = Self.bruteForce(values, classes: classes)
            #expect(abs(Self.total(values, starts: starts) - optimum) <= 1e-9 * max(1, optimum), "n \(size)")
        }
    }
}
