import IndexCore
import IndexTestSupport
import RealModule
import Testing

/// The correlation ratio and weights versus importance, on factorial designs where the conditional
/// means are known exactly.
@Suite("Weights versus importance")
struct ImportanceTests {
    /// Every pair of `levels` × `levels`: two independent inputs, each level equally often.
    static func grid(_ levels: [Double]) -> (x1: [Double], x2: [Double]) {
        let pairs = levels.flatMap { a in levels.map { b in (a, b) } }
        return (pairs.map(\.0), pairs.map(\.1))
    }

    static func variance(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    }

    /// Y = 2 X₁ + X₂ on the 5 × 5 grid of 1…5: Var(Xᵢ) = 2, Var(Y) = 4 · 2 + 2 = 10, so
    /// S₁ = 4 · 2 / 10 = 0.8 and S₂ = 2 / 10 = 0.2 (bᵢ² Var(Xᵢ) / Var(Y)); for a linear Y Pearson's
    /// r² is the same.
    @Test func linearModelGivesSquaredCoefficientShares() throws {
        let (x1, x2) = Self.grid([1, 2, 3, 4, 5])
        let y = zip(x1, x2).map { 2 * $0 + $1 }
        let s1 = try #require(CorrelationRatio.estimate(x: x1, y: y))
        let s2 = try #require(CorrelationRatio.estimate(x: x2, y: y))
        #expect(s1.value.isApproximatelyEqual(to: 0.8, absoluteTolerance: 1e-9), "\(s1.value)")
        #expect(s2.value.isApproximatelyEqual(to: 0.2, absoluteTolerance: 1e-9), "\(s2.value)")
        #expect(s1.pearsonSquared.isApproximatelyEqual(to: 0.8, absoluteTolerance: 1e-12))
        #expect(s1.count == 25)
    }

    /// Y = (X₁ − 3)² + X₂ on the same grid: (X₁ − 3)² takes 4, 1, 0, 1, 4 (mean 2, variance 14 / 5),
    /// so S₁ = 2.8 / 4.8 = 7 / 12; Pearson's r between X₁ and Y is 0 (the effect is symmetric), so
    /// r² misses it entirely while the correlation ratio does not.
    @Test func uShapedEffectIsFoundWherePearsonSeesNothing() throws {
        let (x1, x2) = Self.grid([1, 2, 3, 4, 5])
        let y = zip(x1, x2).map { ($0 - 3) * ($0 - 3) + $1 }
        let s1 = try #require(CorrelationRatio.estimate(x: x1, y: y))
        let s2 = try #require(CorrelationRatio.estimate(x: x2, y: y))
        #expect(s1.value.isApproximatelyEqual(to: 7.0 / 12, absoluteTolerance: 1e-9), "\(s1.value)")
        #expect(s1.pearsonSquared < 1e-20)
        #expect(s2.value.isApproximatelyEqual(to: 2.0 / 4.8, absoluteTolerance: 1e-9), "\(s2.value)")
    }

    /// With many distinct values and a smooth non-polynomial effect, Y = sin(2πX₁) + X₂ on a
    /// 12 × 12 grid: the spline recovers Var(sin) / Var(Y) closely, Pearson's r² a fraction of it.
    @Test func smoothNonlinearEffectIsRecoveredClosely() throws {
        let levels = (0..<12).map { Double($0) / 11 }
        let (x1, x2) = Self.grid(levels)
        let sine = x1.map { Double.sin(2 * .pi * $0) }
        let y = zip(sine, x2).map { $0 + $1 }
        let exact = Self.variance(sine) / Self.variance(y)
        let s1 = try #require(CorrelationRatio.estimate(x: x1, y: y))
        #expect(abs(s1.value - exact) < 0.02, "\(s1.value) vs \(exact)")
        #expect(s1.pearsonSquared < s1.value * 0.8)
    }

    /// Estimates lie in [0, 1] for random data, and an input unrelated to the output gets little.
    @Test func estimatesAreSharesAndNoiseGetsLittle() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<20 {
            let x = (0..<60).map { _ in random.uniform(0, 1) }
            let y = (0..<60).map { _ in random.uniform(0, 1) }
            let s = try #require(CorrelationRatio.estimate(x: x, y: y))
            #expect(s.value >= 0 && s.value <= 1)
            #expect(s.value < 0.3, "\(s.value)")
        }
    }

    /// Too few pairs, a constant output or a constant input give no estimate; missing pairs are dropped.
    @Test func undefinedCasesGiveNoEstimate() throws {
        #expect(CorrelationRatio.estimate(x: [1, 2, 3, 4], y: [1, 2, 3, 4]) == nil)
        #expect(CorrelationRatio.estimate(x: [1, 2, 3, 4, 5], y: [2, 2, 2, 2, 2]) == nil)
        #expect(CorrelationRatio.estimate(x: [3, 3, 3, 3, 3], y: [1, 2, 3, 4, 5]) == nil)
        let s = try #require(CorrelationRatio.estimate(x: [1, 2, .nan, 3, 4, 5], y: [2, 4, 7, 6, 8, 10]))
        #expect(s.count == 5)
        #expect(s.value.isApproximatelyEqual(to: 1, absoluteTolerance: 1e-9))
    }

    /// A flat index of two indicators weighted 2 : 1 over the 5 × 5 grid, min-max 0–1: the index is
    /// (2 n₁ + n₂) / 3 with equal variances, so S = 0.8 and 0.2 against weight shares 2/3 and 1/3.
    @Test func pipelineSetsImportanceBesideWeights() throws {
        let (x1, x2) = Self.grid([1, 2, 3, 4, 5])
        let indicators = ["x1", "x2"].map { TestSupport.indicator($0) }
        let framework = TestSupport.crossSection(
            FrameworkNode(
                id: "index",
                name: LocalisedText(zh: "i", en: "i"),
                children: [
                    FrameworkNode(indicator: indicators[0], weight: 2),
                    FrameworkNode(indicator: indicators[1], weight: 1),
                ]
            ),
            normalisation: .minMax(lower: 0, upper: 1)
        )
        var observations: [Observation] = []
        var units: [AssessedUnit] = []
        for (k, pair) in zip(x1, x2).enumerated() {
            let id = "u\(k)"
            units.append(AssessedUnit(id: id, name: LocalisedText(zh: id, en: id)))
            observations.append(Observation(unit: id, indicator: "x1", period: "1", value: pair.0))
            observations.append(Observation(unit: id, indicator: "x2", period: "1", value: pair.1))
        }
        let pipeline = try CrossSectionPipeline(
            framework: framework,
            dataset: Dataset(units: units, observations: observations)
        )
        let analysis = try pipeline.weightImportance()
        #expect(analysis.unitCount == 25)
        #expect(analysis.nodes.map(\.id) == ["x1", "x2"])
        let expected: [(importance: Double, weight: Double)] = [(0.8, 2.0 / 3), (0.2, 1.0 / 3)]
        for (node, want) in zip(analysis.nodes, expected) {
            #expect(node.level == 1 && node.parent == "index")
            #expect(node.nominalWeight.isApproximatelyEqual(to: want.weight, absoluteTolerance: 1e-12))
            #expect(node.effectiveWeight.isApproximatelyEqual(to: want.weight, absoluteTolerance: 1e-12))
            #expect(node.weightShare.isApproximatelyEqual(to: want.weight, absoluteTolerance: 1e-12))
            let importance = try #require(node.importance)
            #expect(importance.isApproximatelyEqual(to: want.importance, absoluteTolerance: 1e-9), "\(importance)")
            let share = try #require(node.importanceShare)
            #expect(share.isApproximatelyEqual(to: want.importance, absoluteTolerance: 1e-9))
        }
    }

    /// Effective weights multiply down the tree: the small case's indicators each get ½ · ½.
    @Test func effectiveWeightsMultiplyDownTheTree() throws {
        let (framework, dataset) = try OptimisedWeightsTests.data()
        let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset)
        let analysis = try pipeline.weightImportance()
        #expect(analysis.nodes.map(\.id) == ["a", "b", "c", "d", "p1", "p2"])
        #expect(analysis.nodes.map(\.level) == [1, 1, 1, 1, 2, 2])
        for node in analysis.nodes {
            let want = node.level == 1 ? 0.25 : 0.5
            #expect(node.effectiveWeight.isApproximatelyEqual(to: want, absoluteTolerance: 1e-12))
            #expect(node.weightShare.isApproximatelyEqual(to: want, absoluteTolerance: 1e-12))
            // Four units are too few for an estimate.
            #expect(node.importance == nil && node.importanceShare == nil)
        }
    }
}
