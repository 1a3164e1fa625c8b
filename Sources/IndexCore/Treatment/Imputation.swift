/// How missing values are filled before normalising. Every filled value is listed in the run's results.
public enum ImputationMethod: Sendable, Hashable {
    /// Leave values missing; aggregation renormalises the weights over the children present.
    case none
    /// The indicator's mean over the units that have a value in the same period.
    case mean
    /// The indicator's median over the units that have a value in the same period.
    case median
    /// The mean over the units of the same group (for example `region`: East, Central, West,
    /// Northeast), as COINr's `i_mean_grp`: a unit with no group, or whose group has no value, stays
    /// missing.
    case groupMean(group: String)
    /// Linear interpolation between the unit's nearest earlier and later values (by period, read as
    /// numbers when they are numbers); no value is invented beyond the first or last one.
    case interpolate
    /// The unit's latest earlier value.
    case carryForward

    /// The name used on the command line and in stored runs.
    public var name: String {
        switch self {
        case .none: "none"
        case .mean: "mean"
        case .median: "median"
        case .groupMean(let group): "group-mean:\(group)"
        case .interpolate: "interpolate"
        case .carryForward: "carry-forward"
        }
    }

    /// Whether the method looks at other periods of the same unit.
    public var usesOtherPeriods: Bool { self == .interpolate || self == .carryForward }
}

/// What was done to one value before normalising.
public enum TreatmentAction: String, Sendable, Hashable, CaseIterable {
    case imputedMean = "imputed-mean"
    case imputedMedian = "imputed-median"
    case imputedGroupMean = "imputed-group-mean"
    case interpolated
    case carriedForward = "carried-forward"
    case winsorisedHigh = "winsorised-high"
    case winsorisedLow = "winsorised-low"
    case logTransformed = "log-transformed"
}

/// One value changed by imputation or outlier treatment: the flag every changed value carries.
public struct TreatedValue: Sendable, Hashable {
    public var evaluation: String
    public var unit: String
    public var indicator: String
    public var period: String
    /// The value before treatment; `nil` when it was missing.
    public var original: Double?
    public var value: Double
    public var action: TreatmentAction

    public init(
        evaluation: String,
        unit: String,
        indicator: String,
        period: String,
        original: Double?,
        value: Double,
        action: TreatmentAction
    ) {
        self.evaluation = evaluation
        self.unit = unit
        self.indicator = indicator
        self.period = period
        self.original = original
        self.value = value
        self.action = action
    }
}

/// Fills missing values (`NaN`) of one indicator.
public enum Imputation {
    /// Fills the missing entries of a cross-section column with its mean, median or group mean.
    ///
    /// - Parameters:
    ///   - column: one indicator's values over units, `NaN` where missing.
    ///   - groups: each unit's group (for ``ImputationMethod/groupMean(group:)``).
    ///   - method: the imputation to apply (``ImputationMethod/mean``, ``ImputationMethod/median`` or a
    ///     group mean; the others fill nothing here).
    /// - Returns: the indices filled and the action taken. Nothing is filled when no unit has a value.
    public static func fillCrossSection(
        _ column: inout [Double],
        method: ImputationMethod,
        groups: [String?] = []
    ) -> [(index: Int, action: TreatmentAction)] {
        let present = column.filter { !$0.isNaN }
        guard !present.isEmpty, present.count < column.count else { return [] }
        var filled: [(Int, TreatmentAction)] = []
        switch method {
        case .none, .interpolate, .carryForward:
            return []
        case .mean, .median:
            let value = method == .mean ? Statistics.mean(present) : Statistics.median(present)
            let action: TreatmentAction = method == .mean ? .imputedMean : .imputedMedian
            for index in column.indices where column[index].isNaN {
                column[index] = value
                filled.append((index, action))
            }
        case .groupMean:
            var sums: [String: (Double, Int)] = [:]
            for index in column.indices where !column[index].isNaN {
                guard let group = index < groups.count ? groups[index] : nil else { continue }
                let (sum, count) = sums[group] ?? (0, 0)
                sums[group] = (sum + column[index], count + 1)
            }
            for index in column.indices where column[index].isNaN {
                let group = index < groups.count ? groups[index] : nil
                guard let group, let (sum, count) = sums[group], count > 0 else { continue }
                column[index] = sum / Double(count)
                filled.append((index, .imputedGroupMean))
            }
        }
        return filled
    }

    /// A value for a missing point of a unit's series, from the unit's other periods.
    ///
    /// ```
    /// interpolate:   x(t) = x(a) + (x(b) − x(a)) · (t − a) / (b − a), a < t < b the nearest periods with values
    /// carry forward: x(t) = x(a), a < t the latest period with a value
    /// ```
    /// - Parameters:
    ///   - series: the unit's values by period, `NaN` where missing.
    ///   - positions: where each period lies on the time axis (years when periods are years).
    ///   - index: the missing point.
    ///   - method: ``ImputationMethod/interpolate`` or ``ImputationMethod/carryForward``; any other fills
    ///     nothing.
    /// - Returns: the value and action, or `nil` when there is nothing to fill from.
    public static func fillFromSeries(
        _ series: [Double],
        positions: [Double],
        at index: Int,
        method: ImputationMethod
    ) -> (value: Double, action: TreatmentAction)? {
        let before = series[..<index].lastIndex { !$0.isNaN }
        switch method {
        case .carryForward:
            guard let before else { return nil }
            return (series[before], .carriedForward)
        case .interpolate:
            guard let before, let after = series[(index + 1)...].firstIndex(where: { !$0.isNaN }) else { return nil }
            let span = positions[after] - positions[before]
            guard span > 0 else { return nil }
            let fraction = (positions[index] - positions[before]) / span
            return (series[before] + (series[after] - series[before]) * fraction, .interpolated)
        default:
            return nil
        }
    }

    /// Time positions of periods: the numbers when every period is a number, else 0, 1, 2, ….
    public static func positions(of periods: [String]) -> [Double] {
        let numbers = periods.compactMap { Double($0) }
        return numbers.count == periods.count ? numbers : periods.indices.map(Double.init)
    }
}
