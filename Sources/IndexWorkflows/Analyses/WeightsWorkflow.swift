public import IndexCore

/// How one evaluation's weights were derived: the values tables are drawn from.
public struct WeightDerivation: Sendable {
    public var evaluation: Evaluation
    public var derived: DerivedWeights
    package var compiled: CompiledEvaluation
}

/// How a framework's weights were derived, every evaluation in the framework's order, and the
/// document keyed by evaluation (`iidei weights --format json`, `GET /api/v1/weights/derivation`).
public struct WeightDerivationOutcome: Sendable {
    public var evaluations: [WeightDerivation]
    public var document: [String: DerivedWeightsDocument] {
        keyed(evaluations.map { ($0.evaluation.id, DerivedWeightsDocument($0.derived)) })
    }
}

/// The ranks of a cross-section under every weighting method, and how far each method's ranks are
/// from the derived weights' (Spearman's ρ): `iidei weights --compare --format json`.
public struct WeightComparisonDocument: Codable, Sendable, Hashable {
    public var methods: [String]
    public var units: [Unit]
    /// Spearman's ρ of each method's ranks against the first method's (the derived weights).
    public var spearman: [String: Double?]

    /// A unit's rank under each method (0 when it has none).
    public struct Unit: Codable, Sendable, Hashable {
        public var id: String
        public var ranks: [String: Int]
    }
}

/// One cross-section under every weighting method, for tables and its document.
public struct WeightComparison: Sendable {
    public var methods: [WeightMethod]
    /// The cross-section under each method, in the order of ``methods``.
    public var sections: [CrossSectionResult]
    /// Spearman's ρ of each method's ranks against the first method's.
    public var spearman: [Double]
    public var nominal: CrossSectionResult { sections[0] }

    /// The unit's rank under the method at `index`.
    public func rank(of unit: String, method index: Int) -> Int? {
        sections[index].units.first { $0.id == unit }?.rank
    }

    public var document: WeightComparisonDocument {
        WeightComparisonDocument(
            methods: methods.map(\.rawValue),
            units: nominal.units.map { unit in
                .init(
                    id: unit.id,
                    ranks: keyed(methods.indices.map { (methods[$0].rawValue, rank(of: unit.id, method: $0) ?? 0) })
                )
            },
            spearman: keyed(methods.indices.map { (methods[$0].rawValue, finite(spearman[$0])) })
        )
    }
}

/// Every cross-section under every weighting method.
public struct WeightComparisonOutcome: Sendable {
    public var comparisons: [WeightComparison]
    public var document: [String: WeightComparisonDocument] {
        keyed(comparisons.map { ($0.nominal.evaluation, $0.document) })
    }
}

extension Workflows {
    /// How the framework's weights were derived: every AHP matrix with λmax, CI and CR, the expert
    /// panel's statistics and the final weights, for each evaluation.
    public func weightDerivation(_ framework: Framework) throws -> WeightDerivationOutcome {
        WeightDerivationOutcome(
            evaluations: try framework.evaluations.map { evaluation in
                let derived = try evaluation.deriveWeights()
                return WeightDerivation(
                    evaluation: evaluation,
                    derived: derived,
                    compiled: try CompiledEvaluation(evaluation: evaluation, root: derived.root)
                )
            }
        )
    }

    /// Reruns every cross-section under each weighting method, the other options the defaults.
    public func weightComparison(_ inputs: LoadedInputs) throws -> WeightComparisonOutcome {
        // COINr's signed PCA loadings are a variant of pca for reproducing COINr, not another view.
        let methods = WeightMethod.allCases.filter { $0 != .pcaLoadings }
        var sections: [[CrossSectionResult]] = []
        for method in methods {
            var options = RunOptions()
            options.weightMethod = method
            options.evaluations = inputs.framework.evaluations.filter { $0.kind == .crossSection }.map(\.id)
            let results = try IndexEngine.run(framework: inputs.framework, dataset: inputs.dataset, options: options)
            sections.append(results.evaluations.compactMap { if case .crossSection(let s) = $0 { s } else { nil } })
        }
        return WeightComparisonOutcome(
            comparisons: (sections.first ?? []).indices.map { index in
                let units = sections[0][index].units
                func ranks(_ m: Int) -> [Double] {
                    units.map { unit in Double(sections[m][index].units.first { $0.id == unit.id }?.rank ?? 0) }
                }
                return WeightComparison(
                    methods: Array(methods),
                    sections: sections.map { $0[index] },
                    spearman: methods.indices.map { MCDA.spearman(ranks(0), ranks($0)) }
                )
            }
        )
    }
}
