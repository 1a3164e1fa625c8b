import IndexCore

/// The regions page's numbers: the period, the one before it, the largest rank changes between
/// them and the top ten of the index and of each pillar.
struct RegionsViewModel: Sendable {
    /// A unit whose rank changed since the previous period.
    struct Move: Sendable {
        var name: String
        /// Previous rank minus current rank: positive when the unit rose.
        var places: Int
    }

    /// The top ten of one node.
    struct Top: Sendable {
        var node: String
        /// The node's info; `nil` only for a root missing from the nodes.
        var info: NodeInfo?
        var isOverall: Bool
        var entries: [(id: String, score: Double)]
    }

    /// The most rank changes the page names.
    static let moveLimit = 5

    let section: CrossSectionResult
    let previous: CrossSectionResult?
    /// Every unit by rank, with its change since ``previous``.
    let ranking: RankingViewModel
    /// The largest changes first (ties by name), at most ``moveLimit``.
    let moves: [Move]
    let tops: [Top]

    /// The query's period; `nil` when the results have no such regional evaluation.
    ///
    /// - Parameter names: a unit's name in the page's language (ties among moves go by name).
    init?(_ snapshot: DashboardSnapshot, period: String?, names: (String) -> String) {
        guard let section = snapshot.regional(period: period) else { return nil }
        self.section = section
        let previous = snapshot.previous(section)
        self.previous = previous
        let ranking = RankingViewModel(section, previous: previous)
        self.ranking = ranking
        // The ranking's rows already carry each unit's change.
        moves = Array(
            ranking.rows.compactMap { row -> Move? in
                guard let places = row.moved, places != 0 else { return nil }
                return Move(name: names(row.unit.id), places: places)
            }.sorted { (abs($0.places), $1.name) > (abs($1.places), $0.name) }.prefix(RegionsViewModel.moveLimit)
        )
        let root = Pages.rootID(section.nodes)
        tops = ([root] + section.nodes.pillars.map(\.id)).map { node in
            Top(
                node: node,
                info: section.nodes.first { $0.id == node },
                isOverall: node == root,
                entries: (section.top[node] ?? []).compactMap { id in
                    section.units.first { $0.id == id }.flatMap { unit in unit.nodes[node]?.score.map { (id, $0) } }
                }
            )
        }
    }
}
