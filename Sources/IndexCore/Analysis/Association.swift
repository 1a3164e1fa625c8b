/// How closely indicators move together: correlations with pairwise deletion and Cronbach's α,
/// as COINr 1.1.14's `get_corr` and `get_cronbach` compute them (R's `cor` and `cov` with
/// `use = "pairwise.complete.obs"`). `NaN` marks a missing value.
public enum Association {
    /// Pearson's product-moment, Spearman's rank or Kendall's rank correlation (τ-b).
    public enum Correlation: String, Sendable, Hashable, CaseIterable {
        case pearson, spearman, kendall
    }

    /// The correlation of `x` and `y` over the positions where both have a value; Spearman ranks
    /// those values (ties share their mean rank) and correlates the ranks; Kendall's is τ-b
    /// (concordant minus discordant pairs over the pairs untied in each), as R's `cor(method = "kendall")`.
    ///
    /// - Returns: `nil` with fewer than two complete pairs or when either side does not vary there.
    public static func correlation(_ x: [Double], _ y: [Double], method: Correlation = .pearson) -> Double? {
        let pairs = zip(x, y).filter { !$0.0.isNaN && !$0.1.isNaN }
        guard pairs.count > 1 else { return nil }
        var a = pairs.map(\.0)
        var b = pairs.map(\.1)
        if method == .kendall { return kendallTau(a, b) }
        if method == .spearman {
            a = ranks(a)
            b = ranks(b)
        }
        guard let c = covariance(a, b), let va = covariance(a, a), let vb = covariance(b, b), va > 0, vb > 0 else {
            return nil
        }
        return c / (va * vb).squareRoot()
    }

    /// Every pair's ``correlation(_:_:method:)``: `matrix[i][j]` for columns `i` and `j`.
    public static func correlations(_ columns: [[Double]], method: Correlation = .pearson) -> [[Double?]] {
        columns.map { a in columns.map { b in correlation(a, b, method: method) } }
    }

    /// The sample covariance (n − 1) over the positions where both have a value; `nil` with fewer
    /// than two complete pairs.
    public static func covariance(_ x: [Double], _ y: [Double]) -> Double? {
        let pairs = zip(x, y).filter { !$0.0.isNaN && !$0.1.isNaN }
        guard pairs.count > 1 else { return nil }
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n
        let my = pairs.reduce(0) { $0 + $1.1 } / n
        return pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / (n - 1)
    }

    /// Cronbach's α of some columns, each pair's covariance over the rows where both have a value
    /// (COINr's `get_cronbach`):
    /// ```
    /// α = k/(k − 1) · (1 − Σ var_j / Σ_jk cov_jk)
    /// ```
    /// A pair with fewer than two complete rows is left out of the total, as R's `sum(na.rm = TRUE)`.
    ///
    /// - Returns: `nil` for fewer than two columns or a total covariance of 0.
    public static func cronbachAlpha(_ columns: [[Double]]) -> Double? {
        let k = Double(columns.count)
        guard columns.count > 1 else { return nil }
        var total = 0.0
        var diagonal = 0.0
        for (i, a) in columns.enumerated() {
            for (j, b) in columns.enumerated() {
                guard let c = covariance(a, b) else { continue }
                total += c
                if i == j { diagonal += c }
            }
        }
        guard total != 0 else { return nil }
        let average = (total - diagonal) / (k * (k - 1))
        return k * k * average / total
    }

    /// Kendall's τ-b of two complete columns of equal length:
    /// ```
    /// τ_b = S / √((n₀ − n₁)(n₀ − n₂)),   S = Σ_{i<j} sign(xᵢ − xⱼ) · sign(yᵢ − yⱼ)
    /// ```
    /// with `n₀ = n(n − 1)/2` pairs and `n₁`, `n₂` the pairs tied in x and in y (Kendall 1945).
    /// O(n²): the audit's columns are one value per unit.
    ///
    /// - Returns: `nil` when either column does not vary.
    static func kendallTau(_ x: [Double], _ y: [Double]) -> Double? {
        let (s, tiedX, tiedY) = kendallCounts(x, y)
        let pairs = Double(x.count * (x.count - 1) / 2)
        let denominator = ((pairs - tiedX) * (pairs - tiedY)).squareRoot()
        guard denominator > 0 else { return nil }
        return s / denominator
    }

    /// `S` (concordant minus discordant pairs) and the pairs tied in x and in y.
    static func kendallCounts(_ x: [Double], _ y: [Double]) -> (s: Double, tiedX: Double, tiedY: Double) {
        var s = 0
        var tiedX = 0
        var tiedY = 0
        for i in x.indices {
            for j in x.indices where j > i {
                let dx = x[i] < x[j] ? -1 : (x[i] > x[j] ? 1 : 0)
                let dy = y[i] < y[j] ? -1 : (y[i] > y[j] ? 1 : 0)
                s += dx * dy
                if dx == 0 { tiedX += 1 }
                if dy == 0 { tiedY += 1 }
            }
        }
        return (Double(s), Double(tiedX), Double(tiedY))
    }

    /// Ascending ranks, ties sharing their mean rank (R's `rank`, `ties.method = "average"`).
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 2) / 2
            for position in start...end { result[order[position]] = rank }
            start = end + 1
        }
        return result
    }
}

/// A principal component analysis of some columns on their correlation matrix, over the rows with
/// every value (COINr's `get_PCA`: `prcomp(na.omit(x), center = TRUE, scale = TRUE)`).
public struct PrincipalComponents: Sendable, Hashable {
    /// The eigenvalues of the correlation matrix (R's `sdev²`), largest first; they sum to the
    /// number of columns.
    public var eigenvalues: [Double]
    /// `loadings[k][j]`: column `j`'s loading on component `k` (R's `rotation[j, k]`), a unit
    /// vector per component whose sign is arbitrary (compare up to sign).
    public var loadings: [[Double]]
    /// The rows used: those with a value in every column.
    public var rows: Int

    /// The components of `columns` (`NaN` = missing; rows with one are left out).
    ///
    /// - Throws: ``IndexError`` with fewer than two complete rows or a column that does not vary there.
    public init(_ columns: [[Double]]) throws {
        let count = columns.map(\.count).min() ?? 0
        let complete = (0..<count).filter { i in columns.allSatisfy { !$0[i].isNaN } }
        guard complete.count > 1 else { throw IndexError("PCA needs at least two rows with every value") }
        let kept = columns.map { column in complete.map { column[$0] } }
        var matrix: [[Double]] = []
        for a in kept {
            var row: [Double] = []
            for b in kept {
                guard let r = Association.correlation(a, b) else {
                    throw IndexError("PCA is undefined: a column does not vary over the complete rows")
                }
                row.append(r)
            }
            matrix.append(row)
        }
        let eigen = SymmetricEigen(matrix)
        eigenvalues = eigen.values
        loadings = eigen.vectors
        rows = complete.count
    }
}
