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
    public static let accepted =
        "minmax, zscore[:sample|population], rank[:average|min|max], borda[:TIES], percentile[:TIES], fracmax, goalposts, target, dist2max, dist2ref:UNIT[:cap], dist2targ[:cap|nocap], scaled:LO,HI:FACTOR[:trunc], minmax|zscore|scaled|goalposts:iMeta, none"

    /// The methods whose name carries its own tail (`dist2ref:DEU:cap`), parsed whole by
    /// ``method(_:scale:variant:)``.
    static let tailed: Set<String> = ["dist2max", "dist2ref", "dist2targ", "scaled"]

    /// Parses `METHOD`, `METHOD:A,B` (the range LO,HI; MEAN,SD for `zscore`) and a variant — `sample`
    /// or `population` for a z-score's standard deviation, `average`, `min` or `max` for the ties of
    /// `rank`, `borda` and `percentile` — in either order (`zscore:10,2:sample`), refusing ranges that
    /// are empty, reversed, infinite or too wide to compute with, and z-scores with no spread. A method
    /// without its variant leaves it to the framework's convention (see ``MethodConventions``).
    public init(name: String) throws {
        var parts = name.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        let method = parts.removeFirst()
        if Self.tailed.contains(method) || parts == [Self.perIndicator] {
            self = try Self.method(method, scale: nil, variant: parts.isEmpty ? nil : parts.joined(separator: ":"))
            return
        }
        var variant: String?
        var scale: ScaleRange?
        for part in parts {
            if Self.variants.contains(part), variant == nil {
                variant = part
            } else if scale == nil, part.contains(",") || !Self.variants.contains(part) {
                scale = try ScaleRange(name: part)
            } else {
                throw IndexError("'\(name)': give the range and the variant once each (\(Self.accepted))")
            }
        }
        self = try Self.method(method, scale: scale, variant: variant)
    }

    /// The words a method may carry after its name.
    static let variants = Set(["sample", "population"] + RankTies.allCases.map(\.rawValue))

    /// Whether a normalise option's text names a range (`minmax:1,100`), so `--scale` must not too.
    public static func namesRange(_ text: String) -> Bool {
        text.split(separator: ":").dropFirst().contains { !variants.contains(String($0).trimmingSpaces) }
    }

    /// A normalisation with its range (or mean and SD) given apart, as `--normalise` and `--scale` give it;
    /// `METHOD` may carry its variant (`zscore:sample`).
    public static func method(_ method: String, scale: ScaleRange?) throws -> NormalisationMethod {
        let parts = method.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
        return try Self.method(parts.first ?? "", scale: scale, variant: parts.count > 1 ? parts[1] : nil)
    }

    /// A normalisation from its name, range and variant given apart (a framework file's keys).
    package static func method(_ method: String, scale: ScaleRange?, variant: String?) throws -> NormalisationMethod {
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
        func ties() throws -> RankTies? {
            guard let variant else { return nil }
            guard let ties = RankTies(rawValue: variant) else {
                throw IndexError("\(method) ranks ties by average, min or max, not '\(variant)'")
            }
            return ties
        }
        func none(_ what: String) throws {
            guard let variant else { return }
            throw IndexError("\(what) has no variant '\(variant)' (\(accepted))")
        }
        if variant == Self.perIndicator, method != "dist2targ" {
            guard scale == nil, let kind = ParameterisedNormalisation(rawValue: method) else {
                throw IndexError(
                    "\(method):\(Self.perIndicator) takes its parameters from each indicator: minmax, zscore, scaled or goalposts, with no range"
                )
            }
            return .fromIndicator(kind)
        }
        if Self.tailed.contains(method) {
            guard scale == nil || method == "scaled" else { throw IndexError("\(method) takes no range") }
            let tail = variant.map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) } ?? []
            return try tailed(method, (scale.map { [$0.name] } ?? []) + tail)
        }
        switch method {
        case "minmax", "min-max":
            try none(method)
            let (lower, upper) = try range((0, 100))
            return .minMax(lower: lower, upper: upper)
        case "zscore", "z-score":
            let (mean, sd) = scale.map { ($0.lower, $0.upper) } ?? (0, 1)
            guard sd > 0, sd <= 1e300, abs(mean) <= 1e300 else {
                throw IndexError("--scale for zscore is MEAN,SD with SD above 0, not \(mean),\(sd)")
            }
            try requireResolvable(spread: sd, around: abs(mean), "\(mean),\(sd)")
            let ddof: Int?
            switch variant {
            case nil: ddof = nil
            case "population": ddof = 0
            case "sample": ddof = 1
            case let other?:
                throw IndexError("zscore's standard deviation is sample or population, not '\(other)'")
            }
            return .zScore(mean: mean, sd: sd, ddof: ddof)
        case "rank":
            guard scale == nil else { throw IndexError("rank takes no range (percentile does)") }
            return .rank(ties: try ties())
        case "borda":
            guard scale == nil else { throw IndexError("borda takes no range (percentile does)") }
            return .borda(ties: try ties())
        case "percentile", "percentile-rank":
            let (lower, upper) = try range((0, 100))
            return .percentileRank(lower: lower, upper: upper, ties: try ties())
        case "fracmax", "fraction-of-max":
            try none(method)
            guard scale == nil else { throw IndexError("fracmax takes no range: it is x / max(x)") }
            return .fractionOfMax
        case "goalposts":
            try none(method)
            let (lower, upper) = try range((0, 1))
            return .goalposts(lower: lower, upper: upper)
        case "target", "distance-to-target":
            try none(method)
            let (lower, upper) = try range((0, 100))
            return .distanceToTarget(lower: lower, upper: upper)
        case "none":
            try none(method)
            return .none
        case "base-period":
            try none(method)
            return .basePeriod(base: nil)
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

    /// The word that makes a method read its parameters from each indicator (`minmax:iMeta`).
    static let perIndicator = "iMeta"

    /// `dist2max`, `dist2ref:UNIT[:cap]`, `dist2targ[:cap|nocap|iMeta]`, `scaled:LO,HI[:FACTOR][:trunc]`
    /// from the method's word and the parts after it.
    static func tailed(_ method: String, _ parts: [String]) throws -> NormalisationMethod {
        switch method {
        case "dist2max":
            guard parts.isEmpty else {
                throw IndexError("dist2max takes nothing after its name, not '\(parts.joined(separator: ":"))'")
            }
            return .distanceToMax
        case "dist2ref":
            guard let unit = parts.first, !unit.isEmpty, parts.count == 1 || (parts.count == 2 && parts[1] == "cap"),
                unit.allSatisfy({ !$0.isNewline && $0 != "\0" })
            else {
                throw IndexError("dist2ref needs the reference unit's id: dist2ref:UNIT or dist2ref:UNIT:cap")
            }
            return .distanceToReference(unit: unit, capped: parts.count == 2)
        case "dist2targ":
            // `iMeta` says where the cap comes from, which is also the default: the indicator's.
            switch parts.filter({ $0 != perIndicator }) {
            case []: return .distanceToTargetRatio(capped: nil)
            case ["cap"]: return .distanceToTargetRatio(capped: true)
            case ["nocap"]: return .distanceToTargetRatio(capped: false)
            default: throw IndexError("dist2targ takes cap or nocap, not '\(parts.joined(separator: ":"))'")
            }
        default:
            var rest = parts
            let truncated = rest.last == "trunc"
            if truncated { rest.removeLast() }
            guard (1...2).contains(rest.count), let posts = NameNumber.pair(rest[0]),
                let factor = rest.count == 2 ? StrictNumber.parse(rest[1]) : 100
            else {
                throw IndexError("scaled needs its posts and factor: scaled:LO,HI[:FACTOR][:trunc], or scaled:iMeta")
            }
            guard posts.0 != posts.1, (posts.1 - posts.0).isFinite, factor.isFinite, abs(factor) <= 1e300 else {
                throw IndexError(
                    "scaled:\(rest.joined(separator: ":")): the posts must differ and the factor be finite"
                )
            }
            return .scaled(lower: posts.0, upper: posts.1, factor: factor, truncated: truncated)
        }
    }

    /// The range (or mean and SD) the method carries, `nil` where it has none.
    public var scale: ScaleRange? {
        switch self {
        case .minMax(let lower, let upper), .goalposts(let lower, let upper),
            .distanceToTarget(let lower, let upper), .percentileRank(let lower, let upper, _):
            ScaleRange(lower: lower, upper: upper)
        case .zScore(let mean, let sd, _): ScaleRange(lower: mean, upper: sd)
        case .basePeriod, .rank, .borda, .fractionOfMax, .none, .distanceToMax, .distanceToReference,
            .distanceToTargetRatio, .scaled, .fromIndicator:
            nil
        }
    }

    /// The method's name without its range or variant (`minmax`), as results name it.
    public var kind: String {
        switch self {
        case .basePeriod: "base-period"
        case .minMax: "minmax"
        case .zScore: "zscore"
        case .goalposts: "goalposts"
        case .distanceToTarget: "target"
        case .rank: "rank"
        case .borda: "borda"
        case .percentileRank: "percentile"
        case .fractionOfMax: "fracmax"
        case .none: "none"
        case .distanceToMax: "dist2max"
        case .distanceToReference: "dist2ref"
        case .distanceToTargetRatio: "dist2targ"
        case .scaled: "scaled"
        case .fromIndicator(let kind): kind.rawValue
        }
    }

    /// The variant the method states (`sample`, `min`), `nil` when it leaves it to the convention.
    public var variant: String? {
        switch self {
        case .zScore(_, _, let ddof?): ddof == 1 ? "sample" : "population"
        case .rank(let ties?), .borda(let ties?), .percentileRank(_, _, let ties?): ties.rawValue
        case .distanceToReference(let unit, let capped): capped ? "\(unit):cap" : unit
        case .distanceToTargetRatio(let capped?): capped ? "cap" : "nocap"
        case .scaled(let lower, let upper, let factor, let truncated):
            "\(NameNumber.text(lower)),\(NameNumber.text(upper)):\(NameNumber.text(factor))"
                + (truncated ? ":trunc" : "")
        case .fromIndicator: Self.perIndicator
        default: nil
        }
    }

    /// ``kind`` with its variant (`zscore:sample`), as `--normalise` takes it beside `--scale`.
    public var kindAndVariant: String { variant.map { "\(kind):\($0)" } ?? kind }

    /// ``kindAndVariant``, with `:A,B` when the range differs from the method's default
    /// (`minmax:1,100`, `zscore:sample:10,2`).
    public var name: String {
        guard let scale, let defaults = try? Self.method(kind, scale: nil).scale, scale != defaults else {
            return kindAndVariant
        }
        return "\(kindAndVariant):\(scale.name)"
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
    public static let accepted =
        "none, mean, median, group-mean:GROUP, group-median:GROUP, row-mean[:levelL][:raw], row-median[:levelL][:raw], "
        + "em[:levelL], interpolate[:extrapolate|within], carry-forward[:N][:extrapolate|within]"

    /// Parses ``name``: a method and its options, each after a colon (`carry-forward:1`,
    /// `row-mean:level2:raw`, `interpolate:extrapolate`).
    public init(name: String) throws {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let method = parts[0]
        let options = Array(parts.dropFirst())
        func unknown() -> IndexError { IndexError("unknown imputation '\(name)' (\(Self.accepted))") }
        func level(_ text: String) throws -> Int {
            guard text.hasPrefix("level"), let level = StrictNumber.integer(text.dropFirst(5), in: 2...100) else {
                throw IndexError("'\(name)': a level is level2, level3, … (COINr's group_level), not '\(text)'")
            }
            return level
        }
        func ends(_ text: String) -> Bool? {
            switch text {
            case "extrapolate": true
            case "within": false
            default: nil
            }
        }
        switch method {
        case "none", "mean", "median":
            guard options.isEmpty else { throw unknown() }
            self = method == "none" ? .none : method == "mean" ? .mean : .median
        case "group-mean", "group-median":
            let group = parts.dropFirst().joined(separator: ":")
            guard group.allSatisfy({ !$0.isNewline && $0 != "\0" }) else { throw unknown() }
            let chosen = group.isEmpty ? "region" : group
            self = method == "group-mean" ? .groupMean(group: chosen) : .groupMedian(group: chosen)
        case "row-mean", "row-median":
            var rule = RowImputation(statistic: method == "row-mean" ? .mean : .median)
            for option in options {
                if option == "raw", rule.normalisesFirst {
                    rule.normalisesFirst = false
                } else if rule.level == nil, option.hasPrefix("level") {
                    rule.level = try level(option)
                } else {
                    throw IndexError("'\(name)': \(method) takes a level (levelL) and raw, once each")
                }
            }
            self = .rowwise(rule)
        case "em":
            guard options.count <= 1 else { throw IndexError("'\(name)': em takes one level (em:level2)") }
            self = .expectationMaximisation(level: try options.first.map(level))
        case "interpolate", "linear":
            guard options.count <= 1 else { throw unknown() }
            var rule = SeriesRule()
            if let option = options.first {
                guard let extrapolates = ends(option) else {
                    throw IndexError("'\(name)': interpolate's ends are extrapolate or within, not '\(option)'")
                }
                rule.extrapolates = extrapolates
            }
            self = .interpolate(rule)
        case "carry-forward", "locf":
            var rule = SeriesRule()
            for option in options {
                if let extrapolates = ends(option), rule.extrapolates == nil {
                    rule.extrapolates = extrapolates
                } else if rule.lookBack == nil, rule.extrapolates == nil,
                    let periods = StrictNumber.integer(option, in: 1...1_000_000)
                {
                    rule.lookBack = periods
                } else {
                    throw IndexError(
                        "'\(name)': carry-forward takes a look-back of N ≥ 1 periods, then extrapolate or within"
                    )
                }
            }
            self = .carryForward(rule)
        default:
            throw unknown()
        }
    }
}

extension OutlierMethod: MethodName {
    /// The outlier treatments a run can use, for messages.
    public static let accepted =
        "none, log, coinr[:SKEW,KURT,POINTS][:log|log-orig|log-plus|boxcox:LAMBDA][:combine], winsorise-only[:SKEW,KURT,POINTS]"

    /// Parses `none`, `log`, `coinr[:SKEW,KURT,POINTS][:SECOND][:combine]` (SECOND: `log`, `log-orig`,
    /// `log-plus`, `boxcox:LAMBDA`, `none`) or `winsorise-only[:SKEW,KURT,POINTS]`.
    public init(name text: String) throws {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        let method = parts.removeFirst()
        switch method {
        case "none", "log":
            guard parts.isEmpty else { throw IndexError("\(method) takes no options (\(Self.accepted))") }
            self = method == "none" ? .none : .log
            return
        case "coinr", "winsorise", "winsorise-only":
            break
        default:
            throw IndexError("unknown outlier treatment '\(text)' (\(Self.accepted))")
        }
        var rule = OutlierRule(secondStage: method == "winsorise-only" ? .none : .logCT)
        if let first = parts.first, first.contains(",") {
            parts.removeFirst()
            let numbers = first.split(separator: ",", omittingEmptySubsequences: false)
            guard numbers.count == 3, let skew = StrictNumber.parse(numbers[0]), skew > 0,
                let kurtosis = StrictNumber.parse(numbers[1]),
                let points = StrictNumber.integer(numbers[2], in: 0...1_000_000)
            else {
                throw IndexError(
                    "coinr:SKEW,KURT,POINTS needs a positive skewness threshold, a kurtosis threshold and a whole number of points, not '\(text)'"
                )
            }
            (rule.skewThreshold, rule.kurtosisThreshold, rule.maxPoints) = (skew, kurtosis, points)
        }
        var stated = method == "winsorise-only"
        while let part = parts.first {
            parts.removeFirst()
            let second: SecondStage?
            switch part {
            case "log", "log-ct": second = .logCT
            case "log-orig": second = .logCTOriginal
            case "log-plus": second = .logCTPlus
            case "none": second = SecondStage.none
            case "boxcox":
                guard let lambda = parts.first.flatMap({ StrictNumber.parse($0) }), abs(lambda) <= 100 else {
                    throw IndexError("boxcox needs its lambda, a number from -100 to 100 (boxcox:0.5), in '\(text)'")
                }
                parts.removeFirst()
                second = .boxCox(lambda: lambda)
            case "combine":
                guard !rule.combines else { throw IndexError("'\(text)': combine is said twice") }
                rule.combines = true
                continue
            default:
                throw IndexError("'\(part)' in '\(text)' is not a second stage or combine (\(Self.accepted))")
            }
            guard !stated, let second else {
                throw IndexError("'\(text)': give one second stage (winsorise-only has none)")
            }
            rule.secondStage = second
            stated = true
        }
        if rule.combines, rule.secondStage == .none {
            throw IndexError("'\(text)': combine applies the second stage to the winsorised values: name one")
        }
        self = .coinr(rule)
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
