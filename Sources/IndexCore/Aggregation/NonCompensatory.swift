/// The Mazziotta–Pareto index (MPI) and its adjusted form (AMPI): the mean of a unit's
/// standardised children, penalised by how unbalanced they are, so that a low child is only partly
/// made up for by a high one.
///
/// For each child `j`, over the units of the cross-section that have a value for it:
///
/// ```
/// MPI    z_ij = 100 + 10 · (x_ij − mean_j) / sd_j          sd with n − 1 (R's scale())
/// AMPI   z_ij = 70 + 60 · (x_ij − min_j) / (max_j − min_j)
/// ```
///
/// then for each unit `i`, over its `m` children present, with weight shares `s_j = w_j / Σ w`:
///
/// ```
/// M_i = Σ s_j z_ij
/// S_i² = m / (m − 1) · Σ s_j (z_ij − M_i)²     (MPI; 0 when m = 1)
/// S_i² = Σ s_j (z_ij − M_i)²                   (AMPI)
/// cv_i = S_i / M_i
/// MPI−_i = M_i − S_i · cv_i     (mpi, mpi:-)   the penalty lowers an unbalanced unit's score
/// MPI+_i = M_i + S_i · cv_i     (mpi:+)        for an index where a higher score is worse
/// ```
///
/// With equal weights this is Compind's `ci_mpi` (version 2.7.1, which standardises inside the
/// function with `scale()`; its `penalty = "POS"` is `mpi:-`) and its `ci_ampi` (whose default
/// `penalty = "NEG"` is `ampi`: Compind's two functions name the direction oppositely) with the goalposts
/// at the cross-section's midpoint `(min + max) / 2` and `Δ = (max − min) / 2` (Compind takes the
/// reference from the user and `Δ` over every period). Compind's MPI is unweighted; here the
/// node's weights enter as shares of the mean and of the variance, and equal weights give
/// Compind's numbers exactly.
///
/// Edge cases: a child with fewer than two values, or with no spread, has `z = 100` for every unit
/// (it tells the units apart in nothing). A unit with no child present has no score. `M_i ≤ 0`
/// (a unit more than ten standard deviations below the mean on average) is an error.
///
/// Source: Mazziotta, M., Pareto, A. (2016), "On a generalized non-compensatory composite index
/// for measuring socio-economic phenomena", Social Indicators Research 127; Compind (Fusco,
/// Vidoli, Sahoo).
public struct MazziottaPareto: Sendable, Hashable {
    /// AMPI (rescaled to 70–130, population variance) rather than MPI.
    public var isAdjusted: Bool
    /// `true`: `M − S·cv` (an unbalanced unit scores lower); `false`: `M + S·cv`.
    public var subtractsPenalty: Bool

    public init(isAdjusted: Bool = false, subtractsPenalty: Bool = true) {
        self.isAdjusted = isAdjusted
        self.subtractsPenalty = subtractsPenalty
    }

    /// `mpi`, `mpi:+`, `ampi`, `ampi:+`.
    public var name: String { (isAdjusted ? "ampi" : "mpi") + (subtractsPenalty ? "" : ":+") }

    /// The standardised values `z_ij` (`NaN` where `x_ij` is missing).
    ///
    /// - Parameter values: units × children, `NaN` = missing.
    public func standardised(_ values: [[Double]]) -> [[Double]] {
        let childCount = values.first?.count ?? 0
        var z = values
        for j in 0..<childCount {
            let column = values.map { $0[j] }.filter { !$0.isNaN }
            var centre = 0.0
            var spread = 0.0
            if isAdjusted {
                let low = column.min() ?? 0
                let high = column.max() ?? 0
                centre = low
                spread = high - low
            } else if column.count >= 2 {
                centre = column.reduce(0, +) / Double(column.count)
                spread = (column.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(column.count - 1))
                    .squareRoot()
            }
            for i in values.indices where !values[i][j].isNaN {
                guard spread > 0, spread.isFinite else {
                    z[i][j] = 100
                    continue
                }
                z[i][j] =
                    isAdjusted
                    ? 70 + 60 * (values[i][j] - centre) / spread : 100 + 10 * (values[i][j] - centre) / spread
            }
        }
        return z
    }

    /// Every unit's score.
    ///
    /// - Parameters:
    ///   - values: units × children, `NaN` = missing.
    ///   - weights: the children's weights (non-negative; only their ratios matter).
    ///   - node: the node's id, for messages.
    ///   - units: the units' ids, for messages.
    /// - Returns: one score per unit, `NaN` for a unit with no child present (or whose present
    ///   children all weigh 0).
    /// - Throws: ``IndexError`` naming the node and the unit when a unit's mean `M_i` is not positive.
    public func scores(
        _ values: [[Double]],
        weights: [Double],
        node: String = "",
        units: [String] = []
    ) throws
        -> [Double]
    {
        let z = standardised(values)
        return try z.indices.map { i in
            var total = 0.0
            var mean = 0.0
            var present = 0
            for (value, weight) in zip(z[i], weights) where !value.isNaN && weight > 0 {
                total += weight
                mean += weight * value
                present += 1
            }
            guard total > 0 else { return .nan }
            mean /= total
            var variance = 0.0
            for (value, weight) in zip(z[i], weights) where !value.isNaN && weight > 0 {
                variance += weight / total * (value - mean) * (value - mean)
            }
            if !isAdjusted { variance = present > 1 ? variance * Double(present) / Double(present - 1) : 0 }
            guard mean > 0 else {
                throw IndexError(
                    "\(name) aggregation of '\(node)': the mean of the standardised children is \(mean), not positive, so the coefficient of variation is undefined",
                    unit: i < units.count ? units[i] : nil
                )
            }
            let penalty = variance / mean  // S · cv = S² / M
            return subtractsPenalty ? mean - penalty : mean + penalty
        }
    }
}

/// Benefit-of-the-doubt aggregation (data envelopment analysis, constant returns to scale): each
/// unit is scored with the weights most favourable to it, subject to no unit scoring above 1 with
/// those weights, and to bounds on each child's share of the unit's own score.
///
/// For unit `i` with children present `P_i` (values `x ≥ 0`):
///
/// ```
/// BoD_i = max_w  Σ_{j∈P_i} w_j x_ij
///   subject to   Σ_j w_j x_kj ≤ 1          every unit k (a missing x_kj counts 0)
///                L_j ≤ w_j x_ij / Σ_{l∈P_i} w_l x_il ≤ U_j     j ∈ P_i   (written linearly)
///                w ≥ 0
/// ```
///
/// `bod` has no share bounds; `bod:L,U` bounds every share to `[L, U]` (Compind's
/// `ci_bod_constr(x, low_w = L, up_w = U)`, Cherchye et al.'s pie shares); `bod-nominal:L,U`
/// bounds child `j`'s share to `[L · s_j, U · s_j]` (capped at 1), `s_j` its nominal weight share
/// among the children present, so the framework's weights say how far each unit may lean. Scores
/// run from 0 to 1 (1 = on the frontier).
///
/// A child at 0 with a positive lower share bound forces the unit's score to 0 (its share cannot
/// reach the bound), as in Compind. The LP is solved by ``LinearProgram`` (two-phase simplex,
/// Bland's rule). Optimal weights need not be unique; the ones returned are the simplex's vertex.
///
/// Source: Cherchye, Moesen, Rogge, Van Puyenbroeck (2007), "An introduction to 'benefit of the
/// doubt' composite indicators", Social Indicators Research 82; OECD/JRC Handbook (2008) §6.
public struct BenefitOfTheDoubt: Sendable, Hashable {
    /// The lowest share of a unit's score one child may carry (or multiple of its nominal share).
    public var lower: Double
    /// The highest share of a unit's score one child may carry (or multiple of its nominal share).
    public var upper: Double
    /// The bounds multiply each child's nominal weight share rather than being shares themselves.
    public var isRelativeToNominal: Bool

    /// - Precondition: `0 ≤ lower ≤ upper` (checked when parsed from a name).
    public init(lower: Double = 0, upper: Double = 1, isRelativeToNominal: Bool = false) {
        precondition(lower >= 0 && lower <= upper, "benefit-of-the-doubt bounds need 0 ≤ lower ≤ upper")
        self.lower = lower
        self.upper = upper
        self.isRelativeToNominal = isRelativeToNominal
    }

    /// Whether the shares are bounded at all.
    public var isBounded: Bool { isRelativeToNominal || lower > 0 || upper < 1 }

    /// `bod`, `bod:L,U`, `bod-nominal:L,U`.
    public var name: String {
        if isRelativeToNominal { return "bod-nominal:\(lower),\(upper)" }
        return isBounded ? "bod:\(lower),\(upper)" : "bod"
    }

    /// One unit's optimum.
    public struct Solution: Sendable, Hashable {
        /// The unit's score, 0 to 1.
        public var score: Double
        /// The weight of each child (0 for a child missing for the unit).
        public var weights: [Double]
        /// Each child's share of the score, `w_j x_ij / score` (`NaN` for a missing child; all
        /// `NaN` when the score is 0).
        public var shares: [Double]
    }

    /// Every unit's optimum.
    ///
    /// - Parameters:
    ///   - values: units × children, `NaN` = missing, others ≥ 0.
    ///   - weights: the children's nominal weights (used only by `bod-nominal`).
    ///   - node: the node's id, for messages.
    ///   - units: the units' ids, for messages.
    /// - Returns: one solution per unit; a unit with no child present has a `NaN` score.
    /// - Throws: ``IndexError`` naming the node (and unit) for a negative value, bounds that no
    ///   shares can meet (`Σ L_j > 1` or `Σ U_j < 1`), or a linear program that fails.
    public func solve(
        _ values: [[Double]],
        weights: [Double],
        node: String = "",
        units: [String] = []
    ) throws
        -> [Solution]
    {
        let m = values.first?.count ?? 0
        for (i, row) in values.enumerated() {
            if let j = row.firstIndex(where: { $0 < 0 }) {
                throw IndexError(
                    "benefit-of-the-doubt aggregation of '\(node)' needs values ≥ 0; child \(j + 1) is \(row[j]). Use min-max normalisation",
                    unit: i < units.count ? units[i] : nil
                )
            }
        }
        let frontier = values.map { row in row.map { $0.isNaN ? 0 : $0 } }
        return try values.enumerated().map { i, row in
            let present = (0..<m).filter { !row[$0].isNaN }
            guard !present.isEmpty else {
                return Solution(score: .nan, weights: [Double](repeating: 0, count: m), shares: row.map { _ in .nan })
            }
            let (lows, highs) = bounds(present: present, weights: weights)
            if lows.reduce(0, +) > 1 + 1e-12 || highs.reduce(0, +) < 1 - 1e-12 {
                throw IndexError(
                    "\(name) aggregation of '\(node)': no shares of \(present.count) children can lie within the bounds (the lower bounds add up to \(lows.reduce(0, +)), the upper to \(highs.reduce(0, +)); they must enclose 1)",
                    unit: i < units.count ? units[i] : nil
                )
            }
            var objective = [Double](repeating: 0, count: m)
            for j in present { objective[j] = row[j] }
            var constraints = frontier.map { LinearProgram.Constraint($0, .lessOrEqual, 1) }
            if isBounded {
                for (k, j) in present.enumerated() {
                    // x_ij w_j − U_j Σ x_il w_l ≤ 0   and   L_j Σ x_il w_l − x_ij w_j ≤ 0
                    var upperRow = objective.map { -highs[k] * $0 }
                    upperRow[j] += row[j]
                    constraints.append(LinearProgram.Constraint(upperRow, .lessOrEqual, 0))
                    if lows[k] > 0 {
                        var lowerRow = objective.map { lows[k] * $0 }
                        lowerRow[j] -= row[j]
                        constraints.append(LinearProgram.Constraint(lowerRow, .lessOrEqual, 0))
                    }
                }
            }
            let solution: LinearProgram.Solution
            do {
                solution = try LinearProgram(maximise: objective, subjectTo: constraints).solve()
            } catch var error as IndexError {
                error.message = "benefit-of-the-doubt aggregation of '\(node)': " + error.message
                error.unit = i < units.count ? units[i] : nil
                throw error
            }
            let score = Swift.min(1, Swift.max(0, solution.value))
            let shares = (0..<m).map { j in
                row[j].isNaN || score == 0 ? Double.nan : solution.variables[j] * row[j] / solution.value
            }
            return Solution(score: score, weights: solution.variables, shares: shares)
        }
    }

    /// Each present child's lower and upper share bound.
    func bounds(present: [Int], weights: [Double]) -> (lower: [Double], upper: [Double]) {
        guard isRelativeToNominal else {
            return (present.map { _ in lower }, present.map { _ in Swift.min(1, upper) })
        }
        let total = present.reduce(0) { $0 + Swift.max(0, weights[$1]) }
        let shares = present.map { total > 0 ? Swift.max(0, weights[$0]) / total : 1 / Double(present.count) }
        return (shares.map { lower * $0 }, shares.map { Swift.min(1, upper * $0) })
    }
}
