import IndexCore
import IndexTestSupport
import Testing

/// `--optimise-weights importance`: weights whose importance shares approach a target, checked on a
/// case whose answer is known by hand.
@Suite("Importance-optimised weights")
struct ImportanceOptimisationTests {
    static let first: [Double] = [0, 1, 9, 10]
    static let second: [Double] = [0, 4.5, 5, 5.5, 10]

    /// An index of two indicators x1, x2 (min-max to 0–1, arithmetic mean) over the full factorial
    /// grid of `first` × `second`: the two are exactly independent, so with weights w the
    /// importances are `Sᵢ = wᵢ² Var(Xᵢ) / Var(Y)` (the correlation ratio reproduces a linear
    /// conditional mean exactly and removes what is orthogonal to it).
    static func grid() throws -> (Framework, Dataset) {
        let framework = TestSupport.crossSection(
            FrameworkNode(
                id: "index",
                name: LocalisedText(zh: "i", en: "i"),
                children: ["x1", "x2"].map { FrameworkNode(indicator: TestSupport.indicator($0)) }
            ),
            normalisation: .minMax(lower: 0, upper: 1),
            tiers: 2
        )
        var units: [AssessedUnit] = []
        var observations: [Observation] = []
        for (i, a) in first.enumerated() {
            for (j, b) in second.enumerated() {
                let id = "u\(i)-\(j)"
                units.append(AssessedUnit(id: id, name: LocalisedText(zh: id, en: id)))
                observations.append(Observation(unit: id, indicator: "x1", period: "1", value: a))
                observations.append(Observation(unit: id, indicator: "x2", period: "1", value: b))
            }
        }
        return (framework, Dataset(units: units, observations: observations))
    }

    /// The population variance of values min-max normalised to 0–1.
    static func normalisedVariance(_ values: [Double]) -> Double {
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        let u = values.map { ($0 - low) / (high - low) }
        let mean = u.reduce(0, +) / Double(u.count)
        return u.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(u.count)
    }

    /// Equal importance needs `w₁² Var(X₁) = w₂² Var(X₂)`: `w₁ = sd₂ / (sd₁ + sd₂)`. With the target
    /// 3 : 1, `w₁² Var(X₁) = 3 w₂² Var(X₂)`. The run option finds both, the distance to the target
    /// falls from its value at equal weights, and the importance shares the run reports meet it.
    @Test(arguments: [("importance", 1.0), ("importance:target=3,1", 3.0)])
    func optimumEqualisesWeightedVariances(spec: String, ratio: Double) throws {
        let (framework, dataset) = try Self.grid()
        let sd1 = Self.normalisedVariance(Self.first).squareRoot()
        let sd2 = Self.normalisedVariance(Self.second).squareRoot()
        #expect(abs(sd1 - sd2) > 0.05, "the case needs unequal spreads")
        // w₁ / w₂ = √ratio · sd₂ / sd₁.
        let odds = ratio.squareRoot() * sd2 / sd1
        let expected = [odds / (1 + odds), 1 / (1 + odds)]
        let options = try RunOptions.parse(["optimiseWeights": spec])
        let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset, options: options)
        let found = try #require(pipeline.weightOptimisation)
        #expect(found.nodes == ["x1", "x2"])
        #expect(found.level == 1)
        for (weight, wanted) in zip(found.weights, expected) {
            #expect(abs(weight - wanted) < 1e-5, "\(found.weights) vs \(expected)")
        }
        // At the start (equal weights) the shares are Var(X₁) : Var(X₂), far from the target.
        let target = [ratio / (1 + ratio), 1 / (1 + ratio)]
        let v = [sd1 * sd1, sd2 * sd2]
        let startShares = v.map { $0 / (v[0] + v[1]) }
        let startDistance = zip(target, startShares).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        #expect(abs(found.startValue - startDistance) < 1e-12, "\(found.startValue) vs \(startDistance)")
        #expect(found.search.value < 1e-9)
        #expect(found.search.value < startDistance / 1000)
        // The importances of the run as scored (the weights in force) meet the target.
        let importance = try pipeline.weightImportance()
        let shares = importance.nodes.filter { $0.level == 1 }.compactMap(\.importanceShare)
        #expect(shares.count == 2)
        for (share, wanted) in zip(shares, target) { #expect(abs(share - wanted) < 1e-4, "\(shares)") }
        #expect(pipeline.notes.contains { $0.contains("optimised (importance") && $0.contains("Nelder–Mead") })
    }

    /// Requests are read as written and refuse what they cannot mean.
    @Test func requestsAreCheckedWhenRead() throws {
        let request = try WeightOptimisationRequest(name: "balance:level=2:target=2,1:tolerance=1e-10:evaluations=5000")
        #expect(request.aim == .balance)
        #expect(request.level == 2)
        #expect(request.target == .given([2, 1]))
        #expect(request.options.relativeTolerance == 1e-10)
        #expect(request.options.maxEvaluations == 5000)
        #expect(try WeightOptimisationRequest(name: request.name) == request)
        #expect(try WeightOptimisationRequest(name: "importance").options.relativeTolerance < 1e-7)
        #expect(try WeightOptimisationRequest(name: "infomax").options.relativeTolerance == 0.1)
        for bad in [
            "best", "infomax:target=stated", "balance:level=0", "balance:target=1,x", "balance:step=2",
            "importance:evaluations=0", "balance:level", "balance:level=2:level=3", "balance:target=1,1:target=equal",
        ] {
            #expect(throws: IndexError.self, "\(bad)") { try WeightOptimisationRequest(name: bad) }
        }
        // A target of the wrong length is refused when the pipeline is prepared.
        let (framework, dataset) = try Self.grid()
        let options = try RunOptions.parse(["optimiseWeights": "importance:target=1,2,3"])
        #expect(throws: IndexError.self) {
            try CrossSectionPipeline(framework: framework, dataset: dataset, options: options)
        }
        // An importance search over the budget (nodes × evaluations) is refused before it starts, and
        // one within it runs (2 nodes × 12,500 evaluations is the limit).
        let tooLong = try RunOptions.parse(["optimiseWeights": "importance:evaluations=12501"])
        #expect(throws: IndexError.self) {
            try CrossSectionPipeline(framework: framework, dataset: dataset, options: tooLong)
        }
        let withinBudget = try RunOptions.parse(["optimiseWeights": "importance:evaluations=12500"])
        #expect(throws: Never.self) {
            try CrossSectionPipeline(framework: framework, dataset: dataset, options: withinBudget)
        }
    }
}
