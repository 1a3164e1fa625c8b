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
    /// A replication's ranks do not depend on the order its sort starts from (the previous
    /// replication's): from random starting orders, by insertion (up to the limit) and by the
    /// keys' sort (above it), they are the results' ranks and order.
    @Test func ranksDoNotDependOnTheStartingOrder() {
        var random = SplitMix64(seed: 11)
        let limit = UncertaintyModel.insertionLimit
        for trial in 0..<300 {
            let count = [1 + trial % 40, limit, limit + 1 + trial % 50][trial % 3]
            var scores = (0..<count).map { _ in random.uniform(0, 6).rounded() }
            for i in scores.indices where random.uniform(0, 1) < 0.1 { scores[i] = .nan }
            if trial % 4 == 0 { scores = scores.map { $0.isNaN ? $0 : $0 * 1e-3 + random.uniform(0, 1e-9) } }
            for ties in TieRule.allCases {
                let expected = Ranking.ranked(scores, ties: ties)
                var order = Array(0..<count)
                for i in stride(from: count - 1, to: 0, by: -1) {
                    order.swapAt(i, Int(random.next() % UInt64(i + 1)))
                }
                var ranks = [Int](repeating: -1, count: count + 2)
                UncertaintyModel.competitionRanks(scores, order: &order, into: &ranks, offset: 2, ties: ties)
                #expect(Array(ranks.dropFirst(2)) == expected.ranks.map { $0 ?? 0 }, "\(ties) of \(scores)")
                #expect(Array(order.prefix(expected.order.count)) == expected.order, "\(ties) of \(scores)")
                #expect(order.dropFirst(expected.order.count).allSatisfy { scores[$0].isNaN })
            }
        }
        // Zero and minus zero are one score; infinities are ordered as numbers are.
        let signed = [0.0, -0.0, .infinity, -.infinity, -1, .nan, 1e-300, -1e-300]
        var ranks = [Int](repeating: -1, count: signed.count)
        var order = [5, 7, 1, 0, 3, 2, 4, 6]
        UncertaintyModel.competitionRanks(signed, order: &order, into: &ranks, offset: 0, ties: .min)
        #expect(ranks == [3, 3, 1, 7, 6, 0, 2, 5])
        #expect(order == [2, 6, 0, 1, 7, 4, 3, 5])
    }

    /// Above ``Ranking/radixMinimum`` units the ranking's order comes from a radix sort of the keys;
    /// it is the order a comparison of the scores gives (best first, ties in unit order, `NaN` left
    /// out), and each rank is one more than the number of better scores: for sizes about the
    /// threshold and at county scale, with ties, ±0, infinities, subnormals and missing scores.
    @Test func theRadixSortOrdersAsAComparisonSortDoes() {
        var random = SplitMix64(seed: 21)
        let special: [Double] = [
            0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .nan, 1, -1,
        ]
        for trial in 0..<60 {
            let count = [Ranking.radixMinimum, Ranking.radixMinimum + 1, 500 + trial, 3_000][trial % 4]
            let scores: [Double] = (0..<count).map { _ in
                switch random.next() % 4 {
                case 0: special[Int(random.next() % UInt64(special.count))]
                case 1: random.uniform(-3, 3).rounded()
                default: random.uniform(-1e6, 1e6)
                }
            }
            let expected = scores.indices.filter { !scores[$0].isNaN }
                .sorted { a, b in scores[a] > scores[b] || (scores[a] == scores[b] && a < b) }
            let ranked = Ranking.ranked(scores)
            #expect(ranked.order == expected, "trial \(trial)")
            for i in stride(from: trial % 7, to: count, by: 7) {
                let better = scores.filter { $0 > scores[i] }.count
                #expect(ranked.ranks[i] == (scores[i].isNaN ? nil : better + 1), "trial \(trial), unit \(i)")
            }
        }
    }

    /// Replications scored column by column (from the prepared columns and their logarithms) give
    /// what the row path gives, outcome for outcome: missing values, geometric means, every tie rule.
    @Test func theColumnPathGivesTheRowPathsOutcomes() throws {
        var random = SplitMix64(seed: 8)
        let indicators = (0..<9).map { TestSupport.indicator("i\($0)") }
        let pillars = (0..<3).map { p in
            FrameworkNode(
                id: "p\(p)",
                name: LocalisedText(zh: "p\(p)", en: "p\(p)"),
                children: indicators[(p * 3)..<(p * 3 + 3)].map { FrameworkNode(indicator: $0) }
            )
        }
        let framework = TestSupport.crossSection(
            FrameworkNode(id: "index", name: LocalisedText(zh: "i", en: "i"), children: pillars),
            tiers: 3
        )
        var observations: [Observation] = []
        let units = (0..<40).map { AssessedUnit(id: "u\($0)", name: LocalisedText(zh: "u\($0)", en: "u\($0)")) }
        for unit in units {
            for indicator in indicators where random.uniform(0, 1) > 0.1 {
                // A coarse grid: ties within indicators, and so some tied aggregates.
                let value = random.uniform(0, 1) < 0.3 ? random.uniform(0, 4).rounded() : random.uniform(0, 100)
                observations.append(Observation(unit: unit.id, indicator: indicator.id, period: "1", value: value))
            }
        }
        let dataset = Dataset(units: units, observations: observations)
        var compared = 0
        for ties in TieRule.allCases {
            var options = RunOptions()
            options.ties = ties
            var columns = try UncertaintyModel(
                framework: framework,
                dataset: dataset,
                options: options,
                specification: UncertaintySpecification(
                    weights: .uniform(factor: 0.4),
                    normalisations: [.minMax(lower: 1, upper: 100), .rank()],
                    aggregations: [.arithmetic, .geometric],
                    tierMethods: [.jenks(classes: 3), .sizes([10, 20, 10])]
                )
            )
            var rows = columns
            rows.allowsColumnPath = false
            columns.allowsColumnPath = true
            var columnScratch = columns.makeScratch()
            var rowScratch = rows.makeScratch()
            for replication in 0..<300 {
                let seeds = columns.seeds(replication: replication, seed: 3)
                let byColumns = try columns.evaluate(seeds: seeds, scratch: &columnScratch)
                let byRows = try rows.evaluate(seeds: seeds, scratch: &rowScratch)
                #expect(byColumns == byRows, "\(ties), replication \(replication)")
                #expect(columnScratch.scores.map(\.bitPattern) == rowScratch.scores.map(\.bitPattern))
                compared += byColumns.ranks.filter { $0 > 0 }.count
            }
        }
        #expect(compared > 3 * 300 * 4 * 30)
    }
}
