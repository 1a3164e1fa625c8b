/// Whether more of an indicator is better or worse.
public enum Direction: Sendable, Hashable {
    case higherIsBetter
    case lowerIsBetter

    /// `+1` or `-1`, as COINr writes it.
    public var sign: Double { self == .higherIsBetter ? 1 : -1 }
}

/// A transform applied to raw values before normalising.
public enum Transform: String, Sendable, Hashable {
    /// Natural logarithm; refuses non-positive values.
    case log
}

/// A measured quantity at the leaves of a framework.
public struct Indicator: Sendable, Hashable {
    public var id: String
    public var name: LocalisedText
    public var unit: String
    public var direction: Direction
    public var source: String
    public var definition: String
    /// Fixed lower and upper bounds for goalpost normalisation (values beyond them are capped).
    public var goalposts: ClosedRange<Double>?
    /// The target for distance-to-target normalisation.
    public var target: Double?
    /// An optional transform applied before normalising.
    public var transform: Transform?

    public init(
        id: String,
        name: LocalisedText,
        unit: String = "",
        direction: Direction = .higherIsBetter,
        source: String = "",
        definition: String = "",
        goalposts: ClosedRange<Double>? = nil,
        target: Double? = nil,
        transform: Transform? = nil
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.direction = direction
        self.source = source
        self.definition = definition
        self.goalposts = goalposts
        self.target = target
        self.transform = transform
    }
}
