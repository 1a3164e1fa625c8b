import IndexTestSupport
import RealModule
import Testing

@testable import IndexCore

/// The statistical audit's own parts: p-values (against R 4.2.2's `cor.test`), the matrix's order
/// and the flag rules on hand-made data.
@Suite("Statistical audit")
struct StatisticalAuditTests {
    static let x: [Double] = [1, 3, 2, 5, 4, 7, 6, 9, 8, 10, 12, 11]
    static let y: [Double] = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 11, 12]

    /// `I_x(a, b)` at points with closed forms: `I_x(1, 1) = x`, `I_x(a, 1) = xᵃ`, `I_½(a, a) = ½`,
    /// `I_x(1, b) = 1 − (1 − x)ᵇ`.
    @Test func incompleteBetaClosedForms() {
        func beta(_ a: Double, _ b: Double, _ x: Double) -> Double {
            CorrelationTest.regularisedIncompleteBeta(a: a, b: b, x: x, complement: 1 - x)
        }
        #expect(abs(beta(1, 1, 0.3) - 0.3) < 1e-14)
        #expect(abs(beta(3.5, 1, 0.8) - Double.pow(0.8, 3.5)) < 1e-14)
        #expect(abs(beta(24.5, 24.5, 0.5) - 0.5) < 1e-14)
        #expect(abs(beta(1, 7, 0.1) - (1 - Double.pow(0.9, 7))) < 1e-14)
        #expect(beta(2, 3, 0) == 0 && beta(2, 3, 1) == 1)
    }

    /// Two-sided p-values equal to R 4.2.2's `cor.test(x, y, method)$p.value` (printed with 17
    /// digits): Pearson's t-test; Spearman exactly by permutations (n ≤ 9), by AS 89's Edgeworth
    /// series (n = 12), and by the t approximation when there are ties.
    @Test func pValuesEqualR() {
        var test = CorrelationTest()
        let x = Self.x
        let y = Self.y
        let cases: [([Double], [Double], Association.Correlation, Double)] = [
            (x, y, .pearson, 0.00020071307332423152),
            (Array(x[0..<3]), Array(y[0..<3]), .pearson, 0.78770438499034345359),
            (x, y, .spearman, 0.00030886079305358569),
            (x, y.map { -$0 }, .spearman, 0.00030886079305358569),
            (Array(x[0..<8]), Array(y[0..<8]), .spearman, 0.069394841269841273),
            (Array(x[0..<9]), Array(y[0..<9]), .spearman, 0.02549052028218695004),
            (Array(x[0..<9]), y[0..<9].map { -$0 }, .spearman, 0.02549052028218695004),
            ([1, 3, 2, 5, 4], [6, 2, 4, 1, 3], .spearman, 0.08333333333333332871),
            ([1, 2, 2, 3, 4, 5], [2, 1, 3, 3, 5, 4], .spearman, 0.05132906319967433378),
            ([1, 2, 2, 3, 4, 5], [2, 1, 3, 3, 5, 4], .pearson, 0.07411437959840076750),
        ]
        for (a, b, method, expected) in cases {
            let found = test.pValue(a, b, method: method)
            #expect(TestSupport.close(found, expected, 1e-12), "\(method) n = \(a.count): \(found ?? .nan)")
        }
        // Missing values are left out pairwise; too few pairs or no variation give nil; r = 1 gives 0.
        #expect(TestSupport.close(test.pValue(x + [.nan], y + [3], method: .pearson), 0.00020071307332423152))
        #expect(test.pValue([1, 2], [2, 1], method: .pearson) == nil)
        #expect(test.pValue([1, 1, 1], [1, 2, 3], method: .spearman) == nil)
        #expect(test.pValue([1, 2, 3, 4], [2, 4, 6, 8], method: .pearson) == 0)
    }

    /// Kendall's τ-b and its p-value, worked by hand and equal to R 4.2.2's `cor.test(method = "kendall")`.
    ///
    /// x = 1…10, y the neighbours swapped (2, 1, 4, 3, …): 5 of the 45 pairs are discordant, so
    /// τ = (40 − 5)/45 = 7/9; the exact two-sided p is 2 · P(at most 5 inversions) = 2 · (1 + 9 + 44 +
    /// 155 + 440 + 1068)/10! = 3434/3628800 (Mahonian numbers of n = 10). With ties (n = 6 below) R
    /// uses the tie-corrected normal approximation; with 50 pairs or more, the normal even without ties.
    @Test func kendallByHandAndAsR() {
        var test = CorrelationTest()
        let x: [Double] = Array(1...10).map(Double.init)
        let y: [Double] = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9]
        #expect(TestSupport.close(Association.correlation(x, y, method: .kendall), 7.0 / 9, 1e-15))
        #expect(TestSupport.close(test.pValue(x, y, method: .kendall), 3434.0 / 3_628_800, 1e-15))
        #expect(TestSupport.close(test.pValue(x, y, method: .kendall), 0.0009463183421516419, 1e-15))
        #expect(TestSupport.close(test.pValue(x, y.map { -$0 }, method: .kendall), 0.0009463183421516419, 1e-15))
        // τ-b with ties: S = 9 (11 concordant, 2 discordant) over √((15 − 1)(15 − 1)) = 14.
        let tiedX: [Double] = [1, 2, 2, 3, 4, 5]
        let tiedY: [Double] = [2, 1, 3, 3, 5, 4]
        #expect(TestSupport.close(Association.correlation(tiedX, tiedY, method: .kendall), 9.0 / 14, 1e-15))
        // R: cor.test(c(1,2,2,3,4,5), c(2,1,3,3,5,4), method = "kendall")$p.value
        #expect(TestSupport.close(test.pValue(tiedX, tiedY, method: .kendall), 0.07983871964585261, 1e-12))
        // n = 60 without ties, R: cor.test(0:59, (0:59 * 37) %% 60, method = "kendall"): the normal approximation.
        let long = (0..<60).map { Double($0) }
        let shuffled = long.map { Double((Int($0) * 37) % 60) }
        #expect(TestSupport.close(test.pValue(long, shuffled, method: .kendall), 0.46717462409187327, 1e-12))
        #expect(test.pValue([1, 1, 1], [1, 2, 3], method: .kendall) == nil)
    }

    /// Knight's O(n log n) count of S and the ties equals comparing every pair, on seeded random
    /// columns with many ties (values from a few levels) and without, for n from 2 to 300.
    @Test func kendallCountsEqualEveryPairCompared() {
        var random = SplitMix64(seed: 17)
        for n in [2, 3, 5, 17, 50, 51, 300] {
            for levels in [3, 10, 1_000_000] {
                let x = (0..<n).map { _ in Double(random.next() % UInt64(levels)) }
                let y = (0..<n).map { _ in Double(random.next() % UInt64(levels)) }
                var (s, tiedX, tiedY) = (0, 0, 0)
                for i in 0..<n {
                    for j in (i + 1)..<n {
                        let dx = x[i] < x[j] ? -1 : (x[i] > x[j] ? 1 : 0)
                        let dy = y[i] < y[j] ? -1 : (y[i] > y[j] ? 1 : 0)
                        s += dx * dy
                        tiedX += dx == 0 ? 1 : 0
                        tiedY += dy == 0 ? 1 : 0
                    }
                }
                let found = Association.kendallCounts(x, y)
                #expect(
                    found.s == Double(s) && found.tiedX == Double(tiedX) && found.tiedY == Double(tiedY),
                    "n \(n), \(levels) levels"
                )
            }
        }
    }

    /// Pillar p1 = {a, b, c}, p2 = {d, e}, values chosen so that a and b are collinear
    /// (r = 0.98974…), c runs against a and b (r(a, c) = 1 − 6·58/210 = −23/35 on these
    /// permutations) and follows p2 (0.971) more than its own p1 (−0.148), and the two pillars
    /// correlate negatively (−0.207) under the index.
    static func handMade() throws -> CrossSectionResult {
        let ids = ["a", "b", "c", "d", "e"]
        let columns: [[Double]] = [
            [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 7], [5, 6, 2, 4, 1, 3], [5, 6, 3, 4, 1, 2], [4, 6, 2, 5, 1, 3],
        ]
        let indicators = ids.map { TestSupport.indicator($0) }
        func pillar(_ id: String, _ members: ArraySlice<Indicator>) -> FrameworkNode {
            FrameworkNode(
                id: id,
                name: LocalisedText(zh: id, en: id),
                children: members.map { FrameworkNode(indicator: $0) }
            )
        }
        let framework = TestSupport.crossSection(
            FrameworkNode(
                id: "index",
                name: LocalisedText(zh: "i", en: "i"),
                children: [pillar("p1", indicators[0..<3]), pillar("p2", indicators[3...])]
            ),
            normalisation: .minMax100
        )
        var observations: [Observation] = []
        for (j, column) in columns.enumerated() {
            for (u, value) in column.enumerated() {
                observations.append(Observation(unit: "u\(u)", indicator: ids[j], period: "1", value: value))
            }
        }
        let dataset = Dataset(
            units: (0..<6).map { AssessedUnit(id: "u\($0)", name: LocalisedText(zh: "u\($0)", en: "u\($0)")) },
            observations: observations
        )
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: RunOptions())
        guard case .crossSection(let section)? = results.evaluations.first else { throw IndexError("no section") }
        return section
    }

    @Test func flagsFollowTheirRules() throws {
        let audit = Audit(try Self.handMade())
        #expect(audit.nodes == ["a", "b", "c", "d", "e", "p1", "p2", "index"])
        let found = audit.flags.map { "\($0.kind.rawValue) \($0.group) \($0.nodes.joined(separator: ","))" }
        #expect(
            found == [
                "collinear p1 a,b", "negative p1 a,c", "negative p1 b,c", "negative index p1,p2",
                "closerToAnotherGroup p1 c,p2",
            ]
        )
        #expect(TestSupport.close(audit.flags[0].correlation, 0.989743318610787, 1e-12))
        #expect(TestSupport.close(audit.flags[1].correlation, -23.0 / 35, 1e-12))
        #expect(TestSupport.close(audit.flags[4].correlation, 0.9710083124552245, 1e-12))
        #expect(TestSupport.close(audit.flags[4].withOwnGroup, -0.14836218135874457, 1e-12))
        // The pair's p-value is the matrix's; d and e (r = 31/35 = 0.886) stay below 0.9 and are not flagged.
        var test = CorrelationTest()
        let p = test.pValue([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 7], method: .pearson) ?? .nan
        #expect(TestSupport.close(audit.flags[0].pValue, p, 1e-15) && p < 0.001)
        // A stricter threshold drops the collinear pair and keeps the rest.
        let strict = Audit(try Self.handMade(), collinearity: 0.995)
        #expect(strict.flags.count == 4 && !strict.flags.contains { $0.kind == .collinear })
        // The matrices are symmetric with a zero-p diagonal of ones.
        for i in audit.nodes.indices {
            #expect(TestSupport.close(audit.correlations.pearson[i][i], 1, 1e-12))
            #expect(audit.correlations.spearmanP[i][i] == 0)
            for j in audit.nodes.indices {
                #expect(audit.correlations.spearman[i][j] == audit.correlations.spearman[j][i])
            }
        }
    }

    /// Each group's components: eigenvalues summing to the number of children, unit loadings.
    @Test func componentsPerGroup() throws {
        let audit = Audit(try Self.handMade())
        let p1 = try #require(audit.groups.first { $0.id == "p1" }?.components)
        #expect(p1.eigenvalues.count == 3 && p1.rows == 6)
        #expect(TestSupport.close(p1.eigenvalues.reduce(0, +), 3, 1e-12))
        for vector in p1.loadings { #expect(TestSupport.close(vector.reduce(0) { $0 + $1 * $1 }, 1, 1e-12)) }
        #expect(zip(p1.eigenvalues, p1.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
    }
}
