import IndexCore
import Testing

/// Jacobi eigen-decomposition and COINr's PCA weights, worked by hand.
@Suite("Symmetric eigen-decomposition")
struct SymmetricEigenTests {
    /// [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2 up to sign;
    /// diag(1, 4, 2): 4, 2, 1 with the unit vectors.
    @Test func handWorked() {
        let two = SymmetricEigen([[2, 1], [1, 2]])
        #expect(abs(two.values[0] - 3) < 1e-15 && abs(two.values[1] - 1) < 1e-15)
        let r = 0.5.squareRoot()
        #expect(abs(abs(two.vectors[0][0]) - r) < 1e-15 && abs(two.vectors[0][0] - two.vectors[0][1]) < 1e-15)
        #expect(abs(two.vectors[1][0] + two.vectors[1][1]) < 1e-15)
        let diagonal = SymmetricEigen([[1, 0, 0], [0, 4, 0], [0, 0, 2]])
        #expect(diagonal.values == [4, 2, 1])
        #expect(diagonal.vectors[0].map(abs) == [0, 1, 0])
    }

    /// Three columns, x, 2x + 1 and −x: correlations ±1, the first component (1, 1, −1)/√3 with
    /// eigenvalue 3, signed so most loadings are positive — one weight negative, as COINr's get_PCA.
    @Test func firstComponentLoadingsAreSigned() throws {
        let x: [Double] = [1, 2, 4, 7]
        let loadings = try ObjectiveWeights.firstComponentLoadings([x, x.map { 2 * $0 + 1 }, x.map { -$0 }])
        let third = (1.0 / 3).squareRoot()
        #expect(zip(loadings, [third, third, -third]).allSatisfy { abs($0 - $1) < 1e-14 }, "\(loadings)")
        #expect(try WeightMethod(name: "pca-loadings") == .pcaLoadings)
    }

    /// x, 2x + 1 and −x with a fifth row missing one value: four rows used, eigenvalues 3, 0, 0,
    /// the first component ±(1, 1, −1)/√3.
    @Test func principalComponentsOfCompleteRows() throws {
        let x: [Double] = [1, 2, 4, 7, 3]
        let pca = try PrincipalComponents([x, x.map { 2 * $0 + 1 }, [-1, -2, -4, -7, .nan]])
        #expect(pca.rows == 4)
        #expect(abs(pca.eigenvalues[0] - 3) < 1e-14 && abs(pca.eigenvalues[1]) < 1e-14)
        let third = (1.0 / 3).squareRoot()
        let first = pca.loadings[0][0] < 0 ? pca.loadings[0].map { -$0 } : pca.loadings[0]
        #expect(zip(first, [third, third, -third]).allSatisfy { abs($0 - $1) < 1e-14 })
        #expect(throws: IndexError.self) { try PrincipalComponents([[1, .nan], [1, 2]]) }
    }
}
