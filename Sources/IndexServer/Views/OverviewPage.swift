import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    /// The overview (`/`): headline cards, the national series and the regional tiers.
    static func overview(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        overview(OverviewViewModel(snapshot), snapshot: snapshot, l)
    }

    static func overview(_ model: OverviewViewModel, snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        let report = snapshot.report(l)
        let name = names(snapshot, l)
        var body: HTML = "<p class=\"lead\" id=\"headline\">\(report.headline)</p><dl class=\"cards\">"
        if let national = model.national {
            let (first, last) = (national.firstPeriod, national.lastPeriod)
            body +=
                "<div class=\"card\"><dt>\(l.text(.nationalIndexCard(year: last)))</dt><dd>\(SVG.label(national.latest))</dd></div>"
            body +=
                "<div class=\"card\"><dt>\(l.text(.growthRateCard(from: first, to: last)))</dt><dd>\(SVG.label(national.cagr))%</dd></div>"
            body +=
                "<div class=\"card\"><dt>\(l.text(.growthCard(year: last)))</dt><dd>\(SVG.label(national.growth))%</dd></div>"
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
                body += chart(svg, name: "national-index", caption: l.pick(national.series.name), alternative: table, l)
            }
            if let svg = reportFigure(report, key: "national-subindices") {
                body += chart(
                    svg,
                    name: "national-subindices",
                    caption: l.text(.allSubIndices),
                    alternative: table,
                    l
                )
            }
        }
        if let regional = model.regional {
            let section = regional.section
            body += chart(
                linkedTileMap(section, names: name, shapes: snapshot.shapes, l).markup,
                name: "tier-map",
                caption: l.text(.regionalTiers),
                alternative: rankingTable(regional.ranking, names: name, l),
                l
            )
            if let svg = reportFigure(report, key: "regional-top10") {
                body += chart(
                    svg,
                    name: "regional-top10",
                    caption: Narrative.topTen(l, names: regional.top.map(name), period: section.period),
                    alternative: topTable(
                        regional.topScores.map { (name($0.id), $0.score) },
                        caption: l.text(.top10),
                        l
                    ),
                    l
                )
            }
        }
        body += "</div>"
        let source =
            snapshot.run.map {
                l.text(.runSource(run: $0.id, dataset: $0.dataset.reference))
            }
            ?? l.text(.builtInSource)
        body += "<p><small>\(l.text(.sourcePrefix) + source)</small></p>"
        return layout(
            title: l.pick(snapshot.results.frameworkName),
            language: l,
            path: "/",
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }
}
