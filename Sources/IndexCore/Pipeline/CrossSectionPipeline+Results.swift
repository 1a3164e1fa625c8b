// MARK: - Results

extension CrossSectionPipeline {
    /// Scores the evaluation and returns its result: the target period's ranks, tiers and shares,
    /// and for a panel every period's result.
    ///
    /// ```swift
    /// let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset)
    /// let result = try pipeline.result()
    /// print(result.units.prefix(6).map(\.id))  // the leading tier's candidates, best first
    /// ```
    ///
    /// - Throws: ``IndexError`` naming the indicator or node when a normalisation or aggregation is
    ///   undefined for the data, or the evaluation and period when the tiers cannot be cut.
    public func result() throws -> CrossSectionResult {
        try result(scores: scores())
    }

    /// Scores the evaluation and returns its result, collecting what a run reports on the way.
    ///
    /// - Parameters:
    ///   - warnings: normalisation warnings (an indicator with no spread, say) are appended here.
    ///   - notes: every aggregate whose weights were renormalised over the children present is
    ///     appended here.
    /// - Throws: as ``result()``.
    public func result(
        warnings: inout [Normaliser.Warning],
        notes: inout [RenormalisationNote]
    ) throws -> CrossSectionResult {
        try result(scores: scores(warnings: &warnings, notes: &notes))
    }

    /// The result of a run: the target period's fields, and for a panel every period's result
    /// with rank changes, year-on-year change and CAGR per unit and node.
    package func result(scores matrix: [Double]) throws -> CrossSectionResult {
        // The weights as scored, once for every period (`nil` when they are the derived ones).
        let scored = replacesWeights ? nominalAndEffectiveWeights() : nil
        var perPeriod: [CrossSectionResult] = []
        for block in blocks {
            perPeriod.append(try blockResult(block, scores: matrix, localWeights: scored?.nominal))
        }
        var result = perPeriod[perPeriod.count - 1]
        result.optimalWeights = try optimalWeights(scores: matrix)
        result.weightOptimisation = weightOptimisation
        if let scored {
            result.effectiveWeights = Dictionary(
                zip(compiled.nodeIDs, scored.effective.map { $0 * 100 }),
                uniquingKeysWith: { first, _ in first }
            )
        }
        if isPanel {
            result.panel = CrossSectionPanel(periods: perPeriod, scope: scope)
        }
        return result
    }

    /// Whether the run scores with weights other than the framework's derived ones (objective
    /// `--weights`, `--optimise-weights`): its results then show those.
    var replacesWeights: Bool { options.weightMethod != .derived || weightOptimisation != nil }

    func blockResult(_ block: Block, scores matrix: [Double], localWeights: [Double]?) throws -> CrossSectionResult {
        let n = compiled.nodeCount
        let m = compiled.indicatorCount
        let root = compiled.rootSlot
        let units = block.units
        var ranksBySlot: [[Int?]] = []
        var topBySlot: [String: [String]] = [:]
        var column = [Double](repeating: .nan, count: units.count)
        for slot in 0..<n {
            for (k, i) in block.rows.enumerated() { column[k] = matrix[i * n + slot] }
            // One sort gives both the ranks and the top of the list.
            let ranked = Ranking.ranked(column, ties: options.ties)
            ranksBySlot.append(ranked.ranks)
            if slot >= compiled.indicatorCount {
                topBySlot[compiled.nodeIDs[slot]] = ranked.order.prefix(max(options.topCount, 0)).map { units[$0].id }
            }
        }
        let overall = block.rows.map { matrix[$0 * n + root] }
        let tiers = try assignTiers(overall, period: block.period)
        var scores: [UnitScore] = []
        scores.reserveCapacity(units.count)
        // Every unit's node table has the same keys: they are hashed once, into a template, and
        // each unit's copy has its values written by position (a copy keeps the template's layout),
        // instead of hashing every node's id again for every unit.
        var template: [String: NodeScore] = [:]
        template.reserveCapacity(n)
        for id in compiled.nodeIDs { template[id] = NodeScore(score: nil, rank: nil) }
        let positions = compiled.nodeIDs.compactMap { template.index(forKey: $0) }
        for (k, unit) in units.enumerated() {
            let i = block.rows.lowerBound + k
            var nodes = template
            for (slot, position) in positions.enumerated() {
                let value = matrix[i * n + slot]
                nodes.values[position] = NodeScore(score: value.isNaN ? nil : value, rank: ranksBySlot[slot][k])
            }
            scores.append(
                UnitScore(
                    id: unit.id,
                    name: unit.name,
                    score: overall[k].isNaN ? nil : overall[k],
                    rank: ranksBySlot[root][k],
                    tier: tiers[k],
                    nodes: nodes,
                    coverage: coverage[i],
                    groups: unit.groups
                )
            )
        }
        scores.sort { ($0.rank ?? Int.max, $0.id) < ($1.rank ?? Int.max, $1.id) }
        let blockObserved = Array(observed[(block.rows.lowerBound * m)..<(block.rows.upperBound * m)])
        let tierCount = tiers.compactMap { $0 }.max() ?? 0
        let tierShares = (0..<max(tierCount, 1)).map { index in
            Self.leadingShares(
                compiled,
                observed: blockObserved,
                unitCount: units.count,
                leaders: Set(units.indices.filter { tiers[$0] == index + 1 }),
                weights: weights
            )
        }
        let leadingShare = tierShares[0]
        return CrossSectionResult(
            evaluation: evaluation.id,
            name: evaluation.name,
            period: block.period,
            nodes: IndexEngine.nodeInfos(
                compiled,
                localWeights: localWeights
            ),
            units: scores,
            tierMethod: tierMethod,
            tierNames: evaluation.tierNames,
            top: topBySlot,
            leadingShare: leadingShare,
            tierShares: tierShares,
            normalisation: normalisation,
            screened: screened.filter { $0.period == block.period }
        )
    }

    /// A group's share of the total, as METHOD.md §6 reads the report (run for each tier: the
    /// leading tier's is ``CrossSectionResult/leadingShare``, every tier's
    /// ``CrossSectionResult/tierShares``): for each additive indicator, the group's sum of the
    /// observed values over all units' sum (percent); for an aggregate, the mean of its additive
    /// descendants' shares weighted by their weights within it. Indicators that are not additive, and
    /// aggregates with none below them, have no share.
    static func leadingShares(
        _ compiled: CompiledEvaluation,
        observed: [Double],
        unitCount: Int,
        leaders: Set<Int>,
        weights: [Double]
    ) -> [String: Double] {
        let m = compiled.indicatorCount
        var shares: [String: Double] = [:]
        var share = [Double](repeating: .nan, count: compiled.nodeCount)
        for (j, indicator) in compiled.indicators.enumerated() where indicator.isAdditive {
            var total = 0.0
            var held = 0.0
            for i in 0..<unitCount where !observed[i * m + j].isNaN {
                total += observed[i * m + j]
                if leaders.contains(i) { held += observed[i * m + j] }
            }
            if total > 0 {
                share[j] = 100 * held / total
                shares[compiled.nodeIDs[j]] = share[j]
            }
        }
        // Aggregates in post-order: each child's share and the weight it carries within the node.
        var carried = [Double](repeating: 0, count: compiled.nodeCount)
        var sums = [Double](repeating: 0, count: compiled.nodeCount)
        for j in 0..<m where !share[j].isNaN {
            carried[j] = 1
            sums[j] = share[j]
        }
        let parents = compiled.childParents
        let slots = compiled.childSlotsInOrder
        for aggregate in m..<compiled.nodeCount {
            var weight = 0.0
            var total = 0.0
            for position in parents.indices where parents[position] == aggregate {
                let child = slots[position]
                guard carried[child] > 0 else { continue }
                let w = weights[position] * carried[child]
                weight += w
                total += weights[position] * sums[child]
            }
            if weight > 0 {
                carried[aggregate] = weight
                sums[aggregate] = total
                shares[compiled.nodeIDs[aggregate]] = total / weight
            }
        }
        return shares
    }
}

/// Every period of a panel run, with how each unit moved.
public struct CrossSectionPanel: Sendable, Hashable {
    /// Each period's result, in period order.
    public var periods: [CrossSectionResult]
    /// Whether normalisation bounds came from each period or from the whole panel.
    public var scope: NormalisationScope

    /// A panel from each period's result, in period order.
    public init(periods: [CrossSectionResult], scope: NormalisationScope) {
        self.periods = periods
        self.scope = scope
    }

    /// A unit's score at a node in each period (`nil` where it has none or was not ranked).
    public func scores(unit: String, node: String) -> [Double?] {
        periods.map { result in result.units.first { $0.id == unit }?.nodes[node]?.score }
    }

    /// A unit's rank at a node in each period.
    public func ranks(unit: String, node: String) -> [Int?] {
        periods.map { result in result.units.first { $0.id == unit }?.nodes[node]?.rank }
    }

    /// Rank change on the previous period (positive = moved up), per period (`nil` for the first).
    public func rankChanges(unit: String, node: String) -> [Int?] {
        let ranks = ranks(unit: unit, node: node)
        return ranks.indices.map { t in
            guard t > 0, let now = ranks[t], let before = ranks[t - 1] else { return nil }
            return before - now
        }
    }

    /// Year-on-year change of the score in percent, per period (`nil` for the first).
    public func growth(unit: String, node: String) -> [Double?] {
        Growth.yearOnYear(scores(unit: unit, node: node).map { $0 ?? .nan })
    }

    /// Compound annual growth of the score over the panel, percent.
    public func cagr(unit: String, node: String) -> Double? {
        let values = scores(unit: unit, node: node)
        guard let first = values.first ?? nil, let last = values.last ?? nil, values.count > 1 else { return nil }
        return Growth.cagr(first: first, last: last, years: IndexEngine.spanInYears(periods.map(\.period)))
    }
}
