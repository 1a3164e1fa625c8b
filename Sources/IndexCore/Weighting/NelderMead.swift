/// Nelder–Mead minimisation as R's `optim(method = "Nelder-Mead")` performs it (Nash's variant,
/// *Compact Numerical Methods for Computers*, 2nd ed., algorithm 19), so that COINr's
/// `get_opt_weights` can be reproduced step for step.
///
/// The steps, on a simplex of `n + 1` points:
/// ```
/// start:    f(x₀); convtol = reltol · (|f(x₀)| + reltol)  (once, from the start)
///           step = max(0.1 · |x₀ᵢ|), 0.1 if all are 0; vertex j = x₀ + step · eⱼ
///           (if that leaves the coordinate unchanged, step × 10 until it changes)
/// loop:     L, H = the lowest and highest vertex; stop when f(H) ≤ f(L) + convtol or f(L) ≤ abstol
///           c = centroid of all vertices but H; r = c + α(c − H)
///           f(r) < f(L):  e = c + γ(r − c); H ← e if f(e) < f(r), else r
///           otherwise:    H ← r if f(r) < f(H); k = c + β(H − c);  H ← k if f(k) < f(H),
///                         else if f(r) ≥ the old f(H): shrink every vertex halfway (β) to L,
///                         re-evaluate them, and stop if the simplex did not get smaller
/// stop also after `maxEvaluations` function evaluations.
/// ```
/// A non-finite value counts as 1e35 (R's `big`), except at the start, where it throws.
public enum NelderMead {
    /// R's control values: `reltol`, `abstol`, `maxit`, `alpha`, `beta`, `gamma`.
    public struct Options: Sendable, Hashable {
        /// `reltol`: R's default `sqrt(.Machine$double.eps)`.
        public var relativeTolerance: Double
        /// `abstol`: stop once the lowest value is at or below it (R's default `-Inf`).
        public var absoluteTolerance: Double
        /// `maxit`: the most function evaluations (R's default 500 for Nelder–Mead).
        public var maxEvaluations: Int
        public var reflection: Double
        public var contraction: Double
        public var expansion: Double

        public init(
            relativeTolerance: Double = 1.490_116_119_384_765_6e-8,
            absoluteTolerance: Double = -.infinity,
            maxEvaluations: Int = 500,
            reflection: Double = 1,
            contraction: Double = 0.5,
            expansion: Double = 2
        ) {
            self.relativeTolerance = relativeTolerance
            self.absoluteTolerance = absoluteTolerance
            self.maxEvaluations = maxEvaluations
            self.reflection = reflection
            self.contraction = contraction
            self.expansion = expansion
        }
    }

    /// The best vertex found.
    public struct Result: Sendable, Hashable {
        public var point: [Double]
        public var value: Double
        /// Function evaluations (R's `counts["function"]`).
        public var evaluations: Int
        /// `false` when the evaluations ran out (R's `convergence` 1) or a shrink failed (10).
        public var converged: Bool
    }

    /// Minimises `f` from `start`.
    ///
    /// - Throws: ``IndexError`` when `f(start)` is not finite or `start` is empty; errors of `f`.
    public static func minimise(
        _ f: ([Double]) throws -> Double,
        from start: [Double],
        options: Options = Options()
    ) throws -> Result {
        let n = start.count
        guard n > 0 else { throw IndexError("Nelder–Mead needs at least one parameter") }
        let first = try f(start)
        guard first.isFinite else { throw IndexError("the objective is not finite at the start (\(first))") }
        guard options.maxEvaluations > 0 else {
            return Result(point: start, value: first, evaluations: 0, converged: true)
        }
        let big = 1.0e35
        func value(_ point: [Double]) throws -> Double {
            let y = try f(point)
            return y.isFinite ? y : big
        }
        var evaluations = 1
        let convergence = options.relativeTolerance * (abs(first) + options.relativeTolerance)
        var vertices = [start]
        var values = [first]
        var step = 0.0
        for x in start where 0.1 * abs(x) > step { step = 0.1 * abs(x) }
        if step == 0 { step = 0.1 }
        var size = 0.0
        for j in 0..<n {
            var vertex = start
            var trial = step
            while vertex[j] == start[j] {
                vertex[j] = start[j] + trial
                trial *= 10
            }
            size += trial
            vertices.append(vertex)
            values.append(0)
        }
        var oldSize = size
        var lowest = 0
        var recompute = true
        var failed = false
        repeat {
            if recompute {
                for j in vertices.indices where j != lowest {
                    values[j] = try value(vertices[j])
                    evaluations += 1
                }
                recompute = false
            }
            var low = values[lowest]
            var high = low
            var highest = lowest
            for j in vertices.indices where j != lowest {
                if values[j] < low {
                    lowest = j
                    low = values[j]
                }
                if values[j] > high {
                    highest = j
                    high = values[j]
                }
            }
            if high <= low + convergence || low <= options.absoluteTolerance { break }
            var centroid = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var total = -vertices[highest][i]
                for vertex in vertices { total += vertex[i] }
                centroid[i] = total / Double(n)
            }
            let alpha = options.reflection
            let reflected = (0..<n).map { (1 + alpha) * centroid[$0] - alpha * vertices[highest][$0] }
            let reflectedValue = try value(reflected)
            evaluations += 1
            if reflectedValue < low {
                let gamma = options.expansion
                let expanded = (0..<n).map { gamma * reflected[$0] + (1 - gamma) * centroid[$0] }
                let expandedValue = try value(expanded)
                evaluations += 1
                if expandedValue < reflectedValue {
                    vertices[highest] = expanded
                    values[highest] = expandedValue
                } else {
                    vertices[highest] = reflected
                    values[highest] = reflectedValue
                }
            } else {
                if reflectedValue < high {
                    vertices[highest] = reflected
                    values[highest] = reflectedValue
                }
                let beta = options.contraction
                let contracted = (0..<n).map { (1 - beta) * vertices[highest][$0] + beta * centroid[$0] }
                let contractedValue = try value(contracted)
                evaluations += 1
                if contractedValue < values[highest] {
                    vertices[highest] = contracted
                    values[highest] = contractedValue
                } else if reflectedValue >= high {
                    recompute = true
                    size = 0
                    for j in vertices.indices where j != lowest {
                        for i in 0..<n {
                            vertices[j][i] = beta * (vertices[j][i] - vertices[lowest][i]) + vertices[lowest][i]
                            size += abs(vertices[j][i] - vertices[lowest][i])
                        }
                    }
                    if size < oldSize {
                        oldSize = size
                    } else {
                        failed = true
                        break
                    }
                }
            }
        } while evaluations <= options.maxEvaluations
        return Result(
            point: vertices[lowest],
            value: values[lowest],
            evaluations: evaluations,
            converged: !failed && evaluations <= options.maxEvaluations
        )
    }
}
