import IndexCore
import Testing

/// Inclusion as an uncertain input: each replication leaves out one listed node or none.
@Suite("Inclusion as an uncertain input")
struct InclusionUncertaintyTests {
    /// With inclusion varied alone, every replication's index ranks are those of the leave-one-out
    /// run of the node its seed leaves out (or the full run's when it leaves none out), and every
    /// choice is drawn.
    @Test(arguments: [InclusionVariation.indicators, .pillars])
    func replicationsAreLeaveOneOutRuns(inclusion: InclusionVariation) throws {
        let (framework, dataset) = try OptimisedWeightsTests.data()
        let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset)
        let model = try UncertaintyModel(
            pipeline: pipeline,
            specification: UncertaintySpecification(inclusion: inclusion)
        )
        #expect(model.groups == [.inclusion])
        let expectedNodes = inclusion == .indicators ? ["a", "b", "c", "d"] : ["p1", "p2"]
        #expect(model.inclusionNodes == expectedNodes)
        let leaveOneOut = try pipeline.leaveOneOut()
        var byNode: [String: [Int]] = [:]
        for removal in leaveOneOut.removals { byNode[removal.node] = removal.ranks }
        var scratch = model.makeScratch()
        let units = model.units.count
        let rootOffset = (model.reportedNodeIDs.count - 1) * units
        var seen: Set<String> = []
        for replication in 0..<60 {
            let seeds = model.seeds(replication: replication, seed: 11)
            let outcome = try model.evaluate(seeds: seeds, scratch: &scratch)
            let ranks = Array(outcome.ranks[rootOffset..<(rootOffset + units)])
            let node = model.leftOut(seed: seeds[0])
            seen.insert(node ?? "none")
            let expected = try #require(node.map { byNode[$0] } ?? leaveOneOut.nominalRanks)
            #expect(ranks == expected, "replication \(replication) without \(node ?? "nothing")")
        }
        #expect(seen == Set(expectedNodes + ["none"]))
    }

    /// In a Sobol design of weights and inclusion, the indices are in [0, 1] up to sampling error
    /// and the inclusion factor's total index is positive, since leaving a node out moves ranks.
    @Test func sobolSeesInclusion() throws {
        let (framework, dataset) = try OptimisedWeightsTests.data()
        let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset)
        let moves = try pipeline.leaveOneOut().removals.contains { $0.level == 1 && $0.meanAbsoluteShift > 0 }
        #expect(moves, "the case needs a leave-one-out run that moves ranks")
        let model = try UncertaintyModel(
            pipeline: pipeline,
            specification: UncertaintySpecification(weights: .uniform(factor: 0.25), inclusion: .indicators)
        )
        #expect(model.groups == [.weights, .inclusion])
        let n = 400
        let design = Sobol.design(baseSamples: n, groups: 2, seed: 5)
        var scratch = model.makeScratch()
        let outputs = try (0..<design.runCount).map { run in
            try model.evaluate(seeds: design.seeds(run: run), scratch: &scratch).meanRankShift
        }
        let indices = Sobol.indices(outputs: outputs, baseSamples: n, groups: 2)
        for index in indices {
            #expect((-0.15...1.15).contains(index.firstOrder), "\(index)")
            #expect((-0.15...1.15).contains(index.total), "\(index)")
        }
        #expect(indices[1].total > 0.1, "\(indices)")
        #expect(indices[1].total >= indices[1].firstOrder - 0.1)
    }

    /// Unknown spellings and a level with no node to leave out are refused.
    @Test func badInclusionIsRefused() throws {
        #expect(try InclusionVariation(name: "level:3") == .level(3))
        for bad in ["indicator", "level:0", "level:x", ""] {
            #expect(throws: IndexError.self, "\(bad)") { try InclusionVariation(name: bad) }
        }
        let (framework, dataset) = try OptimisedWeightsTests.data()
        #expect(throws: IndexError.self) {
            try UncertaintyModel(
                framework: framework,
                dataset: dataset,
                specification: UncertaintySpecification(inclusion: .level(3))
            )
        }
    }
}
