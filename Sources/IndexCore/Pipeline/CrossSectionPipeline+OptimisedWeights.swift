import RealModule

/// What optimised weights aim at (COINr's `get_opt_weights` `optype`).
public enum WeightOptimisation: Sendable, Hashable {
    /// Correlations of the level's nodes with the index in the proportions of `target` (COINr's
    /// `balance`; `nil` = equal): minimise `log(Σ (tᵢ − cᵢ/Σc)² / n)`, `t` scaled to sum 1.
    case balance(target: [Double]?)
    /// The largest sum of the level's correlations with the index (COINr's `infomax`): minimise `−Σ c`.
    case infomax
    /// Importance shares (``CorrelationRatio``, `Sᵢ / Σ S` over the level) in the proportions of
    /// `target` (`nil` = equal): minimise `Σ (tᵢ − Sᵢ/ΣS)²`, `t` scaled to sum 1. Not in COINr, whose
    /// aims are linear; the weights are `|p| / Σ|p|` of the optimiser's point, so never negative.
    case importance(target: [Double]?)
}

/// The result of ``CrossSectionPipeline/optimisedWeights(level:aim:options:)``.
public struct OptimisedWeights: Sendable, Hashable {
    /// The level optimised (1 = indicators).
    public var level: Int
    /// The aim's name: `balance`, `infomax` or `importance`.
    public var aim: String
    /// The proportions aimed at, scaled to sum 1, in ``nodes`` order (`nil` for `infomax`).
    public var target: [Double]?
    /// The node ids of the level, in the framework's order.
    public var nodes: [String]
    /// Their weights, `par / Σ par` (may be negative: the optimiser is unconstrained, as COINr's).
    public var weights: [Double]
    /// All local weights (`CompiledEvaluation` child positions) with the level's replaced, for
    /// `CrossSectionPipeline.aggregate(_:raw:blocks:aggregation:weights:missing:)`.
    public var localWeights: [Double]
    /// The optimiser's outcome (R's `optim` `par`, `value`, `counts`, `convergence`).
    public var search: NelderMead.Result
    /// The objective at the start (the target for `balance`, the framework's weights otherwise), to
    /// set beside ``search``'s value.
    public var startValue: Double
}

extension CrossSectionPipeline {
    /// The most nodes × evaluations an importance search may spend (see ``optimisedWeights(level:aim:options:)``).
    public static let importanceBudget = 25_000

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
    /// The importance aim (not COINr's) starts from the run's weights of the level (scaled to sum 1), maps the
    /// optimiser's point `p` to weights `|p| / Σ|p|` (the simplex, signs dropped), scores the
    /// candidate's importances by ``CorrelationRatio`` over every row with both scores, and stops by
    /// R's rule: the simplex's values within `relativeTolerance` of each other, or
    /// `maxEvaluations` spent (`search.converged` false).
    ///
    /// Each evaluation of the importance aim fits a spline per node of the level, so its cost is
    /// bounded: the level's nodes × `maxEvaluations` may be at most ``importanceBudget`` (500
    /// evaluations of 39 indicators take about 10 s in a release build; the 100,000 evaluations the
    /// option admits would take half an hour, and the analysis routes accept run options from any reader).
    ///
    /// - Throws: ``IndexError`` for a level with no nodes, a target of the wrong length or sum, an
    ///   importance search over the budget, or an aggregation error.
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
        if case .importance = aim, positions.count * options.maxEvaluations > Self.importanceBudget {
            throw IndexError(
                "evaluation '\(evaluation.id)': optimising the importances of \(positions.count) level-\(level) nodes in up to \(options.maxEvaluations) evaluations is over the limit of \(Self.importanceBudget) nodes × evaluations; lower evaluations= to at most \(Self.importanceBudget / positions.count)"
            )
        }
        let ids = positions.map { compiled.nodeIDs[slots[$0]] }
        let count = Double(positions.count)
        var target: [Double] = []
        let start: [Double]
        switch aim {
        case .balance(let given), .importance(let given):
            let wanted = given ?? [Double](repeating: 1, count: positions.count)
            let total = wanted.reduce(0, +)
            guard wanted.count == positions.count, total != 0, total.isFinite else {
                throw IndexError(
                    "the target needs \(positions.count) numbers with a non-zero sum, one per level-\(level) node"
                )
            }
            target = wanted.map { $0 / total }
            if case .importance = aim {
                let stated = positions.map { weights[$0] }
                let sum = stated.reduce(0, +)
                start = sum > 0 ? stated.map { $0 / sum } : target
            } else {
                start = target
            }
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
        func objective(_ point: [Double]) throws -> Double {
            var matrix = base
            let w: [Double]
            if case .importance = aim { w = point.map(abs) } else { w = point }
            try aggregate(&matrix, weights: replaced(w))
            let rows = matrix.count / n
            if case .importance = aim {
                let index = (0..<rows).map { matrix[$0 * n + root] }
                let ratios = positions.map { position in
                    let slot = slots[position]
                    return CorrelationRatio.estimate(x: (0..<rows).map { matrix[$0 * n + slot] }, y: index)?.value ?? 0
                }
                let total = ratios.reduce(0, +)
                guard total > 0 else { return .infinity }
                return zip(target, ratios).reduce(0) { $0 + ($1.0 - $1.1 / total) * ($1.0 - $1.1 / total) }
            }
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
            case .infomax, .importance:
                return -correlations.reduce(0, +)
            }
        }
        let startValue = try objective(start)
        let search = try NelderMead.minimise(objective, from: start, options: options)
        var point = search.point
        if case .importance = aim { point = point.map(abs) }
        let total = point.reduce(0, +)
        guard total != 0, total.isFinite else {
            throw IndexError("the optimised level-\(level) weights of '\(evaluation.id)' sum to \(total)")
        }
        let aimName: String
        switch aim {
        case .balance: aimName = "balance"
        case .infomax: aimName = "infomax"
        case .importance: aimName = "importance"
        }
        return OptimisedWeights(
            level: level,
            aim: aimName,
            target: target.isEmpty ? nil : target,
            nodes: ids,
            weights: point.map { $0 / total },
            localWeights: replaced(point),
            search: search,
            startValue: startValue
        )
    }
}

extension OptimisedWeights {
    /// One line for a run's notes: the aim, the weights found, and the optimiser's outcome.
    public func summary(_ request: WeightOptimisationRequest) -> String {
        func number(_ value: Double) -> String {
            guard value.isFinite else { return "\(value)" }
            let scaled = (value * 10_000).rounded() / 10_000
            return abs(value) < 1e-4 && value != 0 ? "\(value)" : "\(scaled)"
        }
        let level = request.level.map { "level \($0)" } ?? "the level below the index"
        let pairs = zip(nodes, weights).map { "\($0) \(number($1))" }.joined(separator: ", ")
        return
            "weights of \(level) optimised (\(request.name)): \(pairs); Nelder–Mead, \(search.evaluations) evaluations, "
            + (search.converged ? "converged" : "not converged (evaluations ran out)")
            + ", objective \(number(startValue)) → \(number(search.value))"
    }
}
