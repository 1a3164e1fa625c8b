/// The regional chapter's analyses of one cross-section, all read from its result: every tier's
/// concentration, the spread inside each tier, and summaries by the unit list's groups.
///
/// - Concentration: a tier's share (percent) of the national total of every additive indicator and
///   aggregate (``CrossSectionResult/tierShares``), beside the tier's share of the units — the
///   report's "the 11 快速崛起 regions hold over 40 % of 5G base stations".
/// - Spread: per tier, the highest and lowest score, range, mean, sample SD (ddof 1; none for one
///   member), the gaps between adjacent members in rank order (largest and mean), and the gap from
///   the tier's last member to the next tier's first — the figures behind "差距极小".
/// - Groups: each column of the unit list other than id, names and aliases (`region`, or any the
///   user adds) that splits the ranked units into at least two groups; per group the member count,
///   mean and median score, the tier mix and the best member. Units without a value in the column
///   are left out of that grouping.
public struct RegionalAnalysis: Sendable, Hashable {
    /// One tier's concentration.
    public struct TierConcentration: Sendable, Hashable {
        /// 1 = the best tier.
        public var tier: Int
        public var name: LocalisedText
        /// The tier's members, in rank order.
        public var members: [String]
        /// The tier's share of the ranked units (percent).
        public var unitShare: Double
        /// The tier's share of the total (percent), per additive indicator and aggregate.
        public var shares: [String: Double]
    }

    /// The spread of scores inside one tier.
    public struct TierSpread: Sendable, Hashable {
        public var tier: Int
        public var name: LocalisedText
        public var count: Int
        public var highest: Double
        public var lowest: Double
        /// highest − lowest.
        public var range: Double
        public var mean: Double
        /// Sample standard deviation (ddof 1); `nil` for a tier of one.
        public var sd: Double?
        /// Score gaps between adjacent members in rank order (count − 1 of them).
        public var gaps: [Double]
        /// The largest of ``gaps``; `nil` for a tier of one.
        public var largestGap: Double?
        /// The mean of ``gaps``; `nil` for a tier of one.
        public var meanGap: Double?
        /// The tier's lowest score minus the next tier's highest; `nil` for the last tier.
        public var gapToNext: Double?
    }

    /// One group's summary.
    public struct GroupSummary: Sendable, Hashable {
        /// The group's value in the unit list (`East`, …).
        public var group: String
        /// Members in rank order.
        public var members: [String]
        public var meanScore: Double
        public var medianScore: Double
        /// Members per tier (index 0 = tier 1).
        public var tierCounts: [Int]
        /// The best-ranked member, its score and rank.
        public var best: String
        public var bestScore: Double
        public var bestRank: Int
    }

    /// The groups of one column of the unit list, by mean score (highest first).
    public struct Grouping: Sendable, Hashable {
        /// The column's name (`region`).
        public var column: String
        public var groups: [GroupSummary]
    }

    public var evaluation: String
    public var period: String
    /// The number of ranked units.
    public var unitCount: Int
    public var concentration: [TierConcentration]
    public var spread: [TierSpread]
    public var groupings: [Grouping]

    /// The analyses of a cross-section result.
    public init(_ result: CrossSectionResult) {
        evaluation = result.evaluation
        period = result.period
        let ranked = result.units.filter { $0.score != nil && $0.tier != nil }
        unitCount = ranked.count
        let tierCount = max(result.tierNames.count, ranked.compactMap(\.tier).max() ?? 0)
        func tierName(_ tier: Int) -> LocalisedText {
            result.tierName(tier) ?? LocalisedText(zh: "第 \(tier) 梯队", en: "Tier \(tier)")
        }
        var concentration: [TierConcentration] = []
        var spread: [TierSpread] = []
        for tier in (0..<tierCount).map({ $0 + 1 }) {
            let members = ranked.filter { $0.tier == tier }
            guard !members.isEmpty else { continue }
            concentration.append(
                TierConcentration(
                    tier: tier,
                    name: tierName(tier),
                    members: members.map(\.id),
                    unitShare: 100 * Double(members.count) / Double(ranked.count),
                    shares: tier <= result.tierShares.count ? result.tierShares[tier - 1] : [:]
                )
            )
            let scores = members.compactMap(\.score).sorted(by: >)
            let next = ranked.filter { ($0.tier ?? 0) > tier }.compactMap(\.score).max()
            spread.append(Self.spread(scores, tier: tier, name: tierName(tier), next: next))
        }
        self.concentration = concentration
        self.spread = spread
        groupings = Self.groupings(ranked, tierCount: tierCount)
    }

    static func spread(_ scores: [Double], tier: Int, name: LocalisedText, next: Double?) -> TierSpread {
        let n = scores.count
        let mean = scores.reduce(0, +) / Double(n)
        let sd = n > 1 ? (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : nil
        let gaps = zip(scores, scores.dropFirst()).map { $0 - $1 }
        return TierSpread(
            tier: tier,
            name: name,
            count: n,
            highest: scores[0],
            lowest: scores[n - 1],
            range: scores[0] - scores[n - 1],
            mean: mean,
            sd: sd,
            gaps: gaps,
            largestGap: gaps.max(),
            meanGap: gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count),
            gapToNext: next.map { scores[n - 1] - $0 }
        )
    }

    static func groupings(_ ranked: [UnitScore], tierCount: Int) -> [Grouping] {
        let columns = Set(ranked.flatMap(\.groups.keys)).sorted()
        return columns.compactMap { column in
            var members: [String: [UnitScore]] = [:]
            for unit in ranked { if let group = unit.groups[column] { members[group, default: []].append(unit) } }
            guard members.count >= 2 else { return nil }
            let groups = members.map { group, units in
                let scores = units.compactMap(\.score)
                var counts = [Int](repeating: 0, count: tierCount)
                for unit in units { if let tier = unit.tier, tier >= 1, tier <= tierCount { counts[tier - 1] += 1 } }
                // `ranked` is in rank order, so the first member is the best.
                let best = units[0]
                return GroupSummary(
                    group: group,
                    members: units.map(\.id),
                    meanScore: scores.reduce(0, +) / Double(scores.count),
                    medianScore: Statistics.median(scores),
                    tierCounts: counts,
                    best: best.id,
                    bestScore: best.score ?? .nan,
                    bestRank: best.rank ?? 0
                )
            }
            return Grouping(
                column: column,
                groups: groups.sorted { ($0.meanScore, $1.group) > ($1.meanScore, $0.group) }
            )
        }
    }
}
