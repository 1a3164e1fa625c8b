import Foundation
import IndexCore
import IndexReport
import IndexStore
import IndexWorkflows

extension Pages {
    /// The stored runs (`/runs`), each linked to its JSON and to its diff with the run before, with
    /// where it stands in review, and a reviewer's form to publish one or take a publication back.
    static func runs(_ records: [RunRecord], publications: [Publication], _ l: ReportLanguage) -> String {
        var body: HTML =
            "<div class=\"scroll\"><table><caption>\(l.text(.runs))</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">\(l.text(.runState))</th><th scope=\"col\">\(l.text(.created))</th><th scope=\"col\">\(l.text(.dataset))</th><th scope=\"col\">\(l.text(.options))</th><th scope=\"col\">sha256</th></tr></thead><tbody>"
        let model = RunsViewModel(records, publications: publications)
        for row in model.rows {
            let r = row.record
            var previous: HTML =
                row.previous.map { " · <a href=\"\(link("/runs/\($0)/diff/\(r.id)", l))\">diff #\($0)</a>" } ?? HTML()
            if let published = row.published, published != row.previous {
                previous +=
                    " · <a href=\"\(link("/runs/\(published)/diff/\(r.id)", l))\">\(l.text(.compareWithPublished(published)))</a>"
            }
            body +=
                "<tr><th scope=\"row\"><a href=\"/api/v1/runs/\(r.id)\">\(r.id)</a>\(previous)</th><td>\(state(row.state, l))</td><td>\(r.createdAt)</td><td>\(r.dataset.reference)</td><td>\(r.options.summary)</td><td><code>\(String(r.resultsHash.prefix(12)))</code></td></tr>"
        }
        body += "</tbody></table></div>"
        if records.isEmpty {
            body += "<p>\(l.text(.noRuns))</p>"
        } else {
            var options = HTML()
            for row in model.rows {
                options +=
                    "<option value=\"\(row.record.id)\">#\(row.record.id) · \(row.record.dataset.reference)</option>"
            }
            body += """
                <h2>\(l.text(.reviewHeading))</h2>
                <p>\(l.text(.reviewIntroduction))</p>
                <form id="review">
                \(tokenField(l, path: "/runs"))
                <p><label>\(l.text(.runLabel)) <select name="run">\(options)</select></label></p>
                <p><button id="publish" type="button">\(l.text(.publishRun))</button>
                <button id="withdraw" type="button">\(l.text(.withdrawPublication))</button></p>
                </form><p id="review-result" role="status"></p>
                <script>
                \(Asset.reviewJS.markup)</script>
                """
        }
        return layout(
            title: l.text(.runs),
            language: l,
            path: "/runs",
            snapshot: nil,
            illustrative: false,
            body: body
        )
    }

    /// A stored time (`2026-12-05T02:22:24Z`) as a reader reads it: `2026-12-05 02:22 UTC`.
    static func minute(_ stored: String) -> String {
        guard stored.count == 20, stored.hasSuffix("Z") else { return stored }
        return stored.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    static func state(_ state: RunsViewModel.State, _ l: ReportLanguage) -> HTML {
        switch state {
        case .shown(let by, let at): "<strong>\(l.text(.runShown(by: by, at: Pages.minute(at))))</strong>"
        case .publishedEarlier: "\(l.text(.runPublishedEarlier))"
        case .draft: "\(l.text(.runDraft))"
        }
    }
}
