import IndexCore
import IndexTestSupport
import Testing

/// A 5 × 3 matrix (cost, quality, speed; cost is a cost). Expected values were computed
/// independently with NumPy from the formulas of METHOD.md §9.
@Suite("Objective weights and MCDA scoring")
struct MCDATests {
    // swift-format-ignore: NeverUseForceTry
    // A fixed, valid table shared by every test: building it cannot fail, and a static stored property cannot throw.
    static let matrix = try! DecisionMatrix(
        alternatives: ["A", "B", "C", "D", "E"],
        criteria: ["cost", "quality", "speed"],
        values: [[250, 16, 12], [200, 16, 8], [300, 32, 16], [275, 32, 8], [225, 16, 16]],
        isBenefit: [false, true, true]
    )

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-8) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func entropyWeightsEveryInput() throws {
        #expect(Self.close(try ObjectiveWeights.entropy(Self.matrix), [0.18306216, 0.50893952, 0.30799831]))
        #expect(
            Self.close(try ObjectiveWeights.entropy(Self.matrix, input: .raw), [0.08747536, 0.51847303, 0.39405161])
        )
        #expect(
            Self.close(
                try ObjectiveWeights.entropy(Self.matrix, input: .rawReciprocal),
                [0.08978257, 0.51716214, 0.39305529]
            )
        )
        // A shift after min-max moves the weights toward equal.
        let shifted = try ObjectiveWeights.entropy(Self.matrix, shift: 1)
        #expect(abs(shifted.reduce(0, +) - 1) < 1e-12 && shifted[1] < 0.50893952)
    }

    @Test func criticCoefficientOfVariationAndStandardDeviation() throws {
        #expect(Self.close(try ObjectiveWeights.critic(Self.matrix), [0.31559463, 0.39384517, 0.2905602]))
        #expect(
            Self.close(try ObjectiveWeights.coefficientOfVariation(Self.matrix), [0.17912982, 0.44323136, 0.37763882])
        )
        // The sample SD scales every σ by the same factor: CV weights do not change.
        #expect(
            Self.close(
                try ObjectiveWeights.coefficientOfVariation(Self.matrix, ddof: 1),
                [0.17912982, 0.44323136, 0.37763882]
            )
        )
        #expect(Self.close(try ObjectiveWeights.standardDeviation(Self.matrix), [0.2739312, 0.3795702, 0.3464986]))
        // Treating the cost as a benefit flips its correlations, so CRITIC changes.
        #expect(
            !Self.close(
                try ObjectiveWeights.critic(Self.matrix, input: .minmaxBenefit),
                [0.31559463, 0.39384517, 0.2905602],
                1e-3
            )
        )
    }

    @Test func topsisBothNormalisationsAndDistances() throws {
        let entropy = try ObjectiveWeights.entropy(Self.matrix)
        let vector = try MCDA.topsis(Self.matrix, weights: entropy)
        #expect(Self.close(vector.closeness, [0.22614978, 0.15490588, 0.84509412, 0.62729917, 0.37270083]))
        #expect(MCDA.ranking(vector.closeness) == [4, 5, 1, 2, 3])
        let minmax = try MCDA.topsis(
            Self.matrix,
            weights: ObjectiveWeights.equal(3),
            normalisation: .minmax,
            distance: .weightedEuclidean
        )
        #expect(Self.close(minmax.closeness, [0.3660254, 0.41421356, 0.58578644, 0.45194102, 0.54805898]))
    }

    @Test func weightedSumProductAndNormalisations() throws {
        let critic = try ObjectiveWeights.critic(Self.matrix)
        let z = try MatrixNormalisation.minmax.apply(Self.matrix)
        #expect(
            Self.close(
                MCDA.weightedSum(z, weights: critic),
                [0.30307741, 0.31559463, 0.68440537, 0.47274383, 0.52725617]
            )
        )
        let equal = ObjectiveWeights.equal(3)
        let linear = try MatrixNormalisation.linearMax.apply(Self.matrix)
        #expect(
            Self.close(
                MCDA.weightedSum(linear, weights: equal),
                [0.68333333, 0.66666667, 0.88888889, 0.74242424, 0.7962963]
            )
        )
        #expect(
            Self.close(
                try MCDA.weightedProduct(linear, weights: equal),
                [0.66943295, 0.62996052, 0.87358046, 0.71376586, 0.76314283]
            )
        )
        let zscore = try MatrixNormalisation.zscore.apply(Self.matrix)
        #expect(
            Self.close(
                MCDA.weightedSum(zscore, weights: equal),
                [-0.27216553, -1.11624804, 1.25233081, 0.27127255, -0.13518979]
            )
        )
        let vector = try MatrixNormalisation.vector.apply(Self.matrix)
        #expect(abs(vector.map { $0[0] * $0[0] }.reduce(0, +) - 1) < 1e-12)  // unit length, direction untouched
        #expect(throws: IndexError.self) { try MCDA.weightedProduct(zscore, weights: equal) }
    }

    @Test func combinedWeights() throws {
        let entropy = try ObjectiveWeights.entropy(Self.matrix)
        let ahp = [0.5, 0.3, 0.2]
        #expect(
            Self.close(
                try MCDA.combine(subjective: ahp, objective: entropy, alpha: 0.4, method: .linear),
                [0.3098373, 0.42536371, 0.26479899]
            )
        )
        #expect(
            Self.close(
                try MCDA.combine(subjective: ahp, objective: entropy, alpha: 0.4, method: .multiplicative),
                [0.29930448, 0.49926608, 0.20142944]
            )
        )
    }

    @Test func principalComponentAndCorrelations() {
        // Two perfectly correlated columns and one anti-correlated: one component explains all.
        let a: [Double] = [1, 2, 3, 4]
        let pc = ObjectiveWeights.principalComponent([a, a.map { 2 * $0 + 1 }, a.map { -$0 }])
        #expect(abs(pc.varianceShare - 1) < 1e-9)
        #expect(pc.negative == [2])
        #expect(Self.close(pc.weights, [1.0 / 3, 1.0 / 3, 1.0 / 3]))
        #expect(abs(MCDA.spearman([1, 2, 3, 4], [10, 20, 30, 35]) - 1) < 1e-12)
        #expect(abs(MCDA.spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12)
        #expect(MCDA.pearson([1, 1, 1], [1, 2, 3]) == 0)
    }

    @Test func badMatricesAreRefused() {
        #expect(throws: IndexError.self) {
            try DecisionMatrix(alternatives: ["A"], criteria: ["x", "y"], values: [[1]])
        }
        let flat = try? DecisionMatrix(alternatives: ["A", "B"], criteria: ["x"], values: [[1], [1]])
        #expect(throws: IndexError.self) { try ObjectiveWeights.critic(flat!) }
        #expect(throws: IndexError.self) { try MatrixNormalisation.zscore.apply(flat!) }
    }

    @Test func engineWeighsIndicatorGroupsFromTheData() throws {
        // The matrix as one group of an evaluation: the engine's entropy-weighted scores are the
        // weighted sum of the min-max matrix with the entropy weights, × 100.
        let indicators = Self.matrix.criteria.enumerated().map { j, id in
            Indicator(
                id: id,
                name: LocalisedText(zh: id, en: id),
                direction: Self.matrix.isBenefit[j] ? .higherIsBetter : .lowerIsBetter
            )
        }
        let framework = Framework(
            id: "m",
            name: LocalisedText(zh: "m", en: "m"),
            evaluations: [
                Evaluation(
                    id: "e",
                    name: LocalisedText(zh: "e", en: "e"),
                    kind: .crossSection,
                    normalisation: .minMax100,
                    root: FrameworkNode(
                        id: "root",
                        name: LocalisedText(zh: "r", en: "r"),
                        children: indicators.map { FrameworkNode(indicator: $0) }
                    )
                )
            ]
        )
        var observations: [Observation] = []
        for (i, unit) in Self.matrix.alternatives.enumerated() {
            for (j, id) in Self.matrix.criteria.enumerated() {
                observations.append(
                    Observation(unit: unit, indicator: id, period: "1", value: Self.matrix.values[i][j])
                )
            }
        }
        let dataset = Dataset(
            units: Self.matrix.alternatives.map { AssessedUnit(id: $0, name: LocalisedText(zh: $0, en: $0)) },
            observations: observations
        )
        var options = RunOptions(tierMethod: .sizes([2, 3]))
        options.weightMethod = .entropy
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: options)
        guard case .crossSection(let section) = results.evaluations[0] else {
            Issue.record("expected a cross-section")
            return
        }
        let expected = MCDA.weightedSum(
            try MatrixNormalisation.minmax.apply(Self.matrix),
            weights: try ObjectiveWeights.entropy(Self.matrix)
        )
        for (i, unit) in Self.matrix.alternatives.enumerated() {
            #expect(abs((section.units.first { $0.id == unit }?.score ?? .nan) - 100 * expected[i]) < 1e-9)
        }
        #expect(results.warnings.contains { $0.contains("entropy") })
        // Multiplicative combination with equal derived weights is the objective weights again.
        options.weightAlpha = 0.5
        options.weightCombination = .multiplicative
        let multiplied = try IndexEngine.run(framework: framework, dataset: dataset, options: options)
        guard case .crossSection(let m) = multiplied.evaluations[0] else { return }
        #expect(zip(m.units.map(\.score), section.units.map(\.score)).allSatisfy { abs(($0 ?? 0) - ($1 ?? 0)) < 1e-9 })
        // TOPSIS as the engine's scoring: closeness × 100 with the derived (equal) weights.
        var topsis = RunOptions(tierMethod: .sizes([2, 3]))
        topsis.topsis = true
        let scored = try IndexEngine.run(framework: framework, dataset: dataset, options: topsis)
        guard case .crossSection(let t) = scored.evaluations[0] else { return }
        let closeness = try MCDA.topsis(Self.matrix, weights: ObjectiveWeights.equal(3)).closeness
        for (i, unit) in Self.matrix.alternatives.enumerated() {
            #expect(abs((t.units.first { $0.id == unit }?.score ?? .nan) - 100 * closeness[i]) < 1e-9)
        }
        options.weightCombination = .linear
        options.weightAlpha = 1  // all derived (equal here): the plain mean
        let derived = try IndexEngine.run(framework: framework, dataset: dataset, options: options)
        let plain = try IndexEngine.run(
            framework: framework,
            dataset: dataset,
            options: RunOptions(tierMethod: .sizes([2, 3]))
        )
        guard case .crossSection(let a) = derived.evaluations[0], case .crossSection(let b) = plain.evaluations[0]
        else { return }
        #expect(a.units.map(\.score) == b.units.map(\.score))
    }

    /// `--entropy-shift nan` or `inf` is refused by name, not reported as a negative value or as data
    /// that do not vary.
    @Test(arguments: [Double.nan, .infinity, -1])
    func entropyShiftsThatAreNotFiniteOrNegativeAreRefused(shift: Double) {
        #expect(throws: IndexError.self) { try ObjectiveWeights.entropy(Self.matrix, shift: shift) }
        do {
            _ = try ObjectiveWeights.entropy(Self.matrix, shift: shift)
        } catch {
            #expect("\(error)".contains("entropy shift"))
        }
    }
}
