import IndexCore
import RealModule
import Testing

/// COINr's `get_opt_weights` on the small case's tree (pillars p1, p2 under the index).
@Suite("Optimised weights")
struct OptimisedWeightsTests {
    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count)
        let my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The small case's framework with four units whose pillars vary.
    static func data() throws -> (Framework, Dataset) {
        let (framework, _) = try RobustnessTests.smallCase()
        let values: [String: [Double]] = [
            "u1": [9, 2, 5, 5], "u2": [1, 9, 6, 4], "u3": [5, 4, 1, 2], "u4": [3, 3, 8, 1],
        ]
        var observations: [Observation] = []
        for (unit, row) in values {
            for (indicator, value) in zip(["a", "b", "c", "d"], row) {
                observations.append(Observation(unit: unit, indicator: indicator, period: "1", value: value))
            }
        }
        let units = ["u1", "u2", "u3", "u4"].map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        return (framework, Dataset(units: units, observations: observations))
    }

    /// The result's value is the objective at its weights, recomputed here: the index aggregated
    /// with them, each pillar's correlation with it; the level's weights sum to 1.
    @Test(arguments: [WeightOptimisation.infomax, .balance(target: nil), .balance(target: [2, 1])])
    func valueIsTheObjectiveAtTheWeights(aim: WeightOptimisation) throws {
        let (framework, dataset) = try Self.data()
        let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset)
        let found = try pipeline.optimisedWeights(level: 2, aim: aim)
        #expect(found.nodes == ["p1", "p2"])
        #expect(abs(found.weights.reduce(0, +) - 1) < 1e-15)
        var warnings: [Normaliser.Warning] = []
        var matrix = try pipeline.normalised(pipeline.raw, warnings: &warnings)
        try pipeline.aggregate(&matrix, weights: found.localWeights)
        let n = pipeline.compiled.nodeCount
        func column(_ id: String) throws -> [Double] {
            let slot = try #require(pipeline.compiled.nodeIDs.firstIndex(of: id))
            return (0..<4).map { matrix[$0 * n + slot] }
        }
        let index = try column("index")
        let c = [Self.pearson(try column("p1"), index), Self.pearson(try column("p2"), index)]
        let expected: Double
        switch aim {
        case .infomax: expected = -(c[0] + c[1])
        case .importance: return  // ImportanceOptimisationTests
        case .balance(let target):
            let t = (target ?? [1, 1]).map { $0 / (target ?? [1, 1]).reduce(0, +) }
            let share = c.map { $0 / (c[0] + c[1]) }
            expected = Double.log(((t[0] - share[0]) * (t[0] - share[0]) + (t[1] - share[1]) * (t[1] - share[1])) / 2)
        }
        #expect(abs(found.search.value - expected) < 1e-12, "\(found.search.value) vs \(expected)")
    }

    /// A level with no nodes and a target of the wrong length are refused.
    @Test func badRequestsThrow() throws {
        let (framework, dataset) = try RobustnessTests.smallCase()
        let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset)
        #expect(throws: IndexError.self) { try pipeline.optimisedWeights(level: 5, aim: .infomax) }
        #expect(throws: IndexError.self) { try pipeline.optimisedWeights(level: 2, aim: .balance(target: [1, 1, 1])) }
    }
}
