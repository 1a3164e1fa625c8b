import IndexCore
import IndexReport

/// What the compare page shows: the regions chosen, those asked for but unknown, and their scores
/// side by side against the national median.
struct CompareViewModel: Sendable {
    /// One line of the comparison: the overall index or a pillar, with every chosen unit's score.
    struct Row: Sendable {
        var node: NodeInfo
        var isOverall: Bool
        /// Per chosen unit, in their order.
        var scores: [Double?]
        var ranks: [Int?]
        /// The largest score minus the smallest (0 when fewer than one score).
        var gap: Double
    }

    /// The most regions one comparison shows.
    static let limit = 4

    let section: CrossSectionResult
    /// Every unit of the period, best rank first (the form's choices).
    let choices: [UnitScore]
    /// The requested units that exist, at most ``limit``.
    let chosen: [UnitScore]
    /// Requested ids with no unit, when some request was dropped.
    let unknown: [String]
    let benchmark: PillarBenchmark
    /// The comparison, overall first, then the pillars where the units differ most.
    let rows: [Row]

    /// The comparison of the requested units in the query's period; `nil` when the period is unknown.
    ///
    /// - Parameter requested: unit ids in the order asked; a repeated id counts once (a region is
    ///   not compared with itself).
    init?(_ snapshot: DashboardSnapshot, period: String?, requested: [String]) {
        guard let section = snapshot.regional(period: period) else { return nil }
        self.section = section
        var seen: Set<String> = []
        let requested = requested.filter { seen.insert($0).inserted }
        choices = section.units.sorted { ($0.rank ?? Int.max) < ($1.rank ?? Int.max) }
        let chosen = Array(
            requested.compactMap { id in section.units.first { $0.id == id } }.prefix(CompareViewModel.limit)
        )
        self.chosen = chosen
        unknown =
            requested.count == chosen.count
            ? [] : requested.filter { id in !section.units.contains { $0.id == id } }
        benchmark = PillarBenchmark(section)
        rows = CompareViewModel.rows(section, units: chosen)
    }

    /// Whether enough regions are chosen to compare.
    var isComparable: Bool { chosen.count >= 2 }

    /// The overall index and the pillars for some units, the rows where they differ most first.
    static func rows(_ section: CrossSectionResult, units: [UnitScore]) -> [Row] {
        let root = Pages.rootID(section.nodes)
        let nodes = [section.nodes.first { $0.id == root }].compactMap { $0 } + section.nodes.pillars
        let rows = nodes.map { node in
            let isOverall = node.id == root
            let scores = units.map { isOverall ? $0.score : $0.nodes[node.id]?.score ?? nil }
            let ranks = units.map { isOverall ? $0.rank : $0.nodes[node.id]?.rank }
            let finite = scores.compactMap { $0 }
            let gap = (finite.max() ?? 0) - (finite.min() ?? 0)
            return Row(node: node, isOverall: isOverall, scores: scores, ranks: ranks, gap: gap)
        }
        // The overall row first; a stable sort keeps the framework's order among equal gaps.
        return rows.enumerated().sorted { a, b in
            let (x, y) = (
                a.element.isOverall ? .infinity : a.element.gap, b.element.isOverall ? .infinity : b.element.gap
            )
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }
}
