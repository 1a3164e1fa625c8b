import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The statistical audit (`Audit`, as `iidei audit` and the report's annex compute it from a run's
/// result) against COINr 1.1.14 on ASEM (`coinr-1.1.14-asem-analysis.csv`), within 1e-9: statistics
/// (`get_stats`), correlations across levels (`get_corr`), p-values (`get_pvals`), PCA per group
/// (`get_PCA`) and Cronbach's α (`get_cronbach`).
@Suite("COINr 1.1.14 statistical audit")
struct COINrAuditTests {
    /// The audit of the plain pipeline's result (min-max 0–100, arithmetic means).
    static let audit: Audit? = {
        guard
            let options = try? COINrReferenceTests.options(["aggregate": "arithmetic"]),
            let result = try? COINrReferenceTests.run(data: "ASEM_iData.csv", options)
        else { return nil }
        return Audit(result)
    }()

    static func position(_ audit: Audit, _ id: String) throws -> Int {
        try #require(audit.nodes.firstIndex(of: id), "\(id)")
    }

    /// `get_pvals` of the raw indicators: every pair's two-sided p-value. P-values do not change
    /// under min-max normalisation (affine; a reversed direction only flips r's sign, and ranks are
    /// kept or reversed), so the audit's, on the normalised indicators, must equal them.
    @Test(arguments: Association.Correlation.allCases)
    func pValuesEqualCOINr(method: Association.Correlation) throws {
        let audit = try #require(Self.audit)
        let reference = try #require(COINrMethodTests.analysis["pvals:Raw:\(method.rawValue)"])
        let p = audit.correlations.pValues(method)
        var compared = 0
        var small = 0
        for (second, row) in reference {
            for (first, text) in row {
                let expected = try #require(Double(text))
                let found = p[try Self.position(audit, first)][try Self.position(audit, second)]
                #expect(TestSupport.close(found, expected), "\(first) \(second)")
                if expected < 0.05 { small += 1 }
                compared += 1
            }
        }
        #expect(compared == 49 * 49)
        // Not a trivial comparison: many pairs are significant and many are not.
        #expect(small > 200 && small < 49 * 48)
    }

    /// `get_corr(Levels = c(1, 4))` on the aggregated data (each indicator with the index) and
    /// `get_corr(Levels = c(2, 3), withparent = TRUE)` (each pillar with its sub-index), both types.
    @Test(arguments: Association.Correlation.allCases)
    func correlationsAcrossLevelsEqualCOINr(method: Association.Correlation) throws {
        let audit = try #require(Self.audit)
        let r = audit.correlations.coefficients(method)
        var compared = 0
        for spec in ["corr:Aggregated:1-4:\(method.rawValue)", "corr:Aggregated:2-3:withparent:\(method.rawValue)"] {
            let reference = try #require(COINrMethodTests.analysis[spec])
            for (second, row) in reference {
                for (first, text) in row {
                    let found = r[try Self.position(audit, first)][try Self.position(audit, second)]
                    #expect(TestSupport.close(found, try #require(Double(text))), "\(spec) \(first) \(second)")
                    compared += 1
                }
            }
        }
        #expect(compared == 49 + 8)
    }

    /// `get_stats` of the normalised indicators and of the pillars (aggregated, level 2), each of its
    /// numeric columns and flags, as the audit's table carries them.
    @Test func statisticsEqualCOINr() throws {
        let audit = try #require(Self.audit)
        var compared = 0
        for dataset in ["Normalised", "Aggregated:level2"] {
            let reference = try #require(COINrMethodTests.analysis["stats:\(dataset)"])
            for (statistic, rows) in reference {
                for (code, text) in rows {
                    let found = audit.statistics[try Self.position(audit, code)].coinrColumns[statistic]
                    switch found {
                    case .number(let value)?:
                        #expect(TestSupport.close(value, Double(text) ?? .nan), "\(code) \(statistic)")
                    case .text(let flag)?: #expect(flag == text, "\(code) \(statistic)")
                    case .missing?: #expect(text == "NA", "\(code) \(statistic)")
                    case nil: Issue.record("no \(statistic)")
                    }
                    compared += 1
                }
            }
        }
        #expect(compared == (49 + 8) * 19)
    }

    /// `get_PCA(Level = 1, by_groups = TRUE)`: each pillar's rows used, eigenvalues and loadings (up to
    /// each component's sign); and `get_cronbach` of each pillar's indicators and each sub-index's pillars.
    @Test func componentsAndCronbachEqualCOINr() throws {
        let audit = try #require(Self.audit)
        let pillars = audit.groups.filter { $0.depth == 2 }
        #expect(pillars.count == 8)
        for group in pillars {
            let prefix = "pca:Normalised:level1:\(group.id)"
            let pca = try #require(group.components, "\(group.id)")
            #expect(COINrMethodTests.analysis["\(prefix):rows"]?["used"]?["rows"] == String(pca.rows))
            let eigenvalues = try #require(COINrMethodTests.analysis["\(prefix):eigenvalues"]?["eigenvalue"])
            let loadings = try #require(COINrMethodTests.analysis["\(prefix):loadings"])
            #expect(eigenvalues.count == group.children.count)
            for k in group.children.indices {
                #expect(TestSupport.close(pca.eigenvalues[k], Double(eigenvalues["PC\(k + 1)"] ?? "") ?? .nan))
                let expected = try group.children.map { try #require(Double(loadings["PC\(k + 1)"]?[$0] ?? "")) }
                let sign: Double = zip(expected, pca.loadings[k]).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? -1 : 1
                for (j, id) in group.children.enumerated() {
                    #expect(TestSupport.close(sign * pca.loadings[k][j], expected[j]), "\(group.id) PC\(k + 1) \(id)")
                }
            }
            let alpha = try #require(COINrMethodTests.analysis["cronbach:Normalised"]?["alpha"]?[group.id])
            #expect(TestSupport.close(group.cronbachAlpha, try #require(Double(alpha))), "\(group.id)")
        }
        let subIndices = try #require(COINrMethodTests.analysis["cronbach:Aggregated:level2"]?["alpha"])
        for (id, text) in subIndices {
            let group = try #require(audit.groups.first { $0.id == id })
            #expect(TestSupport.close(group.cronbachAlpha, try #require(Double(text))), "\(id)")
        }
    }
}
