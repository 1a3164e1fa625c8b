import Foundation
import IndexCatalog
import IndexCore
import IndexTestSupport
import IndexWorkflows
import Testing

/// A run that scores with weights other than the derived ones (objective `--weights`,
/// `--optimise-weights`) shows those weights wherever "local %" and "effective %" appear: the nodes'
/// local weights, `IndexResults.effectiveWeights(_:)` and the results document's `weights`. Before, every
/// one of them showed the derived weights the run did not use.
@Suite("Weights as scored")
struct ScoredWeightsTests {
    static func run(_ json: String) throws -> IndexResults {
        let options = try JSONDecoder().decode(RunOptions.self, from: Data(json.utf8))
        return try IndexEngine.run(framework: try Catalog.framework(), dataset: try Catalog.dataset(), options: options)
    }

    static func regional(_ results: IndexResults) throws -> CrossSectionResult {
        guard case .crossSection(let result) = try #require(results.evaluations.first { $0.id == "regional" })
        else { throw IndexError("no regional result") }
        return result
    }

    /// Each node's effective weight is its local weight times its parent's; siblings' local weights sum to 1.
    static func checkProducts(_ nodes: [NodeInfo], _ effective: [String: Double]) {
        for node in nodes {
            guard let parent = node.parent else {
                #expect(TestSupport.close(effective[node.id], 100))
                continue
            }
            let expected = node.localWeight * (effective[parent] ?? .nan)
            #expect(TestSupport.close(effective[node.id], expected, 1e-9), "\(node.id)")
            let siblings = nodes.filter { $0.parent == parent }.reduce(0) { $0 + $1.localWeight }
            #expect(TestSupport.close(siblings, 1, 1e-12), "\(parent)")
        }
    }

    @Test func theDefaultRunShowsTheDerivedWeights() throws {
        let results = try Self.run("{}")
        let derived = try #require(results.weights["regional"])
        #expect(try Self.regional(results).effectiveWeights == nil)
        #expect(results.effectiveWeights("regional") == derived.effective)
        #expect(ResultsDocument.weights(results)["regional"]?["foundation"] == derived.effective["foundation"])
    }

    /// Entropy weights within each group: the indicators' weights change, the upper levels keep the
    /// derived ones (as the run's note says), and every table reads the entropy weights.
    @Test func objectiveWeightsAreShownAsScored() throws {
        let results = try Self.run(#"{"weights": "entropy"}"#)
        let result = try Self.regional(results)
        let derived = try #require(results.weights["regional"])
        let effective = try #require(results.effectiveWeights("regional"))
        #expect(result.effectiveWeights == effective)
        Self.checkProducts(result.nodes, effective)
        for pillar in result.nodes.pillars {
            #expect(TestSupport.close(effective[pillar.id], derived.effective[pillar.id] ?? .nan, 1e-9))
        }
        let moved = result.nodes.filter(\.isIndicator).map {
            abs((effective[$0.id] ?? 0) - (derived.effective[$0.id] ?? 0))
        }
        #expect((moved.max() ?? 0) > 0.1)
        let document = ResultsDocument.weights(results)["regional"] ?? [:]
        for node in result.nodes { #expect(document[node.id] == effective[node.id], "\(node.id)") }
    }

    /// Optimised pillar weights: the pillars' local weights are the optimiser's, and the effective
    /// weights below them follow.
    @Test func optimisedWeightsAreShownAsScored() throws {
        let results = try Self.run(#"{"optimiseWeights": "balance:level=3"}"#)
        let result = try Self.regional(results)
        let found = try #require(result.weightOptimisation)
        let effective = try #require(results.effectiveWeights("regional"))
        Self.checkProducts(result.nodes, effective)
        let total = found.weights.reduce(0, +)
        for (id, weight) in zip(found.nodes, found.weights) {
            let node = try #require(result.nodes.first { $0.id == id })
            #expect(TestSupport.close(node.localWeight, weight / total, 1e-12), "\(id)")
            #expect(TestSupport.close(effective[id], 100 * weight / total, 1e-9), "\(id)")
        }
    }
}
