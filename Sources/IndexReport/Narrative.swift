public import IndexCore

/// Sentences in the report's style, in Chinese and English; every number comes from the results.
public enum Narrative {
    static func whole(_ value: Double) -> String { SVG.label(value, 0) }
    static func percent(_ value: Double) -> String { SVG.label(value, 0) + "%" }

    /// "2020—2023 年，全国工业互联网发展成效指数从 100 提升至 235，年均增长率为 33%".
    public static func headline(
        _ l: ReportLanguage,
        indexName: String,
        first: String,
        last: String,
        start: Double,
        end: Double,
        cagr: Double
    ) -> String {
        l.text(
            .headline(
                indexName: indexName,
                first: first,
                last: last,
                start: whole(start),
                end: whole(end),
                growthRate: percent(cagr)
            )
        )
    }

    /// Which sub-index grew fastest and slowest.
    static func pillarsSummary(_ l: ReportLanguage, series: SeriesResult, pillars: [NodeInfo]) -> String {
        let ranked = pillars.compactMap { node -> (String, Double, Double)? in
            guard let end = series.series[node.id]?.last.flatMap({ $0 }),
                let cagr = series.cagr[node.id].flatMap({ $0 })
            else { return nil }
            return (l.pick(node.name), end, cagr)
        }.sorted { $0.2 > $1.2 }
        guard let fastest = ranked.first, let slowest = ranked.last, let last = series.periods.last else { return "" }
        return l.text(
            .pillarsSummary(
                year: last,
                fastest: (fastest.0, whole(fastest.1), percent(fastest.2)),
                slowest: (slowest.0, whole(slowest.1), percent(slowest.2))
            )
        )
    }

    /// One pillar's level and latest growth.
    static func pillar(_ l: ReportLanguage, series: SeriesResult, node: NodeInfo) -> String {
        let values = series.series[node.id] ?? []
        let growth = series.growth[node.id] ?? []
        guard let end = values.last.flatMap({ $0 }), let last = series.periods.last else { return "" }
        let latest = growth.last.flatMap { $0 }
        let previous = growth.count >= 2 ? growth[growth.count - 2] : nil
        var text = l.text(.pillarLevel(pillar: l.pick(node.name), year: last, level: whole(end)))
        if let latest {
            text += l.text(.pillarGrowth(percent(latest)))
            if let previous {
                text +=
                    latest < previous
                    ? l.text(.growthSlowed(from: percent(previous))) : l.text(.growthQuickened(from: percent(previous)))
            }
        }
        return text + l.text(.fullStop)
    }

    /// The top-10 sentence.
    public static func topTen(_ l: ReportLanguage, names: [String], period: String) -> String {
        l.text(.topTen(period: period, names: names))
    }

    /// The tier sentence: how many regions in each tier, and who leads, naming the way the tiers
    /// were drawn (natural breaks unless `method` says otherwise).
    public static func tiers(
        _ l: ReportLanguage,
        names: [String],
        members: [[String]],
        method: TierMethod? = nil
    ) -> String {
        let total = members.reduce(0) { $0 + $1.count }
        let counts = zip(names, members).map { name, list in
            l.text(.tierCount(tier: name, count: list.count))
        }
        let leaders = members.first ?? []
        return l.text(.tiers(method: method, total: total, tiers: names, counts: counts, leaders: leaders))
    }

    /// The concentration sentence (the report's "the six leading regions hold over 70 % of six
    /// second-level indicators"): the nodes where the leading tier holds more than `threshold` percent
    /// of the total of the raw values (``CrossSectionResult/leadingShare``); `nil` when there are none.
    public static func concentration(
        _ l: ReportLanguage,
        tier: String,
        count: Int,
        nodes: [(name: String, share: Double)],
        threshold: Double = 70
    ) -> String? {
        let over = nodes.filter { $0.share > threshold }
        guard !over.isEmpty else { return nil }
        return l.text(
            .concentration(
                tier: tier,
                count: count,
                threshold: whole(threshold),
                shares: over.map { ($0.name, SVG.label($0.share, 1)) }
            )
        )
    }

    /// One province's profile sentence.
    static func profile(
        _ l: ReportLanguage,
        rank: Int,
        count: Int,
        tier: String,
        score: Double,
        strengths: [String],
        weaknesses: [String]
    ) -> String {
        var text = l.text(.profile(score: SVG.label(score), rank: rank, count: count, tier: tier))
        if !strengths.isEmpty {
            text += l.text(.profileStrengths(strengths))
        }
        if !weaknesses.isEmpty {
            text += l.text(.profileGaps(weaknesses))
        }
        return text
    }
}
