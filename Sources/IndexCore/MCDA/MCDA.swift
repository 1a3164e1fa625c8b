import RealModule

/// A plain decision matrix: alternatives (rows) scored on criteria (columns), each a benefit
/// (more is better) or a cost.
public struct DecisionMatrix: Sendable, Hashable {
    /// The alternatives' names (rows).
    public var alternatives: [String]
    /// The criteria's names (columns).
    public var criteria: [String]
    /// `values[i][j]`: alternative i on criterion j.
    public var values: [[Double]]
    /// Per criterion: `true` when more is better (a benefit), `false` for a cost.
    public var isBenefit: [Bool]

    /// - Throws: ``IndexError`` for a ragged, empty or non-finite matrix.
    public init(alternatives: [String], criteria: [String], values: [[Double]], isBenefit: [Bool]? = nil) throws {
        guard !alternatives.isEmpty, !criteria.isEmpty else { throw IndexError("the decision matrix is empty") }
        guard values.count == alternatives.count, values.allSatisfy({ $0.count == criteria.count }) else {
            throw IndexError(
                "the decision matrix must have \(criteria.count) values in each of \(alternatives.count) rows"
            )
        }
        guard values.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw IndexError("the decision matrix has a missing or non-finite value")
        }
        var seen: [String: Int] = [:]
        for (row, name) in alternatives.enumerated() {
            if let first = seen[name] {
                throw IndexError(
                    "alternative '\(name)' is given twice (rows \(first + 1) and \(row + 1)): each alternative is one row",
                    unit: name
                )
            }
            seen[name] = row
        }
        let types = isBenefit ?? criteria.map { _ in true }
        guard types.count == criteria.count else {
            throw IndexError("\(types.count) criterion types for \(criteria.count) criteria")
        }
        self.alternatives = alternatives
        self.criteria = criteria
        self.values = values
        self.isBenefit = types
    }

    /// The number of alternatives.
    public var rowCount: Int { values.count }
    /// The number of criteria.
    public var columnCount: Int { criteria.count }

    func column(_ j: Int) -> [Double] { values.map { $0[j] } }

    /// The matrix with each column whose largest magnitude is beyond 2^±500 multiplied by the power
    /// of two that brings it to [1, 2); other columns as they are.
    ///
    /// Every normalisation but `none`, every objective weighting and TOPSIS are unchanged when a
    /// column is multiplied by a positive constant, and a power of two changes no digit; but their
    /// sums, squares and differences of values near ±1e308 overflow (`1e308 − (−1e308)` is `inf`,
    /// `(1e200)²` too) and of values near 1e-320 lose every digit. Values more than 2^1074 below the
    /// column's largest become zero, as they would in any sum with it.
    func rescaledColumns() -> DecisionMatrix {
        var copy = self
        for j in 0..<columnCount {
            let largest = values.reduce(0.0) { Swift.max($0, abs($1[j])) }
            guard largest > 0, largest.exponent > 500 || largest.exponent < -500 else { continue }
            // 2^-exponent in steps a double can hold (2^±1000): each product is exact unless it underflows.
            var remaining = -Int(largest.exponent)
            while remaining != 0 {
                let step = Swift.max(-1000, Swift.min(1000, remaining))
                let factor = Double(sign: .plus, exponent: step, significand: 1)
                for i in copy.values.indices { copy.values[i][j] *= factor }
                remaining -= step
            }
        }
        return copy
    }
}

/// Normalisations of a decision matrix (METHOD.md §9 names the defaults).
public enum MatrixNormalisation: String, Sendable, Hashable, CaseIterable {
    /// `(x − min) / (max − min)`, and `(max − x) / (max − min)` for a cost. A constant column gives 1.
    case minmax
    /// `x / √Σx²`; direction untouched.
    case vector
    /// `x / max`, and `min / x` for a cost.
    case linearMax = "linear-max"
    /// `(x − mean) / sd` with the chosen ddof; direction untouched.
    case zscore
    /// Values as they are.
    case none

    /// The normalised matrix.
    ///
    /// - Throws: ``IndexError`` naming the criterion for a zero norm, a zero maximum, a zero value
    ///   under a cost's `min / x`, or a zero standard deviation.
    public func apply(_ matrix: DecisionMatrix, ddof: Int = 0) throws -> [[Double]] {
        guard self != .none else { return matrix.values }
        let matrix = matrix.rescaledColumns()
        var out = matrix.values
        for j in 0..<matrix.columnCount {
            let column = matrix.column(j)
            let name = matrix.criteria[j]
            switch self {
            case .minmax:
                let low = column.min() ?? 0
                let high = column.max() ?? 0
                for i in out.indices {
                    out[i][j] =
                        high > low ? (matrix.isBenefit[j] ? column[i] - low : high - column[i]) / (high - low) : 1
                }
            case .vector:
                let norm = column.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { throw IndexError("criterion '\(name)' is all zero: no vector normalisation") }
                for i in out.indices { out[i][j] = column[i] / norm }
            case .linearMax:
                if matrix.isBenefit[j] {
                    let high = column.max() ?? 0
                    guard high != 0 else {
                        throw IndexError("criterion '\(name)' has a zero maximum: no linear-max normalisation")
                    }
                    for i in out.indices { out[i][j] = column[i] / high }
                } else {
                    let low = column.min() ?? 0
                    guard column.allSatisfy({ $0 != 0 }) else {
                        throw IndexError("cost criterion '\(name)' has a zero value: linear-max needs min / x")
                    }
                    for i in out.indices { out[i][j] = low / column[i] }
                }
            case .zscore:
                let sd = MCDA.standardDeviation(column, ddof: ddof)
                guard sd > 0 else { throw IndexError("criterion '\(name)' does not vary: no z-score") }
                let mean = Statistics.mean(column)
                for i in out.indices { out[i][j] = (column[i] - mean) / sd }
            case .none:
                break
            }
        }
        return out
    }
}

/// Scoring rules, objective weights and their combination for decision matrices.
public enum MCDA {
    /// Standard deviation with `ddof` 0 (population) or 1 (sample).
    public static func standardDeviation(_ values: [Double], ddof: Int) -> Double {
        guard values.count > ddof else { return 0 }
        let mean = Statistics.mean(values)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - ddof)).squareRoot()
    }

    /// Pearson's correlation; 0 when either side does not vary.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let mx = Statistics.mean(x)
        let my = Statistics.mean(y)
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Spearman's correlation: Pearson's on mid-ranks (ties share their mean rank).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        pearson(midRanks(x), midRanks(y))
    }

    static func midRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// `Σ_j w_j z_ij`.
    public static func weightedSum(_ z: [[Double]], weights: [Double]) -> [Double] {
        z.map { row in zip(row, weights).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// `Π_j z_ij ^ w_j`; a zero value makes the product zero.
    ///
    /// - Throws: ``IndexError`` for a negative value.
    public static func weightedProduct(_ z: [[Double]], weights: [Double]) throws -> [Double] {
        try z.map { row in
            try zip(row, weights).reduce(1.0) { product, pair in
                guard pair.0 >= 0 else {
                    throw IndexError("the weighted product needs non-negative values, not \(pair.0)")
                }
                return product * Double.pow(pair.0, pair.1)
            }
        }
    }

    /// Ranks, 1 = highest score; ties share the best rank.
    public static func ranking(_ scores: [Double]) -> [Int] {
        Ranking.competitionRanks(scores).map { $0 ?? scores.count }
    }

    /// TOPSIS (Hwang & Yoon 1981).
    public struct TOPSIS: Sendable, Hashable {
        /// The normalised matrix.
        public var normalised: [[Double]]
        /// The best value of each criterion (after weighting).
        public var positiveIdeal: [Double]
        /// The worst value of each criterion (after weighting).
        public var negativeIdeal: [Double]
        /// Each alternative's distance d⁺ to the positive ideal.
        public var distanceToPositive: [Double]
        /// Each alternative's distance d⁻ to the negative ideal.
        public var distanceToNegative: [Double]
        /// `d⁻ / (d⁺ + d⁻)`: 1 at the positive ideal.
        public var closeness: [Double]
    }

    /// Where TOPSIS applies the weights.
    public enum TOPSISDistance: String, Sendable, Hashable, CaseIterable {
        /// Weights applied to the matrix, `v = w · z`, then Euclidean distances (the default).
        case weightedMatrix = "weighted-matrix"
        /// Weights inside the distance: `√Σ w_j (z − z*)²`.
        case weightedEuclidean = "weighted-euclidean"
    }

    /// Scores alternatives by their closeness to the ideal.
    ///
    /// - Parameters:
    ///   - matrix: the alternatives' raw values and each criterion's direction.
    ///   - weights: one weight per criterion (totalling 1).
    ///   - normalisation: `vector` (default) or `minmax` of the raw matrix.
    ///   - distance: where the weights enter: the matrix (default) or the distance.
    /// - Returns: the normalised matrix, both ideals, each alternative's distances and closeness
    ///   `d⁻ / (d⁺ + d⁻)` in [0, 1].
    /// - Throws: ``IndexError`` when the normalisation cannot be done.
    public static func topsis(
        _ matrix: DecisionMatrix,
        weights: [Double],
        normalisation: MatrixNormalisation = .vector,
        distance: TOPSISDistance = .weightedMatrix
    ) throws -> TOPSIS {
        let z = try normalisation.apply(matrix)
        let v = distance == .weightedMatrix ? z.map { row in zip(row, weights).map { $0 * $1 } } : z
        // Min-max already turns costs around; vector normalisation leaves them, so the ideals do.
        let isBenefit = normalisation == .minmax ? matrix.isBenefit.map { _ in true } : matrix.isBenefit
        let columns = (0..<matrix.columnCount).map { j in v.map { $0[j] } }
        let positive = columns.enumerated().map { j, c in isBenefit[j] ? (c.max() ?? 0) : (c.min() ?? 0) }
        let negative = columns.enumerated().map { j, c in isBenefit[j] ? (c.min() ?? 0) : (c.max() ?? 0) }
        let weightsInside = distance == .weightedEuclidean
        func separation(_ row: [Double], _ ideal: [Double]) -> Double {
            var total = 0.0
            for j in row.indices {
                let d = row[j] - ideal[j]
                total += (weightsInside ? weights[j] : 1) * d * d
            }
            return total.squareRoot()
        }
        let dPlus = v.map { separation($0, positive) }
        let dMinus = v.map { separation($0, negative) }
        let closeness = zip(dPlus, dMinus).map { $0 + $1 > 0 ? $1 / ($0 + $1) : 0 }
        return TOPSIS(
            normalised: z,
            positiveIdeal: positive,
            negativeIdeal: negative,
            distanceToPositive: dPlus,
            distanceToNegative: dMinus,
            closeness: closeness
        )
    }

    /// How subjective (AHP) and objective weights combine.
    public enum Combination: String, Sendable, Hashable, CaseIterable {
        /// `α · subjective + (1 − α) · objective`.
        case linear
        /// `w_j ∝ subjective_j · objective_j`.
        case multiplicative
    }

    /// Combined weights, totalling 1.
    public static func combine(
        subjective: [Double],
        objective: [Double],
        alpha: Double,
        method: Combination
    ) throws -> [Double] {
        guard subjective.count == objective.count else {
            throw IndexError("\(subjective.count) subjective weights for \(objective.count) criteria")
        }
        let combined: [Double]
        switch method {
        case .linear: combined = zip(subjective, objective).map { alpha * $0 + (1 - alpha) * $1 }
        case .multiplicative: combined = zip(subjective, objective).map { $0 * $1 }
        }
        let total = combined.reduce(0, +)
        guard total > 0 else { throw IndexError("the combined weights are all zero") }
        return combined.map { $0 / total }
    }
}
