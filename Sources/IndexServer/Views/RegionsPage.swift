import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    /// The ranking of a period (`/regions`), with rank changes, the tier map and the top tens.
    static func regions(_ snapshot: DashboardSnapshot, query: Query, _ l: ReportLanguage) -> String? {
        guard snapshot.regional(period: query["period"]) != nil else {
            return layout(
                title: l.text(.regions),
                language: l,
                path: "/regions",
                query: query,
                snapshot: snapshot,
                illustrative: false,
                body: "<p>\(l.text(.noRegionalEvaluation))</p>"
            )
        }
        let name = names(snapshot, l)
        guard let model = RegionsViewModel(snapshot, period: query["period"], names: name) else { return nil }
        return regions(model, snapshot: snapshot, query: query, l)
    }

    static func regions(
        _ model: RegionsViewModel,
        snapshot: DashboardSnapshot,
        query: Query,
        _ l: ReportLanguage
    ) -> String {
        let section = model.section
        let name = names(snapshot, l)
        var body = periodSwitch(snapshot, current: section.period, path: "/regions", query: query, l)
        body += scoreMeaning(section, l)
        let table = rankingTable(model.ranking, names: name, l)
        body += table.html(id: "ranking") + downloads(table, query: query, set: ["period": section.period], l)
        if let previous = model.previous, !model.moves.isEmpty {
            let list = model.moves.map { "\($0.name) \($0.places > 0 ? "↑" : "↓")\(abs($0.places))" }.joined(
                separator: l.text(.listSeparator)
            )
            body +=
                "<p>\(l.text(.largestRankChanges(since: previous.period)))\(list)</p>"
        }
        body += "<div class=\"grid\">"
        let map = linkedTileMap(section, names: name, shapes: snapshot.shapes, l)
        body += chart(
            map.wide.markup,
            phone: map.phone.markup,
            name: "tier-map-\(section.period)",
            caption: l.text(.tierMap),
            alternative: nil,
            l
        )
        for top in model.tops {
            let entries = top.entries.map { (name($0.id), $0.score) }
            let nodeName = top.info.map { l.pick($0.name) } ?? top.node
            let title =
                top.isOverall
                ? l.text(.topTenOverall(period: section.period))
                : l.text(.topTen(node: nodeName, period: section.period))
            body += chart(
                Charts.ranking(title: title, entries: entries, unit: "").markup,
                phone: Charts.ranking(title: title, entries: entries, unit: "", compact: true).markup,
                name: "top10-\(ReportBuilder.fileSlug(top.node))-\(section.period)",
                caption: title,
                alternative: topTable(entries, caption: title, l),
                l
            )
        }
        body += "</div>"
        return layout(
            title: l.pick(section.name) + l.text(.periodSuffix(section.period)),
            language: l,
            path: "/regions",
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }
}
