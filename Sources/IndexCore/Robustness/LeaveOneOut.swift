/// What leaving one node out of the index does to every unit's rank.
///
/// A node (indicator or aggregate below the index) is left out by giving it weight 0 within its
/// parent: its siblings' weights then fill its share (every weighted mean divides by the weights
/// present), and the index is aggregated again with the run's normalised values and options. The
/// rank shift of a unit is `rank without the node − nominal rank` (positive = the unit falls).
/// A node whose parent has no other child is not left out (the parent would have no score).
public struct LeaveOneOut: Sendable, Hashable {
    /// The analysed period.
    public var period: String
    /// The units, in the run's order.
    public var units: [String]
    /// The nominal root ranks, in ``units`` order (0 = no score).
    public var nominalRanks: [Int]
    /// One entry per node left out, by level (indicators first), then id.
    public var removals: [Removal]

    /// The index without one node.
    public struct Removal: Sendable, Hashable {
        public var node: String
        /// 1 = indicator, each aggregate level one more.
        public var level: Int
        /// The root ranks without the node, in ``LeaveOneOut/units`` order.
        public var ranks: [Int]
        /// `ranks − nominal ranks` per unit (0 where either has no score).
        public var shifts: [Int]
        /// Mean |shift| over the units ranked in both.
        public var meanAbsoluteShift: Double
    }
}

extension CrossSectionPipeline {
    /// The index recomputed without each node in turn (``LeaveOneOut``), in the analysed period.
    ///
    /// - Throws: ``IndexError`` when an aggregation cannot run.
    public func leaveOneOut() throws -> LeaveOneOut {
        var warnings: [Normaliser.Warning] = []
        let base = try normalised(raw, warnings: &warnings)
        let n = compiled.nodeCount
        let rows = target.rows
        let root = compiled.rootSlot
        let levels = levels()
        let parents = compiled.childParents
        let slots = compiled.childSlotsInOrder
        func rootRanks(_ weights: [Double]) throws -> [Int] {
            var matrix = base
            try aggregate(&matrix, blocks: [target], weights: weights)
            let scores = rows.map { matrix[$0 * n + root] }
            var order = Array(scores.indices)
            var ranks = [Int](repeating: 0, count: scores.count)
            UncertaintyModel.competitionRanks(scores, order: &order, into: &ranks, offset: 0, ties: options.ties)
            return ranks
        }
        let nominal = try rootRanks(weights)
        var removals: [LeaveOneOut.Removal] = []
        for (position, slot) in slots.enumerated() {
            let siblings = parents.indices.filter { parents[$0] == parents[position] && $0 != position }
            guard siblings.contains(where: { weights[$0] != 0 }) else { continue }
            var changed = weights
            changed[position] = 0
            let ranks = try rootRanks(changed)
            let shifts = zip(ranks, nominal).map { $0 > 0 && $1 > 0 ? $0 - $1 : 0 }
            let counted = zip(ranks, nominal).filter { $0 > 0 && $1 > 0 }.count
            removals.append(
                LeaveOneOut.Removal(
                    node: compiled.nodeIDs[slot],
                    level: levels[slot],
                    ranks: ranks,
                    shifts: shifts,
                    meanAbsoluteShift: counted > 0 ? Double(shifts.reduce(0) { $0 + abs($1) }) / Double(counted) : 0
                )
            )
        }
        removals.sort { ($0.level, $0.node) < ($1.level, $1.node) }
        return LeaveOneOut(period: period, units: target.units.map(\.id), nominalRanks: nominal, removals: removals)
    }
}
