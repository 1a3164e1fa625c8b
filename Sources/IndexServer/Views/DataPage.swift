import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    /// The observations a data page's filters select, as a table with names (all pages).
    static func valuesTable(_ snapshot: DashboardSnapshot, query: Query, _ l: ReportLanguage) -> PageTable {
        valuesTable(DataViewModel.values(snapshot, query: query), names: names(snapshot, l), l)
    }

    static func valuesTable(
        _ values: [DataViewModel.Value],
        names name: (String) -> String,
        _ l: ReportLanguage
    ) -> PageTable {
        PageTable(
            name: "values",
            caption: l.text(.values),
            header: [
                l.text(.region), l.text(.indicator), l.text(.year), l.text(.value), l.text(.unit), l.text(.status),
                l.text(.source),
            ],
            rows: values.map { row in
                let (o, info) = (row.observation, row.indicator)
                return [
                    PageTable.Item(name(o.unit)), PageTable.Item(info.map { l.pick($0.name) } ?? o.indicator),
                    PageTable.Item(o.period),
                    PageTable.Item(value(o.value), number: o.value), PageTable.Item(unitLabel(info?.unit ?? "", l)),
                    PageTable.Item(statusName(o.status, l)),
                    PageTable.Item(l.sourceLabel(o.source, isSynthetic: o.status == .synthetic)),
                ]
            }
        )
    }

    /// The observations (`/data`) with filters, one page at a time, and the imported versions.
    static func data(
        _ snapshot: DashboardSnapshot,
        versions: [DatasetVersion],
        query: Query,
        _ l: ReportLanguage
    ) -> String {
        data(DataViewModel(snapshot, versions: versions, query: query), snapshot: snapshot, query: query, l)
    }

    static func data(_ model: DataViewModel, snapshot: DashboardSnapshot, query: Query, _ l: ReportLanguage) -> String {
        let versions = model.versions
        let name = names(snapshot, l)
        var body = HTML()
        if !versions.isEmpty {
            let table = PageTable(
                name: "datasets",
                caption: l.text(.importedDatasets),
                header: [
                    l.text(.dataset), l.text(.valueCount), "sha256",
                    l.text(.created),
                ],
                rows: versions.map { v in
                    [
                        PageTable.Item(v.reference),
                        PageTable.Item(SVG.label(Double(v.valueCount), 0), number: Double(v.valueCount)),
                        PageTable.Item(String(v.hash.prefix(12))), PageTable.Item(v.createdAt),
                    ]
                }
            )
            body += table.html()
        }
        // Filters.
        func select(_ field: String, _ label: String, _ options: [(String, String)]) -> HTML {
            let current = query[field]
            var html: HTML =
                "<label>\(label)<select name=\"\(field)\"><option value=\"\">\(l.text(.all))</option>"
            for (value, text) in options {
                let selected: HTML = value == current ? " selected" : HTML()
                html += "<option value=\"\(value)\"\(selected)>\(text)</option>"
            }
            return html + "</select></label>"
        }
        let units = model.units
        body +=
            "<form class=\"filters\" method=\"get\" action=\"/data\"><input type=\"hidden\" name=\"lang\" value=\"\(l.rawValue)\">"
        body += select("unit", l.text(.region), units.map { ($0.id, name($0.id)) })
        body += select(
            "indicator",
            l.text(.indicator),
            snapshot.framework.indicators.map { ($0.id, l.pick($0.name)) }
        )
        body += select("period", l.text(.year), snapshot.dataset.periods.map { ($0, $0) })
        body += select(
            "status",
            l.text(.status),
            ObservationStatus.allCases.map { ($0.rawValue, statusName($0, l)) }
        )
        body += "<button type=\"submit\">\(l.text(.filter))</button></form>"
        let paging = model.paging
        let page = paging.page
        var table = valuesTable(paging.slice(model.selected), names: name, l)
        table.caption = l.text(
            .valuesCaption(total: SVG.label(Double(paging.total), 0), page: page, pages: paging.pages)
        )
        body += table.html(id: "values") + downloads(table, query: query, set: ["page": nil], l)
        var pager: [HTML] = []
        if paging.hasPrevious {
            pager.append(
                "<a href=\"/data\(query.with(["page": String(page - 1), "lang": l.rawValue]))\" rel=\"prev\">\(l.text(.previousPage))</a>"
            )
        }
        if paging.hasNext {
            pager.append(
                "<a href=\"/data\(query.with(["page": String(page + 1), "lang": l.rawValue]))\" rel=\"next\">\(l.text(.nextPage))</a>"
            )
        }
        if !pager.isEmpty {
            body +=
                "<nav class=\"pager\" aria-label=\"\(l.text(.pagerLabel))\">\(pager.joined(separator: " · "))</nav>"
        }
        return layout(
            title: l.text(.data),
            language: l,
            path: "/data",
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }
}
