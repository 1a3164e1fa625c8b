/// A run's choices as the user wrote them (on the command line, in an API call, in a stored run):
/// the one place that turns option text into ``RunOptions``, so a stored run reruns exactly as it ran.
public struct RunSpecification: Sendable, Hashable {
    /// The periods of cross-section evaluations: `all`, `latest`, `2023` or `2021,2022,2023`;
    /// `nil` = the evaluation's `periods:`, else the latest with data.
    public var period: String?
    /// `minmax`, `zscore`, `rank`, `percentile`, `goalposts`, `target` or `none`.
    public var normalise: String?
    /// `LO,HI` for ranges; `MEAN,SD` for z-scores.
    public var scale: String?
    /// `arithmetic`, `geometric`, `harmonic`, `power:P`, `copeland` or `topsis`.
    public var aggregate: String?
    /// `jenks:K`, `sizes:6,11,10,4` or `thresholds:60,30,10`.
    public var tiers: String?
    /// ``ImputationMethod/name``.
    public var impute: String?
    /// ``OutlierMethod/name``.
    public var outliers: String?
    /// ``WeightMethod`` raw value; `derived` by default.
    public var weights: String?
    /// The derived weights' share when combined with objective ones.
    public var weightAlpha: String?
    /// `linear` or `multiplicative`.
    public var weightCombination: String?
    /// Every node's `min-coverage`, 0–1.
    public var minCoverage: String?
    /// `F[:before-imputation|after-imputation]`.
    public var screen: String?
    /// `period` or `panel`.
    public var normalisationScope: String?
    /// `true` to apply a COINr iMeta's `Denominator` column.
    public var denominate: String?

    public init(
        period: String? = nil,
        normalise: String? = nil,
        scale: String? = nil,
        aggregate: String? = nil,
        tiers: String? = nil,
        impute: String? = nil,
        outliers: String? = nil,
        weights: String? = nil,
        weightAlpha: String? = nil,
        weightCombination: String? = nil,
        minCoverage: String? = nil,
        screen: String? = nil,
        normalisationScope: String? = nil,
        denominate: String? = nil
    ) {
        self.period = period
        self.normalise = normalise
        self.scale = scale
        self.aggregate = aggregate
        self.tiers = tiers
        self.impute = impute
        self.outliers = outliers
        self.weights = weights
        self.weightAlpha = weightAlpha
        self.weightCombination = weightCombination
        self.minCoverage = minCoverage
        self.screen = screen
        self.normalisationScope = normalisationScope
        self.denominate = denominate
    }

    /// Every option's name, in the order they are listed and stored.
    public static let names = [
        "period", "normalise", "scale", "aggregate", "tiers", "impute", "outliers", "weights", "weightAlpha",
        "weightCombination", "minCoverage", "screen", "normalisationScope", "denominate",
    ]

    var values: [String?] {
        [
            period, normalise, scale, aggregate, tiers, impute, outliers, weights, weightAlpha, weightCombination,
            minCoverage, screen, normalisationScope, denominate,
        ]
    }

    /// The specification as ordered `(name, value)` pairs of the options that are set.
    public var fields: [(String, String)] {
        zip(Self.names, values).compactMap { name, value in value.map { (name, $0) } }
    }

    /// A specification from ``fields``; unknown names are an error naming the nearest known one.
    public init(fields: [String: String]) throws {
        for name in fields.keys.sorted() where !Self.names.contains(name) {
            let nearest = Self.names.min { Self.distance($0, name) < Self.distance($1, name) } ?? ""
            throw IndexError(
                "unknown run option '\(name)'"
                    + (Self.distance(nearest, name) <= 3 ? " (did you mean '\(nearest)'?)" : "")
            )
        }
        self.init(
            period: fields["period"],
            normalise: fields["normalise"],
            scale: fields["scale"],
            aggregate: fields["aggregate"],
            tiers: fields["tiers"],
            impute: fields["impute"],
            outliers: fields["outliers"],
            weights: fields["weights"],
            weightAlpha: fields["weightAlpha"],
            weightCombination: fields["weightCombination"],
            minCoverage: fields["minCoverage"],
            screen: fields["screen"],
            normalisationScope: fields["normalisationScope"],
            denominate: fields["denominate"]
        )
    }

    /// Levenshtein distance, for "did you mean".
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased())
        let y = Array(b.lowercased())
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = Swift.min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                )
            }
            previous = current
        }
        return previous[y.count]
    }

    /// The options these choices mean: every value checked (finite, in range, consistent), so no
    /// option can reach the numeric core in a form it cannot take.
    ///
    /// - Throws: ``IndexError`` naming the option whose text is not understood or out of range.
    public func options() throws -> RunOptions {
        var options = RunOptions()
        if let period { options.periods = try PeriodSelection(name: period) }
        if aggregate == "topsis" {
            options.topsis = true
        } else if let aggregate {
            options.aggregation = try AggregationMethod(name: aggregate)
        }
        if let normalise {
            options.normalisation = try Self.normalisation(normalise, scale: scale)
        } else if scale != nil {
            throw IndexError("--scale needs --normalise (the range or mean,sd of which normalisation?)")
        }
        if let tiers { options.tierMethod = try Self.tierMethod(tiers) }
        if let impute {
            guard let method = ImputationMethod(name: impute) else {
                throw IndexError(
                    "unknown imputation '\(impute)' (none, mean, median, group-mean:GROUP, interpolate, carry-forward)"
                )
            }
            options.imputation = method
        }
        if let outliers { options.outliers = try Self.outlierMethod(outliers) }
        if let weights {
            guard let method = WeightMethod(rawValue: weights) else {
                throw IndexError(
                    "unknown weight method '\(weights)' (\(WeightMethod.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            options.weightMethod = method
        }
        if let weightAlpha {
            guard let alpha = StrictNumber.parse(weightAlpha), (0...1).contains(alpha) else {
                throw IndexError("the weight alpha must be a number from 0 to 1, not '\(weightAlpha)'")
            }
            options.weightAlpha = alpha
        }
        if let weightCombination {
            guard let combination = MCDA.Combination(rawValue: weightCombination) else {
                throw IndexError("the weight combination must be linear or multiplicative, not '\(weightCombination)'")
            }
            options.weightCombination = combination
        }
        if (weightAlpha != nil || weightCombination != nil), options.weightMethod == .derived {
            throw IndexError(
                "--weight-alpha and --weight-combination combine derived weights with objective ones: give --weights too"
            )
        }
        if let minCoverage {
            guard let share = StrictNumber.parse(minCoverage), (0...1).contains(share) else {
                throw IndexError("--min-coverage must be a share from 0 to 1, not '\(minCoverage)'")
            }
            options.minCoverage = share
        }
        if let screen { options.screen = try ScreeningRule(name: screen) }
        if let normalisationScope {
            guard let scope = NormalisationScope(rawValue: normalisationScope) else {
                throw IndexError("--normalisation-scope must be period or panel, not '\(normalisationScope)'")
            }
            options.normalisationScope = scope
        }
        if let denominate {
            guard let flag = Bool(denominate) else {
                throw IndexError("denominate must be true or false, not '\(denominate)'")
            }
            options.denominate = flag
        }
        return options
    }

    /// Parses a normalisation and its scale, refusing ranges that are empty, reversed, infinite or
    /// too wide to compute with, and z-scores with no spread.
    public static func normalisation(_ name: String, scale: String?) throws -> NormalisationMethod {
        let bounds = try scale.map { text -> (Double, Double) in
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { StrictNumber.parse($0) }
            guard parts.count == 2, let first = parts[0], let second = parts[1] else {
                throw IndexError("--scale must be two finite numbers LO,HI (MEAN,SD for zscore), not '\(text)'")
            }
            return (first, second)
        }
        func range(_ defaults: (Double, Double)) throws -> (Double, Double) {
            let (lower, upper) = bounds ?? defaults
            guard lower < upper else {
                throw IndexError("--scale \(lower),\(upper): the lower end must be below the upper end")
            }
            guard (upper - lower).isFinite, (upper - lower) <= 1e300 else {
                throw IndexError("--scale \(lower),\(upper): the range is too wide to compute with")
            }
            return (lower, upper)
        }
        switch name {
        case "minmax", "min-max":
            let (lower, upper) = try range((0, 100))
            return .minMax(lower: lower, upper: upper)
        case "zscore", "z-score":
            let (mean, sd) = bounds ?? (0, 1)
            guard sd > 0, sd <= 1e300, abs(mean) <= 1e300 else {
                throw IndexError("--scale for zscore is MEAN,SD with SD above 0, not \(mean),\(sd)")
            }
            return .zScore(mean: mean, sd: sd, ddof: 0)
        case "rank":
            return .rank
        case "percentile":
            let (lower, upper) = try range((0, 100))
            return .percentileRank(lower: lower, upper: upper)
        case "goalposts":
            let (lower, upper) = try range((0, 1))
            return .goalposts(lower: lower, upper: upper)
        case "target":
            let (lower, upper) = try range((0, 100))
            return .distanceToTarget(lower: lower, upper: upper)
        case "none": return .none
        default:
            throw IndexError(
                "unknown normalisation '\(name)' (minmax, zscore, rank, percentile, goalposts, target, none)"
            )
        }
    }

    /// The most tiers, units per tier or thresholds a tier rule may name.
    static let tierLimit = 1_000_000

    /// Parses `jenks:K`, `sizes:A,B,…` or `thresholds:X,Y,…` (descending), refusing counts that are not
    /// positive whole numbers and thresholds that are not finite.
    public static func tierMethod(_ text: String) throws -> TierMethod {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let kind = parts.first?.trimmingSpaces ?? ""
        let items =
            parts.count > 1 ? parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init) : []
        let usage = "tiers must be jenks:K, sizes:A,B,… or thresholds:X,Y,… (descending), not '\(text)'"
        switch kind {
        case "jenks":
            guard items.count <= 1 else { throw IndexError(usage) }
            guard let k = items.isEmpty ? 4 : StrictNumber.integer(items[0], in: 1...1000) else {
                throw IndexError("jenks:K needs a whole number of classes from 1 to 1000, not '\(text)'")
            }
            return .jenks(classes: k)
        case "sizes":
            let sizes = items.map { StrictNumber.integer($0, in: 1...tierLimit) }
            guard !sizes.isEmpty, sizes.count <= 1000, sizes.allSatisfy({ $0 != nil }) else {
                throw IndexError("sizes:A,B,… needs whole numbers of units from 1 to \(tierLimit), not '\(text)'")
            }
            return .sizes(sizes.compactMap { $0 })
        case "thresholds":
            let values = items.map { StrictNumber.parse($0) }
            guard !values.isEmpty, values.count <= 1000, values.allSatisfy({ $0 != nil }) else {
                throw IndexError("thresholds:X,Y,… needs finite numbers, not '\(text)'")
            }
            let bounds = values.compactMap { $0 }
            guard zip(bounds, bounds.dropFirst()).allSatisfy({ $0 > $1 }) else {
                throw IndexError("thresholds must descend (the lower bound of tier 1 first), not '\(text)'")
            }
            return .thresholds(bounds)
        default:
            throw IndexError(usage)
        }
    }

    /// Parses an outlier treatment: `none`, `log`, `coinr` or `coinr:SKEW,KURT,POINTS`.
    public static func outlierMethod(_ text: String) throws -> OutlierMethod {
        switch text {
        case "none": return .none
        case "log": return .log
        case "coinr", "winsorise": return .coinr(OutlierRule())
        default:
            guard text.hasPrefix("coinr:") else {
                throw IndexError("unknown outlier treatment '\(text)' (none, coinr, coinr:SKEW,KURT,POINTS, log)")
            }
            let parts = text.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 3, let skew = StrictNumber.parse(parts[0]), skew > 0,
                let kurtosis = StrictNumber.parse(parts[1]),
                let points = StrictNumber.integer(parts[2], in: 0...1_000_000)
            else {
                throw IndexError(
                    "coinr:SKEW,KURT,POINTS needs a positive skewness threshold, a kurtosis threshold and a whole number of points, not '\(text)'"
                )
            }
            return .coinr(OutlierRule(skewThreshold: skew, kurtosisThreshold: kurtosis, maxPoints: points))
        }
    }
}
