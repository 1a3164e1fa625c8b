import Foundation
import IndexCore
import IndexTestSupport
import RealModule
import Testing

@testable import IndexIO

/// Numeric degeneracy in options and inputs (issue 22, class 5): parameters at the edge of floating
/// point give the limit, the exact result or a clear error — never wrong scores, `nan` or `inf`.
@Suite("Hostile input round two: numeric degeneracy")
struct HostileRound2NumericTests {
    typealias Support = PipelineTests

    /// Four units with positive, distinct values on every indicator.
    static let data = Support.dataset([
        ("P", "1", [10, 20, 30, 40]), ("Q", "1", [15, 5, 25, 35]), ("R", "1", [40, 30, 20, 10]),
        ("S", "1", [22, 18, 14, 9]),
    ])

    static func scores(_ fields: [String: String], data: Dataset = data) throws -> [String: Double] {
        let result = try Support.run(try Support.framework(), data, fields)
        var scores: [String: Double] = [:]
        for unit in result.units { scores[unit.id] = try #require(unit.nodes["index"]?.score ?? nil) }
        return scores
    }

    /// The text of the error a body throws (an ``IndexError`` or the pipeline's ``IndexErrors``, which
    /// adds the unit); `nil` when it throws none.
    static func failure(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as IndexError {
            return error.description
        } catch let error as IndexErrors {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    // MARK: - Power mean near p = 0

    /// p → 0 is the geometric mean; the plain formula gave 1 for every unit at p = 1e-300.
    @Test(arguments: ["1e-300", "-1e-300", "1e-12", "-1e-12", "5e-9", "-2e-6", "1e-4", "-9.99e-4"])
    func powerMeanNearZeroTendsToTheGeometricMean(p: String) throws {
        let geometric = try Self.scores(["normalise": "minmax:1,100", "aggregate": "geometric"])
        let power = try Self.scores(["normalise": "minmax:1,100", "aggregate": "power:\(p)"])
        let exponent = try #require(Double(p))
        for (unit, value) in geometric {
            let got = try #require(power[unit])
            // M_p = G · (1 + p·Var(ln x)/2 + O(p²)); Var(ln x) < 25 for values in 1…100.
            #expect(got.isApproximatelyEqual(to: value, relativeTolerance: max(1e-12, 20 * abs(exponent))), "\(unit)")
        }
        let distinct = Set(power.values)
        #expect(distinct.count == 4, "scores collapsed: \(power)")
    }

    /// Where both formulas keep their digits (p = ±1e-3 … ±0.5), the mean moves smoothly across the
    /// switch between them.
    @Test func powerMeanIsContinuousAcrossTheSmallExponentSwitch() throws {
        for p in [0.000999, 0.001, 0.001001, -0.000999, -0.001001] {
            let near = try Self.scores(["normalise": "minmax:1,100", "aggregate": "power:\(p)"])
            let next = try Self.scores(["normalise": "minmax:1,100", "aggregate": "power:\(p * 1.0001)"])
            for (unit, value) in near {
                #expect(value.isApproximatelyEqual(to: try #require(next[unit]), relativeTolerance: 1e-6))
            }
        }
    }

    @Test func anOddPowerOfNegativeValuesIsAClearError() throws {
        let error = Self.failure { try Self.scores(["normalise": "zscore", "aggregate": "power:0.5"]) }
        #expect(error?.contains("generalised mean with p = 0.5 of 'a' has no real value") == true)
    }

    // MARK: - Scale ranges near zero

    @Test(arguments: [
        "0,1e-320", "0,5e-324", "5,5.000000000000001", "1e20,1.0000000000001e20", "-1e-101,1e-101",
        "7,7.00000000000001",
    ])
    func rangesTooNarrowToTellScoresApartAreRefused(range: String) {
        let error = #expect(throws: IndexError.self) { try Self.scores(["normalise": "minmax", "scale": range]) }
        // A bound below the smallest normal double is no number at all (option numbers refuse underflow).
        #expect(error?.message.contains("too narrow") == true || error?.message.contains("finite numbers") == true)
        #expect(throws: IndexError.self) { try Self.scores(["normalise": "percentile:\(range)"]) }
    }

    @Test(arguments: ["0,1e-90", "5,5.001", "1e20,1.001e20", "-1e-50,1e-50"])
    func narrowRangesThatResolveGiveTheExactScores(range: String) throws {
        let parts = range.split(separator: ",").compactMap { Double($0) }
        let plain = try Self.scores(["normalise": "minmax:0,1"])
        let scaled = try Self.scores(["normalise": "minmax", "scale": range])
        for (unit, value) in plain {
            let expected = parts[0] + (parts[1] - parts[0]) * value
            #expect(try #require(scaled[unit]).isApproximatelyEqual(to: expected, relativeTolerance: 1e-9), "\(unit)")
        }
    }

    @Test(arguments: ["1e300,1e-300", "0,1e-200", "1e15,1e-5"])
    func zScoreSpreadsTooSmallForTheirMeanAreRefused(scale: String) {
        #expect(throws: IndexError.self) { try Self.scores(["normalise": "zscore", "scale": scale]) }
    }

    @Test func aFrameworkRangeGoesThroughTheSameCheck() throws {
        let error = #expect(throws: IndexError.self) {
            try FrameworkReader.parse(
                """
                id: t
                tree: {id: r, children: [{id: i, unit: u}]}
                evaluations:
                  - id: e
                    normalisation: {method: minmax, range: [5, 5.000000000000001]}
                """,
                file: "f.yaml"
            )
        }
        // A bound below the smallest normal double is no number at all (option numbers refuse underflow).
        #expect(error?.message.contains("too narrow") == true || error?.message.contains("finite numbers") == true)
        #expect(error?.line == 5)
    }

    // MARK: - Group imputation on a group no unit has

    static func grouped() -> Dataset {
        var data = Support.dataset([
            ("P", "1", [10, nil, 30, 40]), ("Q", "1", [15, 5, 25, 35]), ("R", "1", [40, 30, 20, 10]),
            ("S", "1", [22, 18, 14, 9]),
        ])
        for index in data.units.indices {
            data.units[index].groups = ["region": index < 2 ? "east" : "west", "income": "high"]
        }
        return data
    }

    @Test(arguments: [("Regoin", "region"), ("regio", "region"), ("REGION", "region"), ("incme", "income")])
    func aMisspeltGroupIsAnErrorWithTheNearestName(typed: String, meant: String) {
        let error = Self.failure {
            try Support.run(try Support.framework(), Self.grouped(), ["impute": "group-mean:\(typed)"])
        }
        #expect(
            error?.contains("no unit has a group '\(typed)'; did you mean '\(meant)'") == true,
            "\(String(describing: error))"
        )
    }

    @Test func aGroupNothingLikeAnyIsAnErrorListingTheGroups() {
        let error = Self.failure {
            try Support.run(try Support.framework(), Self.grouped(), ["impute": "group-mean:continent"])
        }
        #expect(error?.contains("(groups: income, region)") == true)
    }

    @Test func aKnownGroupImputes() throws {
        let result = try Support.run(try Support.framework(), Self.grouped(), ["impute": "group-mean:region"])
        #expect(result.units.allSatisfy { ($0.nodes["index"]?.score ?? nil) != nil })
    }

    // MARK: - MCDA at ±1e308 and with repeated alternatives

    static func matrix(_ values: [[Double]], benefit: [Bool]? = nil) throws -> DecisionMatrix {
        try DecisionMatrix(
            alternatives: values.indices.map { "A\($0)" },
            criteria: values[0].indices.map { "c\($0)" },
            values: values,
            isBenefit: benefit
        )
    }

    @Test func hugeColumnsNormaliseAsTheirScaledCopies() throws {
        let huge = try Self.matrix([[1.7e308, 1e200, -1e308], [-1.7e308, 3e200, 1e308], [0, 2e200, 0]])
        let small = try Self.matrix([[1.7, 1, -1], [-1.7, 3, 1], [0, 2, 0]])
        for method in MatrixNormalisation.allCases where method != .none {
            let a = try method.apply(huge)
            let b = try method.apply(small)
            for (rowA, rowB) in zip(a, b) {
                for (x, y) in zip(rowA, rowB) {
                    #expect(x.isFinite)
                    #expect(x.isApproximatelyEqual(to: y, absoluteTolerance: 1e-12), "\(method.rawValue)")
                }
            }
        }
        let topsis = try MCDA.topsis(huge, weights: [0.3, 0.3, 0.4])
        let reference = try MCDA.topsis(small, weights: [0.3, 0.3, 0.4])
        for (x, y) in zip(topsis.closeness, reference.closeness) {
            #expect(x.isApproximatelyEqual(to: y, absoluteTolerance: 1e-12))
        }
        let objective = [
            try ObjectiveWeights.entropy(huge), try ObjectiveWeights.critic(huge),
            try ObjectiveWeights.standardDeviation(huge),
        ]
        #expect(objective.joined().allSatisfy { $0.isFinite })
    }

    @Test func tinyColumnsKeepTheirDigits() throws {
        let m = Double.leastNonzeroMagnitude  // subnormal: 1000 m ≈ 5e-321, 3e13 m ≈ 1.5e-310
        let tiny = try Self.matrix([[1000 * m, 3e13 * m], [3000 * m, 1e13 * m], [2000 * m, 2e13 * m]])
        let plain = try Self.matrix([[1, 3], [3, 1], [2, 2]])
        let a = try MatrixNormalisation.zscore.apply(tiny)
        let b = try MatrixNormalisation.zscore.apply(plain)
        for (rowA, rowB) in zip(a, b) {
            for (x, y) in zip(rowA, rowB) {
                let close = x.isApproximatelyEqual(to: y, absoluteTolerance: 1e-3)
                #expect(close)
            }
        }
    }

    @Test func repeatedAlternativesAreRefused() {
        let error = #expect(throws: IndexError.self) {
            try DecisionMatrix(alternatives: ["a", "b", "a"], criteria: ["c"], values: [[1], [2], [3]])
        }
        #expect(error?.message.contains("'a' is given twice (rows 1 and 3)") == true)
        #expect(error?.unit == "a")
    }

    // MARK: - Property: random extreme options and values

    /// Numbers at the edges of a double, as text.
    static let extremes = [
        "0", "-0", "1e-320", "-1e-320", "5e-324", "1e-300", "-1e-300", "1e-12", "-1e-12", "1e308", "-1e308",
        "1.7976931348623157e308",
        "1e309", "inf", "-inf", "nan", "1", "-1", "0.5", "100", "-100", "1e15", "2.5", "1e-3", "99.999",
    ]

    static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T {
        items[Int(random.next() % UInt64(items.count))]
    }

    static func randomOptions(_ random: inout SplitMix64) -> [String: String] {
        func number() -> String { pick(extremes, &random) }
        var fields: [String: String] = [:]
        switch random.next() % 7 {
        case 0: fields["normalise"] = "minmax:\(number()),\(number())"
        case 1: fields["normalise"] = "zscore:\(number()),\(number())"
        case 2: fields["normalise"] = "percentile:\(number()),\(number())"
        case 3: fields["normalise"] = "minmax"
        case 4: fields["normalise"] = pick(["rank", "zscore", "goalposts", "target", "none"], &random)
        default: break
        }
        switch random.next() % 5 {
        case 0: fields["aggregate"] = "power:\(number())"
        case 1: fields["aggregate"] = pick(["geometric", "harmonic", "arithmetic", "copeland", "topsis"], &random)
        default: break
        }
        switch random.next() % 5 {
        case 0: fields["tiers"] = "jenks:\(number())"
        case 1: fields["tiers"] = "thresholds:\(number()),\(number())"
        case 2: fields["tiers"] = "sizes:\(number()),\(number())"
        default: break
        }
        if random.next() % 3 == 0 { fields["outliers"] = "coinr:\(number()),\(number()),\(number())" }
        if random.next() % 3 == 0 {
            fields["weights"] = pick(["entropy", "critic", "cv", "std", "equal", "pca"], &random)
            if random.next() % 2 == 0 { fields["weightAlpha"] = number() }
        }
        if random.next() % 4 == 0 { fields["minCoverage"] = number() }
        if random.next() % 4 == 0 {
            fields["impute"] = pick(["mean", "median", "group-mean:region", "group-mean:Regoin"], &random)
        }
        return fields
    }

    static func randomData(_ random: inout SplitMix64) -> Dataset {
        let subnormal = Double.leastNonzeroMagnitude
        let values = [
            1e308, -1e308, 1.7e308, 2024 * subnormal, -0.0, 0, 1e300, -1e300, 1e-300, subnormal, 1e15, 3, 7, 11,
        ]
        func value() -> Double? {
            switch random.next() % 6 {
            case 0: return pick(values, &random)
            case 1: return random.next() % 4 == 0 ? nil : Double(random.next() % 1000) / 10
            default: return Double(random.next() % 100_000) / 100 - 200
            }
        }
        let extreme = random.next() % 3 == 0
        var data = Support.dataset(
            ["P", "Q", "R", "S", "T"].map { unit in
                (unit, "1", (0..<4).map { _ in extreme ? value() : Double(random.next() % 10_000) / 100 + 1 })
            }
        )
        for index in data.units.indices { data.units[index].groups = ["region": index % 2 == 0 ? "east" : "west"] }
        return data
    }

    /// Every `Double` reachable in a value: none may be infinite; and every score that is given is finite.
    static func infinities(in value: Any, path: String = "", found: inout [String]) {
        if let double = value as? Double {
            if double.isInfinite { found.append(path) }
            return
        }
        for child in Mirror(reflecting: value).children {
            infinities(in: child.value, path: path + "." + (child.label ?? "[]"), found: &found)
        }
    }

    @Test func randomExtremeOptionsAndValuesGiveAClearErrorOrFiniteResults() throws {
        var random = SplitMix64(seed: 0x22_05)
        var outcomes = (errors: 0, results: 0)
        for round in 0..<400 {
            let fields = Self.randomOptions(&random)
            let data = Self.randomData(&random)
            do {
                let options = try RunOptions.parse(fields)
                let results = try IndexEngine.run(framework: try Support.framework(), dataset: data, options: options)
                outcomes.results += 1
                var found: [String] = []
                Self.infinities(in: results, found: &found)
                #expect(found.isEmpty, "round \(round) \(fields): infinite values at \(found.prefix(5))")
                for case .crossSection(let result) in results.evaluations {
                    for unit in result.units {
                        for (node, score) in unit.nodes {
                            guard let value = score.score else { continue }
                            #expect(value.isFinite, "round \(round) \(fields): \(unit.id) \(node) = \(value)")
                        }
                    }
                }
            } catch is IndexError {
                outcomes.errors += 1
            } catch is IndexErrors {
                outcomes.errors += 1
            }
        }
        // Both sides of the property are exercised.
        #expect(outcomes.errors > 40 && outcomes.results > 20, "\(outcomes)")
    }
}
