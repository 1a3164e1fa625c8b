import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    static func upload(_ l: ReportLanguage) -> String {
        let body: HTML = """
            <p>\(l.text(.uploadIntroduction))</p>
            <form id="upload">
            <p><label>\(l.text(.datasetName)) <input name="name" value="provinces" required></label></p>
            \(tokenField(l, path: "/upload"))
            <p><label>\(l.text(.file)) <input name="file" type="file" accept=".csv,.xlsx,.json" required></label></p>
            <p><button id="check">\(l.text(.validate))</button>
            <button id="send" disabled>\(l.text(.importAndRun))</button></p>
            </form><pre id="result" aria-live="polite"></pre>
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
}
