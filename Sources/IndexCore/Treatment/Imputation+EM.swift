extension Imputation {
    /// The EM stopping rule: the largest change of an estimate on the standardised scale.
    public static let emTolerance = 1e-12
    /// The most EM iterations before giving up.
    public static let emIterationCap = 100_000

    /// Fills missing values with their conditional mean at the maximum-likelihood estimate of a
    /// multivariate normal, fitted by EM (Little & Rubin 2002, §11.2).
    ///
    /// The columns are the indicators of one group, over the same units; every unit takes part, a unit
    /// with no value contributing the current mean.
    /// ```
    /// start:  μ = the observed means, Σ = diag(observed sample variances, n − 1), sⱼ = √Σⱼⱼ
    /// E step: for each unit with missing set m and observed set o
    ///           x̂ₘ = μₘ + Σₘₒ Σₒₒ⁻¹ (xₒ − μₒ),   Cₘₘ += Σₘₘ − Σₘₒ Σₒₒ⁻¹ Σₒₘ
    /// M step: μ' = mean of the completed rows,  Σ' = (X̂ᵀX̂ + C) / n − μ'μ'ᵀ   (ML divisor n)
    /// stop:   max(|μ'ⱼ − μⱼ| / sⱼ, |Σ'ⱼₖ − Σⱼₖ| / (sⱼ sₖ)) < 1e-12, at most 100 000 iterations
    /// result: x̂ₘ of the E step at the final estimate
    /// ```
    /// This is deterministic: unlike Amelia (COINr's vignette), which draws each missing block from its
    /// conditional distribution, it imputes the conditional mean, so the result is reproducible without
    /// a seed and equals any other EM run to convergence (the MLE, where it is unique). It equals the
    /// reference `i_EM_mle` of the COINr fixture (`em-mle:level2`).
    ///
    /// - Parameters:
    ///   - columns: the group's columns, `NaN` where missing; filled in place.
    ///   - names: the columns' indicator ids, for messages.
    /// - Returns: the cells filled, as (unit, column).
    /// - Throws: ``IndexError`` naming the indicator when a column has fewer than two values or no
    ///   spread, when the covariance becomes singular, or when EM does not converge.
    /// - Complexity: O(iterations · n · p³) for n units and p columns.
    public static func fillByEM(_ columns: inout [[Double]], names: [String]) throws -> [(unit: Int, column: Int)] {
        let p = columns.count
        let n = columns.first?.count ?? 0
        let missing = (0..<n).map { i in (0..<p).filter { columns[$0][i].isNaN } }
        guard missing.contains(where: { !$0.isEmpty }) else { return [] }
        var mu = [Double](repeating: 0, count: p)
        var sigma = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            let present = columns[j].filter { !$0.isNaN }
            let name = j < names.count ? names[j] : "column \(j + 1)"
            guard present.count >= 2 else {
                throw IndexError("EM imputation: '\(name)' needs at least two values", indicator: name)
            }
            mu[j] = Statistics.mean(present)
            sigma[j * p + j] = present.reduce(0) { $0 + ($1 - mu[j]) * ($1 - mu[j]) } / Double(present.count - 1)
            guard sigma[j * p + j] > 0 else {
                throw IndexError("EM imputation: '\(name)' has no spread", indicator: name)
            }
        }
        let scale = (0..<p).map { sigma[$0 * p + $0].squareRoot() }

        /// The completed rows (row-major) and the summed conditional covariances.
        func expectation() throws -> (completed: [Double], covariance: [Double]) {
            var completed = [Double](repeating: 0, count: n * p)
            var covariance = [Double](repeating: 0, count: p * p)
            for i in 0..<n {
                let m = missing[i]
                let o = (0..<p).filter { !columns[$0][i].isNaN }
                for j in o { completed[i * p + j] = columns[j][i] }
                guard !m.isEmpty else { continue }
                // Y = Σₒₒ⁻¹ Σₒₘ, one column per missing indicator.
                let factor = try cholesky(
                    o.flatMap { a in o.map { b in sigma[a * p + b] } },
                    size: o.count,
                    names: names
                )
                let solved = m.map { b in solve(factor, size: o.count, o.map { sigma[$0 * p + b] }) }
                let residual = o.map { columns[$0][i] - mu[$0] }
                for (a, ma) in m.enumerated() {
                    completed[i * p + ma] = mu[ma] + zip(solved[a], residual).reduce(0) { $0 + $1.0 * $1.1 }
                    for mb in m {
                        let explained = zip(solved[a], o).reduce(0) { $0 + $1.0 * sigma[$1.1 * p + mb] }
                        covariance[ma * p + mb] += sigma[ma * p + mb] - explained
                    }
                }
            }
            return (completed, covariance)
        }

        var converged = false
        for _ in 0..<emIterationCap {
            let (completed, covariance) = try expectation()
            let count = Double(n)
            let nextMu = (0..<p).map { j in (0..<n).reduce(0) { $0 + completed[$1 * p + j] } / count }
            var nextSigma = [Double](repeating: 0, count: p * p)
            var change = 0.0
            for j in 0..<p {
                change = max(change, abs(nextMu[j] - mu[j]) / scale[j])
                for k in 0..<p {
                    let cross = (0..<n).reduce(0) { $0 + completed[$1 * p + j] * completed[$1 * p + k] }
                    nextSigma[j * p + k] = (cross + covariance[j * p + k]) / count - nextMu[j] * nextMu[k]
                    change = max(change, abs(nextSigma[j * p + k] - sigma[j * p + k]) / (scale[j] * scale[k]))
                }
            }
            mu = nextMu
            sigma = nextSigma
            guard change.isFinite else { break }
            if change < emTolerance {
                converged = true
                break
            }
        }
        guard converged else {
            throw IndexError(
                "EM imputation of \(names.joined(separator: ", ")) did not converge in \(emIterationCap) iterations"
            )
        }
        let completed = try expectation().completed
        var filled: [(unit: Int, column: Int)] = []
        for i in 0..<n {
            for j in missing[i] {
                columns[j][i] = completed[i * p + j]
                filled.append((i, j))
            }
        }
        return filled
    }

    /// The lower Cholesky factor of a symmetric positive-definite matrix (row-major).
    static func cholesky(_ matrix: [Double], size: Int, names: [String]) throws -> [Double] {
        var lower = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = matrix[i * size + j]
                for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else {
                        throw IndexError(
                            "EM imputation of \(names.joined(separator: ", ")): the covariance is singular"
                                + " (indicators that move together exactly, or too few units)"
                        )
                    }
                    lower[i * size + i] = sum.squareRoot()
                } else {
                    lower[i * size + j] = sum / lower[j * size + j]
                }
            }
        }
        return lower
    }

    /// Solves `L Lᵀ y = b` for a lower Cholesky factor `L`.
    static func solve(_ lower: [Double], size: Int, _ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<size {
            for k in 0..<i { y[i] -= lower[i * size + k] * y[k] }
            y[i] /= lower[i * size + i]
        }
        for i in stride(from: size - 1, through: 0, by: -1) {
            for k in (i + 1)..<size { y[i] -= lower[k * size + i] * y[k] }
            y[i] /= lower[i * size + i]
        }
        return y
    }
}
