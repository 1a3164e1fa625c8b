/// A method choice that reads and writes as one name — `minmax`, `power:2`, `jenks:4`,
/// `group-mean:region`, `coinr:2,3.5,5` — the one spelling the command line, framework files, the
/// API and stored runs share. `init(name:)` is the only parser of that spelling; ``name`` reads back
/// as the same value.
///
/// Conforming types are `Codable` as their name (a JSON string), so a document that carries a
/// method carries the text a user would type.
public protocol MethodName: Codable, Sendable, Hashable {
    /// Parses a name.
    ///
    /// - Throws: ``IndexError`` saying what is accepted.
    init(name: String) throws
    /// The name that ``init(name:)`` reads back as the same value.
    var name: String { get }
}

extension MethodName {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(name: try container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// Numbers in names (`minmax:1,100`, `thresholds:60,30`): whole numbers without a decimal point, others
/// as the shortest text that reads back as the same double.
package enum NameNumber {
    /// The one spelling of a number in names and cells (``IndexIO/Cell/format(_:)`` calls it).
    package static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// Two numbers `A,B`, or `nil` when the text is not two finite numbers.
    static func pair(_ text: some StringProtocol) -> (Double, Double)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { StrictNumber.parse($0) }
        guard parts.count == 2, let first = parts[0], let second = parts[1] else { return nil }
        return (first, second)
    }
}

// MARK: - Normalisation

extension NormalisationMethod: MethodName {
    /// The names of the normalisations a cross-section can use, for messages.
    public static let accepted = "minmax, zscore, rank, percentile, goalposts, target, none"

    /// Parses `METHOD` or `METHOD:A,B` (the range LO,HI; MEAN,SD for `zscore`), refusing ranges that
    /// are empty, reversed, infinite or too wide to compute with, and z-scores with no spread.
    public init(name: String) throws {
        let parts = name.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
        self = try Self.method(parts.first ?? "", scale: parts.count > 1 ? try ScaleRange(name: parts[1]) : nil)
    }

    /// A normalisation with its range (or mean and SD) given apart, as `--normalise` and `--scale` give it.
    public static func method(_ method: String, scale: ScaleRange?) throws -> NormalisationMethod {
        func range(_ defaults: (Double, Double)) throws -> (Double, Double) {
            let (lower, upper) = scale.map { ($0.lower, $0.upper) } ?? defaults
            guard lower < upper else {
                throw IndexError("--scale \(lower),\(upper): the lower end must be below the upper end")
            }
            guard (upper - lower).isFinite, (upper - lower) <= 1e300 else {
                throw IndexError("--scale \(lower),\(upper): the range is too wide to compute with")
            }
            try requireResolvable(spread: upper - lower, around: max(abs(lower), abs(upper)), "\(lower),\(upper)")
            return (lower, upper)
        }
        switch method {
        case "minmax", "min-max":
            let (lower, upper) = try range((0, 100))
            return .minMax(lower: lower, upper: upper)
        case "zscore", "z-score":
            let (mean, sd) = scale.map { ($0.lower, $0.upper) } ?? (0, 1)
            guard sd > 0, sd <= 1e300, abs(mean) <= 1e300 else {
                throw IndexError("--scale for zscore is MEAN,SD with SD above 0, not \(mean),\(sd)")
            }
            try requireResolvable(spread: sd, around: abs(mean), "\(mean),\(sd)")
            return .zScore(mean: mean, sd: sd, ddof: 0)
        case "rank": return .rank
        case "percentile", "percentile-rank":
            let (lower, upper) = try range((0, 100))
            return .percentileRank(lower: lower, upper: upper)
        case "goalposts":
            let (lower, upper) = try range((0, 1))
            return .goalposts(lower: lower, upper: upper)
        case "target", "distance-to-target":
            let (lower, upper) = try range((0, 100))
            return .distanceToTarget(lower: lower, upper: upper)
        case "none": return .none
        case "base-period": return .basePeriod(base: nil)
        default:
            throw IndexError("unknown normalisation '\(method)' (\(accepted))")
        }
    }

    /// The narrowest output range (or z-score SD) accepted: at least `minimumSpread` and at least
    /// `minimumRelativeSpread` of the larger end's magnitude.
    ///
    /// Scores are spread over the range, so a range of 1e-320 (subnormal: a few representable
    /// values) or `5,5.000000000000001` (two doubles apart) would round distinct units to the same
    /// score and tie their ranks in silence; with these bounds a score keeps at least 4 of its
    /// significant digits and every product or square of it stays a normal number.
    public static let minimumSpread = 1e-100
    /// See ``minimumSpread``.
    public static let minimumRelativeSpread = 1e-12

    static func requireResolvable(spread: Double, around magnitude: Double, _ text: String) throws {
        guard spread >= minimumSpread, spread >= minimumRelativeSpread * magnitude else {
            throw IndexError(
                "--scale \(text): the range is too narrow to tell scores apart (it must be at least \(minimumSpread) and at least \(minimumRelativeSpread) of the larger end)"
            )
        }
    }

    /// The range (or mean and SD) the method carries, `nil` where it has none.
    public var scale: ScaleRange? {
        switch self {
        case .minMax(let lower, let upper), .goalposts(let lower, let upper),
            .distanceToTarget(let lower, let upper), .percentileRank(let lower, let upper):
            ScaleRange(lower: lower, upper: upper)
        case .zScore(let mean, let sd, _): ScaleRange(lower: mean, upper: sd)
        case .basePeriod, .rank, .none: nil
        }
    }

    /// The method's name without its range (`minmax`), as results name it.
    public var kind: String {
        switch self {
        case .basePeriod: "base-period"
        case .minMax: "minmax"
        case .zScore: "zscore"
        case .goalposts: "goalposts"
        case .distanceToTarget: "target"
        case .rank: "rank"
        case .percentileRank: "percentile"
        case .none: "none"
        }
    }

    /// ``kind``, with `:A,B` when the range differs from the method's default (`minmax:1,100`).
    public var name: String {
        guard let scale, let defaults = try? Self.method(kind, scale: nil).scale, scale != defaults else {
            return kind
        }
        return "\(kind):\(scale.name)"
    }
}

/// An output range `LO,HI` (or `MEAN,SD` for z-scores), as `--scale` gives it.
public struct ScaleRange: MethodName {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public init(name: String) throws {
        guard let pair = NameNumber.pair(name) else {
            throw IndexError("--scale must be two finite numbers LO,HI (MEAN,SD for zscore), not '\(name)'")
        }
        self.init(lower: pair.0, upper: pair.1)
    }

    public var name: String { "\(NameNumber.text(lower)),\(NameNumber.text(upper))" }
}

// MARK: - Aggregation, tiers, treatment, weights, periods

extension AggregationMethod: MethodName {}

extension TierMethod: MethodName {
    /// The most tiers, units per tier or thresholds a tier rule may name.
    static let limit = 1_000_000

    /// Parses `jenks:K`, `sizes:A,B,…` or `thresholds:X,Y,…` (descending), refusing counts that are not
    /// positive whole numbers and thresholds that are not finite.
    public init(name text: String) throws {
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
            self = .jenks(classes: k)
        case "sizes":
            let sizes = items.map { StrictNumber.integer($0, in: 1...Self.limit) }
            guard !sizes.isEmpty, sizes.count <= 1000, sizes.allSatisfy({ $0 != nil }) else {
                throw IndexError("sizes:A,B,… needs whole numbers of units from 1 to \(Self.limit), not '\(text)'")
            }
            self = .sizes(sizes.compactMap { $0 })
        case "thresholds":
            let values = items.map { StrictNumber.parse($0) }
            guard !values.isEmpty, values.count <= 1000, values.allSatisfy({ $0 != nil }) else {
                throw IndexError("thresholds:X,Y,… needs finite numbers, not '\(text)'")
            }
            let bounds = values.compactMap { $0 }
            guard zip(bounds, bounds.dropFirst()).allSatisfy({ $0 > $1 }) else {
                throw IndexError("thresholds must descend (the lower bound of tier 1 first), not '\(text)'")
            }
            self = .thresholds(bounds)
        default:
            throw IndexError(usage)
        }
    }
}

extension ImputationMethod: MethodName {
    /// The imputations a run can use, for messages.
    public static let accepted = "none, mean, median, group-mean:GROUP, interpolate, carry-forward"

    /// Parses ``name``.
    public init(name: String) throws {
        switch name {
        case "none": self = .none
        case "mean": self = .mean
        case "median": self = .median
        case "interpolate", "linear": self = .interpolate
        case "carry-forward", "locf": self = .carryForward
        default:
            let group = name.dropFirst("group-mean".count).dropFirst()
            guard name == "group-mean" || name.hasPrefix("group-mean:"),
                group.allSatisfy({ !$0.isNewline && $0 != "\0" })
            else {
                throw IndexError("unknown imputation '\(name)' (\(Self.accepted))")
            }
            self = .groupMean(group: group.isEmpty ? "region" : String(group))
        }
    }
}

extension OutlierMethod: MethodName {
    /// Parses `none`, `log`, `coinr` or `coinr:SKEW,KURT,POINTS`.
    public init(name text: String) throws {
        switch text {
        case "none": self = .none
        case "log": self = .log
        case "coinr", "winsorise": self = .coinr(OutlierRule())
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
            self = .coinr(OutlierRule(skewThreshold: skew, kurtosisThreshold: kurtosis, maxPoints: points))
        }
    }
}

/// Method names that are a plain enumeration: the raw value is the name.
public protocol RawMethodName: MethodName, RawRepresentable<String>, CaseIterable {
    /// What the option is called in messages (`weight method`).
    static var optionName: String { get }
}

extension RawMethodName {
    public init(name: String) throws {
        guard let value = Self(rawValue: name) else {
            throw IndexError(
                "unknown \(Self.optionName) '\(name)' (\(Self.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        self = value
    }

    public var name: String { rawValue }

    // Explicit, so neither the standard library's raw-value coding nor synthesis is chosen: a name
    // that is not a case is the same error as on the command line.
    public init(from decoder: any Decoder) throws {
        try self.init(name: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension WeightMethod: RawMethodName {
    public static let optionName = "weight method"
}

extension MCDA.Combination: RawMethodName {
    public static let optionName = "weight combination"
}

extension NormalisationScope: RawMethodName {
    public static let optionName = "normalisation scope"
}

extension PeriodSelection: MethodName {}

extension ScreeningRule: MethodName {}
