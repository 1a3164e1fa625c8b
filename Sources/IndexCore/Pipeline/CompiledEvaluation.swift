import RealModule

/// An evaluation flattened for fast, repeated runs (Monte Carlo reruns it tens of thousands of times).
///
/// Node slots: indicators first (`0..<indicatorCount`, depth-first order), then aggregate nodes in
/// post-order, so each aggregate's children come before it and the root is last.
public struct CompiledEvaluation: Sendable {
    public let evaluation: Evaluation
    public let indicators: [Indicator]
    /// Every node's id by slot.
    public let nodeIDs: [String]
    public let nodeNames: [LocalisedText]
    /// Each slot's parent slot (`-1` for the root).
    public let parents: [Int]
    /// Depth of each slot (root 0).
    public let depths: [Int]
    /// Per aggregate (index `slot − indicatorCount`): its children's slots and local weights (totalling 1).
    let childStart: [Int]
    let childCount: [Int]
    let children: [Int]
    public let childWeights: [Double]
    public let methods: [AggregationMethod]
    /// The aggregate slot of each position in ``childWeights`` (its parent).
    public var childParents: [Int] {
        var parents: [Int] = []
        for aggregate in 0..<childStart.count {
            parents += repeatElement(indicatorCount + aggregate, count: childCount[aggregate])
        }
        return parents
    }

    /// Each position's child slot in ``childWeights``.
    public var childSlotsInOrder: [Int] { children }

    /// Local weight of each slot within its parent (root 1).
    public let localWeights: [Double]
    public let slotByID: [String: Int]

    public var indicatorCount: Int { indicators.count }
    public var nodeCount: Int { nodeIDs.count }
    public var rootSlot: Int { nodeIDs.count - 1 }

    /// Flattens a tree whose weights are local (see ``Evaluation/deriveWeights()``).
    ///
    /// - Throws: ``IndexError`` for duplicate ids or an aggregate without children.
    public init(evaluation: Evaluation, root: FrameworkNode) throws {
        self.evaluation = evaluation
        var indicators: [Indicator] = []
        var leafNodes: [FrameworkNode] = []
        var aggregates: [FrameworkNode] = []
        func collect(_ node: FrameworkNode) throws {
            if let indicator = node.indicator {
                indicators.append(indicator)
                leafNodes.append(node)
                return
            }
            guard !node.children.isEmpty else {
                throw IndexError("node '\(node.id)' has neither children nor an indicator")
            }
            for child in node.children { try collect(child) }
            aggregates.append(node)
        }
        try collect(root)
        let all = leafNodes + aggregates
        var slotByID: [String: Int] = [:]
        for (slot, node) in all.enumerated() {
            guard slotByID[node.id] == nil else { throw IndexError("id '\(node.id)' is used twice in the framework") }
            slotByID[node.id] = slot
        }
        var parents = [Int](repeating: -1, count: all.count)
        var localWeights = [Double](repeating: 1, count: all.count)
        var childStart: [Int] = []
        var childCount: [Int] = []
        var children: [Int] = []
        var childWeights: [Double] = []
        var methods: [AggregationMethod] = []
        for (index, node) in aggregates.enumerated() {
            let slot = leafNodes.count + index
            childStart.append(children.count)
            childCount.append(node.children.count)
            let total = node.children.reduce(0) { $0 + $1.weight }
            for child in node.children {
                let childSlot = slotByID[child.id] ?? 0
                children.append(childSlot)
                let weight = total > 0 ? child.weight / total : 1 / Double(node.children.count)
                childWeights.append(weight)
                parents[childSlot] = slot
                localWeights[childSlot] = weight
            }
            methods.append(node.aggregation ?? evaluation.aggregation)
        }
        var depths = [Int](repeating: 0, count: all.count)
        for slot in stride(from: all.count - 1, through: 0, by: -1) where parents[slot] >= 0 {
            depths[slot] = depths[parents[slot]] + 1
        }
        self.indicators = indicators
        self.nodeIDs = all.map(\.id)
        self.nodeNames = all.map(\.name)
        self.parents = parents
        self.depths = depths
        self.childStart = childStart
        self.childCount = childCount
        self.children = children
        self.childWeights = childWeights
        self.methods = methods
        self.localWeights = localWeights
        self.slotByID = slotByID
    }

    /// The slots of a node's children.
    public func childSlots(of slot: Int) -> [Int] {
        guard slot >= indicatorCount else { return [] }
        let aggregate = slot - indicatorCount
        return Array(children[childStart[aggregate]..<(childStart[aggregate] + childCount[aggregate])])
    }

    /// Aggregates one unit's row in place: slots `0..<indicatorCount` hold normalised values
    /// (`NaN` = missing), the rest are filled level by level.
    ///
    /// Weights are renormalised over the children present; a node with no child present is `NaN`.
    /// `methodOverride` replaces every node's method (used by sensitivity analysis).
    ///
    /// - Parameters:
    ///   - weights: local weights in the layout of ``childWeights`` (a sensitivity analysis's draw);
    ///     `nil` = the evaluation's. They need not total 1 within a parent: each node divides by the
    ///     sum over its children present.
    ///   - missing: called with (aggregate slot, missing child slots) when renormalisation happens.
    /// - Throws: ``IndexError`` for a non-positive value under geometric aggregation.
    public func aggregate(
        _ row: UnsafeMutableBufferPointer<Double>,
        methodOverride: AggregationMethod? = nil,
        weights: [Double]? = nil,
        missing: ((Int, [Int]) -> Void)? = nil
    ) throws {
        let childWeights = weights ?? self.childWeights
        let offset = indicatorCount
        for aggregate in 0..<childStart.count {
            let start = childStart[aggregate]
            let end = start + childCount[aggregate]
            let method = methodOverride ?? methods[aggregate]
            var weightSum = 0.0
            var total = 0.0
            var absent = false
            for position in start..<end {
                let value = row[children[position]]
                if value.isNaN {
                    absent = true
                    continue
                }
                let weight = childWeights[position]
                weightSum += weight
                switch method {
                case .arithmetic:
                    total += weight * value
                case .geometric:
                    guard value > 0 else {
                        throw IndexError(
                            "geometric aggregation of '\(nodeIDs[offset + aggregate])' needs positive values; '\(nodeIDs[children[position]])' is \(value). Use min-max with a positive lower bound (for example 1–100) or arithmetic aggregation"
                        )
                    }
                    total += weight * Double.log(value)
                }
            }
            if absent, let missing {
                missing(offset + aggregate, (start..<end).map { children[$0] }.filter { row[$0].isNaN })
            }
            if weightSum == 0 {
                row[offset + aggregate] = .nan
            } else {
                row[offset + aggregate] = method == .arithmetic ? total / weightSum : Double.exp(total / weightSum)
            }
        }
    }
}
