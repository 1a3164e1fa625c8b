import IndexCatalog
import IndexCore
import Testing

@Suite("Robustness of the built-in index")
struct RobustnessCatalogTests {
    @Test func everyWeightVariationKeepsLocalWeightsTotallingOne() throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        for variation in [WeightVariation.uniform(factor: 0), .dirichlet(concentration: 50), .experts, .ahpStep] {
            let model = try UncertaintyModel(
                framework: framework,
                dataset: dataset,
                specification: UncertaintySpecification(weights: variation)
            )
            var weights = try model.drawWeights(seed: 3)
            var sums: [Int: Double] = [:]
            for (position, parent) in model.compiled.childParents.enumerated() {
                sums[parent, default: 0] += weights[position]
            }
            #expect(sums.values.allSatisfy { abs($0 - 1) < 1e-9 }, "\(variation.name)")
            if variation == .uniform(factor: 0) {
                #expect(weights == model.compiled.childWeights)  // no noise, no change
            } else {
                #expect(weights != model.compiled.childWeights, "\(variation.name) changes the weights")
            }
            weights = try model.drawWeights(seed: 3)
            #expect(try weights == model.drawWeights(seed: 3))  // seeded
        }
    }

    @Test func uniformNoiseAveragesToTheNominalWeights() throws {
        let framework = try Catalog.framework()
        let model = try UncertaintyModel(
            framework: framework,
            dataset: try Catalog.dataset(for: framework),
            specification: UncertaintySpecification(weights: .uniform(factor: 0.25))
        )
        var mean = [Double](repeating: 0, count: model.compiled.childWeights.count)
        let draws = 4_000
        for seed in 0..<draws {
            for (index, weight) in try model.drawWeights(seed: UInt64(seed)).enumerated() {
                mean[index] += weight / Double(draws)
            }
        }
        for (drawn, nominal) in zip(mean, model.compiled.childWeights) {
            #expect(abs(drawn - nominal) < 0.01 * nominal + 1e-12)
        }
    }

    @Test func nominalRanksAreTheReportedOnes() throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let model = try UncertaintyModel(
            framework: framework,
            dataset: dataset,
            specification: .standard(units: 31, tiers: 4)
        )
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        guard case .crossSection(let regional)? = results.evaluations.last else {
            Issue.record("no regional result")
            return
        }
        let root = (model.reportedSlots.count - 1) * model.units.count
        for (index, unit) in model.units.enumerated() {
            let reported = regional.units.first { $0.id == unit.id }
            #expect(model.nominal.ranks[root + index] == reported?.rank)
            #expect(model.nominal.tiers[index] == reported?.tier)
        }
        #expect(model.groups == [.normalisation, .weights, .aggregation, .tiers])
    }
}
