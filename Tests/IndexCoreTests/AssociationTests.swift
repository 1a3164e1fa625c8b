import IndexCore
import Testing

/// Correlations with pairwise deletion and Cronbach's α, worked by hand.
@Suite("Association")
struct AssociationTests {
    /// (1, 2), (2, 4), (3, 7) — the pair with a missing value left out: r = 5 / √(2 · 114/9);
    /// Spearman on those three pairs: 1.
    @Test func pairwiseCorrelation() {
        let x: [Double] = [1, 2, 3, .nan]
        let y: [Double] = [2, 4, 7, 1]
        let r = Association.correlation(x, y) ?? .nan
        #expect(abs(r - 5 / (2 * 114.0 / 9).squareRoot()) < 1e-15)
        #expect(Association.correlation(x, y, method: .spearman) == 1)
        #expect(Association.correlation([1, .nan], [1, 2]) == nil)
        #expect(Association.correlation([1, 1, 1], [1, 2, 3]) == nil)
    }

    /// Ties share their mean rank: x ranks 1, 2.5, 2.5, 4 against 1, 2, 3, 4: 4.5 / √(4.5 · 5).
    @Test func spearmanTies() {
        let r = Association.correlation([1, 2, 2, 3], [1, 2, 3, 4], method: .spearman) ?? .nan
        #expect(abs(r - 4.5 / (4.5 * 5.0).squareRoot()) < 1e-15)
    }

    /// a = 1, 2, 3 and b = 2 a: variances 1 and 4, covariance 2; α = 2 · (1 − 5/9) = 8/9.
    /// A third row missing in b only changes b's pairs.
    @Test func cronbach() {
        let alpha = Association.cronbachAlpha([[1, 2, 3], [2, 4, 6]]) ?? .nan
        #expect(abs(alpha - 8.0 / 9) < 1e-15)
        #expect(Association.cronbachAlpha([[1, 2, 3]]) == nil)
        let missing = Association.cronbachAlpha([[1, 2, 3, 10], [2, 4, 6, .nan]]) ?? .nan
        // var a over four rows = 50/3; var b = 4 and cov = 2 over the first three: α = 2 · 4/(50/3 + 8).
        #expect(abs(missing - 2 * 4 / (50.0 / 3 + 8)) < 1e-15)
    }
}
