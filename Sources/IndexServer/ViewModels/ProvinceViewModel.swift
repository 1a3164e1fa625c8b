import IndexCore
import IndexReport

/// Everything a province page shows, computed before any markup is written.
///
/// The page's numbers — the unit's history, its pillars against the national median and its tier's
/// mean, its strengths and gaps, the robustness of its rank and its levers — are worked out here,
/// once; ``Pages/province(_:_:)`` only puts them into words and markup.
struct ProvinceViewModel: Sendable {
    /// One pillar's line in the sub-index table.
    struct PillarRow: Sendable {
        var pillar: NodeInfo
        var score: Double?
        var rank: Int?
        var median: Double
    }

    /// How stable the rank is when the method's choices vary.
    struct Robustness: Sendable {
        var replications: Int
        var medianRank: Int
        var lowRank: Int
        var highRank: Int
        /// The probability of each tier, best first.
        var tierProbabilities: [Double]
    }

    /// The indicators that would lift the unit most.
    struct Levers: Sendable {
        /// The unit's tier when the levers were computed.
        var tier: Int
        /// At most six, best first.
        var levers: [LeverReport.Lever]
        var isInTopTier: Bool { tier <= 1 }
    }

    let id: String
    let section: CrossSectionResult
    let unit: UnitScore
    /// Whether the page shows the latest period (robustness and levers are for that period only).
    let isLatest: Bool
    /// Whether robustness or levers are still being computed for the latest period.
    let isComputing: Bool
    /// Score and rank in every period the unit has, oldest first.
    let history: [(period: String, score: Double?, rank: Int?)]
    let benchmark: PillarBenchmark
    let pillarRows: [PillarRow]
    /// Where the unit stands clearly better or worse than its overall rank (the one rule).
    let relative: StrengthsAndGaps
    let robustness: Robustness?
    let levers: Levers?
    /// The unit's observations in the period, as the data page lists them.
    let values: [DataViewModel.Value]

    /// The page of a unit in the query's period; `nil` when the period or the unit is unknown.
    ///
    /// - Parameters:
    ///   - summary: the rank statistics of the latest period, when they are ready.
    ///   - levers: the unit's levers in the latest period, when they are ready.
    ///   - computing: whether either is still being computed in the background.
    init?(
        _ snapshot: DashboardSnapshot,
        id: String,
        period: String?,
        summary: RankSummary?,
        levers: LeverReport?,
        computing: Bool
    ) {
        guard let section = snapshot.regional(period: period),
            let unit = section.units.first(where: { $0.id == id })
        else { return nil }
        self.id = id
        self.section = section
        self.unit = unit
        isLatest = section.period == snapshot.latestRegional?.period
        isComputing = computing && isLatest
        history = snapshot.regionalPeriods.compactMap { past in
            past.units.first { $0.id == id }.map { (past.period, $0.score, $0.rank) }
        }
        let benchmark = PillarBenchmark(section)
        self.benchmark = benchmark
        pillarRows = zip(benchmark.pillars, benchmark.medians).map { pillar, median in
            let node = unit.nodes[pillar.id]
            return PillarRow(pillar: pillar, score: node?.score ?? nil, rank: node?.rank, median: median)
        }
        relative = StrengthsAndGaps(unit, in: section)
        robustness =
            isLatest
            ? summary.flatMap { summary in
                summary.units[id].map {
                    Robustness(
                        replications: summary.replications,
                        medianRank: $0.median,
                        lowRank: $0.q05,
                        highRank: $0.q95,
                        tierProbabilities: $0.tiers
                    )
                }
            } : nil
        self.levers = isLatest ? levers.map { Levers(tier: $0.tier, levers: Array($0.levers.prefix(6))) } : nil
        values = DataViewModel.values(snapshot, unit: id, period: section.period)
    }
}
