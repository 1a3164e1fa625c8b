/// Rank and tier histograms over replications: memory stays flat however many replications run,
/// and two accumulators merge by adding counts, so chunks run in any order give the same result.
public struct RankAccumulator: Sendable, Hashable {
    /// The number of units ranked in every replication.
    public let unitCount: Int
    /// The number of reported nodes (``UncertaintyModel/reportedNodeIDs``).
    public let slotCount: Int
    /// The largest tier counted; a higher tier is counted as this one.
    public let maxTier: Int
    /// `rankCounts[(slot · units + unit) · (units + 1) + rank]`, rank 0 = no score.
    var rankCounts: [Int]
    /// `tierCounts[unit · (maxTier + 1) + tier]`, tier 0 = none.
    var tierCounts: [Int]
    /// The number of replications added.
    public private(set) var replications = 0
    /// Σ |rank − nominal rank| and the number of terms, as integers: merging is exact in any order.
    public private(set) var shiftTotal = 0
    /// The number of units over which ``shiftTotal`` is summed.
    public private(set) var shiftTerms = 0

    /// An empty accumulator for `unitCount` units, `slotCount` reported nodes and tiers up to `maxTier`.
    public init(unitCount: Int, slotCount: Int, maxTier: Int) {
        self.unitCount = unitCount
        self.slotCount = slotCount
        self.maxTier = maxTier
        rankCounts = [Int](repeating: 0, count: slotCount * unitCount * (unitCount + 1))
        tierCounts = [Int](repeating: 0, count: unitCount * (maxTier + 1))
    }

    /// An empty accumulator shaped for a model's units, reported nodes and tiers.
    public init(model: UncertaintyModel) {
        self.init(unitCount: model.units.count, slotCount: model.reportedSlots.count, maxTier: model.maxTier)
    }

    /// Adds one replication.
    public mutating func add(_ outcome: UncertaintyModel.Outcome) {
        add(
            ranks: outcome.ranks,
            tiers: outcome.tiers,
            shiftTotal: outcome.rankShiftTotal,
            shiftTerms: outcome.rankShiftTerms
        )
    }

    /// Adds one replication from its ranks and tiers (laid out as ``UncertaintyModel/Outcome``'s).
    mutating func add(ranks: [Int], tiers: [Int], shiftTotal total: Int, shiftTerms terms: Int) {
        let width = unitCount + 1
        precondition(ranks.count * width <= rankCounts.count && tiers.count * (maxTier + 1) <= tierCounts.count)
        // Through the buffers: a check per count was a twentieth of a replication.
        rankCounts.withUnsafeMutableBufferPointer { counts in
            for (index, rank) in ranks.enumerated() where (0..<width).contains(rank) {
                counts[index * width + rank] += 1
            }
        }
        tierCounts.withUnsafeMutableBufferPointer { counts in
            for (unit, tier) in tiers.enumerated() where tier >= 0 {
                counts[unit * (maxTier + 1) + min(tier, maxTier)] += 1
            }
        }
        replications += 1
        shiftTotal += total
        shiftTerms += terms
    }

    /// Adds another accumulator's counts.
    public mutating func merge(_ other: RankAccumulator) {
        precondition(other.rankCounts.count == rankCounts.count && other.tierCounts.count == tierCounts.count)
        for index in rankCounts.indices { rankCounts[index] += other.rankCounts[index] }
        for index in tierCounts.indices { tierCounts[index] += other.tierCounts[index] }
        replications += other.replications
        shiftTotal += other.shiftTotal
        shiftTerms += other.shiftTerms
    }

    /// The q-quantile of a unit's rank at a slot: the smallest rank whose cumulative share reaches q
    /// (the inverse of the empirical distribution, as R's `quantile(type = 1)`); `nil` if never ranked.
    public func rankQuantile(slot: Int, unit: Int, _ q: Double) -> Int? {
        let width = unitCount + 1
        let base = (slot * unitCount + unit) * width
        let ranked = (1..<width).reduce(0) { $0 + rankCounts[base + $1] }
        guard ranked > 0 else { return nil }
        let target = max(1, Int((q * Double(ranked)).rounded(.up)))
        var cumulative = 0
        for rank in 1..<width {
            cumulative += rankCounts[base + rank]
            if cumulative >= target { return rank }
        }
        return unitCount
    }

    /// A unit's mean rank at a slot over the replications that ranked it.
    public func meanRank(slot: Int, unit: Int) -> Double? {
        let width = unitCount + 1
        let base = (slot * unitCount + unit) * width
        let ranked = (1..<width).reduce(0) { $0 + rankCounts[base + $1] }
        guard ranked > 0 else { return nil }
        return Double((1..<width).reduce(0) { $0 + $1 * rankCounts[base + $1] }) / Double(ranked)
    }

    /// The share of replications in which a unit's rank at a slot is `limit` or better.
    public func probability(slot: Int, unit: Int, rankAtMost limit: Int) -> Double {
        guard replications > 0 else { return 0 }
        let width = unitCount + 1
        let base = (slot * unitCount + unit) * width
        let hits = (1...max(1, min(limit, unitCount))).reduce(0) { $0 + rankCounts[base + $1] }
        return Double(hits) / Double(replications)
    }

    /// The share of replications that put a unit in each tier, 1 … maxTier.
    public func tierProbabilities(unit: Int) -> [Double] {
        guard replications > 0 else { return [Double](repeating: 0, count: maxTier) }
        return (1...maxTier).map { Double(tierCounts[unit * (maxTier + 1) + $0]) / Double(replications) }
    }

    /// The mean absolute rank shift from the nominal ranking over every unit and replication.
    public var meanRankShift: Double { shiftTerms > 0 ? Double(shiftTotal) / Double(shiftTerms) : 0 }
}
