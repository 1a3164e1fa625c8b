public import IndexCore

/// A unit's strengths and gaps: the pillars and indicators where it stands clearly better or worse
/// than its own overall rank, ties counted against it.
///
/// The one rule the dashboard's province page, the report's profiles and the API's unit document
/// all use. With *n* units ranked on a node, *R* the unit's overall rank among *N* units and a
/// margin *k* = max(1, round(*N* / 6)) places (5 of 31):
///
/// ```
/// strength: last place of its tie   ≤ max(1, R − k)   and in the top half (≤ ⌈n / 2⌉)
/// gap:      first place of its tie  ≥ min(n, R + k)   and in the bottom half (> ⌊n / 2⌋)
/// ```
///
/// - A tie counts at its worst place for a strength and its best place for a gap, so a rank shared
///   by many units is neither: 25 units sharing "rank 7" of 31 stand at places 7–31, which is in
///   no one's top half.
/// - The yardstick is the unit's own overall rank, so a leader's strengths are where it is first
///   outright (rank 1 to 1 + *k* overall leaves no room above) and a laggard's gaps are where it
///   is last outright.
/// - Every qualifying pillar is listed, then at most `limit` indicators; strengths best place
///   first, gaps worst place first.
public struct StrengthsAndGaps: Sendable, Hashable {
    /// One pillar or indicator and where the unit stands on it.
    public struct Place: Sendable, Hashable {
        /// The pillar or indicator.
        public var node: NodeInfo
        /// The unit's rank on it: the first place of its tie (1 = highest).
        public var rank: Int
        /// How many units share that rank (1 = the unit alone).
        public var tied: Int
        /// How many units are ranked on it.
        public var count: Int
        /// The unit's overall rank.
        public var overallRank: Int

        /// The last place of the tie: `rank + tied − 1`.
        public var lastPlace: Int { rank + tied - 1 }

        /// How many places above the overall rank the unit stands here, at the place the rule
        /// counts (a tie's last place above, its first place below); negative when below.
        public var placesAboveOverall: Int {
            lastPlace < overallRank ? overallRank - lastPlace : rank > overallRank ? overallRank - rank : 0
        }

        /// The standing in words, its own rank and margin (the overall rank is said once, by
        /// ``StrengthsAndGaps/overall(_:)``): "第 3 名，高于总排名 9 位", "rank 3, 9 places above the
        /// overall rank"; "独占第 1 名" for a leader's first place.
        public func described(_ language: ReportLanguage) -> String {
            language.text(.standing(rank: rank, tied: tied, above: placesAboveOverall))
        }

        /// The node's name and its standing, as a list item or a profile's clause reads it.
        public func named(_ language: ReportLanguage) -> String {
            language.pick(node.name) + language.text(.openParenthesis) + described(language)
                + language.text(.closeParenthesis)
        }
    }

    /// Where the unit stands clearly better than overall, best first.
    public var strengths: [Place]
    /// Where it stands clearly worse than overall, worst first.
    public var gaps: [Place]
    /// The margin *k* in places.
    public var margin: Int
    /// The unit's overall rank (`nil`: not ranked) and how many units are ranked overall.
    public var overallRank: Int?
    public var rankedCount: Int

    /// How many units are ranked on each pillar and indicator of a period's results and how many
    /// share each rank, counted once: a report or page that lists many units passes one to each
    /// unit's ``StrengthsAndGaps`` instead of counting every unit's ranks again per unit (at county
    /// scale, 3,000 units × 80 indicators, that recount took minutes).
    public struct Standings: Sendable {
        struct Counts: Sendable {
            var count = 0
            var tied: [Int: Int] = [:]
        }
        /// Units with an overall rank.
        let ranked: Int
        /// Per pillar and indicator id.
        let counts: [String: Counts]
        /// The pillars and indicators, in the framework's order.
        let candidates: [NodeInfo]

        /// Counts the ranks of every pillar and indicator in `section`.
        public init(_ section: CrossSectionResult) {
            ranked = section.units.count(where: { $0.rank != nil })
            candidates = section.nodes.filter { $0.isIndicator || $0.depth == 1 }
            var counts: [String: Counts] = [:]
            for node in candidates {
                var entry = Counts()
                for unit in section.units {
                    guard let rank = unit.nodes[node.id]?.rank else { continue }
                    entry.count += 1
                    entry.tied[rank, default: 0] += 1
                }
                counts[node.id] = entry
            }
            self.counts = counts
        }
    }

    /// The strengths and gaps of a unit in a period's results (none when it has no overall rank);
    /// `standings` are `section`'s, counted once when many units are asked about.
    public init(
        _ unit: UnitScore,
        in section: CrossSectionResult,
        standings: Standings? = nil,
        limit: Int = 3
    ) {
        let standings = standings ?? Standings(section)
        let margin = Self.margin(units: standings.ranked)
        self.margin = margin
        self.overallRank = unit.rank
        self.rankedCount = standings.ranked
        guard let overall = unit.rank else {
            strengths = []
            gaps = []
            return
        }
        var strengths: [(Place, Int)] = []
        var gaps: [(Place, Int)] = []
        for (order, node) in standings.candidates.enumerated() {
            guard let rank = unit.nodes[node.id]?.rank, let counts = standings.counts[node.id] else { continue }
            let place = Place(
                node: node,
                rank: rank,
                tied: counts.tied[rank] ?? 0,
                count: counts.count,
                overallRank: overall
            )
            let n = counts.count
            if place.lastPlace <= max(1, overall - margin), place.lastPlace <= (n + 1) / 2 {
                strengths.append((place, order))
            } else if place.rank >= min(n, overall + margin), place.rank > n / 2 {
                gaps.append((place, order))
            }
        }
        // Every qualifying pillar (a handful), then the best `limit` indicators; each best place first.
        func listed(_ entries: [(Place, Int)], _ before: (Place, Place) -> Bool) -> [Place] {
            let sorted = entries.sorted { before($0.0, $1.0) || (!before($1.0, $0.0) && $0.1 < $1.1) }.map(\.0)
            return sorted.filter { !$0.node.isIndicator } + sorted.filter(\.node.isIndicator).prefix(limit)
        }
        self.strengths = listed(strengths) { $0.lastPlace < $1.lastPlace }
        self.gaps = listed(gaps) { $0.rank > $1.rank }
    }

    /// The unit's overall rank, said once above the lists ("总排名：31 个地区中第 12 名。"); `nil`
    /// when it is not ranked.
    public func overall(_ language: ReportLanguage) -> String? {
        overallRank.map { language.text(.overallStanding(rank: $0, count: rankedCount)) }
    }

    /// What makes a strength or a gap, in words, for a page to print above the lists.
    public func rule(_ language: ReportLanguage) -> String {
        language.text(.strengthsRule(margin: margin))
    }

    /// The margin in places for `units` ranked units: max(1, round(units / 6)).
    public static func margin(units: Int) -> Int {
        max(1, (units + 3) / 6)
    }
}
