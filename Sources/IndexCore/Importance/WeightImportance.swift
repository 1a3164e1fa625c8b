/// Each node's first-order importance on the index beside its weight: the "weights versus
/// importance" check of Paruolo, Saisana and Saltelli (2013).
///
/// For every node below the index (indicators and aggregates), its scores `Xᵢ` (normalised
/// indicator or aggregate) and the index `Y` over the analysed period's units give the correlation
/// ratio `Sᵢ` (``CorrelationRatio``). Weights are compared on one footing:
///
/// ```
/// nominal weight  wᵢ / Σ siblings' w                       (the weight within its parent)
/// effective weight  nominal × the parent's effective weight  (the index's is 1)
/// importance share  Sᵢ / Σ S over the nodes of the same level
/// weight share      effective / Σ effective over the nodes of the same level
/// ```
///
/// Levels are counted from the indicators (1) up: a node's level is one more than its highest
/// child's. An importance share well above its weight share means the node drives the index more
/// than its weight says (it correlates with the others, or varies more); well below, less.
public struct WeightImportance: Sendable, Hashable {
    /// The evaluation's id.
    public var evaluation: String
    /// The analysed period.
    public var period: String
    /// The units the estimates use.
    public var unitCount: Int
    /// Every node below the index, indicators first, then aggregates (the framework's slot order).
    public var nodes: [Node]

    /// One node's weights and importance.
    public struct Node: Sendable, Hashable {
        public var id: String
        public var parent: String
        /// 1 = indicators, each aggregate level one more.
        public var level: Int
        /// The weight within its parent, normalised to sum 1 over the siblings.
        public var nominalWeight: Double
        /// The product of nominal weights up to the index.
        public var effectiveWeight: Double
        /// `Sᵢ`; `nil` when it cannot be estimated (fewer than five units, no variation).
        public var importance: Double?
        /// Pearson's r² with the index.
        public var pearsonSquared: Double?
        /// `Sᵢ` over the level's total.
        public var importanceShare: Double?
        /// The effective weight over the level's total.
        public var weightShare: Double

        public init(
            id: String,
            parent: String,
            level: Int,
            nominalWeight: Double,
            effectiveWeight: Double,
            importance: Double?,
            pearsonSquared: Double?,
            importanceShare: Double?,
            weightShare: Double
        ) {
            self.id = id
            self.parent = parent
            self.level = level
            self.nominalWeight = nominalWeight
            self.effectiveWeight = effectiveWeight
            self.importance = importance
            self.pearsonSquared = pearsonSquared
            self.importanceShare = importanceShare
            self.weightShare = weightShare
        }
    }
}

extension CrossSectionPipeline {
    /// The level of every slot: 1 for indicators, one more than the highest child for an aggregate.
    package func levels() -> [Int] {
        compiled.heights
    }

    /// The parent slot of every slot (-1 for the root).
    package func parentSlots() -> [Int] {
        var parentOf = [Int](repeating: -1, count: compiled.nodeCount)
        for (position, slot) in compiled.childSlotsInOrder.enumerated() {
            parentOf[slot] = compiled.childParents[position]
        }
        return parentOf
    }

    /// The nominal (within the parent, summing to 1) and effective weight of every slot under the
    /// run's local weights (or `weights`); the root's are 1.
    package func nominalAndEffectiveWeights(_ weights: [Double]? = nil) -> (nominal: [Double], effective: [Double]) {
        let local = weights ?? self.weights
        let n = compiled.nodeCount
        let parents = compiled.childParents
        let slots = compiled.childSlotsInOrder
        var sums = [Double](repeating: 0, count: n)
        for (position, parent) in parents.enumerated() { sums[parent] += local[position] }
        var nominal = [Double](repeating: 1, count: n)
        for (position, slot) in slots.enumerated() {
            let total = sums[parents[position]]
            nominal[slot] = total != 0 ? local[position] / total : 0
        }
        var effective = [Double](repeating: 1, count: n)
        // Parents come after their children: walk down from the root.
        let parentOf = parentSlots()
        for slot in stride(from: n - 1, through: 0, by: -1) where parentOf[slot] >= 0 {
            effective[slot] = nominal[slot] * effective[parentOf[slot]]
        }
        return (nominal, effective)
    }

    /// Each node's first-order importance on the index beside its nominal and effective weight, in
    /// the analysed period (``WeightImportance``).
    ///
    /// - Throws: ``IndexError`` when the evaluation cannot be scored.
    public func weightImportance() throws -> WeightImportance {
        let matrix = try scores()
        let n = compiled.nodeCount
        let rows = target.rows
        let root = compiled.rootSlot
        let index = rows.map { matrix[$0 * n + root] }
        let levels = levels()
        let (nominal, effective) = nominalAndEffectiveWeights()
        let parentOf = parentSlots()
        let ratios = (0..<root).map { slot in
            CorrelationRatio.estimate(x: rows.map { matrix[$0 * n + slot] }, y: index)
        }
        var importanceTotals: [Int: Double] = [:]
        var weightTotals: [Int: Double] = [:]
        for slot in 0..<root {
            importanceTotals[levels[slot], default: 0] += ratios[slot]?.value ?? 0
            weightTotals[levels[slot], default: 0] += effective[slot]
        }
        let nodes = (0..<root).map { slot in
            let level = levels[slot]
            let importanceTotal = importanceTotals[level] ?? 0
            let weightTotal = weightTotals[level] ?? 0
            return WeightImportance.Node(
                id: compiled.nodeIDs[slot],
                parent: parentOf[slot] >= 0 ? compiled.nodeIDs[parentOf[slot]] : "",
                level: level,
                nominalWeight: nominal[slot],
                effectiveWeight: effective[slot],
                importance: ratios[slot]?.value,
                pearsonSquared: ratios[slot]?.pearsonSquared,
                importanceShare: ratios[slot].flatMap { importanceTotal > 0 ? $0.value / importanceTotal : nil },
                weightShare: weightTotal != 0 ? effective[slot] / weightTotal : 0
            )
        }
        return WeightImportance(
            evaluation: evaluation.id,
            period: period,
            unitCount: rows.count,
            nodes: nodes
        )
    }
}
