import Foundation
import IndexIO
import IndexTestSupport
import IndexWorkflows
import Testing

/// `iidei audit --format json` on COINr's ASEM (the plain pipeline: min-max 0–100, arithmetic means)
/// carries COINr 1.1.14's values to 1e-9 through the printed document: p-values (`get_pvals`),
/// correlations across levels (`get_corr`; Pearson, Spearman and Kendall), statistics (`get_stats`), first-component eigenvalues
/// (`get_PCA`), Cronbach's α (`get_cronbach`) and the raw indicators' statistics (`get_stats` on `Raw`).
@Suite("The audit document against COINr")
struct AuditDocumentCOINrTests {
    /// `spec → column → row → value` of `coinr-1.1.14-asem-analysis.csv`.
    static func reference() throws -> [String: [String: [String: String]]] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../IndexIOTests/COINrReference/coinr-1.1.14-asem-analysis.csv").path
        let table = try DataTable(path: path)
        var result: [String: [String: [String: String]]] = [:]
        for row in table.rows { result[row[0], default: [:]][row[2], default: [:]][row[1]] = row[3] }
        return result
    }

    @Test func printedDocumentEqualsCOINr() throws {
        let output = try TestSupport.run(
            TestSupport.executable,
            [
                "audit", "--framework", StrictJSONOutputTests.meta, "--data", StrictJSONOutputTests.data,
                "--aggregate", "arithmetic", "--format", "json",
            ]
        )
        let documents = try JSONDecoder().decode([String: AuditDocument].self, from: Data(output.utf8))
        let document = try #require(documents.values.first)
        let reference = try Self.reference()
        func at(_ id: String) throws -> Int { try #require(document.nodes.firstIndex(of: id), "\(id)") }
        var compared = 0
        let matrices: [(String, [[Double?]])] = [
            ("pvals:Raw:pearson", document.correlations.pearsonP),
            ("pvals:Raw:spearman", document.correlations.spearmanP),
            ("corr:Aggregated:1-4:pearson", document.correlations.pearson),
            ("corr:Aggregated:1-4:spearman", document.correlations.spearman),
            ("corr:Aggregated:2-3:withparent:pearson", document.correlations.pearson),
            // Kendall's τ-b: exact p values for pairs under 50 without ties, else the tie-corrected normal.
            ("pvals:Raw:kendall", document.correlations.kendallP),
            ("corr:Aggregated:1-4:kendall", document.correlations.kendall),
            ("corr:Aggregated:2-3:withparent:kendall", document.correlations.kendall),
        ]
        for (spec, matrix) in matrices {
            for (second, row) in try #require(reference[spec]) {
                for (first, text) in row {
                    let found = matrix[try at(first)][try at(second)]
                    #expect(TestSupport.close(found, try #require(Double(text))), "\(spec) \(first) \(second)")
                    compared += 1
                }
            }
        }
        #expect(compared == 3 * 49 * 49 + 3 * 49 + 2 * 8)
        let statistics = try #require(reference["stats:Normalised"])
        for (code, text) in try #require(statistics["Skew"]) {
            #expect(TestSupport.close(document.statistics[try at(code)].skewness, try #require(Double(text))))
        }
        for (code, text) in try #require(statistics["Std"]) {
            #expect(TestSupport.close(document.statistics[try at(code)].standardDeviation, try #require(Double(text))))
        }
        // The raw indicators' statistics, every numeric column of get_stats on Raw.
        let raw = try #require(reference["stats:Raw"])
        #expect(document.rawStatistics.count == 49)
        for (id, statistics) in document.rawStatistics.map({ ($0.id, $0) }) {
            let columns: [(String, Double?)] = [
                ("Min", statistics.minimum), ("Max", statistics.maximum), ("Mean", statistics.mean),
                ("Median", statistics.median), ("Std", statistics.standardDeviation), ("Skew", statistics.skewness),
                ("Kurt", statistics.kurtosis), ("Frc.Avail", statistics.availableShare),
                ("N.Unique", Double(statistics.unique)),
            ]
            for (column, found) in columns {
                let expected = try #require(Double(raw[column]?[id] ?? ""), "\(id) \(column)")
                #expect(TestSupport.close(found, expected), "\(id) \(column)")
            }
            #expect(statistics.outlying == (raw["Flag.SkewKurt"]?[id] == "OUT"), "\(id)")
        }
        for (group, text) in try #require(reference["cronbach:Normalised"]?["alpha"]) where group != "Index" {
            let found = document.groups.first { $0.id == group }?.cronbachAlpha
            #expect(TestSupport.close(found, try #require(Double(text))), "\(group)")
        }
        let pillars = document.groups.filter { $0.level == 2 }
        #expect(pillars.count == 8)
        for group in pillars {
            let expected = reference["pca:Normalised:level1:\(group.id):eigenvalues"]?["eigenvalue"]?["PC1"]
            let components = try #require(group.components)
            #expect(TestSupport.close(components.eigenvalues.first, try #require(Double(expected ?? ""))))
            #expect(TestSupport.close(components.explainedVariance.reduce(0, +), 1, 1e-12))
        }
    }
}
