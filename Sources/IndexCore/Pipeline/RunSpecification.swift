/// A run's choices as the user wrote them (on the command line, in an API call, in a stored run):
/// the one place that turns option text into ``RunOptions``, so a stored run reruns exactly as it ran.
public struct RunSpecification: Sendable, Hashable {
    /// The period of cross-section evaluations; `nil` = the latest with data.
    public var period: String?
    /// `minmax`, `zscore`, `rank`, `percentile`, `goalposts`, `target` or `none`.
    public var normalise: String?
    /// `LO,HI` for ranges; `MEAN,SD` for z-scores.
    public var scale: String?
    /// `arithmetic`, `geometric` or `topsis`.
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

    public init(
        period: String? = nil, normalise: String? = nil, scale: String? = nil, aggregate: String? = nil,
        tiers: String? = nil, impute: String? = nil, outliers: String? = nil, weights: String? = nil,
        weightAlpha: String? = nil, weightCombination: String? = nil
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
    }

    /// The specification as ordered `(name, value)` pairs of the options that are set.
    public var fields: [(String, String)] {
        [
            ("period", period), ("normalise", normalise), ("scale", scale), ("aggregate", aggregate), ("tiers", tiers),
            ("impute", impute), ("outliers", outliers), ("weights", weights), ("weightAlpha", weightAlpha),
            ("weightCombination", weightCombination),
        ].compactMap { name, value in value.map { (name, $0) } }
    }

    /// A specification from ``fields``; unknown names are an error.
    public init(fields: [String: String]) throws {
        let known: Set<String> = [
            "period", "normalise", "scale", "aggregate", "tiers", "impute", "outliers", "weights", "weightAlpha",
            "weightCombination",
        ]
        if let unknown = fields.keys.first(where: { !known.contains($0) }) {
            throw IndexError("unknown run option '\(unknown)'")
        }
        self.init(
            period: fields["period"], normalise: fields["normalise"], scale: fields["scale"], aggregate: fields["aggregate"],
            tiers: fields["tiers"], impute: fields["impute"], outliers: fields["outliers"], weights: fields["weights"],
            weightAlpha: fields["weightAlpha"], weightCombination: fields["weightCombination"])
    }

    /// The options these choices mean.
    ///
    /// - Throws: ``IndexError`` naming the option whose text is not understood.
    public func options() throws -> RunOptions {
        var options = RunOptions(period: period)
        if aggregate == "topsis" {
            options.topsis = true
        } else if let aggregate {
            guard let method = AggregationMethod(rawValue: aggregate) else {
                throw IndexError("unknown aggregation '\(aggregate)' (arithmetic, geometric, topsis)")
            }
            options.aggregation = method
        }
        if let normalise { options.normalisation = try Self.normalisation(normalise, scale: scale) }
        if let tiers { options.tierMethod = try Self.tierMethod(tiers) }
        if let impute {
            guard let method = ImputationMethod(name: impute) else {
                throw IndexError(
                    "unknown imputation '\(impute)' (none, mean, median, group-mean:GROUP, interpolate, carry-forward)")
            }
            options.imputation = method
        }
        if let outliers {
            guard let method = OutlierMethod(name: outliers) else {
                throw IndexError("unknown outlier treatment '\(outliers)' (none, coinr, coinr:SKEW,KURT,POINTS, log)")
            }
            options.outliers = method
        }
        if let weights {
            guard let method = WeightMethod(rawValue: weights) else {
                throw IndexError("unknown weight method '\(weights)' (\(WeightMethod.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            options.weightMethod = method
        }
        if let weightAlpha {
            guard let alpha = Double(weightAlpha), (0...1).contains(alpha) else {
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
        return options
    }

    static func normalisation(_ name: String, scale: String?) throws -> NormalisationMethod {
        let bounds = try scale.map { text -> [Double] in
            let parts = text.split(separator: ",").map { Double($0.filter { $0 != " " }) }
            guard parts.count == 2, let lower = parts[0], let upper = parts[1] else {
                throw IndexError("scale must be two numbers LO,HI, not '\(text)'")
            }
            return [lower, upper]
        }
        let lower = bounds?[0] ?? 0
        let upper = bounds?[1] ?? 100
        switch name {
        case "minmax", "min-max": return .minMax(lower: lower, upper: upper)
        case "zscore", "z-score": return .zScore(mean: bounds?[0] ?? 0, sd: bounds?[1] ?? 1, ddof: 0)
        case "rank": return .rank
        case "percentile": return .percentileRank(lower: lower, upper: upper)
        case "goalposts": return .goalposts(lower: bounds?[0] ?? 0, upper: bounds?[1] ?? 1)
        case "target": return .distanceToTarget(lower: lower, upper: upper)
        case "none": return .none
        default: throw IndexError("unknown normalisation '\(name)' (minmax, zscore, rank, percentile, goalposts, target, none)")
        }
    }

    static func tierMethod(_ text: String) throws -> TierMethod {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let numbers = parts.count > 1 ? parts[1].split(separator: ",").map { Double($0) } : []
        guard let kind = parts.first, numbers.allSatisfy({ $0 != nil }) else { throw IndexError("bad tiers '\(text)'") }
        let values = numbers.compactMap { $0 }
        switch kind {
        case "jenks": return .jenks(classes: Int(values.first ?? 4))
        case "sizes" where !values.isEmpty: return .sizes(values.map { Int($0) })
        case "thresholds" where !values.isEmpty: return .thresholds(values)
        default: throw IndexError("tiers must be jenks:K, sizes:A,B,… or thresholds:X,Y,…")
        }
    }
}
