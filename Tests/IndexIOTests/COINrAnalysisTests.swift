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
        let framework = try COINrReader.readMeta(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iMeta.csv"))
        let dataset = try COINrReader.readData(
            path: TestSupport.shared("data/reference/coinr-asem/ASEM_iData.csv"),
            declared: Set(framework.indicators.map(\.id)).union(framework.seriesIDs)
        )
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
