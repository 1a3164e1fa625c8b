import Foundation
import IndexCore
import IndexReport
import IndexStore
import IndexWorkflows

extension Pages {
    /// The analyst's and reviewer's workbench (`/runs`): the stored runs, each linked to its JSON, its
    /// diff with the run before and with the published run, its exports and its robustness, with where
    /// it stands in review; a form to run a stored dataset version with chosen options; a form to
    /// compare any two runs; and a reviewer's form to publish one or take a publication back.
    static func runs(
        _ records: [RunRecord],
        publications: [Publication],
        requests: [ReviewRequest] = [],
        datasets: [DatasetVersion],
        _ l: ReportLanguage
    ) -> String {
        var body: HTML =
            "<div class=\"scroll\"><table><caption>\(l.text(.runs))</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">\(l.text(.runState))</th><th scope=\"col\">\(l.text(.created))</th><th scope=\"col\">\(l.text(.dataset))</th><th scope=\"col\">\(l.text(.options))</th><th scope=\"col\">\(l.text(.exportRun))</th><th scope=\"col\">sha256</th></tr></thead><tbody>"
        let model = RunsViewModel(records, publications: publications, requests: requests)
        for row in model.rows {
            let r = row.record
            var previous: HTML =
                row.previous.map { " · <a href=\"\(link("/runs/\($0)/diff/\(r.id)", l))\">diff #\($0)</a>" } ?? HTML()
            if let published = row.published, published != row.previous {
                previous +=
                    " · <a href=\"\(link("/runs/\(published)/diff/\(r.id)", l))\">\(l.text(.compareWithPublished(published)))</a>"
            }
            let exports: HTML =
                "<a href=\"/api/v1/runs/\(r.id)/export?format=xlsx\" download>XLSX</a> · <a href=\"/api/v1/runs/\(r.id)/export?format=json\" download>JSON</a> · <a href=\"\(link("/runs/\(r.id)/robustness", l))\">\(l.text(.robustness))</a>"
            body +=
                "<tr id=\"run-\(r.id)\"><th scope=\"row\"><a href=\"/api/v1/runs/\(r.id)\">\(r.id)</a>\(previous)</th><td>\(state(row.state, l))</td><td>\(r.createdAt)</td><td>\(r.dataset.reference)</td><td>\(r.options.summary)</td><td>\(exports)</td><td><code>\(String(r.resultsHash.prefix(12)))</code></td></tr>"
        }
        body += "</tbody></table></div>"
        body += newRunForm(datasets, l)
        if records.isEmpty {
            body += "<p>\(l.text(.noRuns))</p>"
        } else {
            body += compareRunsForm(model.rows.map(\.record), l)
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
                <p><label>\(l.text(.reviewNote)) <input name="note" maxlength="\(ReviewRequest.noteLimit)" autocomplete="off"></label>
                <button id="request-review" type="button">\(l.text(.requestReview))</button></p>
                <p><button id="publish" type="button">\(l.text(.publishRun))</button>
                <button id="withdraw" type="button" class="danger">\(l.text(.withdrawPublication))</button></p>
                </form><p id="review-result" role="status"></p>
                """
        }
        if !records.isEmpty || !datasets.isEmpty {
            body += "<script>\(Asset.reviewJS.markup)</script>"
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

    /// A form to run a stored dataset version with options: the main choices in view, every other
    /// option under "more", each with the values ``IndexCore/RunOptions/Key/examples`` suggests. The
    /// script (review.js) sends `POST /api/v1/runs`, so the one reader of options checks them.
    static func newRunForm(_ datasets: [DatasetVersion], _ l: ReportLanguage) -> HTML {
        guard !datasets.isEmpty else { return HTML() }
        var versions = HTML()
        for version in datasets.sorted(by: { ($0.name, -$0.version) < ($1.name, -$1.version) }) {
            versions +=
                "<option value=\"\(version.reference)\">\(version.reference) · \(minute(version.createdAt))</option>"
        }
        let main: [RunOptions.Key] = [
            .normalise, .aggregate, .weights, .impute, .outliers, .minCoverage, .tiers, .period,
        ]
        func field(_ key: RunOptions.Key) -> HTML {
            var suggestions = HTML()
            for example in key.examples { suggestions += "<option value=\"\(example)\">" }
            return """
                <p><label>\(l.text(.optionName(key))) <code>\(key.rawValue)</code> \
                <input name="\(key.rawValue)" data-option list="examples-\(key.rawValue)" autocomplete="off"></label>\
                <datalist id="examples-\(key.rawValue)">\(suggestions)</datalist></p>
                """
        }
        var fields = HTML()
        for key in main { fields += field(key) }
        var more = HTML()
        for key in RunOptions.Key.allCases where !main.contains(key) { more += field(key) }
        return """
            <h2>\(l.text(.newRunHeading))</h2>
            <p>\(l.text(.newRunIntroduction))</p>
            <form id="new-run" class="options" data-working="\(l.text(.uploadWorking))" data-lang="\(l.rawValue)">
            \(tokenField(l, path: "/runs"))
            <p><label>\(l.text(.datasetVersion)) <select name="dataset">\(versions)</select></label></p>
            \(fields)<details><summary>\(l.text(.moreOptions))</summary>\(more)</details>
            <p><button id="start-run">\(l.text(.startRun))</button></p>
            </form><p id="new-run-result" role="status" aria-live="polite"></p>
            """
    }

    /// A form that opens the diff of any two runs (`/runs/compare?from=&to=`, answered by a redirect).
    static func compareRunsForm(_ records: [RunRecord], _ l: ReportLanguage) -> HTML {
        guard records.count >= 2 else { return HTML() }
        func options(selected: Int64) -> HTML {
            var html = HTML()
            for record in records {
                let mark: HTML = record.id == selected ? " selected" : HTML()
                html += "<option value=\"\(record.id)\"\(mark)>#\(record.id) · \(record.dataset.reference)</option>"
            }
            return html
        }
        let newest = records.map(\.id).max() ?? 0
        let before = records.map(\.id).filter { $0 < newest }.max() ?? newest
        return """
            <h2 id="compare">\(l.text(.compareRunsHeading))</h2>
            <form method="get" action="/runs/compare"><input type="hidden" name="lang" value="\(l.rawValue)">
            <p><label>\(l.text(.fromRun)) <select name="from">\(options(selected: before))</select></label>
            <label>\(l.text(.toRun)) <select name="to">\(options(selected: newest))</select></label>
            <button>\(l.text(.compareRunsButton))</button></p></form>
            """
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
        case .awaitingReview(let by, let at, let note):
            "<em>\(l.text(.runAwaitingReview(by: by, at: Pages.minute(at))))</em>"
                + (note.isEmpty ? HTML() : "<br><small>\(note)</small>")
        case .draft: "\(l.text(.runDraft))"
        }
    }
}
