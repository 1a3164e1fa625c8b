import Foundation
import IndexCatalog
import IndexCore
import IndexReport
import IndexTestSupport
import Testing

@Suite("HTML built through one escaping type")
struct HTMLTests {
    @Test func interpolationEscapesTextAndKeepsMarkup() {
        let id = TestSupport.hostileID
        let cell: HTML = "<td data-code=\"\(id)\">\(TestSupport.hostileName)</td>"
        #expect(cell.rendered == "<td data-code=\"CHE&quot;&gt;&lt;svg onload=alert(1)&gt;\">&lt;img src=x onerror=alert(2)&gt;</td>")
        let row: HTML = "<tr>\(cell)\([cell, cell])</tr>"
        #expect(row.rendered.hasPrefix("<tr><td data-code=\"CHE&quot;"))
        #expect(row.rendered.components(separatedBy: "<td").count == 4)
        #expect(("<p>\(42)·\(Substring("a&b"))·\(2.5)</p>" as HTML).rendered == "<p>42·a&amp;b·2.5</p>")
        #expect(HTML(text: "'x'").rendered == "&#39;x&#39;")
        #expect(["<a/>" as HTML, "<b/>"].joined(separator: ", ").rendered == "<a/>, <b/>")
    }

    @Test func hostileIdsAndNamesNeverReachTheReportAsMarkup() throws {
        let (framework, dataset) = TestSupport.withHostileNames(
            framework: try Catalog.framework(), dataset: try Catalog.dataset(for: try Catalog.framework()), replacing: "110000")
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let directory = try TestSupport.temporaryDirectory()
        var paths: [String] = []
        for language in ReportLanguage.allCases {
            let report = ReportBuilder.build(results: results, units: dataset.units, language: language)
            let documents = [("report-\(language).html", report.html)] + report.figures.map { ("\(language)-\($0.name)", $0.svg) }
            for (name, text) in documents {
                #expect(!text.contains(TestSupport.hostileID), "\(name)")
                #expect(!text.contains("<svg onload") && !text.contains("<img"), "\(name)")
                paths.append(try TestSupport.write(text, named: name, in: directory))
            }
            // The names are there, as text.
            #expect(report.html.contains("&lt;img src=x onerror=alert(2)&gt;"))
            #expect(report.html.contains("CHE&quot;&gt;&lt;svg onload=alert(1)&gt;") || !report.html.contains("CHE&quot;"))
        }
        // An HTML parser sees no injected element or handler in any page or figure.
        let found = try TestSupport.python(TestSupport.markupAudit, paths)
        #expect(found.isEmpty, "\(found)")
    }
}
