/// How a node combines its children's scores.
public enum AggregationMethod: String, Sendable, Hashable, CaseIterable {
    /// `Σ w_i x_i / Σ w_i` over the children that have a value.
    case arithmetic
    /// `Π x_i^(w_i / Σ w)` over the children that have a value; refuses non-positive values.
    case geometric
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
