import Foundation
import IndexCatalog
import IndexCore
import IndexReport
import IndexTestSupport
import Testing

/// The report as printed by `iidei report --pdf` (headless Chromium), read back with poppler's
/// `pdftotext -bbox`: every word with its box on its page.
@Suite("The printed report", .serialized)
struct PrintedReportTests {
    /// Prints the built-in report and returns a summary of its PDF as JSON (see the script).
    static func printed(_ language: ReportLanguage) throws -> [String: Any] {
        let directory = try TestSupport.temporaryDirectory()
        let out = directory.appendingPathComponent("report").path
        _ = try TestSupport.run(TestSupport.executable, ["report", "--pdf", "--lang", language.rawValue, "--out", out])
        let pdf = out + "/report.pdf"
        let xhtml = directory.appendingPathComponent("words.html").path
        _ = try TestSupport.run("pdftotext", ["-bbox", "-enc", "UTF-8", pdf, xhtml])
        let summary = try TestSupport.python(Self.script, [xhtml])
        return try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
    }

    /// Reads the word boxes: per page its words (in reading order), and every pair of words whose
    /// cores overlap. A word's box is its font's full height, taller than the line for CJK fonts, so
    /// the core is the middle half of the box's height and 90 % of its width: words on neighbouring
    /// lines never touch, words printed over each other always do.
    static let script = """
        import json, re, sys, html
        text = open(sys.argv[1], encoding='utf-8').read()
        pages = []
        for page in re.finditer(r'<page width="([\\d.]+)" height="([\\d.]+)">(.*?)</page>', text, re.S):
            width, height = float(page.group(1)), float(page.group(2))
            words = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
                     re.findall(r'<word xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="([\\d.]+)" yMax="([\\d.]+)">(.*?)</word>', page.group(3))]
            overlaps = []
            for i in range(len(words)):
                for j in range(i + 1, len(words)):
                    a, b = words[i], words[j]
                    def core(box):
                        dx = (box[2] - box[0]) * 0.05; dy = (box[3] - box[1]) * 0.25
                        return (box[0] + dx, box[1] + dy, box[2] - dx, box[3] - dy)
                    ca, cb = core(a), core(b)
                    if min(ca[2], cb[2]) > max(ca[0], cb[0]) and min(ca[3], cb[3]) > max(ca[1], cb[1]):
                        overlaps.append(a[4] + ' / ' + b[4])
            bottom = [w[4] for w in words if w[1] > height - 20 * 72 / 25.4]
            pages.append({'text': ' '.join(w[4] for w in words), 'bottom': bottom, 'overlaps': overlaps})
        print(json.dumps({'pages': pages}))
        """

    @Test(arguments: [ReportLanguage.zh, .en])
    func frontMatterPageNumbersCaptionsAndNoOverprint(_ language: ReportLanguage) throws {
        let summary = try Self.printed(language)
        let pages = try #require(summary["pages"] as? [[String: Any]])
        #expect(pages.count >= 20, "\(pages.count) pages")
        let texts = pages.map { ($0["text"] as? String ?? "") }
        let squeezed = texts.map { $0.filter { !$0.isWhitespace } }
        let contents = language == .zh ? "目录" : "Contents"
        let figures = language == .zh ? "图目录" : "Listoffigures"
        let tables = language == .zh ? "表目录" : "Listoftables"
        #expect(squeezed.prefix(6).contains { $0.hasPrefix(contents) || $0.contains(contents) }, "no \(contents)")
        #expect(squeezed.prefix(8).contains { $0.contains(figures) }, "no \(figures)")
        #expect(squeezed.prefix(8).contains { $0.contains(tables) }, "no \(tables)")
        // Every page but the cover carries its number in the bottom margin, and the illustrative note.
        for (index, page) in pages.enumerated().dropFirst() {
            let bottom = page["bottom"] as? [String] ?? []
            #expect(bottom.contains(String(index + 1)), "page \(index + 1): bottom margin holds \(bottom)")
            let note = language == .zh ? "数据仅为示意" : "Illustrativedata"
            #expect(squeezed[index].contains(note), "page \(index + 1) lacks the illustrative note")
        }
        // Captions with their years, numbered like the report's, and the appendix numbered apart.
        let caption = language == .zh ? "图32020—2023年" : "Figure3"
        #expect(squeezed.contains { $0.contains(caption) }, "no caption \(caption)")
        #expect(squeezed.contains { $0.contains(language == .zh ? "附图1" : "FigureA1") })
        #expect(!squeezed.contains { $0.contains(language == .zh ? "图45" : "Figure45") })
        #expect(squeezed.contains { $0.contains(language == .zh ? "来源：IIDEI根据" : "Source:computedbyIIDEIfrom") })
        // The contents' page numbers are where the entries are: 图 3 is listed with the page it is on.
        let listed = language == .zh ? "图32020—2023年" : "Figure3"
        let bodyPage = squeezed.indices.dropFirst(2).first {
            squeezed[$0].contains(listed) && !squeezed[$0].contains(figures)
        }
        let listPage = squeezed.prefix(8).firstIndex { $0.contains(figures) }
        if let bodyPage, let listPage {
            let words = texts[listPage].split(separator: " ").map(String.init)
            let position = words.firstIndex { $0 == (language == .zh ? "图" : "Figure") && true }
            #expect(position != nil)
            #expect(texts[listPage].contains(String(bodyPage + 1)), "图目录 lacks page \(bodyPage + 1)")
        } else {
            Issue.record("figure 3 not found in the body or the list")
        }
        // No word printed over another anywhere.
        for (index, page) in pages.enumerated() {
            let overlaps = page["overlaps"] as? [String] ?? []
            #expect(overlaps.isEmpty, "page \(index + 1): \(overlaps.prefix(5))")
        }
        // Names, not ids: no table titled by an evaluation id, no unit code in the text.
        #expect(!squeezed.contains { $0.contains("表：national") || $0.contains("Table:national") })
        #expect(!squeezed.contains { $0.contains("320000") })
        #expect(!squeezed.contains { $0.contains("区域数据只有") })
        if language == .en {
            #expect(squeezed.contains { $0.contains("Xizang") } && !squeezed.contains { $0.contains("Tibet") })
        }
        // The cover carries the framework's issuer and date (no --organisation or --date was given).
        let cover = try Catalog.framework().cover
        let issuer = try #require(cover.organisation.map(language.pick))
        let date = try #require(cover.date.map(language.pick))
        #expect(squeezed[0].contains(issuer.filter { !$0.isWhitespace }), "cover: \(texts[0])")
        #expect(squeezed[0].contains(date.filter { !$0.isWhitespace }), "cover: \(texts[0])")
        // The chapters as printed, in the 2024 report's order, each starting on a page after the
        // contents: 一 background, 二 framework and computation, 三 national, 四 regional, 五 outlook,
        // then the appendices.
        let (_, report) = try ReportTests.builtIn(language)
        let chapters = report.entries.filter { $0.kind == .section }.map { $0.printed.filter { !$0.isWhitespace } }
        let expected =
            language == .zh
            ? ["一、", "二、", "三、", "四、", "五、", "附录一", "附录二"] : ["1", "2", "3", "4", "5", "Appendix1", "Appendix2"]
        #expect(
            chapters.count == expected.count && zip(chapters, expected).allSatisfy { $0.hasPrefix($1) },
            "\(chapters)"
        )
        let contentsPage = squeezed.prefix(8).firstIndex { $0.contains(contents) } ?? 0
        var page = contentsPage + 1
        for chapter in chapters {
            let found = squeezed.indices.dropFirst(page).first { squeezed[$0].contains(chapter) }
            #expect(found != nil, "\(chapter) is not printed after page \(page + 1)")
            page = found ?? page
        }
        // Each report in its own language, in the printed text: no English phrase in the Chinese
        // report but the AHP tables' symbols (λmax, CI, CR); no Chinese in the English one but the
        // title of the 2024 report (a publication named in Chinese only).
        let all = texts.joined(separator: " ")
        if language == .zh {
            let phrases = Set(
                all.matches(of: /[A-Za-z][A-Za-z&]+(?:[ ,]+[A-Za-z][A-Za-z&]+)+/).map { String($0.output) }
            )
            #expect(phrases.subtracting(["max CI CR"]).isEmpty, "\(phrases)")
        } else {
            let chinese = Set(all.matches(of: /[\u{4E00}-\u{9FFF}]+/).map { String($0.output) })
            #expect(chinese.subtracting(["中国工业互联网发展成效评估报告", "年"]).isEmpty, "\(chinese)")
        }
    }

    /// The PDF `iidei report --pdf` writes has an outline (bookmarks) of the report's headings, in
    /// order and nested as the contents, and only fonts a print shop takes: embedded TrueType, no
    /// Type 3 (Chromium writes a CFF-outline font such as Noto Sans CJK as Type 3).
    @Test(arguments: [ReportLanguage.zh, .en])
    func outlineAndPrintableFonts(_ language: ReportLanguage) throws {
        let directory = try TestSupport.temporaryDirectory()
        let out = directory.appendingPathComponent("report").path
        _ = try TestSupport.run(TestSupport.executable, ["report", "--pdf", "--lang", language.rawValue, "--out", out])
        let pdf = out + "/report.pdf"
        let outline = try TestSupport.python(
            """
            import sys
            from pypdf import PdfReader
            def walk(items, depth):
                for item in items:
                    if isinstance(item, list): walk(item, depth + 1)
                    else: print(f"{depth}\t{item.title}")
            walk(PdfReader(sys.argv[1]).outline, 0)
            """,
            [pdf]
        )
        let titles = outline.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return (depth: Int(parts.first ?? "") ?? -1, title: parts.count > 1 ? String(parts[1]) : "")
        }
        let (_, report) = try ReportTests.builtIn(language)
        let headings = report.entries.filter { $0.kind == .section || $0.kind == .subsection }
        func squeezed(_ text: String) -> String { text.filter { !$0.isWhitespace } }
        var cursor = titles.startIndex
        for heading in headings {
            let printed = squeezed(language == .zh ? heading.number + heading.text : heading.printed)
            let found = titles[cursor...].firstIndex { squeezed($0.title) == printed }
            #expect(found != nil, "outline lacks \(printed)")
            if let found {
                #expect(titles[found].depth == (heading.kind == .section ? 1 : 2), "\(printed) nested wrong")
                cursor = found
            }
        }
        let fonts = try TestSupport.run("pdffonts", [pdf])
        #expect(!fonts.contains("Type 3"), "\(fonts.prefix(600))")
        #expect(fonts.contains("CID TrueType"))
    }

    /// In a real browser, every chart label's box against every other label's and every mark's:
    /// no label covers another or a mark (bars, points), in every figure of both languages.
    @Test(arguments: [ReportLanguage.zh, .en])
    func noChartLabelCoversAnotherOrAMark(_ language: ReportLanguage) throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let shapes = try GeoShapes(path: TestSupport.shared("data/geo/cn-provinces-simplified.geojson"))
        let directory = try TestSupport.temporaryDirectory()
        var pages: [String] = []
        for (index, geo) in [nil, shapes].enumerated() {
            let report = ReportBuilder.build(results: results, units: dataset.units, language: language, shapes: geo)
            let page = directory.appendingPathComponent("report\(index).html")
            try report.html.write(to: page, atomically: true, encoding: .utf8)
            pages.append(page.absoluteString)
        }
        let expression = """
            (() => {
              const out = [];
              const shrink = (b, k) => ({ l: b.left + k, r: b.right - k, t: b.top + k, b: b.bottom - k });
              const hit = (a, b) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
              document.querySelectorAll('figure svg').forEach(svg => {
                const name = svg.getAttribute('aria-label');
                const texts = [...svg.querySelectorAll('text')].filter(t => !t.closest('clipPath') && !t.getAttribute('transform'));
                const boxes = texts.map(t => shrink(t.getBoundingClientRect(), 1));
                const marks = [...svg.querySelectorAll('rect[data-value], circle[data-value], circle[data-growth]')].map(m => shrink(m.getBoundingClientRect(), 0.5));
                for (let i = 0; i < texts.length; i++) {
                  for (let j = i + 1; j < texts.length; j++) {
                    if (hit(boxes[i], boxes[j])) out.push(name + ': ' + texts[i].textContent + ' / ' + texts[j].textContent);
                  }
                  if (texts[i].getAttribute('fill') === '#ffffff') continue;  // inside its own bar, on purpose
                  if (marks.some(m => hit(boxes[i], m))) out.push(name + ': ' + texts[i].textContent + ' over a mark');
                }
              });
              return out;
            })()
            """
        let results2 = try TestSupport.browse(pages, width: 1000, expression: expression)
        for result in results2 {
            let found = result["value"] as? [String] ?? ["no result"]
            #expect(found.isEmpty, "\(result["url"] ?? ""): \(found.prefix(8))")
        }
    }
}
