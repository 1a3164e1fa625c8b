import IndexCore

/// The overview's numbers: the headline cards, the concentration of the leading tier, the
/// national series and the regional top ten.
struct OverviewViewModel: Sendable {
    /// The national index's headline cards.
    struct National: Sendable {
        var series: SeriesResult
        var firstPeriod: String
        var lastPeriod: String
        /// The index in the last period.
        var latest: Double
        /// Compound annual growth over the span, in percent.
        var cagr: Double
        /// Growth in the last period, in percent.
        var growth: Double
        /// The first-level aggregates.
        var pillars: [NodeInfo]
        /// Per period: the index then each pillar (`nil` when missing).
        var table: [(period: String, values: [Double?])]
    }

    /// The regional cards and the leading tier's shares.
    struct Regional: Sendable {
        var section: CrossSectionResult
        /// Each tier's name and number of units, best first.
        var tierCounts: [(name: LocalisedText, count: Int)]
        /// The number of units in the first tier.
        var leadingCount: Int
        /// The second-level aggregates with the leading tier's share of their totals.
        var leadingShares: [(node: NodeInfo, share: Double)]
        /// Every unit by rank (the tier map's data).
        var ranking: RankingViewModel
        /// The overall top ten's ids, best first.
        var top: [String]
        /// Those with a score.
        var topScores: [(id: String, score: Double)]
    }

    let national: National?
    let regional: Regional?

    init(_ snapshot: DashboardSnapshot) {
        national = Pages.national(snapshot).map { series in
            let root = Pages.rootID(series.nodes)
            let pillars = series.nodes.pillars
            let table = series.periods.enumerated().map { t, period in
                (
                    period: period,
                    values: ([root] + pillars.map(\.id)).map { id -> Double? in
                        (series.series[id] ?? []).indices.contains(t) ? series.series[id]?[t] ?? nil : nil
                    }
                )
            }
            return National(
                series: series,
                firstPeriod: series.periods.first ?? "",
                lastPeriod: series.periods.last ?? "",
                latest: (series.series[root] ?? []).last.flatMap { $0 } ?? .nan,
                cagr: series.cagr[root].flatMap { $0 } ?? .nan,
                growth: (series.growth[root] ?? []).last.flatMap { $0 } ?? .nan,
                pillars: pillars,
                table: table
            )
        }
        regional = snapshot.latestRegional.map { section in
            let top = section.top[Pages.rootID(section.nodes)] ?? []
            return Regional(
                section: section,
                tierCounts: section.tierNames.enumerated().map { index, tier in
                    (tier, section.units.filter { $0.tier == index + 1 }.count)
                },
                leadingCount: section.units.filter { $0.tier == 1 }.count,
                leadingShares: section.nodes.filter { $0.depth == 2 && !$0.isIndicator }.compactMap { node in
                    section.leadingShare[node.id].map { (node, $0) }
                },
                ranking: RankingViewModel(section, previous: nil),
                top: top,
                topScores: top.compactMap { id in
                    section.units.first { $0.id == id }.flatMap { unit in unit.score.map { (id, $0) } }
                }
            )
        }
    }
}
