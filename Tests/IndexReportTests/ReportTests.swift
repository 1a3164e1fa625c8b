import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexReport
import IndexTestSupport
import Testing

@Suite("The report", .serialized)
struct ReportTests {
    static func builtIn(_ language: ReportLanguage, geo: Bool = false) throws -> (IndexResults, Report) {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let shapes = geo ? try GeoShapes(path: TestSupport.shared("data/geo/cn-provinces-simplified.geojson")) : nil
        return (
            results, ReportBuilder.build(results: results, units: dataset.units, language: language, shapes: shapes)
        )
    }

    /// Every `data-value="…"` (or another attribute) in an SVG, in order.
    static func attributes(_ name: String, in svg: String) -> [String] {
        var values: [String] = []
        var rest = Substring(svg)
        let marker = " \(name)=\""
        while let start = rest.range(of: marker) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            values.append(String(rest[..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return values
    }

    @Test func narrativeInBothLanguages() throws {
        let (_, zh) = try Self.builtIn(.zh)
        #expect(zh.headline == "2020—2023 年，全国工业互联网发展成效指数从 100 提升至 235，年均增长率为 33%。")
        #expect(zh.html.contains("按自然断点法，31 个省份分为 4 个梯队：示范引领 6 个、快速崛起 11 个、后发追赶 10 个、孕育起步 4 个"))
        #expect(zh.html.contains("2023 年区域工业互联网发展成效指数排名前 10 的省份依次为：广东、江苏"))
        let (_, en) = try Self.builtIn(.en)
        #expect(en.headline.hasPrefix("From 2020 to 2023 the "))
        #expect(en.headline.hasSuffix("rose from 100 to 235, a compound annual growth rate of 33%."))
        #expect(
            en.html.contains(
                "Natural breaks divide the 31 regions into 4 tiers: leading 6, rising 11, catching up 10, nascent 4"
            )
        )
        // The illustrative note, on every printed page (fixed), in the page's language.
        #expect(zh.html.contains("数据仅为示意") && !zh.html.contains("Illustrative data"))
        #expect(en.html.contains("Illustrative data") && !en.html.contains("数据仅为示意"))
        for report in [zh, en] {
            #expect(!report.html.contains("<script"))  // readable without JavaScript
            // Self-contained: nothing is loaded from anywhere (SVG namespaces are names, not fetches).
            #expect(
                !report.html.contains("src=\"") && !report.html.contains("<link") && !report.html.contains("@import")
            )
        }
    }

    /// The regional chapter carries the group, concentration and spread findings and their tables,
    /// every number from the analysis (``RegionalAnalysis``) of the built-in run.
    @Test func regionalChapterInBothLanguages() throws {
        let (results, zh) = try Self.builtIn(.zh)
        guard case .crossSection(let section) = try #require(results.evaluations.first { $0.id == "regional" }) else {
            return
        }
        let analysis = RegionalAnalysis(section)
        let east = try #require(analysis.groupings.first { $0.column == "region" }?.groups.first)
        #expect(zh.html.contains("按四大经济区域看，东部 10 个地区平均得分 \(SVG.label(east.meanScore, 1))，最高；其后依次为中部"))
        #expect(zh.html.contains("示范引领梯队 6 个地区全部位于东部"))
        let rising = analysis.spread[1]
        #expect(
            zh.html.contains(
                "快速崛起梯队 11 个地区得分极差 \(SVG.label(rising.range, 1))，标准差 \(SVG.label(rising.sd ?? .nan, 1))"
            )
        )
        #expect(zh.html.contains("2023 年各梯队内部得分差距"))
        #expect(zh.html.contains("2023 年按四大经济区域分组的得分与梯队分布"))
        #expect(zh.entries.contains { $0.text == "2023 年各梯队内部得分差距" })
        let (_, en) = try Self.builtIn(.en)
        #expect(en.html.contains("By economic region, the 10 regions of East score highest on average"))
        #expect(en.html.contains("Within the rising tier (11 regions) scores span \(SVG.label(rising.range, 1))"))
        // The weights annex names the panel mode the built-in framework uses.
        #expect(zh.html.contains("专家权重与 AHP 权重在全部三级指标上按 α 加权合成（全局合成）。"))
        #expect(en.html.contains("blended with α over all indicators (global)."))
    }

    @Test func rankChangesWhenThereIsAnEarlierPeriod() throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let (_, single) = try Self.builtIn(.zh)
        // No internal note about what is missing: without an earlier period there is simply no table.
        #expect(!single.html.contains("区域数据只有") && !single.html.contains("排名变化"))
        guard case .crossSection(var earlier) = results.evaluations[1] else { return }
        // A made-up 2022 in which the first two swap places.
        earlier.period = "2022"
        earlier.units[0].rank = 2
        earlier.units[1].rank = 1
        let report = ReportBuilder.build(results: results, units: dataset.units, language: .zh, previous: [earlier])
        #expect(report.html.contains("2022—2023 年排名变化</caption>"))
        #expect(
            report.html.contains(
                "<tr><td>广东</td><td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">↑1</td></tr>"
            )
        )
        #expect(
            report.html.contains(
                "<tr><td>江苏</td><td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">↓1</td></tr>"
            )
        )
        // Only the two that moved are listed; the others are counted.
        #expect(report.html.contains("29 个省份排名与 2022 年相同，其余省份的变化见下表。"))
    }

    @Test func chartValuesAreTheResults() throws {
        let (results, report) = try Self.builtIn(.zh)
        guard case .series(let national) = results.evaluations[0],
            case .crossSection(let regional) = results.evaluations[1]
        else {
            Issue.record("unexpected evaluations")
            return
        }
        let figures = Dictionary(report.figures.map { ($0.name, $0.svg) }, uniquingKeysWith: { a, _ in a })
        let index = try #require(figures["fig01-national-index.svg"])
        #expect(
            Self.attributes("data-value", in: index).compactMap(Double.init)
                == (national.series["index"] ?? []).compactMap { $0 }
        )
        let foundation = try #require(figures["fig03-national-foundation.svg"])
        #expect(
            Self.attributes("data-value", in: foundation).compactMap(Double.init)
                == (national.series["foundation"] ?? []).compactMap { $0 }
        )
        #expect(
            Self.attributes("data-growth", in: foundation).compactMap(Double.init)
                == (national.growth["foundation"] ?? []).compactMap { $0 }
        )
        let top = try #require(report.figures.first { $0.name.hasSuffix("regional-top10.svg") }?.svg)
        let expected = (regional.top["index"] ?? []).compactMap { id in regional.units.first { $0.id == id }?.score }
        #expect(Self.attributes("data-value", in: top).compactMap(Double.init) == expected)
        let map = try #require(report.figures.first { $0.name.hasSuffix("tier-map.svg") }?.svg)
        let codes = Self.attributes("data-code", in: map)
        let tiers = Self.attributes("data-tier", in: map).compactMap(Int.init)
        #expect(codes.count == 31)
        for (code, tier) in zip(codes, tiers) {
            #expect(regional.units.first { $0.id == code }?.tier == tier, "\(code)")
        }
    }

    @Test func everySVGIsWellFormedXML() throws {
        let directory = try TestSupport.temporaryDirectory()
        let (_, report) = try Self.builtIn(.en, geo: true)
        for figure in report.figures {
            try figure.svg.write(
                toFile: directory.appendingPathComponent(figure.name).path,
                atomically: true,
                encoding: .utf8
            )
        }
        #expect(report.figures.count >= 40)
        // An independent parser (Python's ElementTree) reads every file.
        let checked = try TestSupport.python(
            """
            import glob, sys, xml.etree.ElementTree as ET
            files = sorted(glob.glob(sys.argv[1] + '/*.svg'))
            for f in files: ET.parse(f)
            print(len(files))
            """,
            [directory.path]
        )
        #expect(Int(checked.trimmingCharacters(in: .whitespacesAndNewlines)) == report.figures.count)
        let map = try #require(report.figures.first { $0.name.hasSuffix("tier-map.svg") }?.svg)
        #expect(map.contains("South China Sea islands"))
        #expect(map.contains("cn-provinces-simplified.geojson (simplified; not an approved standard map)"))
        #expect(Self.attributes("data-code", in: map).count >= 31)
    }

    @Test func chartRenderersMatchTheirSnapshots() throws {
        let charts: [(String, SVG)] = [
            (
                "lines",
                Charts.lines(
                    title: "Index (2020 = 100)",
                    periods: ["2020", "2021", "2022"],
                    series: [("Index", [100, 134.05, 175.76])],
                    yLabel: "Index"
                )
            ),
            (
                "lines-several",
                Charts.lines(
                    title: "Sub-indices",
                    periods: ["2020", "2021"],
                    series: [("A", [100, 165]), ("B", [100, 164]), ("C", [100, 120])],
                    yLabel: "Index"
                )
            ),
            (
                "bars-growth",
                Charts.barsWithGrowth(
                    title: "Foundation",
                    periods: ["2020", "2021", "2022"],
                    values: [100, 165, 237.9],
                    growth: [nil, 65, 44.2],
                    barLabel: "Index",
                    lineLabel: "Growth (%)"
                )
            ),
            (
                "ranking",
                Charts.ranking(title: "Top 3", entries: [("广东", 91.4), ("江苏", 88.9), ("<Atlantis>", 83.5)], unit: "")
            ),
            (
                "tile-map",
                Charts.tileMap(
                    title: "Tiers",
                    tiles: [
                        .init(code: "110000", label: "北京", tier: 1, score: 83.5),
                        .init(code: "460000", label: "海南", tier: 4, score: 11.4),
                    ],
                    tierNames: ["Leading", "Rising", "Catching up", "Nascent"],
                    language: .en
                )
            ),
            (
                "radar",
                Charts.radar(
                    title: "Radar",
                    axes: ["a", "b", "c"],
                    series: [("unit", [80, 40, 60]), ("median", [50, 50, 50])]
                )
            ),
        ]
        let folder = TestSupport.packageRoot.appendingPathComponent("Tests/IndexReportTests/__Snapshots__")
        let record = ProcessInfo.processInfo.environment["IIDEI_RECORD_SNAPSHOTS"] != nil
        for (name, svg) in charts {
            let path = folder.appendingPathComponent("\(name).svg").path
            if record {
                try (svg.rendered + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOfFile: path, encoding: .utf8)
            #expect(
                svg.rendered + "\n" == expected,
                "snapshot \(name).svg differs; rerun with IIDEI_RECORD_SNAPSHOTS=1 and review the diff"
            )
        }
        // User text is escaped, never markup.
        #expect(charts[3].1.rendered.contains("&lt;Atlantis&gt;"))
    }

    @Test func aRealBrowserRendersThePageAndItsPDF() throws {
        let directory = try TestSupport.temporaryDirectory()
        let (_, report) = try Self.builtIn(.zh)
        let page = directory.appendingPathComponent("report.html").path
        try report.html.write(toFile: page, atomically: true, encoding: .utf8)
        let chromium = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            },
            "Chromium is needed for this test (.ci/run installs Debian's chromium)"
        )
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]
        let url = URL(fileURLWithPath: page).absoluteString
        let png = directory.appendingPathComponent("report.png").path
        _ = try TestSupport.run(chromium, common + ["--window-size=1280,2000", "--screenshot=\(png)", url])
        let pngSize = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(pngSize > 50_000)
        let pdf = directory.appendingPathComponent("report.pdf").path
        _ = try TestSupport.run(chromium, common + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", url])
        let info = try TestSupport.run("pdfinfo", [pdf])
        let pages =
            info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap {
                Int($0.split(separator: " ").last ?? "")
            } ?? 0
        #expect(pages >= 10, "\(pages) pages")
        let text = try TestSupport.run("pdftotext", [pdf, "-"])
        #expect(text.filter { !$0.isWhitespace }.contains("2020—2023年，全国工业互联网发展成效指数从100提升至235"))
        #expect(text.contains("数据仅为示意"))
        // Overflow: a copy of the page measures every text of every figure against its viewBox.
        let probe = directory.appendingPathComponent("probe.html").path
        let script = """
            <script>
            const out = [];
            document.querySelectorAll('figure svg').forEach((svg, i) => {
              const box = svg.viewBox.baseVal;
              svg.querySelectorAll('text').forEach(t => {
                if (t.closest('clipPath')) return;
                const b = t.getBBox();
                const m = t.getCTM();
                const x = b.x * m.a + m.e - (svg.getCTM() ? svg.getCTM().e : 0), y = b.y;
                if (b.x < box.x - 1 || b.y < box.y - 1 || b.x + b.width > box.x + box.width + 1 || b.y + b.height > box.y + box.height + 1) {
                  if (!t.getAttribute('transform')) out.push(svg.getAttribute('aria-label') + ': ' + t.textContent);
                }
              });
            });
            document.body.setAttribute('data-overflow', JSON.stringify(out));
            </script>
            """
        try report.html.replacingOccurrences(of: "</body>", with: script + "</body>").write(
            toFile: probe,
            atomically: true,
            encoding: .utf8
        )
        let dom = try TestSupport.run(chromium, common + ["--dump-dom", URL(fileURLWithPath: probe).absoluteString])
        #expect(
            dom.contains("data-overflow=\"[]\""),
            "text outside its figure: \(dom.components(separatedBy: "data-overflow=").dropFirst().first?.prefix(300) ?? "")"
        )
        #expect(dom.contains("各省份画像"))  // the whole page loaded
    }
}
