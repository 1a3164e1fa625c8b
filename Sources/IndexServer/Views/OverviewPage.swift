import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    /// The overview (`/`, `/?period=2021`): headline cards, the national series and the regional
    /// tiers of a period (the latest unless asked), with a year switch and the rank changes from the
    /// first period to the last.
    static func overview(_ snapshot: DashboardSnapshot, query: Query = Query(nil), _ l: ReportLanguage) -> String {
        overview(OverviewViewModel(snapshot, period: query["period"]), snapshot: snapshot, query: query, l)
    }

    static func overview(
        _ model: OverviewViewModel,
        snapshot: DashboardSnapshot,
        query: Query = Query(nil),
        _ l: ReportLanguage
    ) -> String {
        let report = snapshot.report(l)
        let name = names(snapshot, l)
        let isLatest = model.regional.map { $0.section.period == snapshot.latestRegional?.period } ?? true
        var body =
            model.regional.map {
                periodSwitch(snapshot, current: $0.section.period, path: "/", query: query, l)
            } ?? HTML()
        // The headline is the report's, about the latest period.
        if isLatest { body += "<p class=\"lead\" id=\"headline\">\(report.headline)</p>" }
        body += "<dl class=\"cards\">"
        if let national = model.national {
            let (first, last) = (national.firstPeriod, national.lastPeriod)
            body +=
                "<div class=\"card\"><dt>\(l.text(.nationalIndexCard(year: national.shownPeriod)))</dt><dd id=\"national-index\">\(SVG.label(national.latest))</dd></div>"
            body +=
                "<div class=\"card\"><dt>\(l.text(.growthRateCard(from: first, to: last)))</dt><dd>\(SVG.label(national.cagr))%</dd></div>"
            body +=
                "<div class=\"card\"><dt>\(l.text(.growthCard(year: national.shownPeriod)))</dt><dd>\(SVG.label(national.growth))%</dd></div>"
        }
        if let regional = model.regional {
            for (tier, count) in regional.tierCounts {
                body +=
                    "<div class=\"card\"><dt>\(l.pick(tier))\(l.text(.tierSuffix))</dt><dd>\(count) <small>\(l.text(.regionCount(count)))</small></dd></div>"
            }
        }
        body += "</dl>"
        if let regional = model.regional { body += scoreMeaning(regional.section, l) }
        if let regional = model.regional,
            let sentence = Narrative.concentration(
                l,
                tier: l.pick(regional.section.tierNames.first ?? LocalisedText(zh: "", en: "")),
                count: regional.leadingCount,
                nodes: regional.leadingShares.map { (l.pick($0.node.name), $0.share) }
            )
        {
            body += "<p id=\"concentration\">\(sentence)</p>"
        }
        body += "<div class=\"grid\">"
        if let national = model.national {
            let table = PageTable(
                name: "national",
                caption: l.pick(national.series.name),
                header: [l.text(.year), l.text(.overallIndex)]
                    + national.pillars.map { l.pick($0.name) },
                rows: national.table.map { row in
                    [PageTable.Item(row.period)] + row.values.map { PageTable.Item(SVG.label($0 ?? .nan), number: $0) }
                }
            )
            if let svg = reportFigure(report, key: "national-index") {
                body += chart(
                    svg,
                    phone: Report.nationalIndexChart(national.series, l, compact: true)?.markup,
                    name: "national-index",
                    caption: l.pick(national.series.name),
                    alternative: table,
                    l
                )
            }
            if let svg = reportFigure(report, key: "national-subindices") {
                body += chart(
                    svg,
                    phone: Report.nationalSubIndicesChart(national.series, l, compact: true).markup,
                    name: "national-subindices",
                    caption: l.text(.allSubIndices),
                    alternative: table,
                    l
                )
            }
        }
        if let regional = model.regional {
            let section = regional.section
            let map = linkedTileMap(section, names: name, shapes: snapshot.shapes, l)
            body += chart(
                map.wide.markup,
                phone: map.phone.markup,
                name: "tier-map",
                caption: l.text(.regionalTiers),
                alternative: rankingTable(regional.ranking, names: name, l),
                l
            )
            let top = regional.topScores.map { (label: name($0.id), value: $0.score) }
            let title = l.text(.topTenOverall(period: section.period))
            body += chart(
                Charts.ranking(title: title, entries: top, unit: "").markup,
                phone: Charts.ranking(title: title, entries: top, unit: "", compact: true).markup,
                name: "regional-top10",
                caption: Narrative.topTen(l, names: regional.top.map(name), period: section.period),
                alternative: topTable(top.map { ($0.label, $0.value) }, caption: l.text(.top10), l),
                l
            )
            if let change = regional.rankChange {
                body += rankChangeChart(change, names: name, l)
            }
        }
        body += "</div>"
        var source =
            snapshot.run.map {
                l.text(.runSource(run: $0.id, dataset: $0.dataset.reference))
            }
            ?? l.text(.builtInSource)
        if let publication = snapshot.publication {
            source += l.text(.publishedBy(name: publication.publishedBy, at: Pages.minute(publication.publishedAt)))
        } else if snapshot.run != nil {
            source += l.text(.draftRun)
        }
        body += "<p><small>\(l.text(.sourcePrefix) + source)</small></p>"
        return layout(
            title: l.pick(snapshot.results.frameworkName),
            language: l,
            path: "/",
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    /// The rank-change chart (first period against last) with its data as a table.
    static func rankChangeChart(_ ranks: RankChange, names name: (String) -> String, _ l: ReportLanguage) -> HTML {
        let (from, to) = (ranks.first.period, ranks.last.period)
        func drawn(compact: Bool) -> SVG {
            Charts.rankChange(
                title: l.text(.rankChangeTitle(from: from, to: to)),
                periods: (from, to),
                moves: ranks.rows.map {
                    Charts.RankMove(id: $0.id, label: name($0.id), first: $0.first, last: $0.last)
                },
                legend: (l.text(.rankRose), l.text(.rankFell), l.text(.rankKept)),
                compact: compact
            )
        }
        let svg = drawn(compact: false)
        let table = PageTable(
            name: "rank-change",
            caption: l.text(.rankChangeTitle(from: from, to: to)),
            header: [l.text(.region), from, to, l.text(.versusPeriod(from))],
            rows: ranks.rows.map { row in
                let moved = change(row.first - row.last, l)
                return [
                    PageTable.Item(name(row.id)), PageTable.Item(String(row.first), number: Double(row.first)),
                    PageTable.Item(String(row.last), number: Double(row.last)),
                    PageTable.Item(moved.text, number: moved.number, markup: moved.markup),
                ]
            }
        )
        return chart(
            svg.markup,
            phone: drawn(compact: true).markup,
            name: "rank-change",
            caption: l.text(.rankChangeCaption(from: from, to: to)),
            alternative: table,
            l
        )
    }
}
