import RealModule

/// Growth, CAGR and contributions of a national series.
public enum Growth {
    /// Year-on-year growth in percent: `100 · (v_t / v_{t−1} − 1)`; the first period has none.
    public static func yearOnYear(_ series: [Double]) -> [Double?] {
        series.indices.map { t in
            guard t > 0, series[t - 1] != 0, !series[t].isNaN, !series[t - 1].isNaN else { return nil }
            return 100 * (series[t] / series[t - 1] - 1)
        }
    }

    /// Compound annual growth in percent over `years`: `100 · ((v_last / v_first)^(1/years) − 1)`.
    ///
    /// 100 → 235 over three years is 32.9 %.
    public static func cagr(first: Double, last: Double, years: Double) -> Double? {
        guard first > 0, last > 0, years > 0 else { return nil }
        return 100 * (Double.exp(Double.log(last / first) / years) - 1)
    }

    /// A part's contribution to its parent's increase, in percent (METHOD.md §6):
    /// `100 · w_p · (P_t − P_{t−1}) / (I_t − I_{t−1})`, with `w_p` the part's local weight.
    ///
    /// The contributions of all children of a node total 100 when aggregation is arithmetic and
    /// nothing is missing. `nil` when the parent did not change.
    public static func contribution(
        weight: Double,
        part: Double,
        previousPart: Double,
        whole: Double,
        previousWhole: Double
    ) -> Double? {
        let change = whole - previousWhole
        guard change != 0, change.isFinite, !(part - previousPart).isNaN else { return nil }
        return 100 * weight * (part - previousPart) / change
    }
}
