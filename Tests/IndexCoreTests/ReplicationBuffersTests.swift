import IndexCore
import IndexTestSupport
import Testing

/// The replication loop runs in reusable buffers; these check that it computes what the outcome by
/// outcome path computes (`evaluate(seeds:scratch:)` and `TierMethod.assign`), value for value.
@Suite("Replications in reusable buffers")
struct ReplicationBuffersTests {
    @Test func accumulatingInBuffersEqualsAddingOutcomes() throws {
        let (framework, dataset) = try RobustnessTests.smallCase()
        for tiers in [[TierMethod.jenks(classes: 2), .sizes([1, 2])], [.thresholds([60, 30]), .jenks(classes: 1)]] {
            let model = try UncertaintyModel(
                framework: framework,
                dataset: dataset,
                specification: UncertaintySpecification(
                    weights: .uniform(factor: 0.25),
                    normalisations: [.minMax(lower: 1, upper: 100), .zScore(mean: 10, sd: 2, ddof: 0), .rank()],
                    aggregations: [.arithmetic, .geometric],
                    tierMethods: tiers
                )
            )
            var buffered = RankAccumulator(model: model)
            try model.accumulate(0..<400, seed: 5, into: &buffered)
            var added = RankAccumulator(model: model)
            var scratch = model.makeScratch()
            var outcomes: Set<UncertaintyModel.Outcome> = []
            for replication in 0..<400 {
                let outcome = try model.evaluate(
                    seeds: model.seeds(replication: replication, seed: 5),
                    scratch: &scratch
                )
                outcomes.insert(outcome)
                added.add(outcome)
            }
            #expect(buffered == added)
            // The draws do vary the outcome (the comparison is not between two constant runs).
            #expect(outcomes.count > 3)
        }
    }

    @Test func tiersCutInBuffersEqualTierMethodAssign() throws {
        var random = SplitMix64(seed: 3)
        // One workspace through every trial, as a replication's scratch keeps it: its buffers, left
        // at another size by the trial before, must not show through.
        var workspace = UncertaintyModel.RankWorkspace()
        for trial in 0..<200 {
            let count = 2 + trial % 30
            // Scores on a coarse grid (ties) with some missing.
            var scores = (0..<count).map { _ in (random.uniform(0, 10)).rounded() * 10 }
            for i in scores.indices where random.uniform(0, 1) < 0.15 { scores[i] = .nan }
            let present = scores.filter { !$0.isNaN }.count
            var sizes = [present / 3, present / 3]
            sizes.append(present - sizes[0] - sizes[1])
            let methods: [TierMethod] = [
                .jenks(classes: 1), .jenks(classes: 3), .jenks(classes: 4), .sizes(sizes), .sizes([1, present]),
                .thresholds([70, 40, 10]),
            ]
            // Best first as the ranks leave it: descending, ties in unit order, missing last.
            let bestFirst = scores.indices.sorted { a, b in
                if scores[a].isNaN != scores[b].isNaN { return !scores[a].isNaN }
                return scores[a] > scores[b] || (scores[a] == scores[b] && a < b)
            }
            for method in methods {
                var tiers = [Int](repeating: -1, count: count)
                let expected = Result { try method.assign(scores).map { $0 ?? 0 } }
                let found = Result {
                    try UncertaintyModel.assignTiers(method, scores: scores, bestFirst: bestFirst, into: &tiers)
                    return tiers
                }
                var reused = [Int](repeating: -1, count: count)
                let foundReusing = Result {
                    try UncertaintyModel.assignTiers(
                        method,
                        scores: scores,
                        bestFirst: bestFirst,
                        workspace: &workspace,
                        into: &reused
                    )
                    return reused
                }
                #expect("\(found)" == "\(foundReusing)")
                switch (expected, found) {
                case (.success(let a), .success(let b)): #expect(a == b, "\(method.name) of \(scores)")
                case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)")
                default: Issue.record("\(method.name) of \(scores): \(expected) but \(found)")
                }
            }
        }
    }
}

extension ReplicationBuffersTests {
    @Test func countedRanksEqualSortedRanks() {
        var random = SplitMix64(seed: 11)
        for trial in 0..<300 {
            let count = 1 + trial % 40
            var scores = (0..<count).map { _ in random.uniform(0, 6).rounded() }
            for i in scores.indices where random.uniform(0, 1) < 0.1 { scores[i] = .nan }
            for ties in TieRule.allCases {
                var sorted = [Int](repeating: -1, count: count + 2)
                var counted = sorted
                var order = Array(0..<count)
                UncertaintyModel.competitionRanks(scores, order: &order, into: &sorted, offset: 2, ties: ties)
                UncertaintyModel.countedRanks(scores, into: &counted, offset: 2, ties: ties)
                #expect(counted == sorted, "\(ties) of \(scores)")
            }
        }
        // Zero and minus zero are one score; infinities are ordered as numbers are.
        let signed = [0.0, -0.0, .infinity, -.infinity, -1, .nan, 1e-300, -1e-300]
        var ranks = [Int](repeating: -1, count: signed.count)
        var order = Array(signed.indices)
        UncertaintyModel.competitionRanks(signed, order: &order, into: &ranks, offset: 0, ties: .min)
        #expect(ranks == [3, 3, 1, 7, 6, 0, 2, 5])
        #expect(order == [2, 6, 0, 1, 7, 4, 3, 5])
        // Hand-worked: 5, 9, 5, NaN, 1 → min 2 1 2 0 4, max 3 1 3 0 4, first 2 1 3 0 4.
        let scores = [5, 9, 5, .nan, 1.0]
        for (ties, expected) in [(TieRule.min, [2, 1, 2, 0, 4]), (.max, [3, 1, 3, 0, 4]), (.first, [2, 1, 3, 0, 4])] {
            var ranks = [Int](repeating: -1, count: 5)
            UncertaintyModel.countedRanks(scores, into: &ranks, offset: 0, ties: ties)
            #expect(ranks == expected)
        }
    }
}
