import IndexCore

/// A period's ranking as the regions page, the overview's tier map and the ranking download show
/// it: every unit by rank with its change since the period before and its pillars.
struct RankingViewModel: Sendable {
    /// One unit's line.
    struct Row: Sendable {
        var unit: UnitScore
        /// Previous rank minus current rank (positive: the unit rose); `nil` without both ranks.
        var moved: Int?
        /// Per pillar, in ``RankingViewModel/pillars`` order.
        var pillars: [NodeScore?]
    }

    let section: CrossSectionResult
    /// The period before, when the ranking shows changes against it.
    let previous: CrossSectionResult?
    let pillars: [NodeInfo]
    /// By rank, ties by id.
    let rows: [Row]

    init(_ section: CrossSectionResult, previous: CrossSectionResult?) {
        self.section = section
        self.previous = previous
        let pillars = section.nodes.pillars
        self.pillars = pillars
        let before = RankingViewModel.ranks(previous)
        rows = section.units.sorted { ($0.rank ?? Int.max, $0.id) < ($1.rank ?? Int.max, $1.id) }.map { unit in
            Row(
                unit: unit,
                moved: RankingViewModel.moved(from: before[unit.id], to: unit.rank),
                pillars: pillars.map { unit.nodes[$0.id] }
            )
        }
    }

    /// Each unit's rank in a period (the first, should an id repeat).
    static func ranks(_ section: CrossSectionResult?) -> [String: Int] {
        var ranks: [String: Int] = [:]
        var seen: Set<String> = []
        for unit in section?.units ?? [] where seen.insert(unit.id).inserted {
            if let rank = unit.rank { ranks[unit.id] = rank }
        }
        return ranks
    }

    /// Places gained from one rank to another: positive when the rank number fell (the unit rose).
    static func moved(from before: Int?, to now: Int?) -> Int? {
        guard let before, let now else { return nil }
        return before - now
    }
}
