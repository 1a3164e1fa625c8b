import IndexCore

/// Sentences in the report's style, in Chinese and English; every number comes from the results.
public enum Narrative {
    static func whole(_ value: Double) -> String { SVG.label(value, 0) }
    static func percent(_ value: Double) -> String { SVG.label(value, 0) + "%" }

    /// "2020—2023 年，全国工业互联网发展成效指数从 100 提升至 235，年均增长率为 33%".
    public static func headline(
        _ l: ReportLanguage, indexName: String, first: String, last: String, start: Double, end: Double, cagr: Double
    ) -> String {
        l.pick(
            zh: "\(first)—\(last) 年，\(indexName)从 \(whole(start)) 提升至 \(whole(end))，年均增长率为 \(percent(cagr))。",
            en: "From \(first) to \(last) the \(indexName) rose from \(whole(start)) to \(whole(end)), a compound annual growth rate of \(percent(cagr)).")
    }

    /// Which sub-index grew fastest and slowest.
    static func pillarsSummary(_ l: ReportLanguage, series: SeriesResult, pillars: [NodeInfo]) -> String {
        let ranked = pillars.compactMap { node -> (String, Double, Double)? in
            guard let end = series.series[node.id]?.last.flatMap({ $0 }), let cagr = series.cagr[node.id].flatMap({ $0 }) else { return nil }
            return (l.pick(node.name), end, cagr)
        }.sorted { $0.2 > $1.2 }
        guard let fastest = ranked.first, let slowest = ranked.last, let last = series.periods.last else { return "" }
        return l.pick(
            zh: "\(last) 年，\(fastest.0)分指数达到 \(whole(fastest.1))，年均增长 \(percent(fastest.2))，增长最快；\(slowest.0)分指数为 \(whole(slowest.1))，年均增长 \(percent(slowest.2))。",
            en: "By \(last) the \(fastest.0) sub-index reached \(whole(fastest.1)), growing fastest at \(percent(fastest.2)) a year; \(slowest.0) stood at \(whole(slowest.1)), growing \(percent(slowest.2)) a year.")
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
            en: "The \(l.pick(node.name)) sub-index stood at \(whole(end)) in \(last)")
        if let latest {
            text += l.pick(zh: "，同比增长 \(percent(latest))", en: ", up \(percent(latest)) on the year")
            if let previous {
                text += latest < previous
                    ? l.pick(zh: "，增速较上年（\(percent(previous))）有所放缓", en: ", slower than the year before (\(percent(previous)))")
                    : l.pick(zh: "，增速较上年（\(percent(previous))）有所加快", en: ", faster than the year before (\(percent(previous)))")
            }
        }
        return text + l.pick(zh: "。", en: ".")
    }

    /// The top-10 sentence.
    public static func topTen(_ l: ReportLanguage, names: [String], period: String) -> String {
        l.pick(
            zh: "\(period) 年区域工业互联网发展成效指数排名前 \(names.count) 的省份依次为：\(names.joined(separator: "、"))。",
            en: "In \(period) the \(names.count) leading regions were, in order: \(names.joined(separator: ", ")).")
    }

    /// The tier sentence: how many regions in each tier, and who leads.
    public static func tiers(_ l: ReportLanguage, names: [String], members: [[String]]) -> String {
        let total = members.reduce(0) { $0 + $1.count }
        let counts = zip(names, members).map { name, list in l.pick(zh: "\(name) \(list.count) 个", en: "\(name.lowercased()) \(list.count)") }
        let leaders = members.first ?? []
        return l.pick(
            zh: "按自然断点法，\(total) 个省份分为 \(names.count) 个梯队：\(counts.joined(separator: "、"))；示范引领梯队为\(leaders.joined(separator: "、"))（排名不分先后）。",
            en: "Natural breaks divide the \(total) regions into \(names.count) tiers: \(counts.joined(separator: ", ")); the leading tier is \(leaders.joined(separator: ", ")).")
    }

    /// One province's profile sentence.
    static func profile(
        _ l: ReportLanguage, rank: Int, count: Int, tier: String, score: Double, strengths: [String], weaknesses: [String]
    ) -> String {
        var text = l.pick(
            zh: "总指数 \(SVG.label(score))，居全国第 \(rank) 位（共 \(count) 个），属\(tier)梯队。",
            en: "Score \(SVG.label(score)), rank \(rank) of \(count), tier: \(tier).")
        if !strengths.isEmpty {
            text += l.pick(zh: "相对优势：\(strengths.joined(separator: "、"))。", en: " Strengths (places above its overall rank): \(strengths.joined(separator: ", ")).")
        }
        if !weaknesses.isEmpty {
            text += l.pick(zh: "相对短板：\(weaknesses.joined(separator: "、"))。", en: " Gaps (places below): \(weaknesses.joined(separator: ", ")).")
        }
        return text
    }
}

/// The page: one self-contained HTML file, inline CSS, no scripts needed to read it, A4 in print.
enum Page {

    static func html(title: String, language: ReportLanguage, headline: String, sections: [String], isIllustrative: Bool) -> String {
        let banner = isIllustrative ? "<div class=\"illustrative\" role=\"note\">\(SVG.escape(Dataset.illustrativeNote))</div>" : ""
        return """
            <!DOCTYPE html>
            <html lang="\(language == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(SVG.escape(title))</title>
            <style>
            @page { size: A4; margin: 18mm 14mm 14mm 14mm; }
            :root { color: #1f2933; font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif; }
            body { max-width: 760px; margin: 0 auto; padding: 24px 16px 48px; line-height: 1.6; font-size: 14px; }
            h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid #0072B2; padding-bottom: 4px; }
            h3 { font-size: 16px; margin: 18px 0 6px; } p.lead { font-size: 15px; font-weight: 600; }
            figure { margin: 12px 0 20px; break-inside: avoid; page-break-inside: avoid; }
            figure svg { max-width: 100%; height: auto; display: block; }
            figcaption { font-size: 12px; color: #52606d; margin-top: 4px; }
            table { border-collapse: collapse; width: 100%; font-size: 12px; break-inside: auto; }
            th, td { border-bottom: 1px solid #d9dee3; padding: 3px 6px; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.level1 td { font-weight: 600; } tr { break-inside: avoid; }
            .profiles { display: grid; grid-template-columns: 1fr 1fr; column-gap: 16px; }
            article.profile { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #d9dee3; font-size: 12px; }
            article.profile h3 { margin: 8px 0 2px; } article.profile figure { margin: 4px 0 8px; }
            .illustrative { position: fixed; bottom: 0; left: 0; right: 0; background: #fff7e0; color: #7a4b00; font-size: 11px; padding: 3px 10px; text-align: center; border-top: 1px solid #E69F00; }
            @media print { body { max-width: none; padding: 0; } .illustrative { position: fixed; top: -11mm; bottom: auto; border-top: none; border-bottom: 1px solid #E69F00; } }
            </style>
            </head>
            <body>
            \(banner)
            <header><h1>\(SVG.escape(title))</h1><p class="lead" id="headline">\(SVG.escape(headline))</p></header>
            \(sections.joined(separator: "\n"))
            </body>
            </html>
            """
    }
}
