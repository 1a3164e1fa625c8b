import Foundation
import IndexCatalog
import IndexCore
import IndexReport
import IndexTestSupport
import Testing

/// The statistical audit's annex in the report: its table, heatmap and flags carry the audit's numbers.
@Suite("The report's audit annex")
struct AuditAnnexTests {
    static func built(_ language: ReportLanguage) throws -> (Audit, Report, CrossSectionResult) {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        var section: CrossSectionResult?
        for case .crossSection(let found) in results.evaluations where section == nil { section = found }
        let audited = try #require(section)
        let audit = Audit(audited).withRawStatistics(dataset)
        let report = ReportBuilder.build(results: results, units: dataset.units, language: language, audits: [audit])
        return (audit, report, audited)
    }

    @Test(arguments: [ReportLanguage.zh, .en])
    func annexCarriesTheAudit(_ language: ReportLanguage) throws {
        let (audit, report, section) = try Self.built(language)
        let html = report.html
        let heading = language == .zh ? "统计审计" : "statistical audit"
        #expect(html.contains("id=\"sec-audit-\(ReportBuilder.fileSlug(audit.evaluation))\""))
        #expect(report.entries.contains { $0.text.contains(heading) })
        // One statistics row per node, with the mean as computed: an indicator's of its raw values.
        #expect(audit.rawStatistics.count == section.nodes.filter(\.isIndicator).count)
        for (id, normalised) in zip(audit.nodes, audit.statistics) {
            let statistics = audit.rawStatistics[id] ?? normalised
            let row = try #require(html.range(of: "<tr data-node=\"\(id)\">"), "\(id)")
            let tail = html[row.upperBound...].prefix { $0 != "\n" }
            let cells = tail.components(separatedBy: "</tr>")[0]
            #expect(cells.contains("<td class=\"num\">\(SVG.label(statistics.mean ?? .nan, 2))</td>"), "\(id)")
        }
        // The heatmap: per indicator, its r with its parent, with each first-level aggregate and
        // with the index, as the matrix has them.
        let svg = try #require(report.figure("audit-heatmap:\(audit.evaluation)"))
        let indicators = audit.nodes.filter { id in section.nodes.contains { $0.id == id && $0.isIndicator } }
        let root = try #require(section.nodes.first { $0.parent == nil }?.id)
        let top = section.nodes.filter { !$0.isIndicator && $0.depth == 1 }.map(\.id)
        let values = Self.dataValues(svg)
        #expect(values.count == indicators.count * (top.count + 2))
        for (k, value) in values.enumerated() {
            let id = indicators[k / (top.count + 2)]
            let parent = try #require(section.nodes.first { $0.id == id }?.parent)
            let column = ([parent] + top + [root])[k % (top.count + 2)]
            let i = try #require(audit.nodes.firstIndex(of: id))
            let j = try #require(audit.nodes.firstIndex(of: column))
            #expect(value == audit.correlations.pearson[i][j], "\(id) \(column)")
        }
        // Readable: no text under 11 px; a legend of the colour scale from −1 to 1.
        let sizes = Self.matches(svg, #"font-size="([0-9.]+)""#).compactMap(Double.init)
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 11 })
        #expect(svg.contains(">−1.0<") && svg.contains(">1.0<"))
        #expect(svg.contains(language == .zh ? "相关系数 r" : "Correlation r"))
        // The flags, one sentence each, in the report's language.
        #expect(Self.matches(html, #"<li data-kind="([a-zA-Z]+)""#) == audit.flags.map(\.kind.rawValue))
        if let collinear = audit.flags.first(where: { $0.kind == .collinear }) {
            #expect(html.contains(language == .zh ? "高度共线" : "are collinear"), "\(collinear)")
        }
        // Each group's Cronbach's α as computed.
        for group in audit.groups where group.children.count >= 2 {
            let row = try #require(html.range(of: "<tr data-group=\"\(group.id)\">"))
            let cells = html[row.upperBound...].components(separatedBy: "</tr>")[0]
            #expect(cells.contains(">\(group.cronbachAlpha.map { SVG.label($0, 2) } ?? "—")<"), "\(group.id)")
        }
    }

    @Test func noAuditNoAnnex() throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let report = ReportBuilder.build(results: results, units: dataset.units, language: .zh)
        #expect(!report.html.contains("sec-audit-"))
        #expect(!report.figureKeys.keys.contains { $0.hasPrefix("audit-heatmap") })
    }

    /// Hostile ids and names (markup in a node's or unit's name) reach the annex's table, heatmap
    /// and flags only as text.
    @Test func hostileNamesStayText() throws {
        let (framework, dataset) = TestSupport.withHostileNames(
            framework: try Catalog.framework(),
            dataset: try Catalog.dataset(for: try Catalog.framework()),
            replacing: "110000"
        )
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        var audits: [Audit] = []
        for case .crossSection(let section) in results.evaluations { audits.append(Audit(section)) }
        let directory = try TestSupport.temporaryDirectory()
        var paths: [String] = []
        for language in ReportLanguage.allCases {
            let report = ReportBuilder.build(results: results, units: dataset.units, language: language, audits: audits)
            #expect(report.html.contains("sec-audit-"))
            let documents =
                [("annex-\(language).html", report.html)]
                + report.figures.filter { $0.name.contains("audit") }.map { ("\(language)-\($0.name)", $0.svg) }
            #expect(documents.count == 1 + audits.count)
            for (name, text) in documents {
                #expect(!text.contains(TestSupport.hostileID), "\(name)")
                #expect(!text.contains("<svg onload") && !text.contains("<img"), "\(name)")
                paths.append(try TestSupport.write(text, named: name, in: directory))
            }
        }
        let found = try TestSupport.python(TestSupport.markupAudit, paths)
        #expect(found.isEmpty, "\(found)")
    }

    static func dataValues(_ svg: String) -> [Double] {
        matches(svg, #"<rect [^>]*data-value="(-?[0-9.e+-]+)""#).compactMap(Double.init)
    }

    static func matches(_ text: String, _ pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
