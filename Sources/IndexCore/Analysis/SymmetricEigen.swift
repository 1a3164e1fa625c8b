/// Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method.
///
/// Rotations zero each off-diagonal entry in turn until every one is below `1e-300` or is negligible
/// beside its diagonal (Golub & Van Loan, *Matrix Computations*, §8.5): accurate to a few units in the
/// last place of the largest eigenvalue, which PCA weights need (a group's signed loadings can nearly
/// cancel, and the score divides by their sum).
public struct SymmetricEigen: Sendable, Hashable {
    /// The eigenvalues, largest first.
    public var values: [Double]
    /// `vectors[k]` is the unit eigenvector of `values[k]`, its sign as the rotations leave it.
    public var vectors: [[Double]]

    /// Decomposes `matrix` (square and symmetric; only the upper triangle is read).
    ///
    /// - Complexity: O(n³) per sweep; a few sweeps.
    public init(_ matrix: [[Double]]) {
        let n = matrix.count
        var a = (0..<n).map { i in (0..<n).map { j in j >= i ? matrix[i][j] : matrix[j][i] } }
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { off += a[i][j] * a[i][j] } }
            if off < 1e-300 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k][p]
                        let akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k]
                        let aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p]
                        let vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] > a[$1][$1] }
        values = order.map { a[$0][$0] }
        vectors = order.map { k in (0..<n).map { v[$0][k] } }
    }
}
