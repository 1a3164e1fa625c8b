/// Descriptive statistics used across the engine. Inputs hold no `NaN`.
public enum Statistics {
    /// The arithmetic mean; `NaN` for no values.
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The median (the mean of the two middle values for an even count); `NaN` for no values.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Sums of squared, cubed and fourth-power deviations from the mean.
    static func deviationSums(_ values: [Double]) -> (s2: Double, s3: Double, s4: Double) {
        let m = mean(values)
        var sums = (s2: 0.0, s3: 0.0, s4: 0.0)
        for x in values {
            let d = x - m
            sums.s2 += d * d
            sums.s3 += d * d * d
            sums.s4 += d * d * d * d
        }
        return sums
    }

    /// Sample skewness G₁, Excel's `SKEW` and e1071's type 2, as COINr's `skew()`:
    ///
    /// ```
    /// g₁ = √n · Σ(x − x̄)³ / (Σ(x − x̄)²)^{3/2}      G₁ = g₁ · √(n(n − 1)) / (n − 2)
    /// ```
    /// - Returns: `NaN` for fewer than 3 values or no spread.
    public static func skewness(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let (s2, s3, _) = deviationSums(values)
        guard values.count >= 3, s2 > 0 else { return .nan }
        let g1 = n.squareRoot() * s3 / (s2 * s2.squareRoot())
        return g1 * (n * (n - 1)).squareRoot() / (n - 2)
    }

    /// Sample excess kurtosis G₂, Excel's `KURT` and e1071's type 2, as COINr's `kurt()`:
    ///
    /// ```
    /// r = n · Σ(x − x̄)⁴ / (Σ(x − x̄)²)²      G₂ = ((n + 1)(r − 3) + 6) · (n − 1) / ((n − 2)(n − 3))
    /// ```
    /// - Returns: `NaN` for fewer than 4 values or no spread.
    public static func kurtosis(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let (s2, _, s4) = deviationSums(values)
        guard values.count >= 4, s2 > 0 else { return .nan }
        let r = n * s4 / (s2 * s2)
        return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    }
}
