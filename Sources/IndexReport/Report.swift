public import IndexCore

/// The report's language.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case zh, en

    public func pick(_ text: LocalisedText) -> String { self == .zh ? text.zh : text.en }
    public func pick(zh: String, en: String) -> String { self == .zh ? zh : en }
}

/// A built report: the page and every figure on its own.
public struct Report: Sendable {
    public var html: String
    /// Figures by file name (`fig01-national-index.svg`, …).
    public var figures: [(name: String, svg: String)]
    /// The headline sentence (also the first paragraph of the page).
    public var headline: String
}

/// Builds the report from a run's results: every number on every page is the computed one.
public enum ReportBuilder {
    /// Builds the report.
    ///
    /// - Parameters:
    ///   - shapes: province outlines for a geographic tier map; `nil` = the tile map.
    ///   - previous: the cross-sections of an earlier period, for rank changes.
    public static func build(
        results: IndexResults, units: [AssessedUnit], language: ReportLanguage, shapes: GeoShapes? = nil,
        previous: [CrossSectionResult] = []
    ) -> Report {
        let l = language
        var sections: [String] = []
        var figures: [(String, String)] = []
        var figureNumber = 0
        func figure(_ slug: String, _ svg: SVG, caption: String) -> String {
            figureNumber += 1
            let name = "fig\(figureNumber < 10 ? "0" : "")\(figureNumber)-\(slug).svg"
            figures.append((name, svg.rendered))
            let label = l.pick(zh: "图 \(figureNumber)", en: "Figure \(figureNumber)")
            return "<figure id=\"\(slug)\">\(svg.rendered)<figcaption>\(label)  \(SVG.escape(caption))</figcaption></figure>"
        }
        let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func unitName(_ id: String) -> String { names[id].map { l.pick($0) } ?? id }
        var headline = ""

        // National series.
        for case .series(let series) in results.evaluations {
            let root = series.nodes.first { $0.parent == nil }
            let pillars = series.nodes.filter { $0.depth == 1 && !$0.isIndicator }
            guard let root, let first = series.periods.first, let last = series.periods.last else { continue }
            let values = series.series[root.id] ?? []
            let start = values.first.flatMap { $0 } ?? 100
            let end = values.last.flatMap { $0 } ?? .nan
            let cagr = series.cagr[root.id].flatMap { $0 } ?? .nan
            let indexName = l == .zh ? series.name.zh : "national " + root.name.en
            headline = Narrative.headline(l, indexName: indexName, first: first, last: last, start: start, end: end, cagr: cagr)
            var html = "<section><h2>\(SVG.escape(l.pick(zh: "一、全国工业互联网发展成效", en: "1. National development effectiveness")))</h2>"
            html += figure(
                "national-index",
                Charts.lines(
                    title: l.pick(series.name) + l.pick(zh: "（\(series.basePeriod) = 100）", en: " (\(series.basePeriod) = 100)"),
                    periods: series.periods, series: [(l.pick(root.name), values)], yLabel: l.pick(zh: "指数", en: "Index")),
                caption: l.pick(zh: "全国工业互联网发展成效指数", en: "National index by year"))
            html += figure(
                "national-subindices",
                Charts.lines(
                    title: l.pick(zh: "五个分指数", en: "The five sub-indices"), periods: series.periods,
                    series: pillars.map { (l.pick($0.name), series.series[$0.id] ?? []) }, yLabel: l.pick(zh: "指数", en: "Index")),
                caption: l.pick(zh: "分指数对比", en: "Sub-indices compared"))
            html += "<p>\(SVG.escape(Narrative.pillarsSummary(l, series: series, pillars: pillars)))</p>"
            for pillar in pillars {
                let pillarValues = series.series[pillar.id] ?? []
                let growth = series.growth[pillar.id] ?? []
                html += "<h3>\(SVG.escape(l.pick(pillar.name)))</h3>"
                html += "<p>\(SVG.escape(Narrative.pillar(l, series: series, node: pillar)))</p>"
                html += figure(
                    "national-\(pillar.id)",
                    Charts.barsWithGrowth(
                        title: l.pick(pillar.name) + l.pick(zh: "分指数及增速", en: " sub-index and growth"), periods: series.periods,
                        values: pillarValues, growth: growth, barLabel: l.pick(zh: "指数", en: "Index"),
                        lineLabel: l.pick(zh: "同比增速（%）", en: "Year-on-year growth (%)")),
                    caption: l.pick(pillar.name))
            }
            html += "</section>"
            sections.append(html)
        }

        // Regional cross-sections.
        for case .crossSection(let section) in results.evaluations {
            let root = section.nodes.first { $0.parent == nil }?.id ?? "index"
            let pillars = section.nodes.filter { $0.depth == 1 && !$0.isIndicator }
            let tierNames = section.tierNames.map { l.pick($0) }
            var html = "<section><h2>\(SVG.escape(l.pick(zh: "二、区域工业互联网发展成效（\(section.period) 年）", en: "2. Regions (\(section.period))")))</h2>"
            let top = (section.top[root] ?? []).map(unitName)
            html += "<p class=\"lead\">\(SVG.escape(Narrative.topTen(l, names: top, period: section.period)))</p>"
            func topEntries(_ node: String) -> [(String, Double)] {
                (section.top[node] ?? []).compactMap { id in
                    section.units.first { $0.id == id }.flatMap { unit in unit.nodes[node]?.score.map { (unitName(id), $0) } }
                }
            }
            html += figure(
                "regional-top10",
                Charts.ranking(title: l.pick(zh: "区域发展成效指数前 10 名", en: "Top 10 regions"), entries: topEntries(root), unit: ""),
                caption: l.pick(zh: "总指数前 10 名", en: "Top 10, overall"))
            let tierCounts = (1...max(tierNames.count, 1)).map { tier in section.units.filter { $0.tier == tier } }
            html += "<p>\(SVG.escape(Narrative.tiers(l, names: tierNames, members: tierCounts.map { $0.map { unitName($0.id) } })))</p>"
            let tierMap: SVG
            if let shapes {
                tierMap = Charts.geoMap(
                    title: l.pick(zh: "区域发展梯队分布", en: "Tiers"),
                    shapes: shapes, tiers: Dictionary(section.units.compactMap { u in u.tier.map { (u.id, $0) } }, uniquingKeysWith: { a, _ in a }),
                    tierNames: tierNames,
                    note: l.pick(
                        zh: "底图：\(shapes.source)（简化边界，非审图号标准地图）", en: "Geometry: \(shapes.source) (simplified; not an approved standard map)"))
            } else {
                tierMap = Charts.tileMap(
                    title: l.pick(zh: "区域发展梯队分布（方格示意图）", en: "Tiers (tile map)"),
                    tiles: section.units.map { Charts.Tile(code: $0.id, label: shortName(unitName($0.id), l), tier: $0.tier, score: $0.score) },
                    tierNames: tierNames)
            }
            html += figure("tier-map", tierMap, caption: l.pick(zh: "梯队分布", en: "Tier map"))
            for pillar in pillars {
                html += figure(
                    "regional-top10-\(pillar.id)",
                    Charts.ranking(
                        title: l.pick(pillar.name) + l.pick(zh: "前 10 名", en: ": top 10"), entries: topEntries(pillar.id), unit: ""),
                    caption: l.pick(pillar.name))
            }
            if let before = previous.first(where: { $0.evaluation == section.evaluation && $0.period != section.period }) {
                html += rankChanges(section, before: before, language: l, unitName: unitName)
            } else {
                html += "<p class=\"note\">\(SVG.escape(l.pick(zh: "区域数据只有 \(section.period) 一年，暂无排名变化。", en: "Regional data cover \(section.period) only, so there are no rank changes to show.")))</p>"
            }
            html += "</section>"
            sections.append(html)
            sections.append(profiles(section, pillars: pillars, language: l, unitName: unitName, figure: figure))
        }

        sections.append(frameworkTable(results, language: l))
        let title = l.pick(results.frameworkName)
        let html = Page.html(
            title: title, language: l, headline: headline, sections: sections, isIllustrative: results.isIllustrative)
        return Report(html: html, figures: figures, headline: headline)
    }

    /// A table of rank changes between two periods, largest moves first.
    static func rankChanges(
        _ section: CrossSectionResult, before: CrossSectionResult, language l: ReportLanguage, unitName: (String) -> String
    ) -> String {
        let rows = section.units.compactMap { unit -> (String, Int, Int)? in
            guard let now = unit.rank, let then = before.units.first(where: { $0.id == unit.id })?.rank else { return nil }
            return (unit.id, then, now)
        }.sorted { (abs($0.1 - $0.2), $1.0) > (abs($1.1 - $1.2), $0.0) }
        var html = "<h3>\(SVG.escape(l.pick(zh: "排名变化（\(before.period)—\(section.period) 年）", en: "Rank changes, \(before.period)–\(section.period)")))</h3>"
        html += "<table><thead><tr><th>\(l.pick(zh: "省份", en: "Region"))</th><th>\(before.period)</th><th>\(section.period)</th><th>\(l.pick(zh: "变化", en: "Change"))</th></tr></thead><tbody>"
        for (id, then, now) in rows {
            let change = then - now
            html += "<tr><td>\(SVG.escape(unitName(id)))</td><td class=\"num\">\(then)</td><td class=\"num\">\(now)</td><td class=\"num\">\(change > 0 ? "↑\(change)" : change < 0 ? "↓\(-change)" : "—")</td></tr>"
        }
        return html + "</tbody></table>"
    }

    /// 北京 → 北京; 内蒙古 → 内蒙古; English names shortened to fit a tile.
    static func shortName(_ name: String, _ language: ReportLanguage) -> String {
        guard language == .en else { return name }
        let short = ["Inner Mongolia": "Inner Mong.", "Heilongjiang": "Heilongj.", "Guangdong": "Guangd."]
        return short[name] ?? (name.count > 9 ? String(name.prefix(8)) + "." : name)
    }

    /// One profile per province: rank and tier, a radar against the national median and the
    /// tier's mean, and the indicators ranked much better or worse than the province overall.
    static func profiles(
        _ section: CrossSectionResult, pillars: [NodeInfo], language l: ReportLanguage, unitName: (String) -> String,
        figure: (String, SVG, String) -> String
    ) -> String {
        var html = "<section><h2>\(SVG.escape(l.pick(zh: "三、各省份画像", en: "3. Province profiles")))</h2><div class=\"profiles\">"
        func median(_ values: [Double]) -> Double { Statistics.median(values) }
        let medians = pillars.map { pillar in median(section.units.compactMap { $0.nodes[pillar.id]?.score ?? nil }) }
        let indicators = section.nodes.filter(\.isIndicator)
        for unit in section.units {
            let tierMean = pillars.map { pillar in
                Statistics.mean(section.units.filter { $0.tier == unit.tier }.compactMap { $0.nodes[pillar.id]?.score ?? nil })
            }
            let own = pillars.map { unit.nodes[$0.id]?.score.flatMap { $0 } ?? 0 }
            let rank = unit.rank ?? 0
            let gaps = indicators.compactMap { node -> (String, Int)? in
                guard let r = unit.nodes[node.id]?.rank else { return nil }
                return (l.pick(node.name), rank - r)
            }
            let strengths = gaps.filter { $0.1 >= 8 }.sorted { $0.1 > $1.1 }.prefix(3).map { "\($0.0)（+\($0.1)）" }
            let weaknesses = gaps.filter { $0.1 <= -8 }.sorted { $0.1 < $1.1 }.prefix(3).map { "\($0.0)（\($0.1)）" }
            let tierName = unit.tier.flatMap { $0 <= section.tierNames.count ? l.pick(section.tierNames[$0 - 1]) : nil } ?? "—"
            html += "<article class=\"profile\"><h3>\(SVG.escape(unitName(unit.id)))</h3>"
            html += "<p>\(SVG.escape(Narrative.profile(l, rank: rank, count: section.units.count, tier: tierName, score: unit.score ?? .nan, strengths: Array(strengths), weaknesses: Array(weaknesses))))</p>"
            html += figure(
                "profile-\(unit.id)",
                Charts.radar(
                    title: unitName(unit.id), axes: pillars.map { l.pick($0.name) },
                    series: [
                        (unitName(unit.id), own), (l.pick(zh: "全国中位数", en: "National median"), medians),
                        (l.pick(zh: "所在梯队均值", en: "Tier mean"), tierMean),
                    ]),
                unitName(unit.id))
            html += "</article>"
        }
        return html + "</div></section>"
    }

    /// Table 1: the framework with weights at every level, and how they were derived.
    static func frameworkTable(_ results: IndexResults, language l: ReportLanguage) -> String {
        var html = "<section><h2>\(SVG.escape(l.pick(zh: "附：指标体系与权重", en: "Annex: framework and weights")))</h2>"
        for evaluation in results.evaluations {
            guard let derived = results.weights[evaluation.id] else { continue }
            let nodes = evaluation.nodes.filter { !$0.isIndicator || $0.depth <= 3 }
            html += "<h3>\(SVG.escape(l.pick(zh: "表：", en: "Table: ") + evaluation.id))</h3><table><thead><tr>"
            html += [l.pick(zh: "层级", en: "Level"), l.pick(zh: "指标", en: "Node"), l.pick(zh: "权重（%）", en: "Weight (%)")]
                .map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
            for node in nodes {
                let indent = String(repeating: "　", count: node.depth)
                html += "<tr class=\"level\(node.depth)\"><td>\(node.depth)</td><td>\(indent)\(SVG.escape(l.pick(node.name)))</td>"
                html += "<td class=\"num\">\(SVG.label(derived.effective[node.id] ?? .nan, 2))</td></tr>"
            }
            html += "</tbody></table>"
            let ahp = derived.ahp.sorted { $0.key < $1.key }
            if !ahp.isEmpty {
                let nodeNames = Dictionary(evaluation.nodes.map { ($0.id, l.pick($0.name)) }, uniquingKeysWith: { a, _ in a })
                html += "<table><thead><tr><th>\(l.pick(zh: "判断矩阵", en: "Judgement matrix"))</th><th>n</th><th>λmax</th><th>CI</th><th>CR</th></tr></thead><tbody>"
                for (node, result) in ahp {
                    guard let c = result.consistency else { continue }
                    html += "<tr><td>\(SVG.escape(nodeNames[node] ?? node))</td><td class=\"num\">\(c.weights.count)</td><td class=\"num\">\(SVG.label(c.lambdaMax, 4))</td><td class=\"num\">\(SVG.label(c.ci, 4))</td><td class=\"num\">\(SVG.label(c.cr, 4))</td></tr>"
                }
                html += "</tbody></table>"
                let worst = ahp.compactMap { $0.value.consistency?.cr }.max() ?? 0
                html += "<p>\(SVG.escape(l.pick(zh: "层次分析法：\(ahp.count) 个判断矩阵，最大一致性比率 CR = \(SVG.label(worst, 3))（均小于 0.10）。", en: "AHP: \(ahp.count) judgement matrices; the largest consistency ratio is CR = \(SVG.label(worst, 3)) (all below 0.10).")))"
                if let panel = derived.panel {
                    html += SVG.escape(
                        l.pick(
                            zh: " 专家打分：Kendall 协调系数 W = \(SVG.label(panel.kendallW, 3))，p = \(SVG.label(panel.pValue, 4))；α = \(SVG.label(derived.alpha ?? 0, 2))。",
                            en: " Expert panel: Kendall's W = \(SVG.label(panel.kendallW, 3)), p = \(SVG.label(panel.pValue, 4)); α = \(SVG.label(derived.alpha ?? 0, 2))."))
                }
                html += "</p>"
            }
        }
        return html + "</section>"
    }
}
