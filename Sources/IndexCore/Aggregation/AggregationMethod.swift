/// How a node combines its children's scores.
///
/// Weights `w_i` are the children's local weights; each method divides by the sum of the weights
/// of the children that have a value, so a missing child's weight is shared out among the others —
/// except the generalised mean, which (as COINr's `a_genmean`) is missing when any child is.
///
/// ```
/// arithmetic   Σ w_i x_i / Σ w_i
/// geometric    exp(Σ w_i ln x_i / Σ w_i)              x_i > 0
/// harmonic     Σ w_i / Σ (w_i / x_i)                  x_i ≠ 0
/// power p      (Σ w_i x_i^p / Σ w_i)^(1/p)            p ≠ 0; x_i > 0 when p < 0
/// max, min     the largest (smallest) child score present; weights are not used
/// copeland     Σ_j sign(o_ij − ½) over the other units j, where o_ij = Σ_{x_ik > x_jk} w_k + ½ Σ_{x_ik = x_jk} w_k
/// ```
///
/// Copeland (COINr's `a_copeland`) compares units with each other, so it needs the whole
/// cross-section: weights are scaled to total 1 over all children; a comparison with a missing
/// value counts for neither unit, and `o_ji` is taken as `1 − o_ij` (as COINr computes the lower
/// triangle of its outranking matrix). Scores run from −(n − 1) to n − 1.
///
/// The two non-compensatory methods also compare units, and are applied at each node whose method
/// they are (with `--aggregate`, every node, each over its children's scores in the cross-section):
///
/// ```
/// mpi[:+|:-], ampi[:+|:-]     Mazziotta–Pareto: M_z ∓ S_z · cv_z of the children standardised over the units
/// bod, bod:L,U                benefit of the doubt: each unit's most favourable weights (a linear program),
/// bod-nominal:L,U             each child's share of the score within [L, U] (or [L, U] × its nominal share)
/// ```
///
/// See ``MazziottaPareto`` and ``BenefitOfTheDoubt`` for their formulas and how they use the weights.
public enum AggregationMethod: Sendable, Hashable {
    case arithmetic
    case geometric
    case harmonic
    /// The generalised (power) mean with exponent `p` (`p = 1` arithmetic, `p = −1` harmonic).
    case generalised(power: Double)
    /// The largest child score present.
    case maximum
    /// The smallest child score present.
    case minimum
    case copeland
    /// The Mazziotta–Pareto index, or its adjusted form.
    case mazziottaPareto(MazziottaPareto)
    /// Benefit of the doubt, with its share bounds.
    case benefitOfTheDoubt(BenefitOfTheDoubt)

    /// The name used in framework files, options and stored runs: `arithmetic`, `geometric`,
    /// `harmonic`, `power:P`, `copeland`.
    public var name: String {
        switch self {
        case .arithmetic: "arithmetic"
        case .geometric: "geometric"
        case .harmonic: "harmonic"
        case .generalised(let p): "power:\(p)"
        case .maximum: "max"
        case .minimum: "min"
        case .copeland: "copeland"
        case .mazziottaPareto(let method): method.name
        case .benefitOfTheDoubt(let method): method.name
        }
    }

    /// The names understood, for messages.
    public static let accepted =
        "arithmetic, geometric, harmonic, power:P, max, min, copeland, mpi[:+|:-], ampi[:+|:-], bod, bod:L,U, bod-nominal:L,U"

    /// Parses ``name`` (also `generalised:P`).
    ///
    /// - Throws: ``IndexError`` for an unknown name or an exponent that is not a finite, non-zero
    ///   number.
    public init(name: String) throws {
        let text = name.trimmingSpaces
        switch text {
        case "arithmetic", "mean", "a_amean": self = .arithmetic
        case "geometric", "a_gmean": self = .geometric
        case "harmonic", "a_hmean": self = .harmonic
        case "copeland", "a_copeland": self = .copeland
        case "max", "maximum": self = .maximum
        case "min", "minimum": self = .minimum
        case "mpi", "mpi:-", "ci_mpi": self = .mazziottaPareto(MazziottaPareto())
        case "mpi:+": self = .mazziottaPareto(MazziottaPareto(subtractsPenalty: false))
        case "ampi", "ampi:-", "ci_ampi": self = .mazziottaPareto(MazziottaPareto(isAdjusted: true))
        case "ampi:+": self = .mazziottaPareto(MazziottaPareto(isAdjusted: true, subtractsPenalty: false))
        case "bod", "ci_bod": self = .benefitOfTheDoubt(BenefitOfTheDoubt())
        case _ where text.hasPrefix("bod:") || text.hasPrefix("bod-nominal:"):
            self = .benefitOfTheDoubt(try Self.benefitOfTheDoubt(text))
        default:
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["power", "generalised", "generalized", "a_genmean"].contains(parts[0]) else {
                throw IndexError("unknown aggregation '\(name)' (\(Self.accepted))")
            }
            guard let p = StrictNumber.parse(parts[1]), p != 0, abs(p) <= 100 else {
                throw IndexError(
                    "the generalised mean needs a non-zero exponent from −100 to 100: power:P, not '\(name)' (p = 0 is the geometric mean; beyond ±100 the powers overflow)"
                )
            }
            self = .generalised(power: p)
        }
    }

    /// Whether a unit's score depends on the other units' values.
    public var comparesUnits: Bool {
        switch self {
        case .copeland, .mazziottaPareto, .benefitOfTheDoubt: true
        case .arithmetic, .geometric, .harmonic, .generalised, .maximum, .minimum: false
        }
    }

    /// Parses `bod:L,U` (shares within [L, U]: 0 ≤ L ≤ U, L ≤ 1) and `bod-nominal:L,U` (shares within
    /// L and U times the nominal share: 0 ≤ L ≤ 1 ≤ U).
    static func benefitOfTheDoubt(_ text: String) throws -> BenefitOfTheDoubt {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let relative = parts[0] == "bod-nominal"
        let bounds = parts.count == 2 ? parts[1].split(separator: ",", omittingEmptySubsequences: false) : []
        guard bounds.count == 2, let low = StrictNumber.parse(bounds[0]), let high = StrictNumber.parse(bounds[1]),
            low >= 0, low <= high, relative ? (low <= 1 && high >= 1) : low <= 1
        else {
            throw IndexError(
                relative
                    ? "bod-nominal:L,U needs 0 ≤ L ≤ 1 ≤ U (the bounds multiply each child's nominal weight share), not '\(text)'"
                    : "bod:L,U needs bounds on each child's share of the score with 0 ≤ L ≤ U and L ≤ 1 (for example bod:0.05,0.5), not '\(text)'"
            )
        }
        return BenefitOfTheDoubt(lower: low, upper: relative ? high : Swift.min(1, high), isRelativeToNominal: relative)
    }
}

extension String {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

/// Reads a number typed in an option or a framework file: a plain decimal number (sign, digits,
/// point, exponent), finite. Nothing else — no hex floats, `inf`, `nan` or stray characters.
public enum StrictNumber {
    /// The number, or `nil` when the text is not a finite decimal number.
    ///
    /// A number too small for a normal double (`1e-400`, `2e-324`) is refused, not read as 0 or as a
    /// subnormal that has lost its digits — the rule data cells follow too.
    public static func parse(_ text: some StringProtocol) -> Double? {
        let trimmed = String(text).trimmingSpaces
        guard !trimmed.isEmpty, isDecimal(trimmed.utf8), let value = Double(trimmed), value.isFinite else { return nil }
        if abs(value) < Double.leastNormalMagnitude {
            let mantissa = trimmed.prefix { $0 != "e" && $0 != "E" }
            guard !mantissa.contains(where: { $0 >= "1" && $0 <= "9" }) else { return nil }
        }
        return value
    }

    /// A whole number in `range`, or `nil`.
    public static func integer(_ text: some StringProtocol, in range: ClosedRange<Int>) -> Int? {
        guard let value = parse(text), value == value.rounded(), value >= Double(range.lowerBound),
            value <= Double(range.upperBound)
        else { return nil }
        return Int(value)
    }

    /// `[+-]? digits [. digits] ([eE] [+-]? digits)?` (a leading point is accepted: `.5`).
    static func isDecimal(_ bytes: String.UTF8View) -> Bool {
        var index = bytes.startIndex
        func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }
        func digits() -> Int {
            var count = 0
            while let byte = peek(), byte >= 48, byte <= 57 {
                count += 1
                index = bytes.index(after: index)
            }
            return count
        }
        if let sign = peek(), sign == 43 || sign == 45 { index = bytes.index(after: index) }
        var mantissa = digits()
        if peek() == 46 {
            index = bytes.index(after: index)
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if let e = peek(), e == 101 || e == 69 {
            index = bytes.index(after: index)
            if let sign = peek(), sign == 43 || sign == 45 { index = bytes.index(after: index) }
            guard digits() > 0 else { return false }
        }
        return index == bytes.endIndex
    }
}

/// A note that a node's weights were renormalised because some children had no value.
public struct RenormalisationNote: Sendable, Hashable, CustomStringConvertible {
    public var unit: String
    public var period: String
    public var node: String
    public var missing: [String]

    public init(unit: String, period: String, node: String, missing: [String]) {
        self.unit = unit
        self.period = period
        self.node = node
        self.missing = missing
    }

    public var description: String {
        "\(unit) \(period): '\(node)' averaged over the children present (missing: \(missing.joined(separator: ", ")))"
    }
}
