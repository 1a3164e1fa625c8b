import RealModule

/// How outliers are treated before normalising. Every changed value is listed in the run's results.
public enum OutlierMethod: Sendable, Hashable {
    /// Values are used as they are.
    case none
    /// COINr's default (`Treat()`): an indicator fails unless |skewness| < 2 or kurtosis < 3.5; a
    /// failing indicator is winsorised on the side its skew points to, up to `maxPoints` points;
    /// if it still fails, the winsorisation is undone and the COIN Tool log transform
    /// `log(x − min + 0.01·(max − min))` is applied to the original values instead.
    case coinr(OutlierRule)
    /// The COIN Tool log transform applied to every indicator.
    case log

    /// The name used on the command line and in stored runs.
    public var name: String {
        switch self {
        case .none: "none"
        case .coinr(let rule):
            rule == OutlierRule() ? "coinr" : "coinr:\(rule.skewThreshold),\(rule.kurtosisThreshold),\(rule.maxPoints)"
        case .log: "log"
        }
    }
}

/// COINr's thresholds and winsorisation limit.
public struct OutlierRule: Sendable, Hashable {
    public var skewThreshold: Double
    public var kurtosisThreshold: Double
    public var maxPoints: Int

    public init(skewThreshold: Double = 2, kurtosisThreshold: Double = 3.5, maxPoints: Int = 5) {
        self.skewThreshold = skewThreshold
        self.kurtosisThreshold = kurtosisThreshold
        self.maxPoints = maxPoints
    }

    /// Whether values pass, as COINr's `check_SkewKurt`: |skew| < threshold **or** kurtosis <
    /// threshold. Fewer than four values, or no spread, pass (COINr returns them untreated).
    public func passes(_ values: [Double]) -> Bool {
        let skew = Statistics.skewness(values)
        let kurtosis = Statistics.kurtosis(values)
        guard !skew.isNaN, !kurtosis.isNaN else { return true }
        return abs(skew) < skewThreshold || kurtosis < kurtosisThreshold
    }
}

/// Treats one indicator's column of values (`NaN` = missing, left alone).
public enum OutlierTreatment {
    /// Applies a method to a column in place.
    ///
    /// - Returns: the indices changed and what was done to each, once per index.
    public static func treat(_ column: inout [Double], method: OutlierMethod) -> [(index: Int, action: TreatmentAction)]
    {
        switch method {
        case .none:
            return []
        case .log:
            return logTransform(&column)
        case .coinr(let rule):
            return winsoriseOrLog(&column, rule: rule)
        }
    }

    /// COINr's `Treat()` step for step: while the column fails and fewer than `maxPoints` points are
    /// winsorised, the value(s) at the extreme on the side the skew points to (high when skew ≥ 0)
    /// take the next value in; the count is the number of points now sharing that extreme (COINr's
    /// `nwin`), so up to `maxPoints` distinct points move. If the column still fails, the original
    /// values are log-transformed instead (`log_CT`).
    static func winsoriseOrLog(_ column: inout [Double], rule: OutlierRule) -> [(index: Int, action: TreatmentAction)] {
        func present(_ values: [Double]) -> [Double] { values.filter { !$0.isNaN } }
        guard !rule.passes(present(column)) else { return [] }
        var trial = column
        var high: [Int] = []
        var low: [Int] = []
        var passing = false
        var count = 0
        while !passing && count < rule.maxPoints {
            let values = present(trial)
            let isHigh = Statistics.skewness(values) >= 0
            guard let extreme = isHigh ? values.max() : values.min() else { break }
            let at = trial.indices.filter { trial[$0] == extreme }
            let others = values.filter { $0 != extreme }
            guard let next = isHigh ? others.max() : others.min() else { break }
            for index in at { trial[index] = next }
            if isHigh { high = at } else { low = at }
            count = high.count + low.count
            passing = rule.passes(present(trial))
        }
        guard passing else { return logTransform(&column) }
        let original = column
        column = trial
        let raised = Set(high)
        // A missing cell (NaN) is never winsorised: NaN != NaN would list it as changed.
        return column.indices.filter { !original[$0].isNaN && column[$0] != original[$0] }.map {
            ($0, raised.contains($0) ? .winsorisedHigh : .winsorisedLow)
        }
    }

    /// `log(x − min + 0.01·(max − min))`, COINr's `log_CT`; a column with no spread is left alone.
    static func logTransform(_ column: inout [Double]) -> [(index: Int, action: TreatmentAction)] {
        let present = column.filter { !$0.isNaN }
        guard let low = present.min(), let high = present.max(), high > low else { return [] }
        let shift = 0.01 * (high - low)
        var changed: [(Int, TreatmentAction)] = []
        for index in column.indices where !column[index].isNaN {
            column[index] = .log(column[index] - low + shift)
            changed.append((index, .logTransformed))
        }
        return changed
    }
}
