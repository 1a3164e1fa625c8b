import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexReport
import IndexStore
import IndexTestSupport
import Testing

@testable import IndexServer

/// The dashboard in a real headless Chromium, driven over the DevTools protocol: at 1440 px and on
/// a 390-px phone, every page's width, tooltips, links, headings and console.
@Suite("The dashboard in a browser", .serialized, .timeLimit(.minutes(5)))
struct DashboardBrowserTests {
    /// What the probe measures on each page.
    static let probe = """
        (async () => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')].filter(e => {
            const box = e.closest('.scroll');
            if (box && box !== e) return false;
            if (e.closest('#tip') || e.closest('.skip')) return false;
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > width + 1;
          }).map(e => e.tagName + (e.className && e.className.baseVal === undefined ? '.' + e.className : '')).slice(0, 5);
          const marks = [...document.querySelectorAll('svg [data-value], svg [data-growth], svg [data-code]')];
          const untipped = marks.filter(m => !m.getAttribute('data-tip') || !m.querySelector('title')).length;
          let tip = '';
          if (marks.length) {
            marks[0].dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
            const t = document.getElementById('tip');
            tip = t && !t.hidden ? t.textContent : '';
          }
          const tiles = [...document.querySelectorAll('a rect[data-code]')].map(r => r.closest('a').getAttribute('href'));
          const levels = [...document.querySelectorAll('main h1, main h2, main h3, main h4')].map(h => +h.tagName[1]);
          const jumps = levels.filter((level, i) => i > 0 && level > levels[i - 1] + 1).length;
          const charts = [...document.querySelectorAll('figure svg')];
          const unnamed = charts.filter(s => !s.getAttribute('aria-label')).length;
          const smallest = Math.min(...charts.flatMap(s => [...s.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)).filter(h => h > 0), 99);
          // Text size: the computed font-size of every element with text of its own (HTML and SVG),
          // and chart text as drawn (its font-size times the chart's scale on screen).
          const texts = [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length && !e.closest('.skip, #tip') &&
            [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
          const sizes = texts.map(e => [parseFloat(getComputedStyle(e).fontSize), e.tagName + ': ' + e.textContent.trim().slice(0, 16)]);
          const minFont = sizes.reduce((a, b) => b[0] < a[0] ? b : a, [99, '']);
          const drawnIn = svgs => svgs.flatMap(s => [...s.querySelectorAll('text')].filter(t => t.getClientRects().length).map(t => {
            const m = t.getScreenCTM(); return [parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1), t.textContent.slice(0, 16)]; }));
          const smallestOf = drawn => drawn.reduce((a, b) => b[0] < a[0] ? b : a, [99, '']);
          const minDrawn = smallestOf(drawnIn(charts));
          // Every chart but the tier map (its tiles keep the country's shape), as a phone shows it.
          const minDrawnOutsideMaps = smallestOf(drawnIn(charts.filter(s => !s.querySelector('[data-code]'))));
          // Text contrast (WCAG 2): every text of the page against the background it sits on.
          const luminance = colour => {
            const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
              v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const background = e => {
            for (let n = e; n; n = n.parentElement) {
              const c = getComputedStyle(n).backgroundColor, m = c.match(/[\\d.]+/g);
              if (m && (m.length < 4 || +m[3] > 0.9)) return c;
            }
            return 'rgb(255, 255, 255)';
          };
          const lowContrast = [...document.querySelectorAll('body *')]
            .filter(e => !(e instanceof SVGElement) && e.id !== 'tip' && e.getClientRects().length &&
                         [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .filter(e => { const a = luminance(getComputedStyle(e).color), b = luminance(background(e));
                           return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) < 4.5; })
            .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 24)).slice(0, 5);
          // No chart label over another label or a mark.
          const overprint = [];
          const shrink = (b, k) => ({ l: b.left + k, r: b.right - k, t: b.top + k, b: b.bottom - k });
          const hit = (a, b) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
          document.querySelectorAll('figure svg').forEach(svg => {
            const texts = [...svg.querySelectorAll('text')].filter(t => !t.closest('clipPath') && !t.getAttribute('transform'));
            const boxes = texts.map(t => shrink(t.getBoundingClientRect(), 1));
            const marks = [...svg.querySelectorAll('rect[data-value], circle[data-value], circle[data-growth]')].map(m => shrink(m.getBoundingClientRect(), 0.5));
            texts.forEach((t, i) => {
              for (let j = i + 1; j < texts.length; j++) if (hit(boxes[i], boxes[j])) overprint.push(t.textContent + ' / ' + texts[j].textContent);
              if (t.getAttribute('fill') !== '#ffffff' && marks.some(m => hit(boxes[i], m))) overprint.push(t.textContent + ' over a mark');
            });
          });
          // The first chart's PNG download, under the page's own Content-Security-Policy.
          const button = document.querySelector('button[data-download="png"]');
          let png = null;
          if (button) {
            button.click();
            for (let i = 0; i < 50 && !button.dataset.saved; i++) await new Promise(r => setTimeout(r, 100));
            png = button.dataset.saved || 'nothing';
          }
          return { png, overprint, lowContrast, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, width, wide,
                   minFont, minDrawn, minDrawnOutsideMaps, marks: marks.length, untipped, tip, tiles,
                   h1: document.querySelectorAll('h1').length, jumps, unscoped: document.querySelectorAll('th:not([scope])').length,
                   unnamed, smallest, text: document.body.innerText };
        })()
        """

    @Test func pagesAtDesktopAndPhoneWidths() throws {
        let directory = try TestSupport.temporaryDirectory()
        // A store of its own: the built-in data, whatever the user's default store holds.
        let server = try ServeProcess(store: directory.appendingPathComponent("store.sqlite").path, basePort: 20_000)
        defer { server.stop() }
        let port = server.port
        let framework = try Catalog.framework()
        // The data's own words: sources' titles and the framework's sources (its definitions have
        // an English text of their own).
        let sources = Set(
            try Catalog.dataset(for: framework).observations.map(\.source)
                + framework.indicators.map(\.source)
        ).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        let base = "http://127.0.0.1:\(port)"
        let paths = [
            "/", "/?lang=en", "/regions", "/regions?period=2022", "/regions?period=2022&lang=en", "/regions/320000",
            "/regions/320000?lang=en",
            "/compare?units=320000,440000", "/compare?units=320000,440000&lang=en", "/data?unit=320000",
            "/data?lang=en&page=2", "/framework", "/framework?lang=en", "/runs", "/runs?lang=en", "/upload",
            "/upload?lang=en",
        ]
        for width in [1440, 390, 360] {
            let shots = directory.appendingPathComponent("w\(width)")
            try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
            let results = try TestSupport.browse(
                paths.map { base + $0 },
                width: width,
                expression: Self.probe,
                screenshots: shots
            )
            #expect(results.count == paths.count)
            for (path, result) in zip(paths, results) {
                let value = result["value"] as? [String: Any] ?? [:]
                let errors = result["errors"] as? [String] ?? []
                #expect(errors.isEmpty, "\(path) at \(width): console \(errors)")
                #expect(
                    (value["scrollWidth"] as? Int ?? 9_999) <= (value["width"] as? Int ?? 0),
                    "\(path) at \(width) px is wider than the screen: \(value["wide"] ?? "")"
                )
                #expect((value["wide"] as? [String] ?? ["?"]).isEmpty, "\(path) at \(width): \(value["wide"] ?? "")")
                #expect(
                    (value["scrollWidth"] as? Int ?? 9_999) <= (value["innerWidth"] as? Int ?? 0),
                    "\(path) at \(width): scrollWidth over innerWidth"
                )
                // A phone browser zooms out to fit a page wider than it (innerWidth grows): none does.
                #expect(
                    value["innerWidth"] as? Int == width,
                    "\(path) at \(width): innerWidth \(value["innerWidth"] ?? "")"
                )
                // No text under 11 px: computed everywhere; as drawn in charts on a desktop and on a
                // province's and compare's pages (elsewhere a phone shows a wide chart scaled to its
                // width, its data also as a table below it).
                let minFont = value["minFont"] as? [Any] ?? []
                #expect((minFont.first as? Double ?? 0) >= 11, "\(path) at \(width): text of \(minFont)")
                let minDrawn = value["minDrawn"] as? [Any] ?? []
                // Every chart is drawn for phones too (a phone drawing beside the wide one), the tier
                // map included (ISO letters or short names on larger tiles): 11 px at every width.
                #expect((minDrawn.first as? Double ?? 0) >= 10.95, "\(path) at \(width): chart text \(minDrawn)")
                let outsideMaps = value["minDrawnOutsideMaps"] as? [Any] ?? []
                #expect((outsideMaps.first as? Double ?? 0) >= 10.95, "\(path) at \(width): chart text \(outsideMaps)")
                if let png = value["png"] as? String {
                    #expect(Int(png) ?? 0 > 1_000, "\(path) at \(width): the PNG download gave \(png)")
                }
                print(
                    "\(path) at \(width): smallest text \(minFont), in a chart \(minDrawn), outside maps \(outsideMaps)"
                )
                #expect(value["h1"] as? Int == 1, "\(path): one h1")
                #expect(
                    (value["overprint"] as? [String] ?? ["?"]).isEmpty,
                    "\(path) at \(width): \(value["overprint"] ?? "")"
                )
                #expect(
                    (value["lowContrast"] as? [String] ?? ["?"]).isEmpty,
                    "\(path): text below 4.5 : 1 \(value["lowContrast"] ?? "")"
                )
                #expect(value["jumps"] as? Int == 0, "\(path): headings skip a level")
                #expect(value["unscoped"] as? Int == 0, "\(path): a table header without scope")
                #expect(value["unnamed"] as? Int == 0, "\(path): a chart without an accessible name")
                #expect(value["untipped"] as? Int == 0, "\(path): a chart mark without a tooltip")
                if (value["marks"] as? Int ?? 0) > 0 {
                    #expect(!(value["tip"] as? String ?? "").isEmpty, "\(path): hovering a mark shows no tooltip")
                    #expect(
                        (value["smallest"] as? Double ?? 0) >= 7.5,
                        "\(path) at \(width): chart text \(value["smallest"] ?? 0) px"
                    )
                }
                var text = value["text"] as? String ?? ""
                if path.contains("lang=en") {
                    // Complete in English: no Chinese besides the sources' own titles, the
                    // illustrative note (bilingual) and the link to the Chinese page.
                    for source in sources { text = text.replacingOccurrences(of: source, with: "") }
                    text = text.replacingOccurrences(of: Dataset.illustrativeNote, with: "").replacingOccurrences(
                        of: "中文",
                        with: ""
                    )
                    let chinese = text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }
                    #expect(
                        chinese.isEmpty,
                        "\(path): Chinese text \(String(String.UnicodeScalarView(chinese.prefix(40))))"
                    )
                }
            }
            // The tile map on the overview links all 31 provinces, and each link opens its page.
            let overview = results[0]["value"] as? [String: Any] ?? [:]
            let tiles = overview["tiles"] as? [String] ?? []
            #expect(Set(tiles).count == 31, "\(tiles.count) linked tiles")
            for tile in tiles.prefix(31) where width == 1440 {
                let status = try TestSupport.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", base + tile])
                #expect(status == "200", "\(tile)")
            }
            // The year switch: 2022 ranks, with changes against 2021.
            let regions2022 = (results[3]["value"] as? [String: Any])?["text"] as? String ?? ""
            #expect(regions2022.contains("2022 年各地区得分与排名") && regions2022.contains("较 2021 年"))
            // The province page: names and units, not ids.
            let province = (results[6]["value"] as? [String: Any])?["text"] as? String ?? ""
            #expect(
                province.contains("Jiangsu") && province.contains("Strengths and gaps") && province.contains("Trend")
            )
            #expect(!province.contains("r_5g_base_stations") && !province.contains("320000"))
            // The comparison: both regions, their largest gaps first.
            let compare = (results[8]["value"] as? [String: Any])?["text"] as? String ?? ""
            #expect(compare.contains("Jiangsu") && compare.contains("Guangdong") && compare.contains("Largest gap"))
        }
        // Tables download as CSV and XLSX, charts as SVG and PNG (buttons on every figure).
        let csv = try TestSupport.run("curl", ["-sf", base + "/tables/ranking.csv?period=2022&lang=en"])
        // A byte-order mark first, so Excel reads the file as UTF-8.
        #expect(csv.hasPrefix("\u{FEFF}Region,Rank,vs 2021,Score,Tier"))
        #expect(csv.split(separator: "\n").count == 32)
        let xlsx = try TestSupport.run(
            "curl",
            [
                "-sf", "-o", directory.appendingPathComponent("r.xlsx").path, "-w", "%{content_type}",
                base + "/tables/ranking.xlsx",
            ]
        )
        #expect(xlsx.hasPrefix("application/vnd.openxmlformats"))
        let jump = try TestSupport.run(
            "curl",
            ["-s", "-o", "/dev/null", "-w", "%{redirect_url}", base + "/jump?q=%E6%B1%9F%E8%8B%8F&lang=zh"]
        )
        #expect(jump.hasSuffix("/regions/320000?lang=zh"))
        // Error pages (an unknown name in 转到地区, an unknown region) fit every width too, text at
        // 11 px or more, one h1; the only console message is the 404 itself.
        let errors = ["/jump?q=%E7%81%AB%E6%98%9F&lang=zh", "/regions/999999?lang=en"]
        for width in [1440, 390, 360] {
            let results = try TestSupport.browse(errors.map { base + $0 }, width: width, expression: Self.probe)
            #expect(results.count == errors.count)
            for (path, result) in zip(errors, results) {
                let value = result["value"] as? [String: Any] ?? [:]
                let console = (result["errors"] as? [String] ?? []).filter { !$0.contains("404") }
                #expect(console.isEmpty, "\(path) at \(width): console \(console)")
                #expect(
                    (value["scrollWidth"] as? Int ?? 9_999) <= width && value["innerWidth"] as? Int == width,
                    "\(path) at \(width) px is wider than the screen: \(value["wide"] ?? "")"
                )
                let minFont = value["minFont"] as? [Any] ?? []
                #expect((minFont.first as? Double ?? 0) >= 11, "\(path) at \(width): text of \(minFont)")
                #expect(value["h1"] as? Int == 1, "\(path): one h1")
                let text = value["text"] as? String ?? ""
                #expect(text.contains(path.hasSuffix("lang=en") ? "Page not found" : "未找到页面"), "\(path): \(text)")
            }
        }
        print("Screenshots: \(directory.path)")
    }

    /// The geographic tier map (`serve --geo`) on a phone: a drawing of its own, 360 units wide, with
    /// every region labelled (简称 or ISO letters) at 11 px or more, no label over another, and the
    /// legend below the map; on a desktop the wide map, its labels as large.
    @Test func theGeographicTierMapOnAPhone() throws {
        let directory = try TestSupport.temporaryDirectory()
        let geo = TestSupport.shared("data/geo/cn-provinces-simplified.geojson")
        let server = try ServeProcess(
            arguments: ["--geo", geo],
            store: directory.appendingPathComponent("store.sqlite").path,
            basePort: 22_000
        )
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        // The ranking in Chinese, the overview in English: both pages draw the map.
        let paths = ["/regions", "/?lang=en"]
        // The page probe, then what a reader sees of the map: its drawing shown at this width, the
        // labels' drawn size, and the regions it links (one browser per width).
        let expression = """
            (async () => ({ page: await \(Self.probe), map: (() => {
              const svg = [...document.querySelectorAll('figure svg')].find(s => s.querySelector('path[data-code]') && s.getClientRects().length);
              if (!svg) return null;
              const texts = [...svg.querySelectorAll('text')].filter(t => t.getClientRects().length);
              const scale = svg.getScreenCTM().a;
              return { width: svg.getBoundingClientRect().width, viewBox: svg.viewBox.baseVal.width,
                       smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
                       labels: texts.map(t => t.textContent),
                       linked: new Set([...svg.querySelectorAll('a path[data-code]')].map(p => p.dataset.code)).size };
            })() }))()
            """
        for width in [360, 1440] {
            let shots = directory.appendingPathComponent("w\(width)")
            try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
            let results = try TestSupport.browse(
                paths.map { base + $0 },
                width: width,
                expression: expression,
                screenshots: shots
            )
            #expect(results.count == paths.count)
            for (path, result) in zip(paths, results) {
                let both = result["value"] as? [String: Any] ?? [:]
                let value = both["page"] as? [String: Any] ?? [:]
                #expect((value["wide"] as? [String] ?? ["?"]).isEmpty, "\(path) at \(width): \(value["wide"] ?? "")")
                #expect(
                    (value["overprint"] as? [String] ?? ["?"]).isEmpty,
                    "\(path) at \(width): \(value["overprint"] ?? "")"
                )
                let minDrawn = value["minDrawn"] as? [Any] ?? []
                #expect((minDrawn.first as? Double ?? 0) >= 10.95, "\(path) at \(width): chart text \(minDrawn)")
                let shown = try #require(both["map"] as? [String: Any], "\(path) at \(width): no map")
                #expect((shown["viewBox"] as? Double) == (width < 600 ? 360 : 640), "\(path) at \(width)")
                #expect((shown["smallest"] as? Double ?? 0) >= 10.95, "\(path) at \(width): \(shown["smallest"] ?? "")")
                #expect(shown["linked"] as? Int == 31, "\(path) at \(width): \(shown["linked"] ?? "")")
                // Every region of China is labelled: the 31 evaluated and 台湾, 香港, 澳门.
                let labels = Set(shown["labels"] as? [String] ?? [])
                let english = path.contains("lang=en")
                for (code, letters) in Charts.isoLetters where width < 600 {
                    let label = english ? letters : Charts.abbreviations[code] ?? "?"
                    #expect(labels.contains(label), "\(path) at \(width): \(label)")
                }
            }
        }
    }

    /// What the interaction probe does on each page: hovers the first line chart with several series
    /// at its second period (a mousemove), a tile of the map and a bar, and reads what is
    /// highlighted; counts the compare page's radars and their series; reads the overview's cards.
    static let interactionProbe = """
        (() => {
          const out = { text: document.body.innerText, computing: !!document.getElementById('computing') };
          out.national = (document.getElementById('national-index') || {}).textContent || '';
          out.tierCards = [...document.querySelectorAll('.cards .card')].map(c => c.querySelector('dt').textContent + '|' + c.querySelector('dd').textContent);
          const opacity = e => e ? getComputedStyle(e).opacity : '';
          const svgs = [...document.querySelectorAll('figure svg')];
          const lines = svgs.find(s => new Set([...s.querySelectorAll('circle[data-period][data-series]')].map(c => c.getAttribute('data-series'))).size > 1);
          if (lines) {
            const points = [...lines.querySelectorAll('circle[data-period][data-series]')];
            const periods = [...new Set(points.map(p => p.getAttribute('data-period')))];
            const series = [...new Set(points.map(p => p.getAttribute('data-series')))];
            const pick = points.find(p => p.getAttribute('data-period') === periods[1] && p.getAttribute('data-series') === series[1]);
            const r = pick.getBoundingClientRect();
            lines.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: r.left + r.width / 2 + 2, clientY: r.top + r.height / 2 }));
            const other = [...lines.querySelectorAll('polyline[data-series]')].find(p => p.getAttribute('data-series') !== series[1]);
            out.lines = { period: periods[1], series: series[1], crosshair: lines.dataset.crosshair || '',
              hot: [...new Set([...lines.querySelectorAll('.hot')].map(e => e.getAttribute('data-series')))],
              at: lines.querySelectorAll('circle.at').length, count: series.length, line: !!lines.querySelector('line.crosshair'),
              faded: opacity(other), tip: document.getElementById('tip').textContent };
            lines.dispatchEvent(new MouseEvent('mouseleave'));
            out.lines.cleared = !lines.classList.contains('dimmed') && !lines.querySelector('line.crosshair') && !lines.querySelector('.hot');
          }
          const tile = document.querySelector('figure svg a rect[data-code]');
          if (tile) {
            const label = tile.closest('a').querySelector('text');
            label.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
            const svg = tile.ownerSVGElement;
            out.tile = { code: tile.getAttribute('data-code'), hot: [...svg.querySelectorAll('.hot')].map(e => e.getAttribute('data-code')),
              other: opacity([...svg.querySelectorAll('rect[data-code]')].find(e => e !== tile)), own: opacity(tile) };
          }
          const bar = document.querySelector('figure svg rect[data-label]');
          if (bar) {
            bar.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
            const svg = bar.ownerSVGElement;
            out.bar = { label: bar.getAttribute('data-label'), hot: [...svg.querySelectorAll('.hot')].map(e => e.getAttribute('data-label')),
              other: opacity([...svg.querySelectorAll('rect[data-label]')].find(e => e !== bar)) };
          }
          const radar = document.querySelector('button[data-name="compare-radar"]');
          if (radar) {
            const svg = radar.closest('figure').querySelector('svg');
            out.radar = { series: [...svg.querySelectorAll('polyline[data-series]')].map(p => p.getAttribute('data-series')),
              legend: [...svg.querySelectorAll('g[data-series]')].map(g => g.getAttribute('data-series')),
              radars: [...document.querySelectorAll('figure')].filter(f => f.querySelector('button[data-name^="radar"], button[data-name="compare-radar"]')).length };
          }
          const change = document.querySelector('button[data-name="rank-change"]');
          if (change) {
            const svg = change.closest('figure').querySelector('svg');
            out.rankChange = [...svg.querySelectorAll('g[data-series]')].map(g => [g.getAttribute('data-series'),
              +g.querySelectorAll('circle')[0].getAttribute('data-value'), +g.querySelectorAll('circle')[1].getAttribute('data-value')]);
          }
          return out;
        })()
        """

    /// Issue 18 item 5 on a desktop: levers and intervals on the first visit of a province page, the
    /// overview's year switch changing the numbers (compared with the results), the rank-change
    /// chart's ranks, hover highlight and crosshair on line charts, the tile map and the bars, and
    /// one overlaid radar on the compare page.
    @Test func hoverCrosshairOverlayRadarYearSwitchAndFirstVisitLevers() throws {
        let directory = try TestSupport.temporaryDirectory()
        let server = try ServeProcess(store: directory.appendingPathComponent("store.sqlite").path, basePort: 21_000)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        // The province page first: the server has only just answered /health.
        let paths = [
            "/regions/320000", "/?period=2021", "/?period=2021&lang=en", "/", "/compare?u=320000&u=440000&u=110000",
        ]
        let results = try TestSupport.browse(
            paths.map { base + $0 },
            width: 1440,
            expression: Self.interactionProbe,
            screenshots: directory
        )
        #expect(results.count == paths.count)
        let values = results.map { $0["value"] as? [String: Any] ?? [:] }
        for (path, result) in zip(paths, results) {
            #expect((result["errors"] as? [String] ?? ["?"]).isEmpty, "\(path): \(result["errors"] ?? "")")
        }
        // The same results in process: the built-in data with the default options.
        let snapshot = try DashboardState(store: nil).snapshot
        let national = try #require(Pages.national(snapshot))
        let root = Pages.rootID(national.nodes)

        // 1. Levers and intervals on the very first request, worded without fractions of firms.
        let province = values[0]["text"] as? String ?? ""
        #expect(values[0]["computing"] as? Bool == false)
        #expect(province.contains("提升抓手") && province.contains("2000 次模拟"))
        #expect(province.range(of: #"\d\.\d+ ?家"#, options: .regularExpression) == nil, "a fraction of a firm")

        // 2. The year switch: 2021's national index and tier counts, as the results have them.
        let t = try #require(national.periods.firstIndex(of: "2021"))
        let index2021 = try #require(national.series[root]?[t] ?? nil)
        #expect(values[1]["national"] as? String == SVG.label(index2021))
        #expect(values[3]["national"] as? String != values[1]["national"] as? String)
        let section2021 = try #require(snapshot.regional(period: "2021"))
        #expect(section2021.period == "2021")
        let cards = values[1]["tierCards"] as? [String] ?? []
        for (number, tier) in section2021.tierNames.enumerated() {
            let count = section2021.units.filter { $0.tier == number + 1 }.count
            #expect(
                cards.contains { $0.hasPrefix(tier.zh) && $0.contains("|\(count) ") },
                "\(tier.zh): \(count) in \(cards)"
            )
        }
        #expect((values[2]["text"] as? String ?? "").contains("Top 10, 2021"))

        // 3. The rank-change chart: every ranked province, first period's rank to last.
        let first = try #require(snapshot.regionalPeriods.first)
        let last = try #require(snapshot.regionalPeriods.last)
        let drawn = values[3]["rankChange"] as? [[Any]] ?? []
        #expect(drawn.count == last.units.count)
        for row in drawn {
            let id = row.first as? String ?? ""
            #expect(row.count == 3, "\(row)")
            guard row.count == 3 else { continue }
            #expect(row[1] as? Double == first.units.first { $0.id == id }?.rank.map(Double.init), "\(id)")
            #expect(row[2] as? Double == last.units.first { $0.id == id }?.rank.map(Double.init), "\(id)")
        }

        // 4. Hover and crosshair on the overview's sub-index lines at their second period.
        let lines = try #require(values[3]["lines"] as? [String: Any])
        let period = lines["period"] as? String ?? ""
        #expect(lines["crosshair"] as? String == period && period == national.periods[1])
        #expect(lines["hot"] as? [String] == [lines["series"] as? String ?? "?"])
        #expect(lines["at"] as? Int == lines["count"] as? Int && lines["line"] as? Bool == true)
        #expect(Double(lines["faded"] as? String ?? "") ?? 1 < 0.5)
        #expect(lines["cleared"] as? Bool == true)
        // The tip lists every pillar's value at that period, as the results have them.
        let tip = lines["tip"] as? String ?? ""
        let pillars = national.nodes.filter { $0.depth == 1 && !$0.isIndicator }
        #expect(pillars.count == lines["count"] as? Int)
        for pillar in pillars {
            let value = try #require(national.series[pillar.id]?[1] ?? nil)
            #expect(tip.contains("\(pillar.name.zh): \(SVG.label(value))"), "\(pillar.name.zh) in \(tip)")
        }
        // The tier map and the top-10 bars highlight the province under the pointer.
        let tile = try #require(values[3]["tile"] as? [String: Any])
        #expect(tile["hot"] as? [String] == [tile["code"] as? String ?? "?"])
        #expect(Double(tile["other"] as? String ?? "") ?? 1 < 1 && tile["own"] as? String == "1")
        let bar = try #require(values[3]["bar"] as? [String: Any])
        #expect(bar["hot"] as? [String] == [bar["label"] as? String ?? "?"])
        #expect(Double(bar["other"] as? String ?? "") ?? 1 < 0.5)

        // 5. Compare: one radar, the three regions and the national median in it and its legend.
        let radar = try #require(values[4]["radar"] as? [String: Any])
        #expect(radar["radars"] as? Int == 1)
        let name = Pages.names(snapshot, .zh)
        let series = Set(radar["series"] as? [String] ?? [])
        #expect(series == Set(["320000", "440000", "110000"].map(name) + ["全国中位数"]), "\(series)")
        #expect(Set(radar["legend"] as? [String] ?? []) == series)
        print("Screenshots: \(directory.path)")
    }

    /// The expert's survey form at 360, 390 and 1440 px: nothing wider than the screen (the pairs
    /// stack on a phone, the scores table scrolls in its own box) and no text under 11 px.
    @Test func surveyFormFitsEveryWidth() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("s.sqlite").path
        let token: String
        let pages: [String]
        do {
            let store = try Store(path: db)
            let (_, created) = try store.createSurvey(
                name: "panel",
                source: try Catalog.frameworkSource(),
                kind: .both,
                scale: try ScoreScale(),
                experts: ["Wang"]
            )
            token = try #require(created.first?.token)
            let design = try store.survey("panel").design()
            pages = Array(design.nodes.map(\.key).prefix(2)) + ["scores"]
        }
        let server = try ServeProcess(store: db, basePort: 20_000)
        defer { server.stop() }
        let urls = pages.map { "http://127.0.0.1:\(server.port)/survey/\(token)?page=\($0)" }
        let probe = """
            (() => {
              const width = document.documentElement.clientWidth;
              const wide = [...document.querySelectorAll('body *')].filter(e => !e.closest('.scroll') &&
                e.getBoundingClientRect().right > width + 1).map(e => e.tagName).slice(0, 5);
              const texts = [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length &&
                [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
              const sizes = texts.map(e => [parseFloat(getComputedStyle(e).fontSize), e.tagName + ': ' + e.textContent.trim().slice(0, 16)]);
              // The compact control: a 17-point slider per pair; position 4 from the left is 5 (the
              // first strongly more important), and the readout says so.
              const slider = document.querySelector('#pairs input[type=range]');
              let slid = null;
              if (slider) {
                slider.value = 4; slider.dispatchEvent(new Event('input'));
                slid = document.querySelector('#pairs select').value + ' | ' + document.querySelector('#pairs output').textContent;
              }
              const pairs = document.querySelectorAll('#pairs select').length, sliders = document.querySelectorAll('#pairs input[type=range]').length;
              return { slid, pairs, sliders, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide,
                       minFont: sizes.reduce((a, b) => b[0] < a[0] ? b : a, [99, '']) };
            })()
            """
        for width in [360, 390, 1440] {
            let results = try TestSupport.browse(urls, width: width, expression: probe)
            #expect(results.count == urls.count)
            for (page, result) in zip(pages, results) {
                let value = result["value"] as? [String: Any] ?? [:]
                #expect(
                    (result["errors"] as? [String] ?? ["?"]).isEmpty,
                    "\(page) at \(width): \(result["errors"] ?? "")"
                )
                #expect(
                    (value["scrollWidth"] as? Int ?? 9_999) <= (value["innerWidth"] as? Int ?? 0),
                    "\(page) at \(width) px is wider than the screen: \(value["wide"] ?? "")"
                )
                #expect(
                    value["innerWidth"] as? Int == width,
                    "\(page) at \(width): innerWidth \(value["innerWidth"] ?? "")"
                )
                #expect((value["wide"] as? [String] ?? ["?"]).isEmpty, "\(page) at \(width): \(value["wide"] ?? "")")
                let minFont = value["minFont"] as? [Any] ?? []
                #expect((minFont.first as? Double ?? 0) >= 11, "\(page) at \(width): text of \(minFont)")
                if page != "scores" {
                    #expect(value["pairs"] as? Int ?? 0 > 0 && value["sliders"] as? Int == value["pairs"] as? Int)
                    let slid = value["slid"] as? String ?? ""
                    #expect(slid.hasPrefix("5 | 5 "), "\(page): the slider set \(slid)")
                }
            }
        }
    }
}
