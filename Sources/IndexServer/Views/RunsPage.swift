import Foundation
import IndexCore
import IndexReport
import IndexStore
import IndexWorkflows

extension Pages {
    /// The stored runs (`/runs`), each linked to its JSON and to its diff with the run before.
    static func runs(_ records: [RunRecord], _ l: ReportLanguage) -> String {
        var body: HTML =
            "<div class=\"scroll\"><table><caption>\(l.text(.runs))</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">\(l.text(.created))</th><th scope=\"col\">\(l.text(.dataset))</th><th scope=\"col\">\(l.text(.options))</th><th scope=\"col\">sha256</th></tr></thead><tbody>"
        for row in RunsViewModel(records).rows {
            let r = row.record
            let previous: HTML =
                row.previous.map { " · <a href=\"/api/v1/runs/\($0)/diff/\(r.id)\">diff #\($0)</a>" } ?? HTML()
            body +=
                "<tr><th scope=\"row\"><a href=\"/api/v1/runs/\(r.id)\">\(r.id)</a>\(previous)</th><td>\(r.createdAt)</td><td>\(r.dataset.reference)</td><td>\(r.options.summary)</td><td><code>\(String(r.resultsHash.prefix(12)))</code></td></tr>"
        }
        body += "</tbody></table></div>"
        if records.isEmpty {
            body += "<p>\(l.text(.noRuns))</p>"
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
}
