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
    ///
    /// - Returns: `nil` when either column does not vary.
    static func kendallTau(_ x: [Double], _ y: [Double]) -> Double? {
        let (s, tiedX, tiedY) = kendallCounts(x, y)
        let pairs = Double(x.count * (x.count - 1) / 2)
        let denominator = ((pairs - tiedX) * (pairs - tiedY)).squareRoot()
        guard denominator > 0 else { return nil }
        return s / denominator
    }

    /// `S` (concordant minus discordant pairs) and the pairs tied in x and in y, in O(n log n) by
    /// Knight's method (1966, *JASA* 61): order the pairs by x, then y; count the pairs tied in x
    /// (n₁) and in both (n₃); sort that order's y by merging, counting the exchanges (pairs with the
    /// larger y first, d); count the pairs tied in y (n₂). Then `S = n₀ − n₁ − n₂ + n₃ − 2d`. An audit
    /// of a county-scale index correlates thousands of units per pair, where comparing every pair
    /// would take minutes.
    static func kendallCounts(_ x: [Double], _ y: [Double]) -> (s: Double, tiedX: Double, tiedY: Double) {
        let n = x.count
        let order = x.indices.sorted { (x[$0], y[$0]) < (x[$1], y[$1]) }
        func tiedPairs(_ same: (Int, Int) -> Bool, in sequence: [Int]) -> Int {
            var total = 0
            var run = 1
            for k in sequence.indices.dropFirst() {
                if same(sequence[k - 1], sequence[k]) {
                    run += 1
                } else {
                    total += run * (run - 1) / 2
                    run = 1
                }
            }
            return total + run * (run - 1) / 2
        }
        let tiedX = tiedPairs({ x[$0] == x[$1] }, in: order)
        let tiedBoth = tiedPairs({ x[$0] == x[$1] && y[$0] == y[$1] }, in: order)
        // Merge sort of y in that order, counting the exchanges (strictly larger before smaller).
        var values = order.map { y[$0] }
        var buffer = values
        var exchanges = 0
        var width = 1
        while width < n {
            var start = 0
            while start < n {
                let middle = min(start + width, n)
                let end = min(start + 2 * width, n)
                var (i, j, k) = (start, middle, start)
                while i < middle, j < end {
                    if values[j] < values[i] {
                        buffer[k] = values[j]
                        exchanges += middle - i
                        j += 1
                    } else {
                        buffer[k] = values[i]
                        i += 1
                    }
                    k += 1
                }
                while i < middle {
                    buffer[k] = values[i]
                    i += 1
                    k += 1
                }
                while j < end {
                    buffer[k] = values[j]
                    j += 1
                    k += 1
                }
                start = end
            }
            swap(&values, &buffer)
            width *= 2
        }
        let tiedY = tiedPairs({ values[$0] == values[$1] }, in: Array(values.indices))
        let all = n * (n - 1) / 2
        return (Double(all - tiedX - tiedY + tiedBoth - 2 * exchanges), Double(tiedX), Double(tiedY))
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
