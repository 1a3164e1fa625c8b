import IndexCore

/// The overview's numbers: the headline cards, the concentration of the leading tier, the
/// national series and the regional top ten.
struct OverviewViewModel: Sendable {
    /// The national index's headline cards.
    struct National: Sendable {
        var series: SeriesResult
        var firstPeriod: String
        var lastPeriod: String
        /// The period the cards show: the one asked for when the series has it, else the last.
        var shownPeriod: String
        /// The index in the shown period.
        var latest: Double
        /// Compound annual growth over the span, in percent.
        var cagr: Double
        /// Growth in the shown period, in percent.
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
        /// Each unit's rank in the first and the last period (the rank-change chart); empty with one period.
        var rankChange: RankChange?
        /// The overall top ten's ids, best first.
        var top: [String]
        /// Those with a score.
        var topScores: [(id: String, score: Double)]
    }

    let national: National?
    let regional: Regional?

    /// The overview of a period's regional results (the latest when `period` is `nil` or unknown);
    /// the national cards show that period when the national series has it.
    init(_ snapshot: DashboardSnapshot, period: String? = nil) {
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
            let shown = period.flatMap { series.periods.firstIndex(of: $0) } ?? series.periods.count - 1
            func at(_ values: [Double?]?) -> Double {
                values.flatMap { $0.indices.contains(shown) ? $0[shown] : nil } ?? .nan
            }
            return National(
                series: series,
                firstPeriod: series.periods.first ?? "",
                lastPeriod: series.periods.last ?? "",
                shownPeriod: series.periods.indices.contains(shown) ? series.periods[shown] : "",
                latest: at(series.series[root]),
                cagr: series.cagr[root].flatMap { $0 } ?? .nan,
                growth: at(series.growth[root]),
                pillars: pillars,
                table: table
            )
        }
        let periods = snapshot.regionalPeriods
        regional = snapshot.regional(period: period).map { section in
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
                rankChange: periods.count > 1
                    ? periods.first.flatMap { first in periods.last.map { RankChange(first, $0) } } : nil,
                top: top,
                topScores: top.compactMap { id in
                    section.units.first { $0.id == id }.flatMap { unit in unit.score.map { (id, $0) } }
                }
            )
        }
    }
}

/// Each unit's overall rank in two periods (the overview's rank-change chart): the units ranked in
/// both, in the later period's order.
struct RankChange: Sendable {
    struct Row: Sendable {
        var id: String
        var first: Int
        var last: Int
    }

    let first: CrossSectionResult
    let last: CrossSectionResult
    let rows: [Row]

    init(_ first: CrossSectionResult, _ last: CrossSectionResult) {
        self.first = first
        self.last = last
        let before = Dictionary(first.units.compactMap { unit in unit.rank.map { (unit.id, $0) } }) { a, _ in a }
        rows = last.units.compactMap { unit in
            guard let rank = unit.rank, let earlier = before[unit.id] else { return nil }
            return Row(id: unit.id, first: earlier, last: rank)
        }.sorted { ($0.last, $0.id) < ($1.last, $1.id) }
    }
}
