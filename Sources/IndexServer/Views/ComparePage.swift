import IndexCore
import IndexReport

extension Pages {
    /// The comparison of two to four regions (`/compare?u=…&u=…`).
    static func compare(_ snapshot: DashboardSnapshot, query: Query, _ l: ReportLanguage) -> String? {
        CompareViewModel(snapshot, period: query["period"], requested: query.all("units", "u")).map {
            compare($0, snapshot: snapshot, query: query, l)
        }
    }

    static func compare(
        _ model: CompareViewModel,
        snapshot: DashboardSnapshot,
        query: Query,
        _ l: ReportLanguage
    ) -> String {
        let section = model.section
        let name = names(snapshot, l)
        var body = periodSwitch(snapshot, current: section.period, path: "/compare", query: query, l)
        // The form: tick up to four regions.
        body +=
            "<form method=\"get\" action=\"/compare\"><input type=\"hidden\" name=\"lang\" value=\"\(l.rawValue)\"><input type=\"hidden\" name=\"period\" value=\"\(section.period)\"><fieldset><legend>\(l.text(.chooseRegions))</legend><div class=\"choices\">"
        for unit in model.choices {
            let checked: HTML = model.chosen.contains { $0.id == unit.id } ? " checked" : HTML()
            body +=
                "<label><input type=\"checkbox\" name=\"u\" value=\"\(unit.id)\"\(checked)> \(name(unit.id))</label>"
        }
        body += "</div></fieldset><p><button type=\"submit\">\(l.text(.compare))</button></p></form>"
        if !model.unknown.isEmpty {
            body +=
                "<p role=\"alert\">\(l.text(.unknownRegions))\(model.unknown.joined(separator: ", "))</p>"
        }
        if model.isComparable {
            let table = compareTable(section, rows: model.rows, units: model.chosen, names: name, l)
            body +=
                "<h2>\(l.text(.scoresAndRanks))</h2>" + table.html(id: "comparison")
                + downloads(table, query: query, l)
            body += scoreMeaning(section, l)
            let benchmark = model.benchmark
            // One radar: every chosen region solid, in the colour-blind-safe series colours, over the
            // national median (dashed).
            let svg = Charts.radar(
                title: l.text(.radarOverlayTitle(period: section.period)),
                axes: benchmark.pillars.map { l.pick($0.name) },
                series: model.chosen.map { (name($0.id), benchmark.scores(of: $0)) }
                    + [(l.text(.nationalMedian), benchmark.medians)],
                solid: model.chosen.count
            )
            let radarTable = PageTable(
                name: "compare-radar",
                caption: l.text(.radarOverlayTitle(period: section.period)),
                header: [l.text(.indexColumn)] + model.chosen.map { name($0.id) } + [l.text(.nationalMedian)],
                rows: benchmark.pillars.enumerated().map { axis, pillar in
                    let values = model.chosen.map { benchmark.scores(of: $0) } + [benchmark.medians]
                    return [PageTable.Item(l.pick(pillar.name))]
                        + values.map { row in
                            let value = row.indices.contains(axis) ? row[axis] : .nan
                            return PageTable.Item(SVG.label(value), number: value.isFinite ? value : nil)
                        }
                }
            )
            body += "<h2>\(l.text(.radars))</h2>"
            body += chart(
                svg.markup,
                name: "compare-radar",
                caption: l.text(.radarOverlayCaption),
                alternative: radarTable,
                isWide: false,
                l
            )
        } else {
            body += "<p>\(l.text(.tooFewRegions))</p>"
        }
        return layout(
            title: l.text(.compareTitle(period: section.period)),
            language: l,
            path: "/compare",
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    /// Pillar scores and ranks side by side, the rows where the units differ most first.
    static func compareTable(
        _ section: CrossSectionResult,
        rows: [CompareViewModel.Row],
        units: [UnitScore],
        names: (String) -> String,
        _ l: ReportLanguage
    ) -> PageTable {
        PageTable(
            name: "compare",
            caption: l.text(.compareCaption(period: section.period)),
            header: [l.text(.indexColumn)] + units.map { names($0.id) } + [
                l.text(.largestGap)
            ],
            rows: rows.map { row in
                let label = row.isOverall ? l.text(.overallRow) : l.pick(row.node.name)
                let cells = zip(row.scores, row.ranks).map { score, rank in
                    PageTable.Item("\(SVG.label(score ?? .nan)) (\(rank.map(String.init) ?? "—"))", number: score)
                }
                return [PageTable.Item(label)] + cells + [PageTable.Item(SVG.label(row.gap), number: row.gap)]
            }
        )
    }
}
