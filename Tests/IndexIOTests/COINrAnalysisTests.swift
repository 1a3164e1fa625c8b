import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// Analysis functions against COINr 1.1.14 on ASEM (`coinr-1.1.14-asem-analysis.csv`): correlations
/// with pairwise deletion and Cronbach's α, within 1e-9.
@Suite("COINr 1.1.14 analysis")
struct COINrAnalysisTests {
    /// The plain pipeline (min-max 0–100, arithmetic means) on ASEM under its COINr iMeta.
    static func pipeline() throws -> (CrossSectionPipeline, Framework) {
        let (framework, dataset) = try COINrReferenceTests.asem()
        let pipeline = try CrossSectionPipeline(
            framework: framework,
            dataset: dataset,
            options: try COINrReferenceTests.options(["aggregate": "arithmetic"])
        )
        return (pipeline, framework)
    }

    /// A data set's columns by node id: `Raw`, `Normalised` or `Aggregated`.
    static func columns(_ pipeline: CrossSectionPipeline, _ dataset: String) throws -> [String: [Double]] {
        var warnings: [Normaliser.Warning] = []
        var matrix = pipeline.raw
        if dataset != "Raw" { matrix = try pipeline.normalised(pipeline.raw, warnings: &warnings) }
        if dataset == "Aggregated" { try pipeline.aggregate(&matrix) }
        let n = pipeline.compiled.nodeCount
        let rows = matrix.count / n
        var result: [String: [Double]] = [:]
        for (slot, id) in pipeline.compiled.nodeIDs.enumerated() {
            result[id] = (0..<rows).map { matrix[$0 * n + slot] }
        }
        return result
    }

    /// The ids of a node's indicators (its leaves), or of its children.
    static func members(of id: String, in framework: Framework, leaves: Bool) throws -> [String] {
        let node = try #require(framework.evaluations[0].root.node(withID: id))
        guard leaves else { return node.children.map(\.id) }
        func walk(_ node: FrameworkNode) -> [String] { node.children.isEmpty ? [node.id] : node.children.flatMap(walk) }
        return walk(node)
    }

    /// Pearson and Spearman between every pair of raw indicators, each over the units where both have
    /// a value (R's `cor(use = "pairwise.complete.obs")`).
    @Test(arguments: Association.Correlation.allCases)
    func correlationsEqualCOINr(method: Association.Correlation) throws {
        let reference = try #require(COINrMethodTests.analysis["corr:Raw:\(method.rawValue)"])
        let (pipeline, _) = try Self.pipeline()
        let columns = try Self.columns(pipeline, "Raw")
        var compared = 0
        for (second, row) in reference {
            for (first, text) in row {
                let expected = try #require(Double(text))
                let found = Association.correlation(
                    try #require(columns[first]),
                    try #require(columns[second]),
                    method: method
                )
                #expect(TestSupport.close(found, expected), "\(first) \(second)")
                compared += 1
            }
        }
        #expect(compared == 49 * 49)
    }

    /// Cronbach's α of each group's indicators (Raw, Normalised; the index: all 49) and of each
    /// sub-index's pillars (Aggregated, level 2).
    @Test(arguments: ["Raw", "Normalised", "Aggregated:level2"])
    func cronbachEqualsCOINr(dataset: String) throws {
        let reference = try #require(COINrMethodTests.analysis["cronbach:\(dataset)"]?["alpha"])
        let (pipeline, framework) = try Self.pipeline()
        let columns = try Self.columns(
            pipeline,
            dataset == "Raw" ? "Raw" : (dataset == "Normalised" ? "Normalised" : "Aggregated")
        )
        for (group, text) in reference {
            let ids = try Self.members(of: group, in: framework, leaves: dataset != "Aggregated:level2")
            let alpha = Association.cronbachAlpha(try ids.map { try #require(columns[$0]) })
            #expect(TestSupport.close(alpha, try #require(Double(text))), "\(dataset) \(group)")
        }
        #expect(reference.count == (dataset == "Aggregated:level2" ? 2 : 9))
    }
}

/// A framework file's `normalisation:` on an indicator: that indicator's own method (COINr's
/// `indiv_specs`), read by the one name parser; `scope` stays the evaluation's.
@Suite("Indicator normalisation in a framework")
struct IndicatorNormalisationTests {
    @Test func indicatorKeyIsRead() throws {
        let yaml = """
            id: demo
            tree:
              id: index
              children:
                - {id: a, unit: x, normalisation: "dist2ref:U1:cap"}
                - {id: b, unit: x, normalisation: {method: zscore, mean: 10, sd: 2, ddof: 1}}
                - {id: c, unit: x}
            evaluations:
              - id: e
            """
        let framework = try FrameworkReader.parse(yaml, file: "f.yaml")
        let methods = framework.evaluations[0].root.indicators.map(\.normalisation)
        #expect(methods == [.distanceToReference(unit: "U1", capped: true), .zScore(mean: 10, sd: 2, ddof: 1), nil])
        for bad in ["dist2ref", "{method: minmax, scope: panel}"] {
            let text = yaml.replacingOccurrences(of: "\"dist2ref:U1:cap\"", with: bad)
            #expect(throws: IndexError.self, "\(bad)") { try FrameworkReader.parse(text, file: "f.yaml") }
        }
    }
}

extension COINrAnalysisTests {
    /// Each pillar's PCA of its normalised indicators (complete rows): the rows used, every
    /// eigenvalue and every loading (up to each component's sign), within 1e-9.
    @Test func principalComponentsEqualCOINr() throws {
        let (pipeline, framework) = try Self.pipeline()
        let columns = try Self.columns(pipeline, "Normalised")
        let groups = try Self.members(of: "Index", in: framework, leaves: false)
            .flatMap { try Self.members(of: $0, in: framework, leaves: false) }
        #expect(groups.count == 8)
        for group in groups {
            let prefix = "pca:Normalised:level1:\(group)"
            let ids = try Self.members(of: group, in: framework, leaves: true)
            let pca = try PrincipalComponents(try ids.map { try #require(columns[$0]) })
            #expect(COINrMethodTests.analysis["\(prefix):rows"]?["used"]?["rows"] == String(pca.rows), "\(group)")
            let eigenvalues = try #require(COINrMethodTests.analysis["\(prefix):eigenvalues"]?["eigenvalue"])
            let loadings = try #require(COINrMethodTests.analysis["\(prefix):loadings"])
            for k in ids.indices {
                #expect(TestSupport.close(pca.eigenvalues[k], Double(eigenvalues["PC\(k + 1)"] ?? "") ?? .nan))
                let expected = try ids.map { try #require(Double(loadings["PC\(k + 1)"]?[$0] ?? "")) }
                let sign: Double = zip(expected, pca.loadings[k]).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? -1 : 1
                for (j, id) in ids.enumerated() {
                    #expect(TestSupport.close(sign * pca.loadings[k][j], expected[j]), "\(group) PC\(k + 1) \(id)")
                }
            }
        }
    }
}

extension COINrAnalysisTests {
    /// `get_stats(nsignif = NULL)` of every indicator (Raw, Normalised) and pillar (Aggregated,
    /// level 2): each of its 19 columns, numbers within 1e-9, flags equal.
    @Test(arguments: ["Raw", "Normalised", "Aggregated:level2"])
    func statisticsEqualCOINr(dataset: String) throws {
        let reference = try #require(COINrMethodTests.analysis["stats:\(dataset)"])
        let (pipeline, _) = try Self.pipeline()
        let columns = try Self.columns(pipeline, dataset == "Aggregated:level2" ? "Aggregated" : dataset)
        var compared = 0
        for (statistic, rows) in reference {
            for (code, text) in rows {
                let found = ColumnStatistics(try #require(columns[code])).coinrColumns[statistic]
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
        #expect(compared == (dataset == "Aggregated:level2" ? 8 : 49) * 19)
    }
}
