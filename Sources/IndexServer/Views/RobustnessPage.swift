import Foundation
import IndexReport
import IndexStore
import IndexWorkflows

extension Pages {
    /// A run's robustness (`/runs/ID/robustness`): the page comes at once, and its script asks for
    /// the analysis (``robustnessTable(_:_:)``), showing the replications done while it runs.
    static func robustness(_ record: RunRecord, canCompute: Bool, _ l: ReportLanguage) -> String {
        var body: HTML =
            "<p>\(l.text(.robustnessIntroduction))</p><p>\(record.dataset.reference) · \(record.options.summary)</p>"
        if canCompute {
            let base = "/runs/\(record.id)/robustness"
            body += """
                <p><progress id="robustness-bar" aria-label="\(l.text(.uploadWorking))"></progress> \
                <span id="robustness-status" role="status" aria-live="polite"></span></p>
                <div id="robustness" data-table="\(link(base + "/table", l))" data-progress="\(base)/progress" \
                data-working="\(l.text(.uploadWorking))"></div>
                <script>\(Asset.robustnessJS.markup)</script>
                """
        } else {
            body +=
                "<p>\(l.text(.robustnessSignIn)) <a href=\"\(link("/signin", l, ["next": "/runs/\(record.id)/robustness"]))\">\(l.text(.orSignIn))</a></p>"
        }
        return layout(
            title: l.text(.robustnessOfRun(record.id)),
            language: l,
            path: "/runs",
            snapshot: nil,
            illustrative: false,
            body: body
        )
    }

    /// The analysis as markup for the robustness page: a summary line, then every region with its
    /// rank, median rank and 90 % interval, drawn as a bar on the rank axis (1 at the left).
    static func robustnessTable(_ document: RobustnessDocument, _ l: ReportLanguage) -> HTML {
        let units = document.units.sorted { ($0.nominalRank, $0.id) < ($1.nominalRank, $1.id) }
        let count = max(document.unitCount, units.map(\.q95).max() ?? 1, 2)
        let names = Dictionary(
            document.units.map { ($0.id, l == .zh ? $0.name.zh : $0.name.en) },
            uniquingKeysWith: { a, _ in a }
        )
        var html: HTML = ""
        if let shift = document.meanRankShift {
            let volatile = document.mostVolatile.prefix(3).map { names[$0] ?? $0 }.joined(
                separator: l == .zh ? "、" : ", "
            )
            html += "<p>\(l.text(.robustnessShift(shift: SVG.label(shift, 1), volatile: volatile)))</p>"
        }
        let (width, height) = (160.0, 14.0)
        func x(_ rank: Int) -> String { SVG.label(4 + (width - 8) * Double(rank - 1) / Double(count - 1), 1) }
        let rows = units.map { unit -> [PageTable.Item] in
            let drawing: HTML = """
                <svg class="interval" viewBox="0 0 \(SVG.label(width, 0)) \(SVG.label(height, 0))" width="\(SVG.label(width, 0))" height="\(SVG.label(height, 0))" aria-hidden="true">\
                <line x1="4" x2="\(SVG.label(width - 4, 0))" y1="7" y2="7" stroke="#d9dee3"/>\
                <line x1="\(x(unit.q05))" x2="\(x(unit.q95))" y1="7" y2="7" stroke="#41b6c4" stroke-width="6" stroke-linecap="round"/>\
                <circle cx="\(x(unit.nominalRank))" cy="7" r="3.5" fill="#225ea8"/></svg>
                """
            var interval = PageTable.Item("\(unit.q05)–\(unit.q95)", markup: drawing + " \(unit.q05)–\(unit.q95)")
            interval.number = Double(unit.q95 - unit.q05)
            return [
                PageTable.Item(names[unit.id] ?? unit.id),
                PageTable.Item("\(unit.nominalRank)", number: Double(unit.nominalRank)),
                PageTable.Item("\(unit.medianRank)", number: Double(unit.medianRank)),
                interval,
            ]
        }
        var table = PageTable(
            name: "robustness",
            caption: l.text(
                .robustnessCaption(
                    replications: document.replications,
                    period: document.period,
                    varied: document.varied
                )
            ),
            header: [l.text(.region), l.text(.nominalRank), l.text(.medianRank), l.text(.rankInterval)],
            rows: rows
        )
        table.isSortable = true
        if document.illustrative { table.note = l.text(.uploadIllustrative) }
        html += table.html()
        return html
    }
}
