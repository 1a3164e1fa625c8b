import RealModule

/// How outliers are treated before normalising. Every changed value is listed in the run's results.
public enum OutlierMethod: Sendable, Hashable {
    /// Values are used as they are.
    case none
    /// COINr's default (`Treat()`): an indicator fails unless |skewness| < 2 or kurtosis < 3.5; a
    /// failing indicator is winsorised on the side its skew points to, up to `maxPoints` points;
    /// if it still fails, the winsorisation is undone and the COIN Tool log transform
    /// `log(x − min + 0.01·(max − min))` is applied to the original values instead.
    ///
    /// The rule's ``OutlierRule/secondStage`` replaces `log_CT` (COINr's `f2`: Box-Cox, `log_CT_orig`,
    /// `log_CT_plus`, or none — winsorise only) and ``OutlierRule/combines`` applies it to the
    /// winsorised values instead of the original ones (COINr's `combine_treat`).
    case coinr(OutlierRule)
    /// The COIN Tool log transform applied to every indicator.
    case log

    /// The name used on the command line and in stored runs: `coinr[:SKEW,KURT,POINTS][:SECOND][:combine]`,
    /// or `winsorise-only[:SKEW,KURT,POINTS]` when there is no second stage.
    public var name: String {
        switch self {
        case .none: "none"
        case .coinr(let rule):
            ([rule.secondStage == .none ? "winsorise-only" : "coinr"]
                + (rule.hasDefaultThresholds
                    ? [] : ["\(rule.skewThreshold),\(rule.kurtosisThreshold),\(rule.maxPoints)"])
                + (rule.secondStage == .none || rule.secondStage == .logCT ? [] : [rule.secondStage.name])
                + (rule.combines ? ["combine"] : []))
                .joined(separator: ":")
        case .log: "log"
        }
    }
}

/// What COINr's `Treat()` does to an indicator that winsorising did not bring within the thresholds
/// (its `f2`), each on the present values x (min and max over them):
/// ```
/// log_CT       log(x − min + 0.01·(max − min))
/// log_CT_orig  log(x − min + 1)
/// log_CT_plus  log(x − min + a) if skew(x) > 0, else −log(max + a − x);  a = 0.01·(max − min)
/// boxcox(λ)    y = x − min + 1;  (y^λ − 1)/λ, or log(y) when λ = 0
/// none         the winsorised values are kept although they still fail (COINr's `f2 = NULL`)
/// ```
public enum SecondStage: Sendable, Hashable {
    case none
    case logCT
    case logCTOriginal
    case logCTPlus
    case boxCox(lambda: Double)

    /// `log`, `log-orig`, `log-plus`, `boxcox:λ`, `none`.
    public var name: String {
        switch self {
        case .none: "none"
        case .logCT: "log"
        case .logCTOriginal: "log-orig"
        case .logCTPlus: "log-plus"
        case .boxCox(let lambda): "boxcox:\(NameNumber.text(lambda))"
        }
    }
}

extension SecondStage {
    /// How a value it changed is flagged.
    var action: TreatmentAction {
        if case .boxCox = self { return .boxCoxTransformed }
        return .logTransformed
    }
}

/// COINr's thresholds and winsorisation limit, and what follows when winsorising is not enough.
public struct OutlierRule: Sendable, Hashable {
    public var skewThreshold: Double
    public var kurtosisThreshold: Double
    public var maxPoints: Int
    /// What happens to an indicator that still fails after winsorising (COINr's `f2`).
    public var secondStage: SecondStage
    /// Whether the second stage transforms the winsorised values (COINr's `combine_treat = TRUE`)
    /// rather than the original ones.
    public var combines: Bool

    public init(
        skewThreshold: Double = 2,
        kurtosisThreshold: Double = 3.5,
        maxPoints: Int = 5,
        secondStage: SecondStage = .logCT,
        combines: Bool = false
    ) {
        self.skewThreshold = skewThreshold
        self.kurtosisThreshold = kurtosisThreshold
        self.maxPoints = maxPoints
        self.secondStage = secondStage
        self.combines = combines
    }

    /// Whether the thresholds and the winsorisation limit are COINr's defaults (2, 3.5, 5).
    var hasDefaultThresholds: Bool { skewThreshold == 2 && kurtosisThreshold == 3.5 && maxPoints == 5 }

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
    /// One change to one value: its index in the column, what was done, and the value after.
    public typealias Step = (index: Int, action: TreatmentAction, value: Double)

    /// Applies a method to a column in place.
    ///
    /// - Returns: each change in the order it was made: once per index, except under COINr's
    ///   `combine_treat`, where a winsorised point is listed as winsorised (with its winsorised value)
    ///   and then as transformed — so the log shows both steps, as COINr's `winhi+log_CT` does.
    public static func treat(_ column: inout [Double], method: OutlierMethod) -> [Step] {
        let changes: [(index: Int, action: TreatmentAction)]
        switch method {
        case .none:
            return []
        case .log:
            changes = logTransform(&column)
        case .coinr(let rule):
            return winsoriseOrLog(&column, rule: rule)
        }
        return changes.map { ($0.index, $0.action, column[$0.index]) }
    }

    /// COINr's `Treat()` step for step: while the column fails and fewer than `maxPoints` points are
    /// winsorised, the value(s) at the extreme on the side the skew points to (high when skew ≥ 0)
    /// take the next value in; the count is the number of points now sharing that extreme (COINr's
    /// `nwin`), so up to `maxPoints` distinct points move. If the column still fails, the original
    /// values are log-transformed instead (`log_CT`) — or whatever the rule's second stage says, of the
    /// winsorised values when it combines.
    static func winsoriseOrLog(_ column: inout [Double], rule: OutlierRule) -> [Step] {
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
        let original = column
        let raised = Set(high)
        // A missing cell (NaN) is never winsorised: NaN != NaN would list it as changed.
        let winsorised: [Step] = trial.indices.filter { !original[$0].isNaN && trial[$0] != original[$0] }.map {
            ($0, raised.contains($0) ? .winsorisedHigh : .winsorisedLow, trial[$0])
        }
        guard !passing, rule.secondStage != .none else {
            column = trial
            return winsorised
        }
        if rule.combines { column = trial }
        let transformed = transform(&column, by: rule.secondStage).map { ($0.index, $0.action, column[$0.index]) }
        // Without `combine_treat` the winsorisation is undone, so only the transform happened.
        return (rule.combines ? winsorised : []) + transformed
    }

    /// Applies a second stage to the present values (see ``SecondStage``); a column with no spread is
    /// left alone.
    static func transform(_ column: inout [Double], by stage: SecondStage) -> [(index: Int, action: TreatmentAction)] {
        let present = column.filter { !$0.isNaN }
        guard let low = present.min(), let high = present.max(), high > low else { return [] }
        let shift = 0.01 * (high - low)
        let isPositive = Statistics.skewness(present) > 0
        let f: (Double) -> Double
        switch stage {
        case .none: return []
        case .logCT: f = { .log($0 - low + shift) }
        case .logCTOriginal: f = { .log($0 - low + 1) }
        case .logCTPlus: f = isPositive ? { .log($0 - low + shift) } : { -.log(high + shift - $0) }
        case .boxCox(let lambda):
            f = lambda == 0 ? { .log($0 - low + 1) } : { (Double.pow($0 - low + 1, lambda) - 1) / lambda }
        }
        var changed: [(Int, TreatmentAction)] = []
        for index in column.indices where !column[index].isNaN {
            column[index] = f(column[index])
            changed.append((index, stage.action))
        }
        return changed
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
