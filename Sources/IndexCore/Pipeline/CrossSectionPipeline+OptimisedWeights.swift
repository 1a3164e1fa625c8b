import RealModule

/// What optimised weights aim at (COINr's `get_opt_weights` `optype`).
public enum WeightOptimisation: Sendable, Hashable {
    /// Correlations of the level's nodes with the index in the proportions of `target` (COINr's
    /// `balance`; `nil` = equal): minimise `log(Σ (tᵢ − cᵢ/Σc)² / n)`, `t` scaled to sum 1.
    case balance(target: [Double]?)
    /// The largest sum of the level's correlations with the index (COINr's `infomax`): minimise `−Σ c`.
    case infomax
}

/// The result of ``CrossSectionPipeline/optimisedWeights(level:aim:options:)``.
public struct OptimisedWeights: Sendable, Hashable {
    /// The node ids of the level, in the framework's order.
    public var nodes: [String]
    /// Their weights, `par / Σ par` (may be negative: the optimiser is unconstrained, as COINr's).
    public var weights: [Double]
    /// All local weights (`CompiledEvaluation` child positions) with the level's replaced, for
    /// `CrossSectionPipeline.aggregate(_:raw:blocks:aggregation:weights:missing:)`.
    public var localWeights: [Double]
    /// The optimiser's outcome (R's `optim` `par`, `value`, `counts`, `convergence`).
    public var search: NelderMead.Result
}

extension CrossSectionPipeline {
    /// Weights of the nodes at one level chosen so that their correlations with the index meet
    /// `aim` — COINr 1.1.14's `get_opt_weights`, step for step.
    ///
    /// Level 1 is the indicators, each level above one more (a node's level is one more than its
    /// highest child's; the index is the top). For each candidate `w`: `w / Σ w` replaces the level's
    /// weights (each node's weight within its parent: COINr's weights are not normalised per group,
    /// and neither is the candidate), every block is aggregated again, and each node's Pearson
    /// correlation with the index is taken over the rows where both have a score. Nelder–Mead (R's
    /// `optim`) starts from the target (balance) or the framework's weights (infomax) with COINr's
    /// `toler` 0.1 and `maxiter` 500 unless `options` says otherwise.
    ///
    /// Not copied from COINr: its objective pairs `itarg` with the correlations in `get_corr`'s
    /// order, the level's codes sorted alphabetically, while the weights follow the iMeta's order — so
    /// an unequal target aims at the wrong nodes. Here `target[k]` belongs to the level's k-th node in
    /// the framework's order. Equal targets (COINr's `"equal"`) give the same result either way.
    ///
    /// - Throws: ``IndexError`` for a level with no nodes, a target of the wrong length or sum, or an
    ///   aggregation error.
    public func optimisedWeights(
        level: Int,
        aim: WeightOptimisation,
        options: NelderMead.Options = NelderMead.Options(relativeTolerance: 0.1, maxEvaluations: 500)
    ) throws -> OptimisedWeights {
        let n = compiled.nodeCount
        let height = levels()
        let slots = compiled.childSlotsInOrder
        let positions = slots.indices.filter { height[slots[$0]] == level }
        guard !positions.isEmpty else {
            throw IndexError("evaluation '\(evaluation.id)' has no nodes at level \(level) below the index")
        }
        let ids = positions.map { compiled.nodeIDs[slots[$0]] }
        let count = Double(positions.count)
        var target: [Double] = []
        let start: [Double]
        switch aim {
        case .balance(let given):
            let wanted = given ?? [Double](repeating: 1, count: positions.count)
            let total = wanted.reduce(0, +)
            guard wanted.count == positions.count, total != 0, total.isFinite else {
                throw IndexError(
                    "the target needs \(positions.count) numbers with a non-zero sum, one per level-\(level) node"
                )
            }
            target = wanted.map { $0 / total }
            start = target
        case .infomax:
            start = ids.map { evaluation.root.node(withID: $0)?.weight ?? 1 }
        }
        var warnings: [Normaliser.Warning] = []
        let base = try normalised(raw, warnings: &warnings)
        let root = compiled.rootSlot
        let local = weights
        func replaced(_ w: [Double]) -> [Double] {
            let total = w.reduce(0, +)
            var all = local
            for (k, position) in positions.enumerated() { all[position] = w[k] / total }
            return all
        }
        func objective(_ w: [Double]) throws -> Double {
            var matrix = base
            try aggregate(&matrix, weights: replaced(w))
            let rows = matrix.count / n
            let correlations = positions.map { position in
                let slot = slots[position]
                let pairs = (0..<rows).map { (matrix[$0 * n + slot], matrix[$0 * n + root]) }
                    .filter { !$0.0.isNaN && !$0.1.isNaN }
                return MCDA.pearson(pairs.map(\.0), pairs.map(\.1))
            }
            switch aim {
            case .balance:
                let total = correlations.reduce(0, +)
                let squares = zip(target, correlations).reduce(0) { $0 + ($1.0 - $1.1 / total) * ($1.0 - $1.1 / total) }
                return Double.log(squares / count)
            case .infomax:
                return -correlations.reduce(0, +)
            }
        }
        let search = try NelderMead.minimise(objective, from: start, options: options)
        let total = search.point.reduce(0, +)
        return OptimisedWeights(
            nodes: ids,
            weights: search.point.map { $0 / total },
            localWeights: replaced(search.point),
            search: search
        )
    }
}
