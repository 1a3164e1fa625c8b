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
        l.pick(
            zh: "\(first)—\(last) 年，\(indexName)从 \(whole(start)) 提升至 \(whole(end))，年均增长率为 \(percent(cagr))。",
            en:
                "From \(first) to \(last) the \(indexName) rose from \(whole(start)) to \(whole(end)), a compound annual growth rate of \(percent(cagr))."
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
        return l.pick(
            zh:
                "\(last) 年，\(fastest.0)分指数达到 \(whole(fastest.1))，年均增长 \(percent(fastest.2))，增长最快；\(slowest.0)分指数为 \(whole(slowest.1))，年均增长 \(percent(slowest.2))。",
            en:
                "By \(last) the \(fastest.0) sub-index reached \(whole(fastest.1)), growing fastest at \(percent(fastest.2)) a year; \(slowest.0) stood at \(whole(slowest.1)), growing \(percent(slowest.2)) a year."
        )
    }

    /// One pillar's level and latest growth.
    static func pillar(_ l: ReportLanguage, series: SeriesResult, node: NodeInfo) -> String {
        let values = series.series[node.id] ?? []
        let growth = series.growth[node.id] ?? []
        guard let end = values.last.flatMap({ $0 }), let last = series.periods.last else { return "" }
        let latest = growth.last.flatMap { $0 }
        let previous = growth.count >= 2 ? growth[growth.count - 2] : nil
        var text = l.pick(
            zh: "\(l.pick(node.name))分指数 \(last) 年为 \(whole(end))",
            en: "The \(l.pick(node.name)) sub-index stood at \(whole(end)) in \(last)"
        )
        if let latest {
            text += l.pick(zh: "，同比增长 \(percent(latest))", en: ", up \(percent(latest)) on the year")
            if let previous {
                text +=
                    latest < previous
                    ? l.pick(
                        zh: "，增速较上年（\(percent(previous))）有所放缓",
                        en: ", slower than the year before (\(percent(previous)))"
                    )
                    : l.pick(
                        zh: "，增速较上年（\(percent(previous))）有所加快",
                        en: ", faster than the year before (\(percent(previous)))"
                    )
            }
        }
        return text + l.pick(zh: "。", en: ".")
    }

    /// The top-10 sentence.
    public static func topTen(_ l: ReportLanguage, names: [String], period: String) -> String {
        l.pick(
            zh: "\(period) 年区域工业互联网发展成效指数排名前 \(names.count) 的省份依次为：\(names.joined(separator: "、"))。",
            en: "In \(period) the \(names.count) leading regions were, in order: \(names.joined(separator: ", "))."
        )
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
            l.pick(zh: "\(name) \(list.count) 个", en: "\(name.lowercased()) \(list.count)")
        }
        let leaders = members.first ?? []
        let how: (zh: String, en: String)
        switch method {
        case .sizes?: how = ("按既定梯队规模", "Fixed tier sizes divide")
        case .thresholds?: how = ("按得分阈值", "Score thresholds divide")
        default: how = ("按自然断点法", "Natural breaks divide")
        }
        return l.pick(
            zh:
                "\(how.zh)，\(total) 个省份分为 \(names.count) 个梯队：\(counts.joined(separator: "、"))；\(names.first ?? "")梯队为\(leaders.joined(separator: "、"))（排名不分先后）。",
            en:
                "\(how.en) the \(total) regions into \(names.count) tiers: \(counts.joined(separator: ", ")); the \(names.first?.lowercased() ?? "first") tier is \(leaders.joined(separator: ", "))."
        )
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
        let zh = over.map { "\($0.name)（\(SVG.label($0.share, 1))%）" }.joined(separator: "、")
        let en = over.map { "\($0.name) (\(SVG.label($0.share, 1)) %)" }.joined(separator: ", ")
        return l.pick(
            zh: "\(tier)梯队 \(count) 个地区在 \(over.count) 个二级指标上占全国总量的 \(whole(threshold))% 以上：\(zh)。",
            en:
                "The \(count) regions of the \(tier.lowercased()) tier hold over \(whole(threshold)) % of the national total of \(over.count) second-level indicators: \(en)."
        )
    }

    /// The indicators a unit ranks much better (strengths) or worse (gaps) on than overall: at
    /// least `places` places apart, the largest `limit` of each, with the places (positive = better).
    public static func relativeRanks(
        _ unit: UnitScore,
        in section: CrossSectionResult,
        places: Int = 8,
        limit: Int = 3
    ) -> (strengths: [(NodeInfo, Int)], gaps: [(NodeInfo, Int)]) {
        guard let rank = unit.rank else { return ([], []) }
        let differences = section.nodes.filter(\.isIndicator).compactMap { node -> (NodeInfo, Int)? in
            guard let own = unit.nodes[node.id]?.rank else { return nil }
            return (node, rank - own)
        }
        let strengths = differences.filter { $0.1 >= places }.sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }.prefix(limit)
        let gaps = differences.filter { $0.1 <= -places }.sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }.prefix(limit)
        return (Array(strengths), Array(gaps))
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
        var text = l.pick(
            zh: "总指数 \(SVG.label(score))，居全国第 \(rank) 位（共 \(count) 个），属\(tier)梯队。",
            en: "Score \(SVG.label(score)), rank \(rank) of \(count), tier: \(tier)."
        )
        if !strengths.isEmpty {
            text += l.pick(
                zh: "相对优势：\(strengths.joined(separator: "、"))。",
                en: " Strengths (places above its overall rank): \(strengths.joined(separator: ", "))."
            )
        }
        if !weaknesses.isEmpty {
            text += l.pick(
                zh: "相对短板：\(weaknesses.joined(separator: "、"))。",
                en: " Gaps (places below): \(weaknesses.joined(separator: ", "))."
            )
        }
        return text
    }
}
