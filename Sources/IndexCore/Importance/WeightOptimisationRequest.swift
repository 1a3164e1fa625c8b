/// A run's request to optimise one level's weights before scoring (`--optimise-weights`), as users
/// write it: `AIM[:level=N][:target=equal|stated|W1,W2,…][:tolerance=T][:evaluations=M]`.
///
/// - `AIM`: `balance` or `infomax` (COINr's `get_opt_weights`, correlations with the index), or
///   `importance` (importance shares, ``CorrelationRatio``) — ``WeightOptimisation``.
/// - `level`: 1 = indicators, each aggregate level one more; default the level just below the index.
/// - `target`: `equal` (default), `stated` (the level's effective weights in the run before
///   optimising, as shares), or one number per node of the level in the framework's order. Not for `infomax`.
/// - `tolerance`, `evaluations`: Nelder–Mead's `reltol` and `maxit`; defaults COINr's 0.1 and 500
///   for `balance` and `infomax`, R's `optim` defaults `sqrt(.Machine$double.eps)` and 500 for
///   `importance`.
public struct WeightOptimisationRequest: Sendable, Hashable {
    /// What the weights aim at.
    public enum Aim: String, Sendable, Hashable, CaseIterable {
        case balance, infomax, importance
    }

    /// The proportions aimed at.
    public enum Target: Sendable, Hashable {
        case equal, stated
        case given([Double])
    }

    public var aim: Aim
    /// `nil` = the level just below the index.
    public var level: Int?
    public var target: Target
    public var options: NelderMead.Options

    public init(aim: Aim, level: Int? = nil, target: Target = .equal, options: NelderMead.Options? = nil) {
        self.aim = aim
        self.level = level
        self.target = target
        self.options =
            options
            ?? (aim == .importance
                ? NelderMead.Options() : NelderMead.Options(relativeTolerance: 0.1, maxEvaluations: 500))
    }

    /// Reads the request as users write it.
    ///
    /// - Throws: ``IndexError`` naming the part not understood.
    public init(name: String) throws {
        var parts = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let aim = Aim(rawValue: parts.removeFirst()) else {
            throw IndexError(
                "--optimise-weights '\(name)': the aim is balance, infomax or importance, then [:level=N][:target=equal|stated|W1,W2,…][:tolerance=T][:evaluations=M]"
            )
        }
        var level: Int?
        var target = Target.equal
        var tolerance: Double?
        var evaluations: Int?
        var seen: Set<String> = []
        for part in parts {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw IndexError("--optimise-weights '\(name)': '\(part)' is not key=value") }
            // A part given twice would silently keep the last: say so instead.
            guard seen.insert(pair[0]).inserted else {
                throw IndexError("--optimise-weights '\(name)': '\(pair[0])' is given twice")
            }
            switch pair[0] {
            case "level":
                guard let value = Int(pair[1]), (1...64).contains(value) else {
                    throw IndexError(
                        "--optimise-weights '\(name)': the level is a whole number from 1 to 64, not '\(pair[1])'"
                    )
                }
                level = value
            case "target":
                switch pair[1] {
                case "equal": target = .equal
                case "stated": target = .stated
                default:
                    let numbers = pair[1].split(separator: ",").map { StrictNumber.parse(String($0)) }
                    guard !numbers.isEmpty, numbers.allSatisfy({ $0.map { $0.isFinite && $0 >= 0 } ?? false }) else {
                        throw IndexError(
                            "--optimise-weights '\(name)': the target is equal, stated or non-negative numbers W1,W2,…"
                        )
                    }
                    target = .given(numbers.compactMap { $0 })
                }
            case "tolerance":
                guard let value = StrictNumber.parse(pair[1]), value.isFinite, value > 0 else {
                    throw IndexError("--optimise-weights '\(name)': the tolerance is a positive number")
                }
                tolerance = value
            case "evaluations":
                guard let value = Int(pair[1]), (1...100_000).contains(value) else {
                    throw IndexError("--optimise-weights '\(name)': evaluations is a whole number from 1 to 100000")
                }
                evaluations = value
            default:
                throw IndexError(
                    "--optimise-weights '\(name)': unknown part '\(pair[0])' (level, target, tolerance, evaluations)"
                )
            }
        }
        if aim == .infomax, target != .equal {
            throw IndexError("--optimise-weights '\(name)': infomax has no target")
        }
        self.init(aim: aim, level: level, target: target)
        if let tolerance { options.relativeTolerance = tolerance }
        if let evaluations { options.maxEvaluations = evaluations }
    }

    /// The request as users write it (only the parts that differ from the defaults).
    public var name: String {
        var parts = [aim.rawValue]
        if let level { parts.append("level=\(level)") }
        switch target {
        case .equal: break
        case .stated: parts.append("target=stated")
        case .given(let values): parts.append("target=" + values.map { "\($0)" }.joined(separator: ","))
        }
        let defaults = WeightOptimisationRequest(aim: aim).options
        if options.relativeTolerance != defaults.relativeTolerance {
            parts.append("tolerance=\(options.relativeTolerance)")
        }
        if options.maxEvaluations != defaults.maxEvaluations { parts.append("evaluations=\(options.maxEvaluations)") }
        return parts.joined(separator: ":")
    }
}

extension CrossSectionPipeline {
    /// The level just below the index (the index's level − 1).
    package var levelBelowIndex: Int { max(1, levels()[compiled.rootSlot] - 1) }

    /// Optimises one level's weights as `request` asks (``optimisedWeights(level:aim:options:)``),
    /// resolving its default level and its `stated` target (the level's effective weights as shares).
    ///
    /// - Throws: ``IndexError`` as ``optimisedWeights(level:aim:options:)`` does.
    public func optimisedWeights(_ request: WeightOptimisationRequest) throws -> OptimisedWeights {
        let level = request.level ?? levelBelowIndex
        let target: [Double]?
        switch request.target {
        case .equal: target = nil
        case .given(let values): target = values
        case .stated:
            let height = levels()
            let effective = nominalAndEffectiveWeights().effective
            target = compiled.childSlotsInOrder.filter { height[$0] == level }.map { effective[$0] }
        }
        let aim: WeightOptimisation
        switch request.aim {
        case .balance: aim = .balance(target: target)
        case .infomax: aim = .infomax
        case .importance: aim = .importance(target: target)
        }
        return try optimisedWeights(level: level, aim: aim, options: request.options)
    }
}
