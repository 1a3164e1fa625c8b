import Foundation
import IndexCore
import IndexReport
import IndexStore
import IndexWorkflows

extension Pages {
    /// The upload page: the template to fill in, the form, and the place where what became of the
    /// file is shown (``uploadOutcome(_:snapshot:_:)``, sent by the server as markup in the page's language).
    static func upload(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        let period = snapshot.dataset.periods.last ?? ""
        let body: HTML = """
            <p>\(l.text(.uploadIntroduction))</p>
            <p>\(l.text(.templateDownload(period: period)))<a href="\(link("/data/template.xlsx", l))" download>XLSX</a> · \
            <a href="\(link("/data/template.csv", l))" download>CSV</a></p>
            <form id="upload" data-lang="\(l.rawValue)" data-working="\(l.text(.uploadWorking))">
            <p><label>\(l.text(.datasetName)) <input name="name" value="provinces" required></label></p>
            \(tokenField(l, path: "/upload"))
            <p><label>\(l.text(.file)) <input name="file" type="file" accept=".csv,.xlsx,.json" required></label></p>
            <p><button id="check">\(l.text(.validate))</button>
            <button id="send" disabled>\(l.text(.importAndRun))</button></p>
            </form><div id="result" role="status" aria-live="polite"></div>
            <p><small>API: <code>curl -H "Authorization: Bearer TOKEN" --data-binary @data.csv "/api/v1/datasets?name=NAME&amp;file=data.csv"</code></small></p>
            <script>
            \(Asset.uploadJS.markup)</script>
            """
        return layout(
            title: l.text(.uploadData),
            language: l,
            path: "/upload",
            snapshot: nil,
            illustrative: false,
            body: body
        )
    }

    /// What became of an upload, as markup for the upload page: the review (what would be imported,
    /// with every conversion and gap as a table), or the import with its run.
    static func uploadOutcome(
        _ outcome: APIRoutes.Upload.Outcome,
        snapshot: DashboardSnapshot,
        _ l: ReportLanguage
    ) -> HTML {
        switch outcome {
        case .reviewed(let review):
            let document = review.document
            var html: HTML
            if document.importable {
                let periods = [document.periods.first, document.periods.last].compactMap { $0 }
                let span = Set(periods).count == 2 ? "\(periods[0])–\(periods[1])" : periods.first ?? "—"
                html =
                    "<p class=\"ok\" data-valid>\(l.text(.uploadReviewed(units: document.units, values: document.values, periods: span)))</p>"
            } else {
                html = "<p class=\"bad\">\(l.text(.uploadIncomplete(count: review.warnings.count)))</p>"
                html += problemTable(review.warnings, caption: l.text(.uploadNotCovered), snapshot: snapshot, l)
            }
            if document.illustrative { html += "<p>\(l.text(.uploadIllustrative))</p>" }
            if !review.notices.isEmpty {
                html += problemTable(
                    review.notices,
                    caption: "\(l.text(.uploadConversions)) (\(review.notices.count))",
                    snapshot: snapshot,
                    l
                )
            }
            return html
        case .imported(let imported):
            return """
                <p class="ok">\(l.text(.uploadImported(dataset: imported.dataset.reference, run: imported.run.id)))</p>
                <p>\(l.text(.uploadDraftNote)) <a href="\(link("/runs", l))">\(l.text(.runs))</a></p>
                """
        }
    }

    /// An upload refused: nothing stored, and every problem where it is.
    static func uploadRefused(_ problems: [IndexError], snapshot: DashboardSnapshot, _ l: ReportLanguage) -> HTML {
        "<p class=\"bad\">\(l.text(.uploadNothingStored))</p>"
            + problemTable(problems, caption: l.text(.problem), snapshot: snapshot, l)
    }

    /// Problems or notices as a table: where (file, sheet, cell or row), the message, then the
    /// indicator and unit by name when the framework and data know them (the message second, so a
    /// phone shows it without scrolling sideways).
    static func problemTable(
        _ problems: [IndexError],
        caption: String,
        snapshot: DashboardSnapshot,
        _ l: ReportLanguage
    ) -> HTML {
        let indicators = Dictionary(
            snapshot.framework.indicators.map { ($0.id, l.pick($0.name)) },
            uniquingKeysWith: { a, _ in a }
        )
        let units = Dictionary(snapshot.dataset.units.map { ($0.id, l.pick($0.name)) }, uniquingKeysWith: { a, _ in a })
        func named(_ id: String?, _ names: [String: String]) -> String {
            guard let id else { return "" }
            return names[id].map { $0 == id ? id : "\($0) (\(id))" } ?? id
        }
        let rows = problems.map { problem -> [PageTable.Item] in
            var place = [problem.file, problem.sheet].compactMap { $0 }
            if let line = problem.line {
                place.append(
                    problem.column.map { IndexError.columnLetters($0) + "\(line)" } ?? l.text(.rowNumber(line))
                )
            }
            return [
                PageTable.Item(place.joined(separator: " · ")),
                PageTable.Item(ErrorDocument.scrubbed(problem.message)),
                PageTable.Item(named(problem.indicator, indicators)),
                PageTable.Item(named(problem.unit, units)),
            ]
        }
        var table = PageTable(
            name: "problems",
            caption: caption,
            header: [l.text(.place), l.text(.problem), l.text(.indicator), l.text(.region)],
            rows: rows
        )
        table.hasRowHeaders = false
        return table.html()
    }
}
