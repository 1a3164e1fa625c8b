import IndexCatalog
import IndexCore
import RealModule
import Testing

@Suite("Non-compensatory aggregation of the built-in index")
struct NonCompensatoryCatalogTests {
    /// The regional result, min-max normalised to 1–100: with 0–100 each indicator's last unit
    /// has a 0, and a share bound L > 0 then gives that unit 0 at the node (as in Compind), which
    /// spreads up the levels.
    static func result(_ aggregation: AggregationMethod?) throws -> CrossSectionResult {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let options = RunOptions(normalisation: .minMax(lower: 1, upper: 100), aggregation: aggregation)
        return try CrossSectionPipeline(framework: framework, dataset: dataset, options: options).result()
    }

    /// The aggregate nodes whose children are all indicators, with their children's ids.
    static func firstLevel() throws -> [(id: String, children: [String], weights: [Double])] {
        let framework = try Catalog.framework()
        let evaluation = try #require(framework.evaluations.first { $0.kind == .crossSection })
        let root = try evaluation.deriveWeights().root
        return root.preorder.filter { !$0.isLeaf && $0.children.allSatisfy(\.isLeaf) }.map {
            ($0.id, $0.children.map(\.id), $0.children.map(\.weight))
        }
    }

    /// Every unit scored, in the method's range, ranks a permutation with ties, and the order close
    /// to the arithmetic one (the same data, a different compensation).
    @Test(arguments: ["mpi", "mpi:+", "ampi", "bod", "bod:0.02,0.6", "bod-nominal:0.5,2"])
    func everyUnitIsScoredAndRanked(name: String) throws {
        let method = try AggregationMethod(name: name)
        let result = try Self.result(method)
        let arithmetic = try Self.result(nil)
        let scores = try result.units.map { try #require($0.score) }
        #expect(scores.count == arithmetic.units.count)
        switch method {
        case .benefitOfTheDoubt(let bod):
            #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 })
            // Unbounded: whoever binds a unit's optimal weights scores 1, so the frontier is not empty.
            if !bod.isBounded { #expect(scores.contains { $0.isApproximatelyEqual(to: 1, absoluteTolerance: 1e-9) }) }
        default:
            // Standardised children sit around 100 (MPI: sd 10; AMPI: 70–130).
            #expect(scores.allSatisfy { $0 > 40 && $0 < 160 })
        }
        let ranks = result.units.compactMap(\.rank).sorted()
        #expect(ranks.first == 1 && ranks.count == scores.count && ranks.last ?? 0 <= scores.count)
        // Spearman's ρ between the two rankings (ties as given; good enough for a sanity bound).
        let pairs = try result.units.map { unit in
            (Double(try #require(unit.rank)), Double(try #require(arithmetic.units.first { $0.id == unit.id }?.rank)))
        }
        let n = Double(pairs.count)
        let d2 = pairs.reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let rho = 1 - 6 * d2 / (n * (n * n - 1))
        // Unrestricted BoD lets each unit lean on its best child at every level: 18 of 31 units
        // score 1 (ρ = 0.62). Bounded BoD (0.98) and MPI (0.999) stay close to the arithmetic order.
        let bound = method == .benefitOfTheDoubt(BenefitOfTheDoubt()) ? 0.5 : 0.95
        #expect(rho > bound, "Spearman's ρ with the arithmetic ranks is \(rho)")
    }

    /// A benefit-of-the-doubt invariant: at a node whose children are indicators, the nominal
    /// weights scaled so that the best unit scores 1 are feasible for every unit, so each unit's
    /// unbounded BoD score is at least its arithmetic score over the best arithmetic score.
    @Test func benefitOfTheDoubtIsAtLeastTheScaledArithmeticMean() throws {
        let bod = try Self.result(.benefitOfTheDoubt(BenefitOfTheDoubt()))
        let arithmetic = try Self.result(nil)
        for node in try Self.firstLevel() {
            let best = arithmetic.units.compactMap { $0.nodes[node.id]?.score }.max() ?? 1
            for unit in arithmetic.units {
                guard let mean = unit.nodes[node.id]?.score,
                    let score = bod.units.first(where: { $0.id == unit.id })?.nodes[node.id]?.score
                else { continue }
                #expect(score >= mean / best - 1e-9, "\(unit.id) \(node.id)")
            }
        }
    }

    /// MPI at a node with indicators: the arithmetic mean of the z-scores less the penalty, so never
    /// above the mean of the standardised values, and equal to it only for a balanced unit.
    @Test func mazziottaParetoMatchesTheCoreFunctionAtEachNode() throws {
        let mpi = try Self.result(.mazziottaPareto(MazziottaPareto()))
        for node in try Self.firstLevel() {
            let rows = mpi.units.map { unit in node.children.map { unit.nodes[$0]?.score ?? .nan } }
            let expected = try MazziottaPareto().scores(rows, weights: node.weights)
            for (unit, value) in zip(mpi.units, expected) {
                let score = try #require(unit.nodes[node.id]?.score)
                #expect(score.isApproximatelyEqual(to: value, absoluteTolerance: 1e-9), "\(unit.id) \(node.id)")
            }
        }
    }

    /// Both methods as robustness alternatives: replications that draw them run, and the median
    /// ranks stay permutation-like (1 to n).
    @Test func robustnessVariesNonCompensatoryAggregation() throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let pipeline = try CrossSectionPipeline(
            framework: framework,
            dataset: dataset,
            options: RunOptions(normalisation: .minMax(lower: 1, upper: 100))
        )
        let aggregations = try UncertaintySpecification.aggregations("arithmetic;mpi;ampi:+;bod:0.02,0.6;bod")
        let model = try UncertaintyModel(
            pipeline: pipeline,
            specification: UncertaintySpecification(aggregations: aggregations)
        )
        var scratch = model.makeScratch()
        var seen: Set<[Int]> = []
        for replication in 0..<10 {
            let outcome = try model.evaluate(seeds: model.seeds(replication: replication, seed: 11), scratch: &scratch)
            let root = Array(outcome.ranks.suffix(pipeline.units.count))
            #expect(root.allSatisfy { (1...pipeline.units.count).contains($0) })
            seen.insert(root)
        }
        #expect(seen.count > 1, "the replications drew different aggregations")

        // A normalisation with negative scores cannot meet benefit of the doubt: refused up front.
        let error = try #require(throws: IndexError.self) {
            try UncertaintyModel(
                pipeline: pipeline,
                specification: UncertaintySpecification(
                    normalisations: [.minMax(lower: 1, upper: 100), .zScore(mean: 0, sd: 1, ddof: nil)],
                    aggregations: aggregations
                )
            )
        }
        #expect(error.message.contains("benefit-of-the-doubt") && error.message.contains("negative"))
    }

    /// The optimal weights in the results: one entry per unit and BoD node, its score the node's
    /// score, its shares within the bounds and adding up to 1, and its weights keeping every unit at
    /// or below 1 at that node (the frontier constraint, checked on the run's own scores).
    @Test func optimalWeightsAreReportedAndFeasible() throws {
        let result = try Self.result(.benefitOfTheDoubt(BenefitOfTheDoubt(lower: 0.02, upper: 0.6)))
        let aggregates = result.nodes.filter { !$0.isIndicator }
        #expect(result.optimalWeights.count == aggregates.count * result.units.count)
        for entry in result.optimalWeights {
            let unit = try #require(result.units.first { $0.id == entry.unit })
            #expect(
                entry.score.isApproximatelyEqual(
                    to: try #require(unit.nodes[entry.node]?.score),
                    absoluteTolerance: 1e-12
                )
            )
            #expect(entry.shares.values.reduce(0, +).isApproximatelyEqual(to: 1, absoluteTolerance: 1e-9))
            #expect(entry.shares.values.allSatisfy { $0 >= 0.02 - 1e-9 && $0 <= 0.6 + 1e-9 })
            for other in result.units {
                let total = entry.weights.reduce(0) { $0 + $1.value * (other.nodes[$1.key]?.score ?? 0) }
                #expect(total <= 1 + 1e-9, "\(entry.unit)'s weights at \(entry.node) score \(other.id) \(total)")
            }
        }
    }

    /// `aggregation: mpi` on the root alone: the pillars keep their arithmetic scores and only the
    /// index is the Mazziotta–Pareto index of the pillars (with the pillars' weights).
    @Test func mazziottaParetoAtTheTopOnly() throws {
        var framework = try Catalog.framework()
        let position = try #require(framework.evaluations.firstIndex { $0.kind == .crossSection })
        framework.evaluations[position].root.aggregation = .mazziottaPareto(MazziottaPareto())
        let dataset = try Catalog.dataset(for: framework)
        let options = RunOptions(normalisation: .minMax(lower: 1, upper: 100))
        let top = try CrossSectionPipeline(framework: framework, dataset: dataset, options: options).result()
        let arithmetic = try Self.result(nil)
        let root = try framework.evaluations[position].deriveWeights().root
        let pillars = root.children.map(\.id)
        let rows = top.units.map { unit in pillars.map { unit.nodes[$0]?.score ?? .nan } }
        let expected = try MazziottaPareto().scores(rows, weights: root.children.map(\.weight))
        for (unit, value) in zip(top.units, expected) {
            let plain = try #require(arithmetic.units.first { $0.id == unit.id })
            for pillar in pillars {
                #expect(unit.nodes[pillar]?.score == plain.nodes[pillar]?.score, "\(unit.id) \(pillar)")
            }
            #expect(try #require(unit.score).isApproximatelyEqual(to: value, absoluteTolerance: 1e-9))
        }
    }

    /// The whole run with `--aggregate mpi` (or bod, or copeland): the national series has one unit
    /// and nothing to compare, so it keeps its own aggregation, says so, and is unchanged.
    @Test(arguments: ["mpi", "bod", "copeland"])
    func theSeriesKeepsItsOwnAggregation(name: String) throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let plain = try IndexEngine.run(framework: framework, dataset: dataset)
        let run = try IndexEngine.run(
            framework: framework,
            dataset: dataset,
            options: RunOptions(aggregation: try AggregationMethod(name: name))
        )
        guard case .series(let series)? = run.evaluations.first, case .series(let nominal)? = plain.evaluations.first
        else {
            Issue.record("expected the national series first")
            return
        }
        #expect(series == nominal)
        #expect(run.warnings.contains { $0.contains("\(name) compares units, and a series has one") })
    }
}
