import RealModule

/// How outliers are treated before normalising. Every changed value is listed in the run's results.
public enum OutlierMethod: Sendable, Hashable {
    /// Values are used as they are.
    case none
    /// COINr's default (`Treat()`): an indicator fails when |skewness| > 2 **and** kurtosis > 3.5;
    /// a failing indicator is winsorised one point at a time, on the side its skew points to, up to
    /// `maxPoints`; if it still fails, the winsorisation is undone and the COIN Tool log transform
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

    /// Parses ``name``: `none`, `log`, `coinr` or `coinr:SKEW,KURT,POINTS`.
    public init?(name: String) {
        switch name {
        case "none": self = .none
        case "log": self = .log
        case "coinr", "winsorise": self = .coinr(OutlierRule())
        default:
            guard name.hasPrefix("coinr:") else { return nil }
            let parts = name.dropFirst(6).split(separator: ",").map { Double($0) }
            guard parts.count == 3, let skew = parts[0], let kurt = parts[1], let points = parts[2], points >= 0,
                points == points.rounded()
            else { return nil }
            self = .coinr(OutlierRule(skewThreshold: skew, kurtosisThreshold: kurt, maxPoints: Int(points)))
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

    /// Whether values pass: not (|skew| > threshold and kurtosis > threshold). Fewer than four
    /// values, or no spread, pass.
    public func passes(_ values: [Double]) -> Bool {
        let skew = Statistics.skewness(values)
        let kurtosis = Statistics.kurtosis(values)
        guard !skew.isNaN, !kurtosis.isNaN else { return true }
        return !(abs(skew) > skewThreshold && kurtosis > kurtosisThreshold)
    }
}

/// Treats one indicator's column of values (`NaN` = missing, left alone).
public enum OutlierTreatment {
    /// Applies a method to a column in place.
    ///
    /// - Returns: the indices changed and what was done to each.
    public static func treat(_ column: inout [Double], method: OutlierMethod) -> [(index: Int, action: TreatmentAction)] {
        switch method {
        case .none:
            return []
        case .log:
            return logTransform(&column)
        case .coinr(let rule):
            let present = column.filter { !$0.isNaN }
            guard !rule.passes(present) else { return [] }
            var trial = column
            var changed: [(Int, TreatmentAction)] = []
            while changed.count < rule.maxPoints {
                let values = trial.filter { !$0.isNaN }
                let high = Statistics.skewness(values) >= 0
                guard let extreme = high ? values.max() : values.min() else { break }
                let others = values.filter { $0 != extreme }
                guard let next = high ? others.max() : others.min() else { break }
                // Ties at the extreme are winsorised together, as COINr does.
                for index in trial.indices where trial[index] == extreme {
                    trial[index] = next
                    changed.append((index, high ? .winsorisedHigh : .winsorisedLow))
                }
                if rule.passes(trial.filter { !$0.isNaN }) {
                    column = trial
                    return changed
                }
            }
            return logTransform(&column)
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
