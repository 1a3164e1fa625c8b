import RealModule

/// Two-sided p-values of Pearson's, Spearman's and Kendall's correlation under independence, as R's
/// `cor.test` computes them (COINr 1.1.14's `get_pvals` calls it for each pair), over the
/// positions where both values are present.
///
/// Pearson (a t-test with n − 2 degrees of freedom):
/// ```
/// t = r · √((n − 2) / (1 − r²)),   p = 2 · P(T_{n−2} ≥ |t|) = I_{(n−2)/(n−2+t²)}((n − 2)/2, 1/2)
/// ```
/// with `I` the regularised incomplete beta function (a continued fraction, Lentz's method).
///
/// Spearman (R's rules): the statistic is `S = (n³ − n)(1 − ρ)/6`.
/// - with ties, or n ≥ 1290: the t approximation above on ρ;
/// - n ≤ 9 without ties: the exact permutation distribution of S (every permutation counted);
/// - otherwise: the Edgeworth series of Best & Roberts (1975, *Applied Statistics* AS 89), the
///   algorithm R uses, which is an approximation of the exact distribution.
///
/// Kendall (R's rules, τ-b):
/// - n < 50 without ties: the exact distribution of the number of concordant pairs
///   `T = round((τ + 1) · n(n − 1)/4)`, which is that of the inversions of a random permutation
///   (Mahonian numbers, built by the recurrence `c(n, k) = Σ_{i=0}^{min(k, n−1)} c(n − 1, k − i)`);
/// - otherwise: `z = S / √Var(S)`, S = τ · √((n₀ − n₁)(n₀ − n₂)), with the variance corrected for
///   ties (Kendall 1970, eq. 4.3): for tie groups of sizes t in x and u in y,
///   ```
///   Var(S) = [n(n−1)(2n+5) − Σt(t−1)(2t+5) − Σu(u−1)(2u+5)] / 18
///          + Σt(t−1) · Σu(u−1) / (2n(n−1)) + Σt(t−1)(t−2) · Σu(u−1)(u−2) / (9n(n−1)(n−2))
///   ```
///   and no continuity correction (R's default), `p = erfc(|z|/√2)`.
///
/// The two-sided value is `min(1, 2 · p₁)`, `p₁` the tail on the side of the statistic.
/// A correlation of ±1 gives 0; fewer than three complete pairs or a side that does not vary give `nil`.
public struct CorrelationTest: Sendable {
    /// The exact null distribution of S by n (counts of permutations per S / 2), built on first use.
    private var exactCounts: [Int: [Double]] = [:]
    /// The exact null distribution of Kendall's T by n (shares of permutations per T), built on first use.
    private var kendallShares: [Int: [Double]] = [:]

    /// A test with no exact distributions built yet.
    public init() {}

    /// The two-sided p-value of the correlation of `x` and `y` (`NaN` = missing).
    public mutating func pValue(_ x: [Double], _ y: [Double], method: Association.Correlation) -> Double? {
        let pairs = zip(x, y).filter { !$0.0.isNaN && !$0.1.isNaN }
        let n = pairs.count
        guard n >= 3, let r = Association.correlation(pairs.map(\.0), pairs.map(\.1), method: method) else {
            return nil
        }
        switch method {
        case .pearson:
            return Self.tTest(r, n: n)
        case .spearman:
            let hasTies =
                Set(pairs.map(\.0)).count < n || Set(pairs.map(\.1)).count < n
            guard !hasTies, n < 1290 else { return Self.tTest(r, n: n) }
            let nn = Double(n)
            let q = (nn * nn * nn - nn) * (1 - r) / 6
            let upper = q > (nn * nn * nn - nn) / 6
            // R: pspearman(q, n, lower.tail) = prho(round(q) + 2·lower.tail, n, lower.tail).
            let s = q.rounded() + (upper ? 0 : 2)
            let tail = n <= 9 ? exact(s, n: n, lowerTail: !upper) : Self.edgeworth(s, n: n, lowerTail: !upper)
            return min(1, 2 * tail)
        case .kendall:
            let x = pairs.map(\.0)
            let y = pairs.map(\.1)
            let hasTies = Set(x).count < n || Set(y).count < n
            if n < 50, !hasTies {
                let nn = Double(n)
                let q = Int(((r + 1) * nn * (nn - 1) / 4).rounded())
                let shares = kendallShares[n] ?? Self.kendallDistribution(n)
                kendallShares[n] = shares
                // R: P(T ≥ q) when q is above the mean, else P(T ≤ q); each tail summed on its own side.
                let at = min(max(q, 0), shares.count - 1)
                let tail = Double(at) > nn * (nn - 1) / 4 ? shares[at...].reduce(0, +) : shares[...at].reduce(0, +)
                return min(1, 2 * tail)
            }
            return Self.kendallNormal(x, y, tau: r)
        }
    }

    /// The shares of the n! permutations with k inversions, k = 0 … n(n − 1)/2.
    static func kendallDistribution(_ n: Int) -> [Double] {
        var counts: [Double] = [1]
        for size in 2...max(n, 2) {
            let longest = counts.count - 1 + size - 1
            var prefix = [0.0]
            for count in counts { prefix.append(prefix[prefix.count - 1] + count) }
            counts = (0...longest).map { k in
                // c(size, k) = Σ_{i=0}^{min(k, size−1)} c(size − 1, k − i)
                let high = min(k, counts.count - 1)
                let low = max(0, k - (size - 1))
                return low > high ? 0 : prefix[high + 1] - prefix[low]
            }
        }
        let total = counts.reduce(0, +)
        return counts.map { $0 / total }
    }

    /// The normal approximation of Kendall's S with the tie-corrected variance (see the type's notes).
    static func kendallNormal(_ x: [Double], _ y: [Double], tau: Double) -> Double {
        func tieSizes(_ values: [Double]) -> [Double] {
            Dictionary(grouping: values) { $0 }.values.map { Double($0.count) }.filter { $0 > 1 }
        }
        let nn = Double(x.count)
        let t = tieSizes(x)
        let u = tieSizes(y)
        let pairs = nn * (nn - 1) / 2
        let tiedX = t.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        let tiedY = u.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        let s = tau * ((pairs - tiedX) * (pairs - tiedY)).squareRoot()
        func sum(_ sizes: [Double], _ term: (Double) -> Double) -> Double { sizes.reduce(0) { $0 + term($1) } }
        let variance =
            (nn * (nn - 1) * (2 * nn + 5) - sum(t) { $0 * ($0 - 1) * (2 * $0 + 5) }
                - sum(u) { $0 * ($0 - 1) * (2 * $0 + 5) })
            / 18 + sum(t) { $0 * ($0 - 1) } * sum(u) { $0 * ($0 - 1) } / (2 * nn * (nn - 1))
            + sum(t) { $0 * ($0 - 1) * ($0 - 2) } * sum(u) { $0 * ($0 - 1) * ($0 - 2) } / (9 * nn * (nn - 1) * (nn - 2))
        guard variance > 0 else { return 0 }
        let z = s / variance.squareRoot()
        return Double.erfc(abs(z) / 2.0.squareRoot())
    }

    /// The two-sided p of the t-test of a correlation `r` over `n` pairs.
    static func tTest(_ r: Double, n: Int) -> Double {
        let df = Double(n - 2)
        let rest = 1 - r * r
        guard rest > 0 else { return 0 }
        let t2 = df * r * r / rest
        // P(|T| ≥ |t|) = I_x(df/2, 1/2) with x = df/(df + t²) and 1 − x = t²/(df + t²).
        return regularisedIncompleteBeta(a: df / 2, b: 0.5, x: df / (df + t2), complement: t2 / (df + t2))
    }

    /// The regularised incomplete beta function `I_x(a, b)`; `complement` is `1 − x`, passed
    /// separately so that it keeps its precision when `x` is near 1.
    ///
    /// The continued fraction (Abramowitz & Stegun 26.5.8) is evaluated by the modified Lentz method
    /// on the side where it converges fast (`x < (a + 1)/(a + b + 2)`), the other side by
    /// `I_x(a, b) = 1 − I_{1−x}(b, a)`; at most 500 terms, each relative change checked against 1e-16.
    public static func regularisedIncompleteBeta(a: Double, b: Double, x: Double, complement: Double) -> Double {
        guard x > 0 else { return 0 }
        guard complement > 0 else { return 1 }
        if x > (a + 1) / (a + b + 2) {
            return 1 - regularisedIncompleteBeta(a: b, b: a, x: complement, complement: x)
        }
        let logFront =
            Double.logGamma(a + b) - Double.logGamma(a) - Double.logGamma(b) + a * Double.log(x)
            + b * Double.log(complement)
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var fraction = d
        for m in 1...500 {
            let mm = Double(m)
            let even = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            fraction *= d * c
            let odd = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            fraction *= step
            if abs(step - 1) < 1e-16 { break }
        }
        return Double.exp(logFront) * fraction / a
    }

    /// `P(S ≥ s)` (or `P(S < s)` for the lower tail) by AS 89's Edgeworth series, for n > 9.
    static func edgeworth(_ s: Double, n: Int, lowerTail: Bool) -> Double {
        let nn = Double(n)
        let maximum = nn * (nn * nn - 1) / 3
        if s <= 0 { return lowerTail ? 0 : 1 }
        if s > maximum { return lowerTail ? 1 : 0 }
        let b = 1 / nn
        let x = (6 * (s - 1) * b / (nn * nn - 1) - 1) * (nn - 1).squareRoot()
        var y = x * x
        let u =
            x * b
            * (0.2274 + b * (0.2531 + 0.1745 * b)
                + y
                * (-0.0758 + b * (0.1033 + 0.3932 * b)
                    - y * b
                    * (0.0879 + 0.0151 * b - y * (0.0072 - 0.0831 * b + y * b * (0.0131 - 4.6e-4 * y)))))
        y = u / Double.exp(y / 2)
        // The upper tail of the standard normal: erfc(x/√2)/2.
        var upper = y + Double.erfc(x / 2.0.squareRoot()) / 2
        upper = min(1, max(0, upper))
        return lowerTail ? 1 - upper : upper
    }

    /// `P(S ≥ s)` (or `P(S < s)`) from the exact distribution of S over the n! permutations (n ≤ 9).
    mutating func exact(_ s: Double, n: Int, lowerTail: Bool) -> Double {
        precondition(n <= 9, "the exact distribution is enumerated for n ≤ 9 only")
        let counts = exactCounts[n] ?? Self.distribution(n)
        exactCounts[n] = counts
        let total = counts.reduce(0, +)
        var atLeast = 0.0
        for (half, count) in counts.enumerated() where Double(2 * half) >= s { atLeast += count }
        return (lowerTail ? total - atLeast : atLeast) / total
    }

    /// How many permutations p of 1…n have `S = Σ (i − pᵢ)²` equal to 2k, for each k (S is even).
    static func distribution(_ n: Int) -> [Double] {
        let maximum = n * (n * n - 1) / 3
        var counts = [Double](repeating: 0, count: maximum / 2 + 1)
        var permutation = Array(0..<n)
        var control = [Int](repeating: 0, count: n)
        func record() {
            var s = 0
            for (i, p) in permutation.enumerated() { s += (i - p) * (i - p) }
            counts[s / 2] += 1
        }
        // Heap's algorithm: every permutation once, n! steps.
        record()
        var i = 0
        while i < n {
            if control[i] < i {
                if i % 2 == 0 {
                    permutation.swapAt(0, i)
                } else {
                    permutation.swapAt(control[i], i)
                }
                record()
                control[i] += 1
                i = 0
            } else {
                control[i] = 0
                i += 1
            }
        }
        return counts
    }
}
