import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    // MARK: - Pieces

    /// A chart with its caption, SVG and PNG downloads, and its data as a table for readers who
    /// cannot see it.
    ///
    /// The chart scales with its box (its viewBox at 100 % width), so it is never wider than the
    /// screen; a narrow one (a radar) is drawn at most 460 px wide, a wide one 800 px.
    ///
    /// `phone`, when given, is the same chart drawn for a narrow screen (360 units wide, its text the
    /// same size): the page carries both and its style sheet shows one, the phone's at 600 px and
    /// below, so chart text reads at 11 px or more on a phone instead of a wide chart scaled to 7 px.
    /// Downloads take the wide drawing.
    static func chart(
        _ svg: HTML,
        phone: HTML? = nil,
        name: String,
        caption: String,
        alternative: PageTable?,
        isWide: Bool = true,
        _ l: ReportLanguage
    ) -> HTML {
        let kind: HTML = isWide ? "chart" : "chart narrow"
        let drawings: HTML =
            phone.map { "<div class=\"svgbox wide-only\">\(svg)</div><div class=\"svgbox phone-only\">\($0)</div>" }
            ?? "<div class=\"svgbox\">\(svg)</div>"
        var html: HTML =
            "<figure class=\"\(kind)\">\(drawings)<figcaption>\(caption)</figcaption>"
        html +=
            "<p class=\"downloads\"><button type=\"button\" data-download=\"svg\" data-name=\"\(name)\">\(l.text(.downloadSVG))</button>"
        html +=
            "<button type=\"button\" data-download=\"png\" data-name=\"\(name)\">\(l.text(.downloadPNG))</button></p>"
        if let alternative {
            html += "<details><summary>\(l.text(.chartData))</summary>\(alternative.html())</details>"
        }
        return html + "</figure>"
    }

    /// A report figure by key; its SVG was built by the report's renderers through ``HTML``.
    static func reportFigure(_ report: Report, key: String) -> HTML? {
        report.figure(key).map { HTML(trusted: $0) }
    }

    /// CSV and XLSX links for a table.
    static func downloads(
        _ table: PageTable,
        query: Query,
        set changes: [String: String?] = [:],
        _ l: ReportLanguage
    ) -> HTML {
        var all = changes
        all["lang"] = l.rawValue
        let suffix = query.with(all)
        return
            "<p class=\"downloads\">\(l.text(.downloadThisTable))<a href=\"/tables/\(table.name).csv\(suffix)\">CSV</a> <a href=\"/tables/\(table.name).xlsx\(suffix)\">XLSX</a></p>"
    }

    static func tierName(_ tier: Int?, _ section: CrossSectionResult, _ l: ReportLanguage) -> String {
        guard let tier else { return "—" }
        return section.tierName(tier).map(l.pick) ?? "\(tier)"
    }

    static func tierBadge(_ tier: Int?, _ section: CrossSectionResult, _ l: ReportLanguage) -> HTML {
        guard let tier else { return "—" }
        return "<span class=\"tier tier\(min(max(tier, 1), 4))\">\(tierName(tier, section, l))</span>"
    }

    /// A rank change as text, markup and number: `+2` shown as ↑2, `-1` as ↓1, `0` as —.
    static func change(_ moved: Int?, _ l: ReportLanguage) -> (text: String, markup: HTML, number: Double?) {
        guard let moved else { return ("—", "—", nil) }
        if moved > 0 {
            return (
                "+\(moved)",
                "<span class=\"up\" aria-label=\"\(l.text(.rankUp(moved)))\">↑\(moved)</span>",
                Double(moved)
            )
        }
        if moved < 0 {
            return (
                "\(moved)",
                "<span class=\"down\" aria-label=\"\(l.text(.rankDown(-moved)))\">↓\(-moved)</span>",
                Double(moved)
            )
        }
        return ("0", "—", 0)
    }

    /// The tier map of a section, each region linked to its page: the geographic map with `serve
    /// --geo`, else the tile map; each with its phone drawing (`compact`).
    static func linkedTileMap(
        _ section: CrossSectionResult,
        names: (String) -> String,
        shapes: GeoShapes? = nil,
        _ l: ReportLanguage
    ) -> (wide: SVG, phone: SVG) {
        let title = l.text(.tierMapTitle(period: section.period))
        let tiles = section.units.map { unit in
            Charts.Tile(
                code: unit.id,
                label: shortName(names(unit.id), l),
                tier: unit.tier,
                score: unit.score,
                href: link("/regions/" + pathComponent(unit.id), l, ["period": section.period]),
                tooltip:
                    "\(names(unit.id)): \(SVG.label(unit.score ?? .nan)) · \(l.text(.rankOnly(unit.rank ?? 0))) · \(tierName(unit.tier, section, l))"
            )
        }
        let tierNames = section.tierNames.map { l.pick($0) }
        // The map drawn wide and for a phone, from the same regions.
        let draw = { (compact: Bool) -> SVG in
            guard let shapes else {
                return Charts.tileMap(title: title, tiles: tiles, tierNames: tierNames, language: l, compact: compact)
            }
            return Charts.geoMap(
                title: title,
                shapes: shapes,
                regions: tiles,
                tierNames: tierNames,
                note: l.text(.geometryNote(source: shapes.source)),
                language: l,
                compact: compact
            )
        }
        return (draw(false), draw(true))
    }

    static func periodSwitch(
        _ snapshot: DashboardSnapshot,
        current: String,
        path: String,
        query: Query,
        _ l: ReportLanguage
    ) -> HTML {
        let periods = snapshot.regionalPeriods.map(\.period)
        guard periods.count > 1 else { return HTML() }
        let items = periods.map { period -> HTML in
            period == current
                ? "<strong aria-current=\"true\">\(period)</strong>"
                : "<a href=\"\(path + query.with(["period": period, "lang": l.rawValue]))\">\(period)</a>"
        }.joined(separator: " ")
        return
            "<nav class=\"periods\" aria-label=\"\(l.text(.year))\">\(l.text(.yearPrefix))\(items)</nav>"
    }

    /// A top-10 chart's data as a table: rank (ties shared, as the chart shows them), name, score.
    static func topTable(_ entries: [(String, Double)], caption: String, _ l: ReportLanguage) -> PageTable {
        PageTable(
            name: "top10",
            caption: caption,
            header: [l.text(.region), l.text(.rank), l.text(.score)],
            rows: zip(entries, Charts.sharedRanks(entries.map(\.1))).map { entry, rank in
                [
                    PageTable.Item(entry.0), PageTable.Item(String(rank), number: Double(rank)),
                    PageTable.Item(SVG.label(entry.1), number: entry.1),
                ]
            }
        )
    }

    /// The ranking of a period, with rank changes against the period before.
    static func rankingTable(_ ranking: RankingViewModel, names: (String) -> String, _ l: ReportLanguage) -> PageTable {
        let section = ranking.section
        var header = [l.text(.region), l.text(.overallRank)]
        if let previous = ranking.previous { header.append(l.text(.versusPeriod(previous.period))) }
        header +=
            [l.text(.score), l.text(.tier)]
            + ranking.pillars.map { l.pick($0.name) + l.text(.scoreAndRankSuffix) }
        var table = PageTable(
            name: "ranking",
            caption: l.text(.rankingCaption(period: section.period)),
            header: header,
            rows: []
        )
        table.isSortable = true
        let firstPillar = header.count - ranking.pillars.count
        for (offset, pillar) in ranking.pillars.enumerated() {
            let name = l.pick(pillar.name)
            table.rankColumns[firstPillar + offset] = (name + l.text(.scoreSuffix), name + l.text(.rankSuffix))
        }
        for line in ranking.rows {
            let unit = line.unit
            var row = [
                PageTable.Item(
                    names(unit.id),
                    link: link("/regions/" + pathComponent(unit.id), l, ["period": section.period])
                ),
                PageTable.Item(unit.rank.map(String.init) ?? "—", number: unit.rank.map(Double.init)),
            ]
            if ranking.previous != nil {
                let moved = change(line.moved, l)
                row.append(PageTable.Item(moved.text, number: moved.number, markup: moved.markup))
            }
            row.append(PageTable.Item(SVG.label(unit.score ?? .nan), number: unit.score))
            var tier = PageTable.Item(
                tierName(unit.tier, section, l),
                number: unit.tier.map(Double.init),
                markup: tierBadge(unit.tier, section, l)
            )
            tier.isTextInWorkbook = true
            row.append(tier)
            for node in line.pillars {
                let score = node?.score.flatMap { $0 }
                row.append(
                    PageTable.Item(
                        "\(SVG.label(score ?? .nan)) (\(node?.rank.map(String.init) ?? "—"))",
                        number: score,
                        rank: node?.rank
                    )
                )
            }
            table.rows.append(row)
        }
        return table
    }

    /// What a regional score means (its scale, what its ends are, that ranks in a tier are close),
    /// worded for the period's normalisation, wherever scores are shown.
    static func scoreMeaning(_ section: CrossSectionResult, _ l: ReportLanguage) -> HTML {
        let count = section.units.count
        let text: String
        if case .minMax(let lower, let upper) = section.normalisation {
            text = l.text(.scoreMeaningMinMax(lower: SVG.label(lower, 0), upper: SVG.label(upper, 0), count: count))
        } else {
            text = l.text(.scoreMeaning(count: count))
        }
        return "<p class=\"note\" id=\"score-meaning\">\(text)</p>"
    }
}
