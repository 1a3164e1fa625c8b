/// A small dense linear program, solved by the two-phase simplex method with Bland's rule.
///
/// ```
/// maximise   c · x
/// subject to a_k · x  (≤ | = | ≥)  b_k     for every constraint k
///            x ≥ 0
/// ```
///
/// Written for benefit-of-the-doubt aggregation (one program per unit, a few dozen variables and
/// a few hundred constraints), not as a general solver: the tableau is dense, `O(rows × columns)`
/// memory, every pivot `O(rows × columns)` time.
///
/// **Method.** Each constraint is first turned so that its bound is non-negative. A `≤` row gets a
/// slack variable, which starts in the basis; a `≥` row gets a surplus and an artificial variable,
/// an `=` row an artificial one. Phase 1 maximises minus the sum of the artificials; if that
/// optimum is below `−tolerance · max(1, max |b_k|)` the program is infeasible. Artificials still in
/// the basis at zero are pivoted out on any other column with a non-zero entry (a row with none is
/// redundant and kept, its artificial fixed at zero). Phase 2 maximises `c · x`, artificials barred
/// from entering.
///
/// **Pivoting.** Bland's rule: the entering column is the lowest-numbered one whose reduced cost
/// exceeds `tolerance`; the leaving row is the one with the smallest ratio `b_i / a_ij` over
/// `a_ij > tolerance`, ties to the lowest-numbered basic variable. Bland's rule cannot cycle, so
/// degenerate programs (many bounds at zero, as the share constraints of benefit of the doubt are)
/// end; the iteration limit is a guard against rounding, not the stopping rule.
///
/// **Tolerance** ``tolerance`` = 10⁻⁹, absolute, for reduced costs, pivot entries and ratios; the
/// program's numbers should be of order 1 to 100 (normalised scores, shares).
/// **Iteration limit** 50 × (rows + columns) pivots over both phases, at least 1,000.
public struct LinearProgram: Sendable, Hashable {
    /// How a constraint's left side compares with its bound.
    public enum Relation: Sendable, Hashable {
        case lessOrEqual, equal, greaterOrEqual
    }

    /// `coefficients · x (relation) bound`.
    public struct Constraint: Sendable, Hashable {
        public var coefficients: [Double]
        public var relation: Relation
        public var bound: Double

        public init(_ coefficients: [Double], _ relation: Relation, _ bound: Double) {
            self.coefficients = coefficients
            self.relation = relation
            self.bound = bound
        }
    }

    /// An optimal solution.
    public struct Solution: Sendable, Hashable {
        /// The objective's value at the optimum.
        public var value: Double
        /// The variables at the optimum (not unique when the optimum is degenerate).
        public var variables: [Double]
        /// Pivots made over both phases.
        public var iterations: Int
    }

    /// The objective's coefficients: the program maximises `objective · x`.
    public var objective: [Double]
    public var constraints: [Constraint]

    /// Reduced costs, pivot entries and ratios smaller than this are taken as zero.
    public static let tolerance = 1e-9

    public init(maximise objective: [Double], subjectTo constraints: [Constraint]) {
        self.objective = objective
        self.constraints = constraints
    }

    /// The pivots allowed over both phases: 50 × (rows + columns), at least 1,000.
    public var iterationLimit: Int {
        let columns = objective.count + 2 * constraints.count
        return Swift.max(1000, 50 * (constraints.count + columns))
    }

    /// Solves the program.
    ///
    /// - Parameter limit: the pivots allowed; `nil` = ``iterationLimit``.
    /// - Throws: ``IndexError`` when a constraint's length differs from the objective's, a number
    ///   is not finite, the program is infeasible or unbounded, or the iteration limit is reached
    ///   (kind `limitExceeded`).
    public func solve(iterationLimit limit: Int? = nil) throws -> Solution {
        let n = objective.count
        guard n > 0 else { throw IndexError("a linear program needs at least one variable") }
        guard objective.allSatisfy(\.isFinite) else {
            throw IndexError("a linear program's objective has a number that is not finite")
        }
        for (k, constraint) in constraints.enumerated() {
            guard constraint.coefficients.count == n else {
                throw IndexError(
                    "constraint \(k + 1) of a linear program has \(constraint.coefficients.count) coefficients; the objective has \(n)"
                )
            }
            guard constraint.coefficients.allSatisfy(\.isFinite), constraint.bound.isFinite else {
                throw IndexError("constraint \(k + 1) of a linear program has a number that is not finite")
            }
        }
        var tableau = Tableau(program: self)
        return try tableau.solve(limit: limit ?? iterationLimit)
    }
}

/// The dense simplex tableau of a ``LinearProgram``.
///
/// Columns: the program's variables, then one slack or surplus per inequality, then one artificial
/// per `≥` or `=` row, then the right-hand side.
struct Tableau {
    let variableCount: Int
    let rowCount: Int
    let columnCount: Int
    /// The first artificial column.
    let artificialStart: Int
    /// `rowCount × (columnCount + 1)`, row-major; the last entry of a row is its right-hand side.
    var cells: [Double]
    /// The basic variable (column) of each row.
    var basis: [Int]
    let objective: [Double]
    /// The reduced costs of the phase being solved (empty between phases).
    var reduced: [Double] = []
    var iterations = 0
    let tolerance = LinearProgram.tolerance

    init(program: LinearProgram) {
        let n = program.objective.count
        let rows = program.constraints.count
        // Turn every row so its bound is ≥ 0.
        let turned = program.constraints.map { constraint -> LinearProgram.Constraint in
            guard constraint.bound < 0 else { return constraint }
            let relation: LinearProgram.Relation =
                switch constraint.relation {
                case .lessOrEqual: .greaterOrEqual
                case .greaterOrEqual: .lessOrEqual
                case .equal: .equal
                }
            return LinearProgram.Constraint(constraint.coefficients.map { -$0 }, relation, -constraint.bound)
        }
        let inequalities = turned.filter { $0.relation != .equal }.count
        let artificials = turned.filter { $0.relation != .lessOrEqual }.count
        variableCount = n
        rowCount = rows
        artificialStart = n + inequalities
        columnCount = n + inequalities + artificials
        objective = program.objective
        let width = columnCount + 1
        cells = [Double](repeating: 0, count: rows * width)
        basis = [Int](repeating: 0, count: rows)
        var slack = n
        var artificial = artificialStart
        for (i, constraint) in turned.enumerated() {
            for j in 0..<n { cells[i * width + j] = constraint.coefficients[j] }
            cells[i * width + columnCount] = constraint.bound
            switch constraint.relation {
            case .lessOrEqual:
                cells[i * width + slack] = 1
                basis[i] = slack
                slack += 1
            case .greaterOrEqual:
                cells[i * width + slack] = -1
                slack += 1
                cells[i * width + artificial] = 1
                basis[i] = artificial
                artificial += 1
            case .equal:
                cells[i * width + artificial] = 1
                basis[i] = artificial
                artificial += 1
            }
        }
    }

    subscript(row: Int, column: Int) -> Double {
        get { cells[row * (columnCount + 1) + column] }
        set { cells[row * (columnCount + 1) + column] = newValue }
    }

    mutating func solve(limit: Int) throws -> LinearProgram.Solution {
        if artificialStart < columnCount {
            // Phase 1: maximise −Σ artificials.
            var costs = [Double](repeating: 0, count: columnCount)
            for j in artificialStart..<columnCount { costs[j] = -1 }
            let value = try optimise(costs: costs, allowed: columnCount, limit: limit)
            let scale = Swift.max(1, (0..<rowCount).map { abs(self[$0, columnCount]) }.max() ?? 1)
            guard value >= -tolerance * scale else {
                throw IndexError(
                    "the linear program is infeasible: no point meets every constraint (phase 1 ended \(-value) short)"
                )
            }
            driveOutArtificials()
        }
        var costs = [Double](repeating: 0, count: columnCount)
        for j in 0..<variableCount { costs[j] = objective[j] }
        let value = try optimise(costs: costs, allowed: artificialStart, limit: limit)
        var variables = [Double](repeating: 0, count: variableCount)
        for (i, column) in basis.enumerated() where column < variableCount {
            variables[column] = Swift.max(0, self[i, columnCount])
        }
        return LinearProgram.Solution(value: value, variables: variables, iterations: iterations)
    }

    /// Maximises `costs · x` from the current basic feasible solution, entering only columns
    /// below `allowed`; returns the optimum.
    ///
    /// The reduced costs `c_j − Σ_i c_basis(i) a_ij` are computed once and then updated by every
    /// pivot like a row of the tableau.
    mutating func optimise(costs: [Double], allowed: Int, limit: Int) throws -> Double {
        reduced = costs
        for i in 0..<rowCount {
            let cost = costs[basis[i]]
            guard cost != 0 else { continue }
            for j in 0..<columnCount { reduced[j] -= cost * self[i, j] }
        }
        defer { reduced = [] }
        while true {
            // Enter the first column with a positive reduced cost (Bland).
            guard let column = (0..<allowed).first(where: { reduced[$0] > tolerance }) else { break }
            var leaving: Int?
            var best = Double.infinity
            for i in 0..<rowCount where self[i, column] > tolerance {
                let ratio = self[i, columnCount] / self[i, column]
                if let current = leaving {
                    if ratio < best - tolerance || (abs(ratio - best) <= tolerance && basis[i] < basis[current]) {
                        leaving = i
                        best = Swift.min(best, ratio)
                    }
                } else {
                    leaving = i
                    best = ratio
                }
            }
            guard let row = leaving else {
                throw IndexError(
                    "the linear program is unbounded: its objective grows without limit along variable \(column + 1)"
                )
            }
            guard iterations < limit else {
                throw IndexError(
                    "the linear program was not solved within \(limit) pivots (rounding trouble?)",
                    kind: .limitExceeded
                )
            }
            pivot(row: row, column: column)
        }
        var value = 0.0
        for i in 0..<rowCount { value += costs[basis[i]] * self[i, columnCount] }
        return value
    }

    mutating func pivot(row: Int, column: Int) {
        iterations += 1
        let width = columnCount + 1
        let divisor = self[row, column]
        for j in 0..<width { cells[row * width + j] /= divisor }
        for i in 0..<rowCount where i != row {
            let factor = self[i, column]
            guard factor != 0 else { continue }
            for j in 0..<width { cells[i * width + j] -= factor * cells[row * width + j] }
            cells[i * width + column] = 0
        }
        if !reduced.isEmpty {
            let factor = reduced[column]
            for j in 0..<columnCount { reduced[j] -= factor * cells[row * width + j] }
            reduced[column] = 0
        }
        basis[row] = column
    }

    /// After phase 1, pivots each artificial left in the basis (at zero) out on the first other
    /// column with a non-zero entry in its row; a row with none is redundant and keeps its
    /// artificial, fixed at zero because artificials never enter again.
    mutating func driveOutArtificials() {
        for i in 0..<rowCount where basis[i] >= artificialStart {
            if let column = (0..<artificialStart).first(where: { abs(self[i, $0]) > tolerance && !basis.contains($0) })
            {
                pivot(row: i, column: column)
            }
        }
    }
}
