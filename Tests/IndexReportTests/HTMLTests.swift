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
        #expect(
            cell.rendered
                == "<td data-code=\"CHE&quot;&gt;&lt;svg onload=alert(1)&gt;\">&lt;img src=x onerror=alert(2)&gt;</td>"
        )
        let row: HTML = "<tr>\(cell)\([cell, cell])</tr>"
        #expect(row.rendered.hasPrefix("<tr><td data-code=\"CHE&quot;"))
        #expect(row.rendered.components(separatedBy: "<td").count == 4)
        #expect(("<p>\(42)·\(Substring("a&b"))·\(2.5)</p>" as HTML).rendered == "<p>42·a&amp;b·2.5</p>")
        #expect(HTML(text: "'x'").rendered == "&#39;x&#39;")
        #expect(["<a/>" as HTML, "<b/>"].joined(separator: ", ").rendered == "<a/>, <b/>")
    }

    @Test func numbersPrintWithSeparatorsAndNeverTrap() {
        #expect(SVG.label(12_345.67) == "12,345.7")
        #expect(SVG.label(-1_234_567, 0) == "−1,234,567")
        #expect(SVG.label(999.95) == "1,000.0")
        #expect(SVG.label(.nan) == "—" && SVG.label(.infinity) == "—")
        #expect(SVG.label(1e300, 0) == "1e+300" && SVG.number(.infinity) == "0" && SVG.number(1e300) == "1e+300")
        // A chart of absurd values still renders.
        let svg = Charts.barsWithGrowth(
            title: "x",
            periods: ["a", "b"],
            values: [1e300, 1e-300],
            growth: [nil, 1e300],
            barLabel: "",
            lineLabel: ""
        )
        #expect(svg.rendered.hasPrefix("<svg"))
        let lines = Charts.lines(
            title: "x",
            periods: ["a", "b"],
            series: [("s", [.infinity, -.infinity])],
            yLabel: ""
        )
        #expect(lines.rendered.hasPrefix("<svg"))
    }

    @Test func tiedScoresShareTheirRankAndEmphasis() {
        #expect(Charts.sharedRanks([91.4, 88.9, 88.9, 83.5]) == [1, 2, 2, 4])
        let svg = Charts.ranking(
            title: "Ties",
            entries: [("A", 90), ("B", 80), ("C", 70), ("D", 70), ("E", 60)],
            unit: ""
        ).rendered
        // C and D are both third: same rank label, same dark fill.
        #expect(svg.contains(">3. C<") && svg.contains(">3. D<") && svg.contains(">5. E<"))
        let fills = svg.components(separatedBy: "<rect ").dropFirst().map {
            $0.components(separatedBy: "fill=\"").dropFirst().first?.prefix(7) ?? ""
        }
        #expect(fills.count == 5 && fills[2] == fills[3] && fills[2] == fills[0] && fills[4] != fills[0])
    }

    @Test func hostileIdsAndNamesNeverReachTheReportAsMarkup() throws {
        let (framework, dataset) = TestSupport.withHostileNames(
            framework: try Catalog.framework(),
            dataset: try Catalog.dataset(for: try Catalog.framework()),
            replacing: "110000"
        )
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let directory = try TestSupport.temporaryDirectory()
        var paths: [String] = []
        for language in ReportLanguage.allCases {
            let report = ReportBuilder.build(results: results, units: dataset.units, language: language)
            let documents =
                [("report-\(language).html", report.html)] + report.figures.map { ("\(language)-\($0.name)", $0.svg) }
            for (name, text) in documents {
                #expect(!text.contains(TestSupport.hostileID), "\(name)")
                #expect(!text.contains("<svg onload") && !text.contains("<img"), "\(name)")
                paths.append(try TestSupport.write(text, named: name, in: directory))
            }
            // The names are there, as text.
            #expect(report.html.contains("&lt;img src=x onerror=alert(2)&gt;"))
            #expect(
                report.html.contains("CHE&quot;&gt;&lt;svg onload=alert(1)&gt;") || !report.html.contains("CHE&quot;")
            )
        }
        // An HTML parser sees no injected element or handler in any page or figure.
        let found = try TestSupport.python(TestSupport.markupAudit, paths)
        #expect(found.isEmpty, "\(found)")
    }
}
