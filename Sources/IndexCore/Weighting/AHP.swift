import RealModule

/// A square pairwise-comparison (judgement) matrix: `a[i][j]` says how much more important i is than j.
public struct JudgementMatrix: Sendable, Hashable {
    /// `entries[i][j]`: how much more important item i is than item j (positive, reciprocal, 1 on the diagonal).
    public var entries: [[Double]]

    /// Creates a matrix after checking it is square, positive and reciprocal.
    ///
    /// Reciprocity is checked as `|a_ij · a_ji − 1| ≤ 0.01`, so rounded decimals such as 0.333 pass.
    ///
    /// - Throws: ``IndexError`` naming the first offending row and column (1-based).
    public init(_ entries: [[Double]]) throws {
        let n = entries.count
        guard n > 0 else { throw IndexError("judgement matrix is empty") }
        for (row, values) in entries.enumerated() where values.count != n {
            throw IndexError(
                "judgement matrix is not square: row \(row + 1) has \(values.count) entries, expected \(n)"
            )
        }
        for i in 0..<n {
            for j in 0..<n {
                let a = entries[i][j]
                guard a.isFinite, a > 0 else {
                    throw IndexError("judgement matrix entry (\(i + 1), \(j + 1)) = \(a) is not positive")
                }
            }
            guard abs(entries[i][i] - 1) <= 1e-9 else {
                throw IndexError("judgement matrix diagonal entry (\(i + 1), \(i + 1)) = \(entries[i][i]), expected 1")
            }
            for j in (i + 1)..<n where abs(entries[i][j] * entries[j][i] - 1) > 0.01 {
                throw IndexError(
                    "judgement matrix is not reciprocal: a(\(i + 1),\(j + 1)) = \(entries[i][j]) but a(\(j + 1),\(i + 1)) = \(entries[j][i])"
                )
            }
        }
        self.entries = entries
    }

    /// The matrix order n.
    public var order: Int { entries.count }

    /// A consistent matrix built from weights: `a_ij = w_i / w_j`.
    public static func consistent(with weights: [Double]) throws -> JudgementMatrix {
        try JudgementMatrix(weights.map { wi in weights.map { wj in wi / wj } })
    }
}

/// How priorities are extracted from a judgement matrix.
public enum PriorityMethod: String, Sendable, Hashable, CaseIterable {
    /// The principal right eigenvector, by power iteration (Saaty).
    case eigenvector
    /// The normalised row geometric means (Crawford & Williams).
    case geometricMean = "geometric-mean"
    /// The mean of the column-normalised matrix (和积法).
    case columnMean = "column-mean"
}

/// How several experts' judgements are combined (Forman & Peniwati 1998).
public enum GroupAggregation: String, Sendable, Hashable, CaseIterable {
    /// Aggregation of individual judgements: element-wise weighted geometric mean.
    case aij
    /// Aggregation of individual priorities by weighted geometric mean (renormalised).
    case aipGeometric = "aip-geometric"
    /// Aggregation of individual priorities by weighted arithmetic mean.
    case aipArithmetic = "aip-arithmetic"
}

/// The outcome of AHP on one matrix.
public struct AHPResult: Sendable, Hashable {
    /// Priorities, totalling 1.
    public var weights: [Double]
    /// The principal eigenvalue estimate λmax (n for n ≤ 2).
    public var lambdaMax: Double
    /// CI = (λmax − n)/(n − 1).
    public var ci: Double
    /// CR = CI / RI(n); 0 for n ≤ 2.
    public var cr: Double
    /// The random index RI(n) used for CR.
    public var ri: Double
    /// The RI table's name.
    public var riTable: String
    /// The priority method used.
    public var method: PriorityMethod

    /// Whether CR < 0.10, Saaty's threshold.
    public var isConsistent: Bool { cr < AHP.consistencyThreshold }
}

/// The outcome of group AHP.
public struct GroupAHPResult: Sendable, Hashable {
    /// The group's priorities.
    public var weights: [Double]
    /// The aggregated matrix's consistency under AIJ; `nil` under AIP.
    public var consistency: AHPResult?
    /// Each expert's own result, in input order.
    public var experts: [AHPResult]
    /// How the experts were combined.
    public var aggregation: GroupAggregation
}

/// The analytic hierarchy process (Saaty 1980).
public enum AHP {
    /// Saaty's acceptability threshold for CR.
    public static let consistencyThreshold = 0.10

    /// Priorities and consistency of one matrix.
    ///
    /// ```
    /// eigenvector:     A w = λmax w, by power iteration until max |Δw| < 1e-14
    /// geometric mean:  w_i ∝ (Π_j a_ij)^(1/n)
    /// column mean:     w_i = (1/n) Σ_j a_ij / Σ_k a_kj
    /// λ = mean_i (A w)_i / w_i,  CI = (λ − n)/(n − 1),  CR = CI / RI(n)
    /// ```
    /// For n ≤ 2 CI and CR are 0. For n = 3 all three methods agree on a consistent matrix, and the
    /// eigenvector equals the geometric-mean vector for any 3 × 3 reciprocal matrix.
    ///
    /// - Throws: ``IndexError`` when the RI table has no value for n.
    public static func analyse(
        _ matrix: JudgementMatrix,
        method: PriorityMethod = .eigenvector,
        riTable: RandomIndexTable = .saaty1980
    ) throws -> AHPResult {
        let a = matrix.entries
        let n = matrix.order
        let weights: [Double]
        switch method {
        case .eigenvector: weights = principalEigenvector(a)
        case .geometricMean:
            weights = normalised(a.map { row in Double.exp(row.map { Double.log($0) }.reduce(0, +) / Double(n)) })
        case .columnMean:
            let columnSums = (0..<n).map { j in (0..<n).reduce(0) { $0 + a[$1][j] } }
            weights = (0..<n).map { i in (0..<n).reduce(0) { $0 + a[i][$1] / columnSums[$1] } / Double(n) }
        }
        let lambda = lambdaMax(a, weights: weights)
        let ci = n > 2 ? (lambda - Double(n)) / Double(n - 1) : 0
        let ri = try riTable.value(for: n)
        let cr = n > 2 && ri > 0 ? ci / ri : 0
        return AHPResult(
            weights: weights,
            lambdaMax: n > 2 ? lambda : Double(n),
            ci: ci,
            cr: cr,
            ri: ri,
            riTable: riTable.name,
            method: method
        )
    }

    /// AHP for a group of experts.
    ///
    /// Expert weights are rescaled to total 1 (equal when `nil`). AIJ aggregates the matrices
    /// element-wise (`ā_ij = Π_k a_ijk^λk`) and analyses the result; AIP analyses each matrix and
    /// aggregates the priorities geometrically (renormalised) or arithmetically.
    ///
    /// - Throws: ``IndexError`` on mismatched orders or expert weights.
    public static func analyseGroup(
        _ matrices: [JudgementMatrix],
        expertWeights: [Double]? = nil,
        aggregation: GroupAggregation = .aij,
        method: PriorityMethod = .eigenvector,
        riTable: RandomIndexTable = .saaty1980
    ) throws -> GroupAHPResult {
        guard let first = matrices.first else { throw IndexError("no judgement matrices") }
        let n = first.order
        for (index, matrix) in matrices.enumerated() where matrix.order != n {
            throw IndexError("expert \(index + 1)'s matrix is \(matrix.order) × \(matrix.order), expected \(n) × \(n)")
        }
        let rawWeights = expertWeights ?? Array(repeating: 1, count: matrices.count)
        guard rawWeights.count == matrices.count else {
            throw IndexError("\(rawWeights.count) expert weights for \(matrices.count) experts")
        }
        guard rawWeights.allSatisfy({ $0 >= 0 && $0.isFinite }), rawWeights.reduce(0, +) > 0 else {
            throw IndexError("expert weights must be non-negative and not all zero")
        }
        let lambdas = normalised(rawWeights)
        let experts = try matrices.map { try analyse($0, method: method, riTable: riTable) }
        switch aggregation {
        case .aij:
            let combined = try JudgementMatrix(
                (0..<n).map { i in
                    (0..<n).map { j in
                        Double.exp(zip(matrices, lambdas).reduce(0) { $0 + $1.1 * Double.log($1.0.entries[i][j]) })
                    }
                }
            )
            let result = try analyse(combined, method: method, riTable: riTable)
            return GroupAHPResult(
                weights: result.weights,
                consistency: result,
                experts: experts,
                aggregation: aggregation
            )
        case .aipGeometric:
            let weights = normalised(
                (0..<n).map { i in
                    Double.exp(zip(experts, lambdas).reduce(0) { $0 + $1.1 * Double.log($1.0.weights[i]) })
                }
            )
            return GroupAHPResult(weights: weights, consistency: nil, experts: experts, aggregation: aggregation)
        case .aipArithmetic:
            let weights = normalised(
                (0..<n).map { i in zip(experts, lambdas).reduce(0) { $0 + $1.1 * $1.0.weights[i] } }
            )
            return GroupAHPResult(weights: weights, consistency: nil, experts: experts, aggregation: aggregation)
        }
    }

    /// λ = mean_i (A w)_i / w_i.
    static func lambdaMax(_ a: [[Double]], weights: [Double]) -> Double {
        let n = a.count
        var total = 0.0
        for i in 0..<n {
            var product = 0.0
            for j in 0..<n { product += a[i][j] * weights[j] }
            total += product / weights[i]
        }
        return total / Double(n)
    }

    /// The principal right eigenvector of a positive matrix, by power iteration.
    ///
    /// Converges for positive matrices (Perron–Frobenius); iterates until the largest change in any
    /// component is below 1e-14, or 10,000 steps.
    static func principalEigenvector(_ a: [[Double]]) -> [Double] {
        let n = a.count
        var w = [Double](repeating: 1 / Double(n), count: n)
        var next = w
        for _ in 0..<10_000 {
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum += a[i][j] * w[j] }
                next[i] = sum
            }
            let total = next.reduce(0, +)
            var change = 0.0
            for i in 0..<n {
                next[i] /= total
                change = max(change, abs(next[i] - w[i]))
            }
            swap(&w, &next)
            if change < 1e-14 { break }
        }
        return w
    }

    static func normalised(_ values: [Double]) -> [Double] {
        let total = values.reduce(0, +)
        return values.map { $0 / total }
    }
}
