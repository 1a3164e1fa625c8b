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
    /// The median over the units of the same group, as COINr's `i_median_grp`: a unit with no group,
    /// or whose group has no value, stays missing (no fallback to the overall median).
    case groupMedian(group: String)
    /// The mean or median of the unit's other indicators (in the same group at a framework level), as
    /// COINr's `Impute(impute_by = "row")`; see ``RowImputation``.
    case rowwise(RowImputation)
    /// The conditional mean at the maximum-likelihood estimate of a multivariate normal, fitted by EM
    /// to the indicators of each group at a framework level (`nil`: all indicators at once); see
    /// ``Imputation/fillByEM(_:names:)``.
    case expectationMaximisation(level: Int?)
    /// Linear interpolation between the unit's nearest earlier and later values (by period, read as
    /// numbers when they are numbers); beyond the first or last value only when the rule extrapolates.
    case interpolate(SeriesRule)
    /// The unit's latest earlier value, looking back at most ``SeriesRule/lookBack`` periods; before
    /// the first value only when the rule extrapolates.
    case carryForward(SeriesRule)

    /// The name used on the command line and in stored runs.
    public var name: String {
        switch self {
        case .none: "none"
        case .mean: "mean"
        case .median: "median"
        case .groupMean(let group): "group-mean:\(group)"
        case .groupMedian(let group): "group-median:\(group)"
        case .rowwise(let rule): rule.name
        case .expectationMaximisation(let level): level.map { "em:level\($0)" } ?? "em"
        case .interpolate(let rule): (["interpolate"] + rule.suffixes).joined(separator: ":")
        case .carryForward(let rule): (["carry-forward"] + rule.suffixes).joined(separator: ":")
        }
    }

    /// Whether the method looks at other periods of the same unit.
    public var usesOtherPeriods: Bool {
        switch self {
        case .interpolate, .carryForward: true
        default: false
        }
    }

    /// The method with the choices it leaves open filled by a framework's conventions: under COINr's,
    /// `interpolate` extrapolates at the ends (`impute_panel`'s `approx(rule = 2)`); under IIDEI's it
    /// does not, and `carry-forward` never does unless it says so (COINr's `"latest"` does not either).
    public func resolved(by conventions: MethodConventions) -> ImputationMethod {
        switch self {
        case .interpolate(var rule) where rule.extrapolates == nil:
            rule.extrapolates = conventions == .coinr
            return .interpolate(rule)
        case .carryForward(var rule) where rule.extrapolates == nil:
            rule.extrapolates = false
            return .carryForward(rule)
        default:
            return self
        }
    }
}

/// How a series imputation treats the ends of a unit's series and how far back it looks.
public struct SeriesRule: Sendable, Hashable {
    /// Carry forward from at most this many earlier periods of the data (COINr's `max_time`, counted
    /// in periods present in the data, not in time units); `nil` = any earlier period.
    public var lookBack: Int?
    /// Whether periods before the unit's first value (and, for interpolation, after its last) take the
    /// nearest value (COINr's `rule = 2`); `nil` = the framework's convention.
    public var extrapolates: Bool?

    public init(lookBack: Int? = nil, extrapolates: Bool? = nil) {
        self.lookBack = lookBack
        self.extrapolates = extrapolates
    }

    var suffixes: [String] {
        (lookBack.map { ["\($0)"] } ?? []) + (extrapolates.map { [$0 ? "extrapolate" : "within"] } ?? [])
    }
}

/// Row-wise imputation, COINr's `Impute(impute_by = "row", group_level, normalise_first)`.
///
/// A missing value gets the mean (or median) of the unit's other values among the indicators of the
/// same group — the indicators that share its ancestor at framework ``level`` (COINr's levels: 1 the
/// indicators, 2 their parents, …; `nil` = all indicators). With ``normalisesFirst`` (COINr's default
/// for rows) each column is first taken to [0, 1] in its direction and the result taken back:
/// ```
/// yᵢⱼ = (dⱼ·xᵢⱼ − minᵢ dⱼ·x·ⱼ) / (maxᵢ dⱼ·x·ⱼ − minᵢ dⱼ·x·ⱼ)     dⱼ = ±1, the direction
/// x̂ᵢⱼ = dⱼ · (mean over k of yᵢₖ · (max − min) + min)
/// ```
/// The minimum and maximum are over the whole column, so grouping does not change them. A column with
/// no spread contributes nothing to row means and imputes its one value (COINr: `NaN·0 + min`). A unit
/// with no value in the group stays missing.
public struct RowImputation: Sendable, Hashable {
    /// The row statistic.
    public enum Statistic: String, Sendable, Hashable {
        case mean, median
    }

    public var statistic: Statistic
    /// The framework level whose groups the row statistic stays within (2 or more), `nil` = all.
    public var level: Int?
    public var normalisesFirst: Bool

    public init(statistic: Statistic, level: Int? = nil, normalisesFirst: Bool = true) {
        self.statistic = statistic
        self.level = level
        self.normalisesFirst = normalisesFirst
    }

    /// `row-mean[:levelL][:raw]`, `row-median[…]`.
    public var name: String {
        (["row-\(statistic.rawValue)"] + (level.map { ["level\($0)"] } ?? []) + (normalisesFirst ? [] : ["raw"]))
            .joined(separator: ":")
    }
}

/// What was done to one value before normalising.
public enum TreatmentAction: String, Sendable, Hashable, CaseIterable {
    case imputedMean = "imputed-mean"
    case imputedMedian = "imputed-median"
    case imputedGroupMean = "imputed-group-mean"
    case imputedGroupMedian = "imputed-group-median"
    case imputedRowMean = "imputed-row-mean"
    case imputedRowMedian = "imputed-row-median"
    case imputedEM = "imputed-em"
    case interpolated
    case carriedForward = "carried-forward"
    /// Taken from the nearest value beyond the end of the unit's series.
    case extrapolated
    case winsorisedHigh = "winsorised-high"
    case winsorisedLow = "winsorised-low"
    case logTransformed = "log-transformed"
    case boxCoxTransformed = "box-cox-transformed"
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
        case .none, .interpolate, .carryForward, .rowwise, .expectationMaximisation:
            return []
        case .mean, .median:
            let value = method == .mean ? Statistics.mean(present) : Statistics.median(present)
            let action: TreatmentAction = method == .mean ? .imputedMean : .imputedMedian
            for index in column.indices where column[index].isNaN {
                column[index] = value
                filled.append((index, action))
            }
        case .groupMean, .groupMedian:
            var members: [String: [Double]] = [:]
            for index in column.indices where !column[index].isNaN {
                guard let group = index < groups.count ? groups[index] : nil else { continue }
                members[group, default: []].append(column[index])
            }
            let isMean: Bool
            if case .groupMean = method { isMean = true } else { isMean = false }
            let values = members.mapValues { isMean ? Statistics.mean($0) : Statistics.median($0) }
            for index in column.indices where column[index].isNaN {
                let group = index < groups.count ? groups[index] : nil
                guard let group, let value = values[group] else { continue }
                column[index] = value
                filled.append((index, isMean ? .imputedGroupMean : .imputedGroupMedian))
            }
        }
        return filled
    }

    /// A value for a missing point of a unit's series, from the unit's other periods.
    ///
    /// ```
    /// interpolate:   x(t) = x(a) + (x(b) − x(a)) · (t − a) / (b − a), a < t < b the nearest periods with values
    /// carry forward: x(t) = x(a), a < t the latest period with a value, at most lookBack periods back
    /// extrapolate:   before the first value x(t) = the first value; after the last (interpolate) the last
    /// ```
    /// COINr's `impute_panel`: `"latest"` with `max_time` is carry-forward with a look-back (no
    /// extrapolation), `"constant"` carry-forward with extrapolation and `"linear"` interpolation with
    /// extrapolation (`approx(rule = 2)`; COINr ignores `max_time` for both). Where a unit has exactly
    /// one value, COINr's `"linear"` stops the whole imputation with an error; here interpolation with
    /// extrapolation fills every period with that value, as COINr's `"constant"` does.
    ///
    /// - Parameters:
    ///   - series: the unit's values by period, `NaN` where missing.
    ///   - positions: where each period lies on the time axis (years when periods are years).
    ///   - index: the missing point.
    ///   - method: ``ImputationMethod/interpolate(_:)`` or ``ImputationMethod/carryForward(_:)``, its
    ///     open choices resolved (an open end rule does not extrapolate); any other fills nothing.
    /// - Returns: the value and action, or `nil` when there is nothing to fill from.
    public static func fillFromSeries(
        _ series: [Double],
        positions: [Double],
        at index: Int,
        method: ImputationMethod
    ) -> (value: Double, action: TreatmentAction)? {
        let before = series[..<index].lastIndex { !$0.isNaN }
        let after = series[(index + 1)...].firstIndex { !$0.isNaN }
        switch method {
        case .carryForward(let rule):
            if let before, rule.lookBack.map({ index - before <= $0 }) ?? true {
                return (series[before], .carriedForward)
            }
            guard before == nil, rule.extrapolates == true, let after else { return nil }
            return (series[after], .extrapolated)
        case .interpolate(let rule):
            switch (before, after) {
            case (let before?, let after?):
                let span = positions[after] - positions[before]
                guard span > 0 else { return nil }
                let fraction = (positions[index] - positions[before]) / span
                return (series[before] + (series[after] - series[before]) * fraction, .interpolated)
            case (let nearest?, nil), (nil, let nearest?):
                return rule.extrapolates == true ? (series[nearest], .extrapolated) : nil
            case (nil, nil):
                return nil
            }
        default:
            return nil
        }
    }

    /// Fills missing values from the unit's other values in the same row (see ``RowImputation``).
    ///
    /// - Parameters:
    ///   - columns: one group's indicator columns, each over the same units, `NaN` where missing.
    ///   - directions: each column's direction (+1 or −1), used when normalising first.
    ///   - rule: the statistic and whether to normalise first (its level has already chosen the group).
    /// - Returns: the cells filled, as (unit, column).
    public static func fillRows(
        _ columns: inout [[Double]],
        directions: [Double],
        rule: RowImputation
    ) -> [(unit: Int, column: Int)] {
        let units = columns.first?.count ?? 0
        // The scale of each column: y = (d·x − low) / spread (identity when raw).
        let scales: [(low: Double, spread: Double, sign: Double)] = columns.indices.map { j in
            guard rule.normalisesFirst else { return (0, 1, 1) }
            let sign = j < directions.count ? directions[j] : 1
            let present = columns[j].filter { !$0.isNaN }.map { $0 * sign }
            // An empty column stays empty (COINr: min and max of nothing are ±Inf, the result NaN).
            guard let low = present.min(), let high = present.max() else { return (0, 0, sign) }
            return (low, high - low, sign)
        }
        var filled: [(unit: Int, column: Int)] = []
        for i in 0..<units {
            let missing = columns.indices.filter { columns[$0][i].isNaN }
            guard !missing.isEmpty else { continue }
            let others = columns.indices.compactMap { j -> Double? in
                let value = columns[j][i]
                guard !value.isNaN, scales[j].spread > 0 else { return nil }
                return (value * scales[j].sign - scales[j].low) / scales[j].spread
            }
            guard !others.isEmpty else { continue }
            for j in missing {
                let scale = scales[j]
                let value: Double
                if scale.spread > 0 {
                    let y = rule.statistic == .mean ? Statistics.mean(others) : Statistics.median(others)
                    value = (y * scale.spread + scale.low) * scale.sign
                } else {
                    // No spread: COINr's back-transform NaN·0 + min gives the column's one value.
                    guard columns[j].contains(where: { !$0.isNaN }) else { continue }
                    value = scale.low * scale.sign
                }
                columns[j][i] = value
                filled.append((i, j))
            }
        }
        return filled
    }

    /// Time positions of periods: the numbers when every period is a number, else 0, 1, 2, ….
    public static func positions(of periods: [String]) -> [Double] {
        let numbers = periods.compactMap { Double($0) }
        return numbers.count == periods.count ? numbers : periods.indices.map(Double.init)
    }
}
