/// Variance-based sensitivity indices with Saltelli's sampling and Jansen's estimators.
///
/// For k input groups and N base samples: matrices A and B (N × k), and for each group i the
/// matrix A_B⁽ⁱ⁾ (A with column i taken from B): N (k + 2) model runs. With f the model,
///
/// ```
/// V    = Var(f(A) ∪ f(B))
/// Sᵢ   = (V − ½ · mean((f(B) − f(A_B⁽ⁱ⁾))²)) / V          first order  (Jansen 1999)
/// S_Tᵢ = ½ · mean((f(A) − f(A_B⁽ⁱ⁾))²) / V                 total order  (Jansen 1999)
/// ```
///
/// as in Saltelli et al. (2010), *Variance based sensitivity analysis of model output*, Table 2,
/// and as COINr's `get_sensitivity(SA_type = "SA")` uses them. A group's input here is a 64-bit seed
/// (from which the group draws everything it varies), so a group may be a whole weight vector.
public enum Sobol {
    /// A Saltelli design: `a[r][g]` and `b[r][g]` seeds for row r and group g.
    public struct Design: Sendable, Hashable {
        /// Matrix A: one row of group seeds per base sample.
        public var a: [[UInt64]]
        /// Matrix B: an independent row of group seeds per base sample.
        public var b: [[UInt64]]

        /// The number of base samples N.
        public var baseSamples: Int { a.count }
        /// The number of groups k.
        public var groupCount: Int { a.first?.count ?? 0 }
        /// Model runs needed: N (k + 2).
        public var runCount: Int { baseSamples * (groupCount + 2) }

        /// The seeds of run `index` in the order A rows, B rows, then A_B⁽ⁱ⁾ rows for i = 0, 1, ….
        public func seeds(run index: Int) -> [UInt64] {
            let n = baseSamples
            if index < n { return a[index] }
            if index < 2 * n { return b[index - n] }
            let group = (index - 2 * n) / n
            let row = (index - 2 * n) % n
            var seeds = a[row]
            seeds[group] = b[row][group]
            return seeds
        }
    }

    /// A design from a seed.
    public static func design(baseSamples n: Int, groups k: Int, seed: UInt64) -> Design {
        var random = SplitMix64(seed: seed)
        let a = (0..<n).map { _ in (0..<k).map { _ in random.next() } }
        let b = (0..<n).map { _ in (0..<k).map { _ in random.next() } }
        return Design(a: a, b: b)
    }

    /// A seed as a uniform number in [0, 1) (for models of continuous inputs).
    public static func uniform(_ seed: UInt64) -> Double {
        Double(seed >> 11) / Double(UInt64(1) << 53)
    }

    /// First- and total-order indices of one group.
    public struct Index: Sendable, Hashable {
        /// First-order index Sᵢ: the share of the output's variance due to the group alone.
        public var firstOrder: Double
        /// Total-order index S_Tᵢ: the share due to the group with all its interactions.
        public var total: Double
        /// The 95 % bootstrap interval of ``firstOrder``; `nil` without resamples.
        public var firstOrderInterval: ClosedRange<Double>?
        /// The 95 % bootstrap interval of ``total``; `nil` without resamples.
        public var totalInterval: ClosedRange<Double>?
    }

    /// The indices from the outputs of a design's runs, in ``Design/seeds(run:)`` order.
    ///
    /// - Parameters:
    ///   - outputs: the model's output for each of the design's N (k + 2) runs.
    ///   - n: the number of base samples N.
    ///   - k: the number of groups.
    ///   - resamples: bootstrap resamples of the N rows for 95 % intervals (0 = none).
    ///   - seed: the seed of the bootstrap.
    /// - Returns: one index per group; all zero when the output does not vary.
    public static func indices(
        outputs: [Double],
        baseSamples n: Int,
        groups k: Int,
        resamples: Int = 0,
        seed: UInt64 = 1
    )
        -> [Index]
    {
        precondition(outputs.count == n * (k + 2), "need N (k + 2) outputs")
        let rows = Array(0..<n)
        let point = estimate(outputs, rows: rows, n: n, k: k)
        guard resamples > 0 else {
            return point.map { Index(firstOrder: $0.0, total: $0.1, firstOrderInterval: nil, totalInterval: nil) }
        }
        var random = SplitMix64(seed: seed)
        var firsts = [[Double]](repeating: [], count: k)
        var totals = [[Double]](repeating: [], count: k)
        for _ in 0..<resamples {
            let sample = rows.map { _ in Int(random.next() % UInt64(n)) }
            for (group, value) in estimate(outputs, rows: sample, n: n, k: k).enumerated() {
                firsts[group].append(value.0)
                totals[group].append(value.1)
            }
        }
        return point.enumerated().map { group, value in
            Index(
                firstOrder: value.0,
                total: value.1,
                firstOrderInterval: interval(firsts[group]),
                totalInterval: interval(totals[group])
            )
        }
    }

    static func estimate(_ y: [Double], rows: [Int], n: Int, k: Int) -> [(Double, Double)] {
        var mean = 0.0
        for r in rows { mean += y[r] + y[n + r] }
        mean /= Double(2 * rows.count)
        var variance = 0.0
        for r in rows {
            variance += (y[r] - mean) * (y[r] - mean) + (y[n + r] - mean) * (y[n + r] - mean)
        }
        variance /= Double(2 * rows.count - 1)
        guard variance > 0 else { return [(Double, Double)](repeating: (0, 0), count: k) }
        return (0..<k).map { group in
            var first = 0.0
            var total = 0.0
            for r in rows {
                let ab = y[(2 + group) * n + r]
                first += (y[n + r] - ab) * (y[n + r] - ab)
                total += (y[r] - ab) * (y[r] - ab)
            }
            let count = Double(rows.count)
            return ((variance - first / (2 * count)) / variance, total / (2 * count) / variance)
        }
    }

    /// The 2.5 % and 97.5 % percentiles.
    static func interval(_ values: [Double]) -> ClosedRange<Double>? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func at(_ q: Double) -> Double {
            sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count - 1)).rounded())))]
        }
        return at(0.025)...at(0.975)
    }
}
