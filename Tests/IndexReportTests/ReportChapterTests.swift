import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexReport
import IndexTestSupport
import Testing

/// The report shaped like the 2024 report: 前言, 一 background, 二 framework and computation, 三 the
/// national index, 四 the regional index with a section per tier, 五 outlook, the appendices; headings
/// that state findings; every number in them the results'.
@Suite("The report's chapters")
struct ReportChapterTests {
    static func regional(_ results: IndexResults) throws -> CrossSectionResult {
        for case .crossSection(let section) in results.evaluations { return section }
        throw IndexError("no cross-section")
    }

    static func national(_ results: IndexResults) throws -> SeriesResult {
        for case .series(let series) in results.evaluations { return series }
        throw IndexError("no series")
    }

    @Test(arguments: [ReportLanguage.zh, .en])
    func chaptersInTheReportsOrder(_ language: ReportLanguage) throws {
        let (results, report) = try ReportTests.builtIn(language)
        let sections = report.entries.filter { $0.kind == .section }.map(\.printed)
        let zh = language == .zh
        #expect(sections.count == 7, "\(sections)")
        guard sections.count == 7 else { return }
        #expect(sections[0] == (zh ? "一、 发展背景" : "1 Background"))
        #expect(sections[1] == (zh ? "二、 评价体系与指数测算" : "2 Framework and computation"))
        // 三 and 四 are findings, with the computed values.
        let series = try Self.national(results)
        let end = try #require(series.series["index"]?.last ?? nil)
        #expect(sections[2].contains(String(Int(end.rounded()))), "\(sections[2])")
        let section = try Self.regional(results)
        let leader = try #require(section.units.first { $0.rank == 1 })
        #expect(sections[3].contains(language.pick(leader.name)), "\(sections[3])")
        #expect(sections[3].contains("\(section.tierNames.count)"))
        #expect(sections[4] == (zh ? "五、 展望" : "5 Outlook"))
        #expect(sections[5].hasPrefix(zh ? "附录一" : "Appendix 1"))
        #expect(sections[6].hasPrefix(zh ? "附录二" : "Appendix 2"))
        // One subsection per tier, with its members' score range.
        let subsections = report.entries.filter { $0.kind == .subsection && $0.id.hasPrefix("sec-4-") }
        #expect(subsections.count == section.tierNames.count)
        for (index, entry) in subsections.enumerated() {
            let scores = section.units.filter { $0.tier == index + 1 }.compactMap(\.score)
            let low = try #require(scores.min())
            let high = try #require(scores.max())
            let range = String(format: "%.1f", low) + (zh ? "—" : "–") + String(format: "%.1f", high)
            #expect(entry.text.contains(range), "\(entry.text) lacks \(range)")
        }
        // The preface comes before the contents, outside the numbering.
        let preface = try #require(report.html.range(of: "id=\"preface\""))
        let contents = try #require(report.html.range(of: "id=\"contents\""))
        #expect(preface.lowerBound < contents.lowerBound)
    }

    /// 一 counts each evaluation's third-level indicators (the national and regional indices have
    /// different ones, and their sum counts neither); 三's English heading names the index once.
    @Test func indicatorCountsAndHeadingsSayWhatIsTrue() throws {
        let (results, zh) = try ReportTests.builtIn(.zh)
        var total = 0
        for evaluation in results.evaluations {
            let count = Set(evaluation.nodes.filter(\.isIndicator).map(\.id)).count
            total += count
            #expect(zh.html.contains("\(evaluation.name.zh)含 \(count) 项"), "\(evaluation.name.zh): \(count)")
        }
        #expect(results.evaluations.count == 2 && !zh.html.contains("\(total) 项三级指标"))
        let (_, en) = try ReportTests.builtIn(.en)
        let national = try #require(en.entries.first { $0.kind == .section && $0.printed.hasPrefix("3 ") })
        #expect(national.printed.hasPrefix("3 The national Industrial Internet"), "\(national.printed)")
        #expect(!en.html.contains("national national") && !en.html.contains("\(total) third-level"))
    }

    /// The 2024 report's contribution rates (METHOD.md §7: foundation 17.3 % of the index's 2023
    /// increase, identifiers 50.5 % of foundation's) are said, as the report says them.
    @Test func contributionRatesAreSaid() throws {
        let (_, zh) = try ReportTests.builtIn(.zh)
        #expect(zh.html.contains("各一级指标对总指数增长的贡献率为：基础能力 17.3%"))
        #expect(zh.html.contains("基础能力的增长中，标识建设贡献最大，贡献率为 50.5%。"))
        let (_, en) = try ReportTests.builtIn(.en)
        #expect(en.html.contains("Foundation 17.3 %"))
        #expect(en.html.contains("Within Foundation, Identifiers contributed most (50.5 %)."))
    }

    /// Every region in one table: rank, score, tier name and pillar scores equal to the results.
    @Test func everyRegionInOneTable() throws {
        let (results, report) = try ReportTests.builtIn(.zh)
        let section = try Self.regional(results)
        let table = try #require(report.html.components(separatedBy: "<table class=\"all-regions\"").dropFirst().first)
        let body = try #require(table.components(separatedBy: "</table>").first)
        let rows = body.components(separatedBy: "<tr>").dropFirst(2)
        #expect(rows.count == section.units.count)
        for unit in section.units {
            let rank = try #require(unit.rank)
            let score = String(format: "%.1f", try #require(unit.score))
            let tier = section.tierNames[try #require(unit.tier) - 1].zh
            let expected =
                "<td class=\"num\">\(rank)</td><th scope=\"row\">\(unit.name.zh)</th><td class=\"num\">\(score)</td><td>\(tier)</td>"
            #expect(rows.contains { $0.hasPrefix(expected) }, "\(expected)")
        }
    }

    /// Each tier member's strong pillars are those of the one rule of strengths (`StrengthsAndGaps`):
    /// a leader's are where it is first outright (江苏), a rank most units share is none (西藏).
    @Test func tierMembersStrengthsFollowTheOneRule() throws {
        let (results, report) = try ReportTests.builtIn(.zh)
        let section = try Self.regional(results)
        var listed = 0
        for unit in section.units {
            let strong = StrengthsAndGaps(unit, in: section).strengths.filter { !$0.node.isIndicator }
            let clause =
                report.html.components(separatedBy: "；\(unit.name.zh)——").dropFirst().first
                ?? report.html.components(separatedBy: "：\(unit.name.zh)——").dropFirst().first
            guard !strong.isEmpty else {
                #expect(clause == nil, "\(unit.name.zh) has no strong pillar but is listed")
                continue
            }
            let text = try #require(clause, "\(unit.name.zh) is not listed").prefix { $0 != "；" && $0 != "。" }
            #expect(text == strong.map { "\($0.node.name.zh)（第 \($0.rank) 名）" }.joined(separator: "、"))
            listed += 1
        }
        #expect(listed > 0)
        let jiangsu = try #require(section.units.first { $0.name.zh == "江苏" })
        let firsts = section.nodes.filter { $0.depth == 1 && jiangsu.nodes[$0.id]?.rank == 1 }
        #expect(!firsts.isEmpty)
        for pillar in firsts { #expect(report.html.contains("\(pillar.name.zh)（第 1 名）")) }
        #expect(!report.html.contains("西藏——"))
    }

    /// The analyst's texts replace the defaults, escaped, a blank line starting a paragraph.
    @Test func analystTextsReplaceTheDefaults() throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let texts = ReportTexts(preface: "序言 <b>一</b>", background: "第一段\r\n\r\n第二段 & 更多", outlook: "展望文字")
        let report = ReportBuilder.build(
            results: results,
            units: dataset.units,
            language: .zh,
            details: ReportDetails(texts: texts)
        )
        #expect(report.html.contains("<p>序言 &lt;b&gt;一&lt;/b&gt;</p>"))
        #expect(report.html.contains("<p>第一段</p><p>第二段 &amp; 更多</p>"))
        #expect(report.html.contains("<p>展望文字</p>"))
        #expect(!report.html.contains("本报告依据") && !report.html.contains("增长最慢，是下一阶段"))
        let (_, defaults) = try ReportTests.builtIn(.zh)
        #expect(defaults.html.contains("本报告依据") && defaults.html.contains("增长最慢，是下一阶段"))
    }

    /// The Chinese report has no English phrase outside proper names and symbols, the English report
    /// no Chinese outside the names of Chinese publications; bilingual source names are split.
    @Test func eachReportInItsOwnLanguage() throws {
        func text(_ html: String) -> String {
            var body = html.replacingOccurrences(
                of: "<style>[\\s\\S]*?</style>",
                with: " ",
                options: .regularExpression
            )
            body = body.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            return body.replacingOccurrences(of: "&amp;", with: "&")
        }
        let (_, zh) = try ReportTests.builtIn(.zh)
        let phrases = text(zh.html).matches(of: /[A-Za-z][A-Za-z&]+(?:[ ,]+[A-Za-z][A-Za-z&]+)+/).map {
            String($0.output)
        }
        // Table headings of the AHP appendix (λmax, CI, CR) are symbols, not a phrase.
        #expect(Set(phrases).subtracting(["max  CI  CR"]).isEmpty, "\(Set(phrases))")
        let (_, en) = try ReportTests.builtIn(.en)
        let chinese = Set(text(en.html).matches(of: /[\u{4E00}-\u{9FFF}]+/).map { String($0.output) })
        // The only Chinese is the title of the 2024 report, a source named in Chinese only.
        #expect(chinese.subtracting(["中国工业互联网发展成效评估报告", "年"]).isEmpty, "\(chinese)")
        #expect(ReportLanguage.zh.sourceName("中国科技统计年鉴 China Statistical Yearbook") == "中国科技统计年鉴")
        #expect(ReportLanguage.en.sourceName("中国科技统计年鉴 China Statistical Yearbook") == "China Statistical Yearbook")
        #expect(ReportLanguage.zh.sourceName("公报 2020–2023 (MIIT bulletins)") == "公报 2020–2023")
        #expect(ReportLanguage.en.sourceName("公报 2020–2023 (MIIT bulletins)") == "MIIT bulletins")
        #expect(ReportLanguage.en.sourceName("CAICT 报告(2024年)") == "CAICT 报告(2024年)")
        #expect(ReportLanguage.zh.sourceName("World Bank") == "World Bank")
    }
}
