/// One unit's benefit-of-the-doubt optimum at one node: the weights most favourable to it.
public struct OptimalWeights: Sendable, Hashable {
    /// The aggregate node.
    public var node: String
    /// The unit.
    public var unit: String
    /// The unit's score at the node, 0 to 1 (before the node's floor, cap or rounding).
    public var score: Double
    /// Each child's weight `w_j` (0 for a child the unit has no value for).
    public var weights: [String: Double]
    /// Each child's share of the score, `w_j x_ij / score`; absent for a child the unit has no
    /// value for, and for every child when the score is 0.
    public var shares: [String: Double]

    public init(node: String, unit: String, score: Double, weights: [String: Double], shares: [String: Double]) {
        self.node = node
        self.unit = unit
        self.score = score
        self.weights = weights
        self.shares = shares
    }
}

extension CrossSectionPipeline {
    /// The benefit-of-the-doubt optimum of every unit of the target period at every node
    /// aggregated by benefit of the doubt (``BenefitOfTheDoubt``), read from a scored matrix; empty
    /// when no node is.
    ///
    /// The programs are solved again from the children's scores in `matrix`, which are the ones
    /// the aggregation saw (a child's floor, cap and rounding are already applied there), so the
    /// scores equal the node's before its own output.
    ///
    /// - Throws: ``IndexError`` as the aggregation does.
    package func optimalWeights(scores matrix: [Double]) throws -> [OptimalWeights] {
        guard !options.topsis else { return [] }
        let n = compiled.nodeCount
        let rows = Array(target.rows)
        var found: [OptimalWeights] = []
        for aggregate in 0..<compiled.methods.count where compiled.formulas[aggregate] == nil {
            guard case .benefitOfTheDoubt(let method) = options.aggregation ?? compiled.methods[aggregate] else {
                continue
            }
            let slot = compiled.indicatorCount + aggregate
            let children = compiled.childSlots(of: slot)
            let start = compiled.childStart[aggregate]
            let values = rows.map { i in children.map { matrix[i * n + $0] } }
            let ids = children.map { compiled.nodeIDs[$0] }
            let optima = try method.solve(
                values,
                weights: (start..<(start + children.count)).map { weights[$0] },
                node: compiled.nodeIDs[slot],
                units: rows.map { unit(ofRow: $0).id }
            )
            for (row, optimum) in zip(rows, optima) where !optimum.score.isNaN && !matrix[row * n + slot].isNaN {
                var shares: [String: Double] = [:]
                for (id, share) in zip(ids, optimum.shares) where !share.isNaN { shares[id] = share }
                found.append(
                    OptimalWeights(
                        node: compiled.nodeIDs[slot],
                        unit: unit(ofRow: row).id,
                        score: optimum.score,
                        weights: Dictionary(uniqueKeysWithValues: zip(ids, optimum.weights)),
                        shares: shares
                    )
                )
            }
        }
        return found
    }
}
