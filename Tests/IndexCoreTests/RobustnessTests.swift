import IndexCore
import IndexTestSupport
import RealModule
import Testing

@Suite("Uncertainty and sensitivity analysis")
struct RobustnessTests {
    /// Runs a model of uniform inputs over a Saltelli design.
    static func sobol(groups k: Int, n: Int, resamples: Int = 0, _ f: ([Double]) -> Double) -> [Sobol.Index] {
        let design = Sobol.design(baseSamples: n, groups: k, seed: 7)
        let outputs = (0..<design.runCount).map { f(design.seeds(run: $0).map(Sobol.uniform)) }
        return Sobol.indices(outputs: outputs, baseSamples: n, groups: k, resamples: resamples)
    }

    @Test func ishigamiIndicesMatchTheAnalyticValues() {
        // Ishigami & Homma (1990), a = 7, b = 0.1, X ~ U(−π, π): S = 0.3139, 0.4424, 0;
        // S_T = 0.5576, 0.4424, 0.2437 (Saltelli et al. 2008, §4.6).
        let indices = Self.sobol(groups: 3, n: 40_000) { u in
            let x = u.map { -Double.pi + 2 * Double.pi * $0 }
            return Double.sin(x[0]) + 7 * Double.pow(Double.sin(x[1]), 2) + 0.1 * Double.pow(x[2], 4) * Double.sin(x[0])
        }
        let first = [0.3139, 0.4424, 0.0]
        let total = [0.5576, 0.4424, 0.2437]
        for i in 0..<3 {
            #expect(abs(indices[i].firstOrder - first[i]) < 0.03, "S\(i + 1) = \(indices[i].firstOrder)")
            #expect(abs(indices[i].total - total[i]) < 0.03, "ST\(i + 1) = \(indices[i].total)")
        }
    }

    @Test func linearModelIndicesAreSquaredCoefficientShares() {
        // Y = X₁ + 2 X₂ + 3 X₃, Xᵢ ~ U(0, 1): Sᵢ = S_Tᵢ = aᵢ² / Σ a² = 1/14, 4/14, 9/14.
        let indices = Self.sobol(groups: 3, n: 20_000, resamples: 100) { u in u[0] + 2 * u[1] + 3 * u[2] }
        for (i, a) in [1.0, 2, 3].enumerated() {
            #expect(abs(indices[i].firstOrder - a * a / 14) < 0.02)
            #expect(abs(indices[i].total - a * a / 14) < 0.02)
            // The bootstrap interval brackets the estimate and is narrow at N = 20,000.
            let interval = indices[i].totalInterval ?? 0...0
            #expect(interval.contains(indices[i].total) && interval.upperBound - interval.lowerBound < 0.05)
        }
        // A constant model has nothing to attribute.
        #expect(Self.sobol(groups: 2, n: 100) { _ in 5 }.allSatisfy { $0.firstOrder == 0 && $0.total == 0 })
    }

    @Test func rankStatisticsHandWorked() {
        // One unit's root rank over four replications: 1, 1, 2, 3; tiers 1, 1, 1, 2.
        var accumulator = RankAccumulator(unitCount: 3, slotCount: 1, maxTier: 2)
        for (rank, tier) in [(1, 1), (1, 1), (2, 1), (3, 2)] {
            accumulator.add(
                UncertaintyModel.Outcome(
                    ranks: [rank, 0, 0],
                    tiers: [tier, 0, 0],
                    rankShiftTotal: rank - 1,
                    rankShiftTerms: 1
                )
            )
        }
        #expect(accumulator.rankQuantile(slot: 0, unit: 0, 0.5) == 1)  // ⌈0.5 · 4⌉ = 2nd value
        #expect(accumulator.rankQuantile(slot: 0, unit: 0, 0.05) == 1)
        #expect(accumulator.rankQuantile(slot: 0, unit: 0, 0.95) == 3)  // ⌈0.95 · 4⌉ = 4th value
        #expect(accumulator.tierProbabilities(unit: 0) == [0.75, 0.25])
        #expect(accumulator.probability(slot: 0, unit: 0, rankAtMost: 2) == 0.75)
        #expect(accumulator.meanRankShift == 0.75)  // (0 + 0 + 1 + 2) / 4
        #expect(accumulator.rankQuantile(slot: 0, unit: 1, 0.5) == nil)  // never ranked
        var halves = RankAccumulator(unitCount: 3, slotCount: 1, maxTier: 2)
        var other = RankAccumulator(unitCount: 3, slotCount: 1, maxTier: 2)
        for (rank, tier) in [(1, 1), (1, 1)] {
            halves.add(
                UncertaintyModel.Outcome(
                    ranks: [rank, 0, 0],
                    tiers: [tier, 0, 0],
                    rankShiftTotal: rank - 1,
                    rankShiftTerms: 1
                )
            )
        }
        for (rank, tier) in [(2, 1), (3, 2)] {
            other.add(
                UncertaintyModel.Outcome(
                    ranks: [rank, 0, 0],
                    tiers: [tier, 0, 0],
                    rankShiftTotal: rank - 1,
                    rankShiftTerms: 1
                )
            )
        }
        halves.merge(other)
        #expect(halves == accumulator)
    }

    /// Three units, two pillars of two indicators each, min-max 0–100.
    static func smallCase() throws -> (Framework, Dataset) {
        let indicators = ["a", "b", "c", "d"].map { TestSupport.indicator($0) }
        let pillar1 = FrameworkNode(
            id: "p1",
            name: LocalisedText(zh: "p1", en: "p1"),
            children: indicators[0..<2].map { FrameworkNode(indicator: $0) }
        )
        let pillar2 = FrameworkNode(
            id: "p2",
            name: LocalisedText(zh: "p2", en: "p2"),
            children: indicators[2..<4].map { FrameworkNode(indicator: $0) }
        )
        let framework = TestSupport.crossSection(
            FrameworkNode(
                id: "index",
                name: LocalisedText(zh: "i", en: "i"),
                children: [pillar1, pillar2]
            ),
            normalisation: .minMax(lower: 1, upper: 100),
            tiers: 2
        )
        let values: [String: [Double]] = ["u1": [9, 1, 5, 5], "u2": [1, 9, 6, 4], "u3": [5, 5, 1, 2]]
        var observations: [Observation] = []
        for (unit, row) in values {
            for (indicator, value) in zip(["a", "b", "c", "d"], row) {
                observations.append(Observation(unit: unit, indicator: indicator, period: "1", value: value))
            }
        }
        let units = ["u1", "u2", "u3"].map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) }
        return (framework, Dataset(units: units, observations: observations))
    }

    @Test func nominalOutcomeIsTheEnginesAndNothingVariedMeansNoShift() throws {
        let (framework, dataset) = try Self.smallCase()
        let model = try UncertaintyModel(
            framework: framework,
            dataset: dataset,
            specification: UncertaintySpecification()
        )
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        guard case .crossSection(let section) = results.evaluations[0] else {
            Issue.record("expected a cross-section")
            return
        }
        let root = model.reportedSlots.count - 1
        for (i, unit) in model.units.enumerated() {
            #expect(model.nominal.ranks[root * 3 + i] == section.units.first { $0.id == unit.id }?.rank)
            #expect(model.nominal.tiers[i] == section.units.first { $0.id == unit.id }?.tier)
        }
        #expect(model.groups.isEmpty)
        var scratch = model.makeScratch()
        let outcome = try model.evaluate(seeds: [], scratch: &scratch)
        #expect(outcome.ranks == model.nominal.ranks && outcome.meanRankShift == 0)
    }

    @Test func choicesAreDrawnFromTheirGroupSeedsOnly() throws {
        let (framework, dataset) = try Self.smallCase()
        let specification = UncertaintySpecification(
            weights: .uniform(factor: 0.25),
            normalisations: [.minMax(lower: 1, upper: 100), .rank()],
            aggregations: [.arithmetic, .geometric],
            tierMethods: [.jenks(classes: 2), .sizes([1, 2])]
        )
        let model = try UncertaintyModel(framework: framework, dataset: dataset, specification: specification)
        #expect(model.groups == [.normalisation, .weights, .aggregation, .tiers])
        var scratch = model.makeScratch()
        // The same seeds give the same outcome; a replication's seeds depend only on its number.
        let seeds = model.seeds(replication: 41, seed: 9)
        #expect(seeds == model.seeds(replication: 41, seed: 9) && seeds != model.seeds(replication: 42, seed: 9))
        #expect(try model.evaluate(seeds: seeds, scratch: &scratch) == model.evaluate(seeds: seeds, scratch: &scratch))
        // Tier sizes 1, 2 (seed 1 picks the second tier method): one unit in tier 1.
        let sized = try model.evaluate(seeds: [0, 0, 0, 1], scratch: &scratch)
        #expect(sized.tiers.filter { $0 == 1 }.count == 1)
        // Rank normalisation (seed 1) with equal weights (factor applied to a fixed draw) still ranks 3 units.
        let ranked = try model.evaluate(seeds: [1, 5, 0, 0], scratch: &scratch)
        #expect(Set(ranked.ranks.suffix(3)).isSubset(of: [1, 2, 3]))
    }

    @Test func impossibleCombinationsAreRefusedUpFront() throws {
        let (framework, dataset) = try Self.smallCase()
        #expect(throws: IndexError.self) {
            try UncertaintyModel(
                framework: framework,
                dataset: dataset,
                specification: UncertaintySpecification(
                    normalisations: [.minMax(lower: 0, upper: 100)],
                    aggregations: [.geometric]
                )
            )
        }
        #expect(throws: IndexError.self) {
            try UncertaintyModel(
                framework: framework,
                dataset: dataset,
                specification: UncertaintySpecification(tierMethods: [.sizes([1, 1])])
            )
        }
        #expect(throws: IndexError.self) { try WeightVariation(name: "uniform:1.5") }
        #expect(
            try UncertaintySpecification.normalisations("minmax:1,100;zscore:10,2;rank") == [
                .minMax(lower: 1, upper: 100), .zScore(mean: 10, sd: 2, ddof: nil), .rank(),
            ]
        )
        #expect(
            try UncertaintySpecification.treatments("none;mean+coinr") == [
                .init(), .init(imputation: .mean, outliers: .coinr(OutlierRule())),
            ]
        )
    }
}
