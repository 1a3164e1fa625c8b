public import IndexCore

/// A period's pillars with the yardsticks a unit is drawn against: the national median of each
/// pillar's score, and each tier's mean.
///
/// The report's province profiles and the dashboard's province and compare pages draw their radars
/// against these numbers; all build them here, once per period, so they cannot disagree on what
/// "the national median" is.
///
/// - Complexity: O(*n* · *p* log *n*) to build for *n* units and *p* pillars; lookups are O(1).
public struct PillarBenchmark: Sendable {
    /// The first-level aggregates (sub-indices), in the framework's order.
    public let pillars: [NodeInfo]
    /// The median over every unit's score, per pillar (`NaN` when no unit has one).
    public let medians: [Double]
    /// The mean over the tier's units' scores, per pillar, by tier (`nil`: the units without one).
    public let tierMeans: [Int?: [Double]]

    /// The benchmark of a period's first-level aggregates.
    public init(_ section: CrossSectionResult) {
        let pillars = section.nodes.pillars
        self.pillars = pillars
        medians = pillars.map { pillar in
            Statistics.median(section.units.compactMap { $0.nodes[pillar.id]?.score ?? nil })
        }
        let tiers = Set(section.units.map(\.tier))
        tierMeans = Dictionary(
            uniqueKeysWithValues: tiers.map { tier in
                let members = section.units.filter { $0.tier == tier }
                let means = pillars.map { pillar in
                    Statistics.mean(members.compactMap { $0.nodes[pillar.id]?.score ?? nil })
                }
                return (tier, means)
            }
        )
    }

    /// A unit's pillar scores as a radar draws them (a missing score at the centre).
    public func scores(of unit: UnitScore) -> [Double] {
        pillars.map { unit.nodes[$0.id]?.score.flatMap { $0 } ?? 0 }
    }

    /// The mean of the unit's tier per pillar.
    public func tierMean(of unit: UnitScore) -> [Double] {
        tierMeans[unit.tier] ?? pillars.map { _ in .nan }
    }
}
