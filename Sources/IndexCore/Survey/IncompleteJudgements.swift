import RealModule

/// Completes a pairwise-comparison matrix with missing judgements (Harker 1987).
///
/// An expert may leave pairs out. Harker's method replaces each missing `a_ij` by the ratio of the
/// priorities it implies, `w_i / w_j`, with `w` the principal eigenvector of
///
/// ```
/// c_ij = a_ij            when (i, j) is judged
/// c_ij = 0               when (i, j) is missing (i ≠ j)
/// c_ii = 1 + m_i         m_i = the number of missing entries in row i
/// ```
/// The completed matrix has the same eigenvector and λmax as C (each missing `a_ij w_j = w_i` moves
/// into the diagonal), so its CR is the one Harker defines for the incomplete matrix.
///
/// Properties: a consistent matrix with entries removed is completed to the original exactly; with one
/// missing entry in a 3 × 3 matrix the completion is the product of the two judgements through the
/// third child (`a_13 = a_12 · a_23`), so CR = 0.
///
/// The judged pairs must connect every child (otherwise some ratios are not determined).
public enum IncompleteJudgements {
    /// A filled-in entry.
    public struct Completion: Sendable, Hashable {
        /// The entry's row (0-based).
        public var row: Int
        /// The entry's column (0-based).
        public var column: Int
        /// The value filled in.
        public var value: Double
    }

    /// The completed matrix and the entries filled in (upper triangle, `row < column`).
    ///
    /// - Parameter entries: an n × n matrix with `nil` for pairs not judged; judged entries must already
    ///   be reciprocal (`a_ji = 1 / a_ij`).
    /// - Returns: the completed matrix, and each entry filled in.
    /// - Throws: ``IndexError`` naming two children (1-based) the judgements do not connect.
    public static func complete(_ entries: [[Double?]]) throws -> (matrix: JudgementMatrix, completions: [Completion]) {
        let n = entries.count
        guard n > 0, entries.allSatisfy({ $0.count == n }) else {
            throw IndexError("a judgement matrix must be square and not empty")
        }
        var missing: [(Int, Int)] = []
        for i in 0..<n {
            for j in (i + 1)..<n where entries[i][j] == nil { missing.append((i, j)) }
        }
        if missing.isEmpty {
            return (
                try JudgementMatrix(
                    entries.enumerated().map { i, row in row.enumerated().map { j, a in i == j ? 1 : a ?? 1 } }
                ), []
            )
        }
        // Connectivity of the judged pairs (depth-first from child 0).
        var reached = [Bool](repeating: false, count: n)
        var stack = [0]
        reached[0] = true
        while let i = stack.popLast() {
            for j in 0..<n where !reached[j] && i != j && entries[i][j] != nil {
                reached[j] = true
                stack.append(j)
            }
        }
        if let unreached = reached.firstIndex(of: false) {
            throw IndexError(
                "the judgements do not connect child 1 with child \(unreached + 1): judge at least one pair linking them"
            )
        }
        var c = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            var missingInRow = 0
            for j in 0..<n where i != j {
                if let a = entries[i][j] { c[i][j] = a } else { missingInRow += 1 }
            }
            c[i][i] = 1 + Double(missingInRow)
        }
        let w = AHP.principalEigenvector(c)
        var completed = [[Double]](repeating: [Double](repeating: 1, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n where i != j { completed[i][j] = entries[i][j] ?? w[i] / w[j] }
        }
        return (
            try JudgementMatrix(completed),
            missing.map { Completion(row: $0.0, column: $0.1, value: w[$0.0] / w[$0.1]) }
        )
    }
}

/// The judgement to revisit in an inconsistent matrix, with the value that would repair it.
public struct JudgementRevision: Sendable, Hashable {
    /// The row and column (0-based, `row < column`) of the judgement.
    public var row: Int
    /// The column (0-based, `row < column`) of the judgement.
    public var column: Int
    /// The expert's judgement `a_ij`.
    public var current: Double
    /// The ratio the priorities imply, `w_i / w_j`.
    public var implied: Double
    /// `implied` rounded to the nearest value of Saaty's scale (in log space).
    public var suggested: Double

    /// Of the judged pairs, the one whose entry deviates most from `w_i / w_j` in log terms,
    /// `|ln a_ij − ln(w_i / w_j)|`; `nil` when no judged entry deviates (a consistent matrix).
    ///
    /// This is the entry whose error term `ε_ij = a_ij w_j / w_i` is furthest from 1, the usual first
    /// candidate in Saaty's procedure for improving consistency. Ties (within 1e-12) go to the first
    /// pair in reading order: in a 3 × 3 matrix all three judgements always deviate equally
    /// (`ε_12 ε_23 = ε_13`, with the eigenvector the row geometric mean), so the first pair is named.
    public static func worst(
        in matrix: JudgementMatrix,
        weights: [Double],
        judged: (Int, Int) -> Bool = { _, _ in true }
    ) -> JudgementRevision? {
        var best: JudgementRevision?
        var bestDeviation = 1e-9
        let n = matrix.order
        for i in 0..<n {
            for j in (i + 1)..<n where judged(i, j) {
                let implied = weights[i] / weights[j]
                let deviation = abs((matrix.entries[i][j] / implied).logarithm)
                if deviation > bestDeviation + 1e-12 {
                    bestDeviation = deviation
                    best = JudgementRevision(
                        row: i,
                        column: j,
                        current: matrix.entries[i][j],
                        implied: implied,
                        suggested: SaatyScale.nearest(implied)
                    )
                }
            }
        }
        return best
    }
}

extension Double {
    /// The natural logarithm (a name that reads in expressions).
    var logarithm: Double { Double.log(self) }
}
