import RealModule

/// The first-order effect of one input on an output: the correlation ratio
/// `Sᵢ = Var(E[Y | Xᵢ]) / Var(Y)`, estimated by a penalised cubic regression spline.
///
/// The "main effect" of Paruolo, Saisana and Saltelli (2013), *Ratings and rankings: voodoo or
/// science?*, J. R. Stat. Soc. A 176(3), §3, which the JRC audits use to set an indicator's real
/// influence on an index beside its weight. `E[Y | Xᵢ]` is a smooth curve fitted to the pairs:
///
/// ```
/// u   = (x − min x) / (max x − min x)
/// f(u) = β₀ + β₁u + β₂u² + β₃u³ + Σₖ bₖ (u − κₖ)³₊          (truncated-power cubic spline)
/// minimise  Σ (yᵢ − f(uᵢ))² + λ Σₖ bₖ²                      (only the knot terms are penalised)
/// λ         the one of 10⁻⁸, 10^-7.75, …, 10⁶ with the smallest GCV(λ) = n · RSS / (n − tr H)²
/// Sᵢ        = Σ (f̂(uᵢ) − ȳ)² / Σ (yᵢ − ȳ)²
/// ```
///
/// (Ruppert, Wand and Carroll 2003, *Semiparametric Regression*, §3–5). The knots are K quantiles
/// of the distinct `u` values, `K = min(distinct − 4, ⌊n / 4⌋, 20)` (none below that); with fewer
/// than four distinct values the polynomial's degree drops to `distinct − 1`.
///
/// Properties: `0 ≤ Sᵢ ≤ 1` (the smoother is symmetric with eigenvalues in [0, 1] and keeps
/// constants). A conditional mean that is a cubic polynomial of `x` is reproduced exactly (it is
/// not penalised), and what is orthogonal to every function of `x` is removed: in a factorial
/// design with `Y = Σ gⱼ(Xⱼ)`, gᵢ cubic, `Sᵢ = Var(gᵢ(Xᵢ)) / Var(Y)` exactly, so for a linear
/// `Y = Σ bⱼXⱼ`, `Sᵢ = bᵢ² Var(Xᵢ) / Var(Y)`. Pearson's r² is the same ratio for the best
/// straight line only: it is at most `Sᵢ` in such cases and misses a U-shaped effect entirely.
/// Fails: with few units the estimate carries sampling noise (a pure-noise input gets a small
/// positive `Sᵢ`, about `(tr H − 1) / n`).
public struct CorrelationRatio: Sendable, Hashable {
    /// `Sᵢ`, the share of the output's variance its conditional mean on this input explains.
    public var value: Double
    /// Pearson's r² of the same pairs (the linear part only).
    public var pearsonSquared: Double
    /// The smoother's effective degrees of freedom, `tr H`.
    public var degreesOfFreedom: Double
    /// The penalty GCV chose (0 when the spline has no knots).
    public var penalty: Double
    /// The pairs used (both values present).
    public var count: Int

    /// The fewest pairs an estimate is made from.
    public static let minimumCount = 5

    /// Estimates `Var(E[y | x]) / Var(y)` from pairs; `NaN` in either drops the pair.
    ///
    /// - Returns: `nil` with fewer than ``minimumCount`` pairs, a constant `y`, or a constant `x`.
    public static func estimate(x: [Double], y: [Double]) -> CorrelationRatio? {
        let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
        let n = pairs.count
        guard n >= minimumCount, let low = pairs.map(\.0).min(), let high = pairs.map(\.0).max(), high > low else {
            return nil
        }
        let u = pairs.map { ($0.0 - low) / (high - low) }
        let ys = pairs.map(\.1)
        let mean = ys.reduce(0, +) / Double(n)
        let total = ys.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return nil }
        let distinct = Array(Set(u)).sorted()
        let degree = min(3, distinct.count - 1)
        let knotCount = max(0, min(distinct.count - 4, n / 4, 20))
        let knots = (1...max(knotCount, 1)).prefix(knotCount).map { k in
            distinct[k * (distinct.count - 1) / (knotCount + 1)]
        }
        let p = degree + 1 + knots.count
        func power(_ base: Double, _ exponent: Int) -> Double {
            (0..<exponent).reduce(1) { product, _ in product * base }
        }
        let design = u.map { value -> [Double] in
            (0...degree).map { power(value, $0) } + knots.map { value > $0 ? power(value - $0, degree) : 0 }
        }
        var gram = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var moment = [Double](repeating: 0, count: p)
        for (row, value) in zip(design, ys) {
            for a in 0..<p {
                moment[a] += row[a] * value
                for b in 0..<p { gram[a][b] += row[a] * row[b] }
            }
        }
        let penalties: [Double] = knots.isEmpty ? [0] : (0...56).map { Double.pow(10, -8 + Double($0) / 4) }
        var best: (gcv: Double, fit: [Double], trace: Double, penalty: Double)?
        for penalty in penalties {
            var system = gram
            for k in (degree + 1)..<p { system[k][k] += penalty }
            guard let factor = Cholesky(system), let beta = factor.solve(moment) else { continue }
            var trace = 0.0
            for column in 0..<p {
                guard let solved = factor.solve(gram.map { $0[column] }) else { continue }
                trace += solved[column]
            }
            let fit = design.map { row in zip(row, beta).reduce(0) { $0 + $1.0 * $1.1 } }
            let rss = zip(fit, ys).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let residualDegrees = Double(n) - trace
            guard residualDegrees >= 0.5 else { continue }
            let gcv = Double(n) * rss / (residualDegrees * residualDegrees)
            if best.map({ gcv < $0.gcv }) ?? true { best = (gcv, fit, trace, penalty) }
        }
        guard let best else { return nil }
        let explained = best.fit.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let r = MCDA.pearson(pairs.map(\.0), ys)
        return CorrelationRatio(
            value: min(1, max(0, explained / total)),
            pearsonSquared: r.isFinite ? r * r : 0,
            degreesOfFreedom: best.trace,
            penalty: best.penalty,
            count: n
        )
    }
}

/// The Cholesky factor `L` (`A = L Lᵀ`) of a small symmetric positive-definite matrix.
struct Cholesky {
    let lower: [[Double]]

    /// `nil` when `A` is not positive definite (to working precision).
    init?(_ a: [[Double]]) {
        let p = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        let scale = (0..<p).map { abs(a[$0][$0]) }.max() ?? 0
        for j in 0..<p {
            var diagonal = a[j][j]
            for k in 0..<j { diagonal -= l[j][k] * l[j][k] }
            guard diagonal > scale * 1e-14, diagonal.isFinite else { return nil }
            l[j][j] = diagonal.squareRoot()
            for i in (j + 1)..<p {
                var value = a[i][j]
                for k in 0..<j { value -= l[i][k] * l[j][k] }
                l[i][j] = value / l[j][j]
            }
        }
        lower = l
    }

    /// `A⁻¹ b`; `nil` if the result is not finite.
    func solve(_ b: [Double]) -> [Double]? {
        let p = lower.count
        var z = b
        for i in 0..<p {
            for k in 0..<i { z[i] -= lower[i][k] * z[k] }
            z[i] /= lower[i][i]
        }
        for i in stride(from: p - 1, through: 0, by: -1) {
            for k in (i + 1)..<p { z[i] -= lower[k][i] * z[k] }
            z[i] /= lower[i][i]
        }
        return z.allSatisfy(\.isFinite) ? z : nil
    }
}
