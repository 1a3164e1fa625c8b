import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// A published multi-level index written as one framework: a reflected geometric mean on a shifted
/// scale, the larger of two children with a factor on one, a floor, and rounding to 0.1 at every
/// level with ranks on the rounded index — the operations risk indices publish, worked by hand.
@Suite("Node formulas in a framework")
struct NodeFormulaFrameworkTests {
    static func framework(round: String = "round: 1", hazard: String? = nil) throws -> Framework {
        try FrameworkReader.parse(
            """
            id: risk
            tree:
              id: risk
              formula: "sqrt(hazard * vulnerability)"
              children:
                - id: hazard
                  formula: "\(hazard ?? "10 - (wgmean(1 + 0.9 * (10 - child)) - 1) / 0.9")"
                  children:
                    - {id: a, unit: score}
                    - {id: b, unit: score}
                - id: vulnerability
                  formula: "max(c, 0.7 * d)"
                  floor: 1
                  children:
                    - {id: c, unit: score}
                    - {id: d, unit: score}
            evaluations:
              - id: e
                kind: cross-section
                normalisation: {method: none}
                \(round)
            """,
            file: "risk.yaml"
        )
    }

    static let data: [String: [Double]] = [
        "P": [8, 2, 3, 6], "Q": [1, 0.5, 0.5, 1], "R": [10, 10, 9.96, 2], "S": [5, 6.2, 4.43, 5.3],
        "T": [7, 3, 4.6, 2],
    ]

    static func run(_ framework: Framework) throws -> CrossSectionResult {
        let observations = data.flatMap { unit, values in
            zip(["a", "b", "c", "d"], values).map { Observation(unit: unit, indicator: $0, period: "2024", value: $1) }
        }
        let units = data.keys.sorted().map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        let results = try IndexEngine.run(
            framework: framework,
            dataset: Dataset(units: units, observations: observations, isIllustrative: false),
            options: try RunOptions.parse(["tiers": "thresholds:5,2"])
        )
        guard case .crossSection(let result)? = results.evaluations.first else { throw IndexError("no result") }
        return result
    }

    /// By hand, for P (a 8, b 2, c 3, d 6): hazard = 10 − (√(2.8 · 8.2) − 1)/0.9 = 5.78704… → 5.8;
    /// vulnerability = max(3, 4.2) = 4.2; risk = √(5.8 · 4.2) = 4.93558… → 4.9. For T the rounding
    /// between levels decides the published figure: √(5.3 · 4.6) = 4.9376 → 4.9, where unrounded
    /// levels give √(5.3365 · 4.6) = 4.9546 → 5.0. Q: hazard 10 − (√(9.1 · 9.55) − 1)/0.9 = 0.753 →
    /// 0.8; vulnerability max(0.5, 0.7) is raised to the floor, 1; risk √0.8 = 0.894 → 0.9.
    @Test func everyLevelAsPublished() throws {
        let result = try Self.run(try Self.framework())
        func score(_ unit: String, _ node: String) -> Double? {
            result.units.first { $0.id == unit }?.nodes[node]?.score ?? nil
        }
        let expected: [String: (hazard: Double, vulnerability: Double, risk: Double)] = [
            "P": (5.8, 4.2, 4.9), "Q": (0.8, 1, 0.9), "R": (10, 10, 10), "S": (5.6, 4.4, 5), "T": (5.3, 4.6, 4.9),
        ]
        for (unit, values) in expected {
            #expect(score(unit, "hazard") == values.hazard, "\(unit) hazard")
            #expect(score(unit, "vulnerability") == values.vulnerability, "\(unit) vulnerability")
            #expect(score(unit, "risk") == values.risk, "\(unit) risk")
        }
        // Ranks on the rounded index: P and T publish 4.9 and share third place.
        let ranks = Dictionary(uniqueKeysWithValues: result.units.map { ($0.id, $0.rank) })
        #expect(ranks["R"] == 1)
        #expect(ranks["S"] == 2)
        #expect(ranks["P"] == ranks["T"])
        #expect(ranks["Q"] == 5)
    }

    /// Without `round:` the levels keep every digit: P's hazard is 10 − (√22.96 − 1)/0.9.
    @Test func withoutRoundingEveryDigitIsKept() throws {
        let result = try Self.run(try Self.framework(round: ""))
        let p = try #require(result.units.first { $0.id == "P" })
        let hazard = 10 - ((2.8 * 8.2).squareRoot() - 1) / 0.9
        let pHazard = try #require(p.nodes["hazard"]?.score)
        #expect(abs(pHazard - hazard) < 1e-12)
        #expect(abs((p.score ?? 0) - (hazard * 4.2).squareRoot()) < 1e-12)
        let t = try #require(result.units.first { $0.id == "T" })
        #expect(abs((t.score ?? 0) - 4.9546020036659115) < 1e-12)
    }

    /// A framework's formula errors are located: the file, the line of `formula:` and the column
    /// in the formula.
    @Test func formulaErrorsAreLocated() throws {
        do {
            _ = try Self.framework(hazard: "wgmean(1 + 0.9 * (10 - chld))")
            Issue.record("accepted")
        } catch let error as IndexError {
            #expect(error.file == "risk.yaml")
            #expect(error.line == 7)
            #expect(error.message.contains("node 'hazard', column 24: 'chld' is not one of the node's children"))
        }
        #expect(throws: IndexError.self) {
            try FrameworkReader.parse(
                """
                id: t
                tree:
                  id: i
                  formula: "max(child)"
                  aggregation: geometric
                  children: [{id: a, unit: u}]
                evaluations: [{id: e, kind: cross-section}]
                """,
                file: "t.yaml"
            )
        }
        for bad in ["round: 1.5", "round: 99", "floor: 5\n    cap: 1"] {
            #expect(throws: IndexError.self, "\(bad)") {
                try FrameworkReader.parse(
                    """
                    id: t
                    tree:
                      id: i
                      \(bad)
                      children: [{id: a, unit: u}]
                    evaluations: [{id: e, kind: cross-section}]
                    """,
                    file: "t.yaml"
                )
            }
        }
    }

    /// An indicator's own `round:` (and the evaluation's, which reaches every level) rounds its
    /// normalised value before its parent uses it: T's c 4.6 → 5, so vulnerability = max(5, 1.4) = 5.
    @Test func indicatorsAreRoundedBeforeTheirParent() throws {
        var framework = try Self.framework(round: "")
        framework.evaluations[0].root.children[1].children[0].output.decimals = 0
        let result = try Self.run(framework)
        let t = try #require(result.units.first { $0.id == "T" })
        #expect(t.nodes["vulnerability"]?.score == 5)
        #expect(t.nodes["c"]?.score == 5)
        let s = try #require(result.units.first { $0.id == "S" })
        #expect(s.nodes["c"]?.score == 4)
        let everyLevel = try Self.run(try Self.framework(round: "round: 0"))
        #expect(everyLevel.units.first { $0.id == "S" }?.nodes["c"]?.score == 4)
        #expect(everyLevel.units.first { $0.id == "S" }?.nodes["d"]?.score == 5)
    }

    /// `aggregation: max` and `min` as node methods, and `cap`.
    @Test func maxMinAndCap() throws {
        let framework = try FrameworkReader.parse(
            """
            id: t
            tree:
              id: i
              aggregation: min
              children:
                - id: m
                  aggregation: max
                  cap: 6
                  children: [{id: a, unit: u}, {id: b, unit: u}]
                - {id: c, unit: u}
            evaluations: [{id: e, kind: cross-section, normalisation: {method: none}}]
            """,
            file: "t.yaml"
        )
        let rows: [(String, [Double])] = [("P", [8, 2, 7]), ("Q", [1, 3, 2])]
        let observations: [Observation] = rows.flatMap { unit, values in
            zip(["a", "b", "c"], values).map { Observation(unit: unit, indicator: $0, period: "1", value: $1) }
        }
        let units = ["P", "Q"].map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        let results = try IndexEngine.run(
            framework: framework,
            dataset: Dataset(units: units, observations: observations, isIllustrative: false),
            options: try RunOptions.parse(["tiers": "thresholds:5"])
        )
        guard case .crossSection(let result)? = results.evaluations.first else { throw IndexError("no result") }
        let scores: [String: Double?] = Dictionary(uniqueKeysWithValues: result.units.map { ($0.id, $0.score) })
        // P: m = min(max(8, 2), 6) = 6; i = min(6, 7) = 6. Q: m = 3; i = min(3, 2) = 2.
        #expect(scores["P"] == 6)
        #expect(scores["Q"] == 2)
    }
}
