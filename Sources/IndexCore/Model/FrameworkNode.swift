/// A node of a framework tree: the index, a pillar, a sub-pillar or an indicator.
///
/// Aggregate nodes have children; leaves carry an ``Indicator``. The `weight` is the node's weight
/// within its parent as stated or derived (it need not total 1 across siblings: aggregation
/// rescales). A node may override how it combines its children (`aggregation`).
public struct FrameworkNode: Sendable, Hashable {
    /// The node's id, unique in its evaluation.
    public var id: String
    /// The node's name in both languages.
    public var name: LocalisedText
    /// The weight within the parent, as stated or derived.
    public var weight: Double
    /// How this node combines its children; `nil` = the evaluation's method.
    public var aggregation: AggregationMethod?
    /// The child nodes; empty for a leaf.
    public var children: [FrameworkNode]
    /// The indicator of a leaf; `nil` for an aggregate.
    public var indicator: Indicator?
    /// The share (0–1) of the node's weight that its children with a value must carry for the
    /// node to get a score (`min-coverage:`); `nil` = any child will do.
    public var minCoverage: Double?
    /// The node's score as a formula over its children's scores (`formula:`), in place of
    /// `aggregation`; `nil` = the aggregation method.
    public var formula: NodeFormula?
    /// What is done to the node's score before its parent uses it: a floor, a cap, rounding.
    public var output: NodeOutput

    /// A node; a leaf when `indicator` is set, an aggregate when it has children.
    public init(
        id: String,
        name: LocalisedText,
        weight: Double = 1,
        aggregation: AggregationMethod? = nil,
        children: [FrameworkNode] = [],
        indicator: Indicator? = nil,
        minCoverage: Double? = nil,
        formula: NodeFormula? = nil,
        output: NodeOutput = NodeOutput()
    ) {
        self.id = id
        self.name = name
        self.weight = weight
        self.aggregation = aggregation
        self.children = children
        self.indicator = indicator
        self.minCoverage = minCoverage
        self.formula = formula
        self.output = output
    }

    /// Creates a leaf for an indicator.
    public init(indicator: Indicator, weight: Double = 1) {
        self.init(id: indicator.id, name: indicator.name, weight: weight, indicator: indicator)
    }

    /// Whether the node is an indicator.
    public var isLeaf: Bool { indicator != nil }

    /// Every indicator under this node, depth first.
    public var indicators: [Indicator] {
        if let indicator { return [indicator] }
        return children.flatMap(\.indicators)
    }

    /// Every node in the subtree, parents before children.
    public var preorder: [FrameworkNode] {
        [self] + children.flatMap(\.preorder)
    }

    /// The subtree's nodes grouped by depth (0 = this node).
    public var levels: [[FrameworkNode]] {
        var result: [[FrameworkNode]] = []
        var current = [self]
        while !current.isEmpty {
            result.append(current)
            current = current.flatMap(\.children)
        }
        return result
    }

    /// The node with an id, if it is in the subtree.
    public func node(withID id: String) -> FrameworkNode? {
        if self.id == id { return self }
        for child in children {
            if let found = child.node(withID: id) { return found }
        }
        return nil
    }
}

/// What is done to an aggregate's score after it is computed and before its parent uses it, in this
/// order: raised to the floor, lowered to the cap, rounded to `decimals` (half away from zero, see
/// ``Rounding``) — as published indices compute each level from the rounded level below and rank on
/// the rounded index.
public struct NodeOutput: Sendable, Hashable {
    /// The lowest score the node gives (`floor:`).
    public var floor: Double?
    /// The highest score the node gives (`cap:`).
    public var cap: Double?
    /// The decimals the score is rounded to (`round:`), −10 to 15.
    public var decimals: Int?

    public init(floor: Double? = nil, cap: Double? = nil, decimals: Int? = nil) {
        self.floor = floor
        self.cap = cap
        self.decimals = decimals
    }

    /// Whether the output changes nothing.
    public var isIdentity: Bool { floor == nil && cap == nil && decimals == nil }

    /// The score after the floor, the cap and rounding; a missing score stays missing.
    public func apply(_ value: Double) -> Double {
        guard !value.isNaN else { return value }
        var result = value
        if let floor, result < floor { result = floor }
        if let cap, result > cap { result = cap }
        if let decimals { result = Rounding.halfAwayFromZero(result, digits: decimals) }
        return result
    }
}

extension FrameworkNode {
    /// The most levels a framework tree may have below its root (the root is level 0).
    ///
    /// Every walk over a tree (indicators, preorder, aggregation, weights, reports, equality) recurses
    /// once per level, so the readers refuse a deeper tree before anything walks it: a deep COINr
    /// parent chain or YAML nesting is then a located error, not a stack overflow. Real frameworks
    /// have 3–5 levels.
    public static let maximumDepth = 32

    /// The first node found below the root deeper than `limit` levels, with the ids from the root
    /// down to it; `nil` when the tree is within the limit. Walks without recursion and never looks
    /// below level `limit + 1`.
    public func node(deeperThan limit: Int) -> [String]? {
        var stack: [(node: FrameworkNode, path: [String])] = [(self, [id])]
        while let (node, path) = stack.popLast() {
            if path.count - 1 > limit { return path }
            stack.append(contentsOf: node.children.map { ($0, path + [$0.id]) })
        }
        return nil
    }
}

extension Framework {
    /// Refuses a framework whose trees are deeper than ``FrameworkNode/maximumDepth`` levels.
    ///
    /// Both framework readers call it, so every framework the tool uses (files, uploads, stored
    /// sources, frameworks written by `survey apply`) has been through it.
    ///
    /// - Throws: ``IndexError`` of kind `.limitExceeded` naming the evaluation and the path to the
    ///   first node too deep.
    public func checkDepth(file: String?) throws {
        for evaluation in evaluations {
            guard let path = evaluation.root.node(deeperThan: FrameworkNode.maximumDepth) else { continue }
            let shown = path.count > 6 ? path.prefix(3) + ["…"] + path.suffix(2) : path[...]
            throw IndexError(
                "evaluation '\(evaluation.id)': the tree is deeper than \(FrameworkNode.maximumDepth) levels "
                    + "(\(shown.joined(separator: " > ")))",
                file: file,
                indicator: path.last,
                kind: .limitExceeded
            )
        }
    }
}
