import Foundation
import IndexCore
import IndexReport
import IndexStore
import IndexWorkflows

/// Server-rendered pages: readable without JavaScript; a little plain JavaScript adds tooltips,
/// sorting and chart downloads. Every page is built through ``HTML``, so names from data are text.
enum Pages {
    /// A request's query: `lang`, `period`, `units`, filters and paging.
    struct Query: Sendable {
        var items: [(String, String)]

        init(_ query: String?) {
            let components = URLComponents(string: "?" + (query ?? ""))
            items = (components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        }

        subscript(_ name: String) -> String? {
            items.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 }
        }

        /// Every value of a name, commas splitting lists (`units=a,b&u=c`).
        func all(_ names: String...) -> [String] {
            items.filter { names.contains($0.0) }.flatMap { $0.1.split(separator: ",").map(String.init) }.filter {
                !$0.isEmpty
            }
        }

        /// The same query with some names replaced (`nil` removes), as `?a=b&…`.
        func with(_ changes: [String: String?]) -> String {
            var result = items.filter { changes[$0.0] == nil }
            for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
                if let value = value ?? nil { result.append((name, value)) }
            }
            var components = URLComponents()
            components.queryItems = result.map { URLQueryItem(name: $0.0, value: $0.1) }
            return result.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
        }
    }

    // MARK: - Layout

    /// A path with the page's language.
    static func link(_ path: String, _ l: ReportLanguage, _ extra: [String: String] = [:]) -> String {
        var components = URLComponents()
        components.queryItems = ([("lang", l.rawValue)] + extra.sorted { $0.key < $1.key }).map {
            URLQueryItem(name: $0.0, value: $0.1)
        }
        return path + "?" + (components.percentEncodedQuery ?? "")
    }

    static func layout(
        title: String,
        language l: ReportLanguage,
        path: String,
        query: Query = Query(nil),
        snapshot: DashboardSnapshot?,
        illustrative: Bool,
        body: HTML
    ) -> String {
        let other: ReportLanguage = l == .zh ? .en : .zh
        let links: [(String, String, String)] = [
            ("/", "概览", "Overview"), ("/regions", "地区排名", "Regions"), ("/compare", "对比", "Compare"),
            ("/framework", "指标与权重", "Framework"),
            ("/data", "数据", "Data"), ("/runs", "运行记录", "Runs"), ("/upload", "上传", "Upload"),
        ]
        let nav = links.map { href, zh, en -> HTML in
            let current: HTML = href == path ? " aria-current=\"page\"" : HTML()
            return "<a href=\"\(link(href, l))\"\(current)>\(l.pick(zh: zh, en: en))</a>"
        }.joined(separator: " ")
        var jump = HTML()
        if let snapshot, let section = regional(snapshot) {
            let options = section.units.map { unit -> HTML in "<option value=\"\(l.pick(unit.name))\"></option>" }
                .joined()
            jump = """
                <form class="jump" action="/jump" method="get" role="search"><input type="hidden" name="lang" value="\(l.rawValue)">\
                <label for="jump-to">\(l.pick(zh: "转到地区", en: "Go to region"))</label> \
                <input id="jump-to" name="q" list="unit-names" autocomplete="off" placeholder="\(l.pick(zh: "如：江苏", en: "e.g. Jiangsu"))">\
                <datalist id="unit-names">\(options)</datalist> <button type="submit">\(l.pick(zh: "前往", en: "Go"))</button></form>
                """
        }
        let note: HTML =
            illustrative ? "<p class=\"illustrative\" role=\"note\">\(Dataset.illustrativeNote)</p>" : HTML()
        let switchLanguage = path + query.with(["lang": other.rawValue])
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="\(l == .zh ? "zh-CN" : "en")">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · IIDEI</title>
            <style>
            *, *::before, *::after { box-sizing: border-box; }
            body { font-family: 'Noto Sans CJK SC','Noto Sans SC','Microsoft YaHei',sans-serif; color: #1f2933; max-width: 1280px; margin: 0 auto; padding: 0 16px 40px; line-height: 1.55; overflow-wrap: anywhere; }
            a { color: #005a8c; } a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid #B34700; outline-offset: 2px; }
            .skip { position: absolute; left: -9999px; } .skip:focus { left: 16px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
            header.site { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 0; border-bottom: 2px solid #0072B2; margin-bottom: 12px; }
            header.site nav { display: flex; flex-wrap: wrap; gap: 6px 14px; }
            header.site nav a { text-decoration: none; } header.site nav a[aria-current] { font-weight: 700; text-decoration: underline; }
            .lang { margin-left: auto; }
            form.jump { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; } form.jump input { width: 10em; max-width: 100%; }
            input, select, button { font: inherit; max-width: 100%; }
            h1 { font-size: 1.6rem; margin: 8px 0; } h2 { font-size: 1.25rem; margin: 24px 0 8px; } h3 { font-size: 1.05rem; }
            .scroll { overflow-x: auto; max-width: 100%; margin: 8px 0 16px; }
            table { border-collapse: collapse; width: 100%; font-size: 14px; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
            th, td { border-bottom: 1px solid #d9dee3; padding: 4px 6px; text-align: left; white-space: nowrap; } thead th { background: #f0f4f8; }
            table.sortable thead th { cursor: pointer; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            .tier { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 13px; }
            .tier1 { background: #225ea8; color: #fff; } .tier2 { background: #41b6c4; } .tier3 { background: #a1dab4; } .tier4 { background: #ffffcc; border: 1px solid #9aa5b1; }
            .up { color: #1a7f37; } .down { color: #b42318; }
            .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 180px), 1fr)); gap: 12px; margin: 12px 0; padding: 0; }
            .card { border: 1px solid #d9dee3; border-radius: 8px; padding: 10px 14px; margin: 0; } .card dt { font-size: 13px; color: #52606d; } .card dd { margin: 0; font-size: 1.6rem; font-weight: 700; }
            .card dd small { font-size: 13px; font-weight: 400; color: #52606d; }
            .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr)); gap: 16px; }
            figure { margin: 8px 0 16px; min-width: 0; } figure svg { max-width: 100%; height: auto; display: block; }
            .svgbox { overflow-x: auto; max-width: 100%; }
            figcaption { font-weight: 600; font-size: 14px; margin-top: 4px; }
            .downloads { font-size: 13px; margin: 4px 0; } .downloads button, .downloads a { font-size: 13px; margin-right: 6px; }
            details { font-size: 14px; } summary { cursor: pointer; color: #005a8c; }
            .illustrative { background: #fff7e0; border: 1px solid #E69F00; padding: 4px 10px; font-size: 13px; }
            .lead { font-size: 1.05rem; font-weight: 600; } code { background: #f5f7fa; padding: 0 4px; overflow-wrap: anywhere; }
            .periods a, .periods strong { display: inline-block; padding: 2px 10px; border: 1px solid #0072B2; border-radius: 12px; margin: 2px; text-decoration: none; }
            .periods strong { background: #0072B2; color: #fff; }
            .filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; } .filters label { display: flex; flex-direction: column; font-size: 13px; }
            .choices { display: flex; flex-wrap: wrap; gap: 4px 14px; }
            #tip { position: absolute; pointer-events: none; background: #1f2933; color: #fff; padding: 4px 8px; border-radius: 4px; font-size: 13px; max-width: 260px; z-index: 20; }
            #tip[hidden] { display: none; }
            @media (max-width: 600px) { body { padding: 0 10px 32px; } h1 { font-size: 1.3rem; } .lang { margin-left: 0; } .svgbox.wide svg { width: 580px; max-width: none; } }
            </style></head>
            <body>
            <a class="skip" href="#main">\(l.pick(zh: "跳到正文", en: "Skip to content"))</a>
            <header class="site"><nav aria-label="\(l.pick(zh: "主导航", en: "Main"))">\(nav)</nav>\(jump)<a class="lang" href="\(switchLanguage)" lang="\(other == .zh ? "zh-CN" : "en")">\(l == .zh ? "English" : "中文")</a></header>
            \(note)
            <main id="main"><h1>\(title)</h1>
            \(body)
            </main>
            <div id="tip" role="tooltip" hidden></div>
            <script>
            // Tooltips: every chart mark carries data-tip (and an SVG title); show it on hover, focus and touch.
            (function () {
              var tip = document.getElementById('tip');
              function find(node) {
                if (!node || !node.closest) { return null; }
                var mark = node.closest('[data-tip]');
                if (!mark && node.closest('a')) { mark = node.closest('a').querySelector('[data-tip]'); }
                return mark;
              }
              function show(event) {
                var mark = find(event.target);
                if (!mark) { tip.hidden = true; return; }
                tip.textContent = mark.getAttribute('data-tip');
                tip.hidden = false;
                var box = mark.getBoundingClientRect();
                var left = Math.min(window.scrollX + box.left + box.width / 2, window.scrollX + document.documentElement.clientWidth - 270);
                tip.style.left = Math.max(window.scrollX + 4, left) + 'px';
                tip.style.top = (window.scrollY + box.top - 34) + 'px';
              }
              document.addEventListener('pointerover', show);
              document.addEventListener('focusin', show);
              document.addEventListener('pointerout', function (event) { if (find(event.target)) { tip.hidden = true; } });
              document.addEventListener('focusout', function () { tip.hidden = true; });
            })();
            // Sort a table by a column when its header is clicked (the table reads fine without this).
            document.querySelectorAll('table.sortable thead th').forEach(function (th, column) {
              th.addEventListener('click', function () {
                var body = th.closest('table').tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                var descending = th.dataset.order !== 'desc';
                rows.sort(function (a, b) {
                  var x = a.cells[column].dataset.sort || a.cells[column].textContent, y = b.cells[column].dataset.sort || b.cells[column].textContent;
                  var nx = parseFloat(x), ny = parseFloat(y);
                  var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
                  return descending ? -c : c;
                });
                th.dataset.order = descending ? 'desc' : 'asc';
                th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
                rows.forEach(function (row) { body.appendChild(row); });
              });
            });
            // Chart downloads: the figure's own SVG, or a PNG drawn from it at twice its size.
            function save(url, name) { var a = document.createElement('a'); a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove(); }
            document.querySelectorAll('button[data-download]').forEach(function (button) {
              button.addEventListener('click', function () {
                var svg = button.closest('figure').querySelector('svg');
                var text = new XMLSerializer().serializeToString(svg);
                var url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
                var name = button.dataset.name;
                if (button.dataset.download === 'svg') { save(url, name + '.svg'); return; }
                var image = new Image();
                image.onload = function () {
                  var box = svg.viewBox.baseVal, canvas = document.createElement('canvas');
                  canvas.width = box.width * 2; canvas.height = box.height * 2;
                  var context = canvas.getContext('2d');
                  context.fillStyle = '#ffffff'; context.fillRect(0, 0, canvas.width, canvas.height);
                  context.drawImage(image, 0, 0, canvas.width, canvas.height);
                  canvas.toBlob(function (blob) { save(URL.createObjectURL(blob), name + '.png'); });
                };
                image.src = url;
              });
            });
            </script>
            </body></html>
            """
        return page.rendered
    }

    // MARK: - Pieces

    /// A chart with its caption, SVG and PNG downloads, and its data as a table for readers who
    /// cannot see it.
    ///
    /// On a phone a wide chart keeps a legible size and scrolls sideways inside its own box.
    static func chart(
        _ svg: HTML,
        name: String,
        caption: String,
        alternative: PageTable?,
        isWide: Bool = true,
        _ l: ReportLanguage
    ) -> HTML {
        let box: HTML =
            isWide
            ? "<div class=\"svgbox wide\" tabindex=\"0\" role=\"region\" aria-label=\"\(caption)\">"
            : "<div class=\"svgbox\">"
        var html: HTML = "<figure class=\"chart\">\(box)\(svg)</div><figcaption>\(caption)</figcaption>"
        html +=
            "<p class=\"downloads\"><button type=\"button\" data-download=\"svg\" data-name=\"\(name)\">\(l.pick(zh: "下载 SVG", en: "Download SVG"))</button>"
        html +=
            "<button type=\"button\" data-download=\"png\" data-name=\"\(name)\">\(l.pick(zh: "下载 PNG", en: "Download PNG"))</button></p>"
        if let alternative {
            html += "<details><summary>\(l.pick(zh: "图表数据", en: "Chart data"))</summary>\(alternative.html())</details>"
        }
        return html + "</figure>"
    }

    /// A report figure by key; its SVG was built by the report's renderers through ``HTML``.
    static func reportFigure(_ report: Report, key: String) -> HTML? {
        report.figure(key).map { HTML(trusted: $0) }
    }

    /// CSV and XLSX links for a table.
    static func downloads(
        _ table: PageTable,
        query: Query,
        set changes: [String: String?] = [:],
        _ l: ReportLanguage
    ) -> HTML {
        var all = changes
        all["lang"] = l.rawValue
        let suffix = query.with(all)
        return
            "<p class=\"downloads\">\(l.pick(zh: "下载本表：", en: "Download this table: "))<a href=\"/tables/\(table.name).csv\(suffix)\">CSV</a> <a href=\"/tables/\(table.name).xlsx\(suffix)\">XLSX</a></p>"
    }

    static func regional(_ snapshot: DashboardSnapshot) -> CrossSectionResult? {
        for case .crossSection(let section) in snapshot.results.evaluations { return section }
        return nil
    }

    static func national(_ snapshot: DashboardSnapshot) -> SeriesResult? {
        for case .series(let series) in snapshot.results.evaluations { return series }
        return nil
    }

    static func tierName(_ tier: Int?, _ section: CrossSectionResult, _ l: ReportLanguage) -> String {
        guard let tier else { return "—" }
        return tier >= 1 && tier <= section.tierNames.count ? l.pick(section.tierNames[tier - 1]) : "\(tier)"
    }

    static func tierBadge(_ tier: Int?, _ section: CrossSectionResult, _ l: ReportLanguage) -> HTML {
        guard let tier else { return "—" }
        return "<span class=\"tier tier\(min(max(tier, 1), 4))\">\(tierName(tier, section, l))</span>"
    }

    static func pillars(_ section: CrossSectionResult) -> [NodeInfo] {
        section.nodes.filter { $0.depth == 1 && !$0.isIndicator }
    }

    static func rootID(_ nodes: [NodeInfo]) -> String {
        nodes.first { $0.parent == nil }?.id ?? "index"
    }

    /// A value as printed: whole numbers without decimals, others with up to two (four below 1),
    /// thousands separated.
    static func value(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        if value == value.rounded(), abs(value) < 1e15 { return SVG.label(value, 0) }
        return SVG.label(value, abs(value) < 1 ? 4 : 2)
    }

    /// An indicator's unit in the page's language.
    static func unitLabel(_ unit: String, _ l: ReportLanguage) -> String {
        guard l == .en else { return unit }
        let english = [
            "个": "", "家": "firms", "万个": "×10⁴", "万家": "×10⁴ firms", "万人": "×10⁴ people", "万架": "×10⁴ racks",
            "亿个": "×10⁸",
            "亿元": "×10⁸ yuan", "万亿元": "×10¹² yuan", "亿次": "×10⁸ times", "件": "items", "项": "items",
            "人年": "person-years",
        ]
        return english[unit] ?? unit
    }

    static func statusName(_ status: ObservationStatus, _ l: ReportLanguage) -> String {
        switch status {
        case .reported: l.pick(zh: "公布值", en: "reported")
        case .estimated: l.pick(zh: "估计值", en: "estimated")
        case .synthetic: l.pick(zh: "合成示意值", en: "synthetic")
        }
    }

    static func change(
        _ before: Int?,
        _ now: Int?,
        _ l: ReportLanguage
    ) -> (text: String, markup: HTML, number: Double?) {
        guard let before, let now else { return ("—", "—", nil) }
        let moved = before - now
        if moved > 0 {
            return (
                "+\(moved)",
                "<span class=\"up\" aria-label=\"\(l.pick(zh: "上升 \(moved) 位", en: "up \(moved)"))\">↑\(moved)</span>",
                Double(moved)
            )
        }
        if moved < 0 {
            return (
                "\(moved)",
                "<span class=\"down\" aria-label=\"\(l.pick(zh: "下降 \(-moved) 位", en: "down \(-moved)"))\">↓\(-moved)</span>",
                Double(moved)
            )
        }
        return ("0", "—", 0)
    }

    /// The tier map with every province linking to its page: geographic with `serve --geo`, the
    /// tile grid otherwise.
    static func linkedTileMap(
        _ section: CrossSectionResult,
        names: (String) -> String,
        shapes: GeoShapes? = nil,
        _ l: ReportLanguage
    ) -> SVG {
        let title = l.pick(zh: "\(section.period) 年区域发展梯队（点击进入各省页面）", en: "Tiers, \(section.period) (select a region)")
        let tiles = section.units.map { unit in
            Charts.Tile(
                code: unit.id,
                label: shortName(names(unit.id), l),
                tier: unit.tier,
                score: unit.score,
                href: link("/regions/" + pathComponent(unit.id), l, ["period": section.period]),
                tooltip:
                    "\(names(unit.id)): \(SVG.label(unit.score ?? .nan)) · \(l.pick(zh: "第 \(unit.rank ?? 0) 名", en: "rank \(unit.rank ?? 0)")) · \(tierName(unit.tier, section, l))"
            )
        }
        if let shapes {
            return Charts.geoMap(
                title: title,
                shapes: shapes,
                regions: tiles,
                tierNames: section.tierNames.map { l.pick($0) },
                note: l.pick(
                    zh: "底图：\(shapes.source)（简化边界，非审图号标准地图）",
                    en: "Geometry: \(shapes.source) (simplified; not an approved standard map)"
                )
            )
        }
        return Charts.tileMap(title: title, tiles: tiles, tierNames: section.tierNames.map { l.pick($0) })
    }

    static func shortName(_ name: String, _ l: ReportLanguage) -> String { ReportBuilder.shortName(name, l) }

    /// A unit id as one path segment.
    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
    }

    /// A path segment as the id it encodes (``pathComponent(_:)`` in reverse).
    static func decodedSegment(_ segment: String) -> String {
        segment.removingPercentEncoding ?? segment
    }

    static func names(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> (String) -> String {
        let table = Dictionary(snapshot.dataset.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return { id in table[id].map { l.pick($0) } ?? id }
    }

    static func periodSwitch(
        _ snapshot: DashboardSnapshot,
        current: String,
        path: String,
        query: Query,
        _ l: ReportLanguage
    ) -> HTML {
        let periods = snapshot.regionalPeriods.map(\.period)
        guard periods.count > 1 else { return HTML() }
        let items = periods.map { period -> HTML in
            period == current
                ? "<strong aria-current=\"true\">\(period)</strong>"
                : "<a href=\"\(path + query.with(["period": period, "lang": l.rawValue]))\">\(period)</a>"
        }.joined(separator: " ")
        return
            "<nav class=\"periods\" aria-label=\"\(l.pick(zh: "年份", en: "Year"))\">\(l.pick(zh: "年份：", en: "Year: "))\(items)</nav>"
    }

    // MARK: - Overview

    static func overview(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        let report = snapshot.report(l)
        let name = names(snapshot, l)
        var body: HTML = "<p class=\"lead\" id=\"headline\">\(report.headline)</p><dl class=\"cards\">"
        if let series = national(snapshot) {
            let root = rootID(series.nodes)
            let values = series.series[root] ?? []
            let last = series.periods.last ?? ""
            body +=
                "<div class=\"card\"><dt>\(l.pick(zh: "全国指数（\(last) 年）", en: "National index, \(last)"))</dt><dd>\(SVG.label(values.last.flatMap { $0 } ?? .nan))</dd></div>"
            body +=
                "<div class=\"card\"><dt>\(l.pick(zh: "年均增长率（\(series.periods.first ?? "")—\(last)）", en: "CAGR, \(series.periods.first ?? "")–\(last)"))</dt><dd>\(SVG.label(series.cagr[root].flatMap { $0 } ?? .nan))%</dd></div>"
            body +=
                "<div class=\"card\"><dt>\(l.pick(zh: "\(last) 年同比增长", en: "Growth in \(last)"))</dt><dd>\(SVG.label((series.growth[root] ?? []).last.flatMap { $0 } ?? .nan))%</dd></div>"
        }
        if let section = regional(snapshot) {
            for (index, tier) in section.tierNames.enumerated() {
                let count = section.units.filter { $0.tier == index + 1 }.count
                body +=
                    "<div class=\"card\"><dt>\(l.pick(tier))\(l.pick(zh: "梯队", en: " tier"))</dt><dd>\(count) <small>\(l.pick(zh: "个地区", en: count == 1 ? "region" : "regions"))</small></dd></div>"
            }
        }
        body += "</dl>"
        if let section = regional(snapshot),
            let sentence = Narrative.concentration(
                l,
                tier: l.pick(section.tierNames.first ?? LocalisedText(zh: "", en: "")),
                count: section.units.filter { $0.tier == 1 }.count,
                nodes: section.nodes.filter { $0.depth == 2 && !$0.isIndicator }.compactMap { node in
                    section.leadingShare[node.id].map { (l.pick(node.name), $0) }
                }
            )
        {
            body += "<p id=\"concentration\">\(sentence)</p>"
        }
        body += "<div class=\"grid\">"
        if let series = national(snapshot) {
            let root = rootID(series.nodes)
            let pillars = series.nodes.filter { $0.depth == 1 && !$0.isIndicator }
            var table = PageTable(
                name: "national",
                caption: l.pick(series.name),
                header: [l.pick(zh: "年份", en: "Year"), l.pick(zh: "总指数", en: "Index")]
                    + pillars.map { l.pick($0.name) },
                rows: []
            )
            for (t, period) in series.periods.enumerated() {
                let values = ([root] + pillars.map(\.id)).map { id -> PageTable.Item in
                    let v = (series.series[id] ?? []).indices.contains(t) ? series.series[id]?[t] ?? nil : nil
                    return PageTable.Item(SVG.label(v ?? .nan), number: v)
                }
                table.rows.append([PageTable.Item(period)] + values)
            }
            if let svg = reportFigure(report, key: "national-index") {
                body += chart(svg, name: "national-index", caption: l.pick(series.name), alternative: table, l)
            }
            if let svg = reportFigure(report, key: "national-subindices") {
                body += chart(
                    svg,
                    name: "national-subindices",
                    caption: l.pick(zh: "各项分指数", en: "Sub-indices"),
                    alternative: table,
                    l
                )
            }
        }
        if let section = regional(snapshot) {
            let top = (section.top[rootID(section.nodes)] ?? [])
            body += chart(
                linkedTileMap(section, names: name, shapes: snapshot.shapes, l).markup,
                name: "tier-map",
                caption: l.pick(zh: "区域发展梯队", en: "Regional tiers"),
                alternative: rankingTable(section, previous: nil, names: name, l),
                l
            )
            if let svg = reportFigure(report, key: "regional-top10") {
                body += chart(
                    svg,
                    name: "regional-top10",
                    caption: Narrative.topTen(l, names: top.map(name), period: section.period),
                    alternative: topTable(
                        top.compactMap { id in
                            section.units.first { $0.id == id }.flatMap { unit in unit.score.map { (name(id), $0) } }
                        },
                        caption: l.pick(zh: "前 10 名", en: "Top 10"),
                        l
                    ),
                    l
                )
            }
        }
        body += "</div>"
        let source =
            snapshot.run.map {
                l.pick(zh: "运行 #\($0.id)（\($0.dataset.reference)）", en: "run #\($0.id) (\($0.dataset.reference))")
            }
            ?? l.pick(zh: "内置框架与数据", en: "the built-in framework and data")
        body += "<p><small>\(l.pick(zh: "来源：", en: "Source: ") + source)</small></p>"
        return layout(
            title: l.pick(snapshot.results.frameworkName),
            language: l,
            path: "/",
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    // MARK: - Regions

    /// A top-10 chart's data as a table: rank (ties shared, as the chart shows them), name, score.
    static func topTable(_ entries: [(String, Double)], caption: String, _ l: ReportLanguage) -> PageTable {
        PageTable(
            name: "top10",
            caption: caption,
            header: [l.pick(zh: "地区", en: "Region"), l.pick(zh: "名次", en: "Rank"), l.pick(zh: "得分", en: "Score")],
            rows: zip(entries, Charts.sharedRanks(entries.map(\.1))).map { entry, rank in
                [
                    PageTable.Item(entry.0), PageTable.Item(String(rank), number: Double(rank)),
                    PageTable.Item(SVG.label(entry.1), number: entry.1),
                ]
            }
        )
    }

    /// The ranking of a period, with rank changes against the period before.
    static func rankingTable(
        _ section: CrossSectionResult,
        previous: CrossSectionResult?,
        names: (String) -> String,
        _ l: ReportLanguage
    ) -> PageTable {
        let pillars = pillars(section)
        var header = [l.pick(zh: "地区", en: "Region"), l.pick(zh: "排名", en: "Rank")]
        if let previous { header.append(l.pick(zh: "较 \(previous.period) 年", en: "vs \(previous.period)")) }
        header +=
            [l.pick(zh: "得分", en: "Score"), l.pick(zh: "梯队", en: "Tier")]
            + pillars.map { l.pick($0.name) + l.pick(zh: "（名次）", en: " (rank)") }
        var table = PageTable(
            name: "ranking",
            caption: l.pick(zh: "\(section.period) 年各地区得分与排名", en: "Scores and ranks, \(section.period)"),
            header: header,
            rows: []
        )
        table.isSortable = true
        for unit in section.units.sorted(by: { ($0.rank ?? Int.max, $0.id) < ($1.rank ?? Int.max, $1.id) }) {
            var row = [
                PageTable.Item(
                    names(unit.id),
                    link: link("/regions/" + pathComponent(unit.id), l, ["period": section.period])
                ),
                PageTable.Item(unit.rank.map(String.init) ?? "—", number: unit.rank.map(Double.init)),
            ]
            if let previous {
                let moved = change(previous.units.first { $0.id == unit.id }?.rank, unit.rank, l)
                row.append(PageTable.Item(moved.text, number: moved.number, markup: moved.markup))
            }
            row.append(PageTable.Item(SVG.label(unit.score ?? .nan), number: unit.score))
            row.append(
                PageTable.Item(
                    tierName(unit.tier, section, l),
                    number: unit.tier.map(Double.init),
                    markup: tierBadge(unit.tier, section, l)
                )
            )
            for pillar in pillars {
                let node = unit.nodes[pillar.id]
                let score = node?.score.flatMap { $0 }
                row.append(
                    PageTable.Item("\(SVG.label(score ?? .nan)) (\(node?.rank.map(String.init) ?? "—"))", number: score)
                )
            }
            table.rows.append(row)
        }
        return table
    }

    static func regions(_ snapshot: DashboardSnapshot, query: Query, _ l: ReportLanguage) -> String? {
        guard let section = snapshot.regional(period: query["period"]) else {
            return layout(
                title: l.pick(zh: "地区排名", en: "Regions"),
                language: l,
                path: "/regions",
                query: query,
                snapshot: snapshot,
                illustrative: false,
                body: "<p>\(l.pick(zh: "这些结果没有区域评价。", en: "These results have no regional evaluation."))</p>"
            )
        }
        let name = names(snapshot, l)
        let previous = snapshot.previous(section)
        var body = periodSwitch(snapshot, current: section.period, path: "/regions", query: query, l)
        let table = rankingTable(section, previous: previous, names: name, l)
        body += table.html(id: "ranking") + downloads(table, query: query, set: ["period": section.period], l)
        if let previous {
            let moves = section.units.compactMap { unit -> (String, Int)? in
                guard let now = unit.rank, let then = previous.units.first(where: { $0.id == unit.id })?.rank,
                    now != then
                else { return nil }
                return (name(unit.id), then - now)
            }.sorted { (abs($0.1), $1.0) > (abs($1.1), $0.0) }.prefix(5)
            if !moves.isEmpty {
                let list = moves.map { "\($0.0) \($0.1 > 0 ? "↑" : "↓")\(abs($0.1))" }.joined(
                    separator: l.pick(zh: "、", en: ", ")
                )
                body +=
                    "<p>\(l.pick(zh: "与 \(previous.period) 年相比排名变化最大的地区：", en: "Largest rank changes since \(previous.period): "))\(list)</p>"
            }
        }
        body += "<div class=\"grid\">"
        body += chart(
            linkedTileMap(section, names: name, shapes: snapshot.shapes, l).markup,
            name: "tier-map-\(section.period)",
            caption: l.pick(zh: "梯队分布", en: "Tier map"),
            alternative: nil,
            l
        )
        let root = rootID(section.nodes)
        for node in [root] + pillars(section).map(\.id) {
            let entries = (section.top[node] ?? []).compactMap { id in
                section.units.first { $0.id == id }.flatMap { unit in unit.nodes[node]?.score.map { (name(id), $0) } }
            }
            let nodeName = section.nodes.first { $0.id == node }.map { l.pick($0.name) } ?? node
            let title =
                node == root
                ? l.pick(zh: "\(section.period) 年总指数前 10 名", en: "Top 10, \(section.period)")
                : l.pick(zh: "\(section.period) 年\(nodeName)前 10 名", en: "\(nodeName): top 10, \(section.period)")
            body += chart(
                Charts.ranking(title: title, entries: entries, unit: "").markup,
                name: "top10-\(ReportBuilder.fileSlug(node))-\(section.period)",
                caption: title,
                alternative: topTable(entries, caption: title, l),
                l
            )
        }
        body += "</div>"
        return layout(
            title: l.pick(section.name) + l.pick(zh: "（\(section.period) 年）", en: ", \(section.period)"),
            language: l,
            path: "/regions",
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    // MARK: - Province

    /// - Parameter computing: whether robustness or levers are still being computed in the background.
    static func province(
        _ snapshot: DashboardSnapshot,
        id: String,
        query: Query,
        summary: RankSummary?,
        levers: LeverReport?,
        computing: Bool = false,
        _ l: ReportLanguage
    ) -> String? {
        guard let section = snapshot.regional(period: query["period"]),
            let unit = section.units.first(where: { $0.id == id })
        else { return nil }
        let name = names(snapshot, l)
        let isLatest = section.period == regional(snapshot)?.period
        let pillars = pillars(section)
        var body = periodSwitch(
            snapshot,
            current: section.period,
            path: "/regions/" + pathComponent(id),
            query: query,
            l
        )
        body +=
            "<p class=\"lead\">\(l.pick(zh: "\(section.period) 年总指数", en: "Score in \(section.period)")) \(SVG.label(unit.score ?? .nan)) · \(l.pick(zh: "全国第 \(unit.rank ?? 0) 名（共 \(section.units.count) 个）", en: "rank \(unit.rank ?? 0) of \(section.units.count)")) · \(tierBadge(unit.tier, section, l))</p>"
        if computing && isLatest {
            body +=
                "<p class=\"note\" id=\"computing\">\(l.pick(zh: "稳健性与提升抓手正在后台计算，请稍后刷新本页。", en: "Robustness and levers are being computed; reload this page in a moment."))</p>"
        }
        // Trend over the periods.
        let history = snapshot.regionalPeriods.compactMap { past in
            past.units.first { $0.id == id }.map { (past.period, $0) }
        }
        if history.count > 1 {
            let trend = PageTable(
                name: "trend",
                caption: l.pick(zh: "历年得分与排名", en: "Score and rank by year"),
                header: [l.pick(zh: "年份", en: "Year"), l.pick(zh: "得分", en: "Score"), l.pick(zh: "排名", en: "Rank")],
                rows: history.map {
                    [
                        PageTable.Item($0.0), PageTable.Item(SVG.label($0.1.score ?? .nan), number: $0.1.score),
                        PageTable.Item($0.1.rank.map(String.init) ?? "—", number: $0.1.rank.map(Double.init)),
                    ]
                }
            )
            let svg = Charts.lines(
                title: l.pick(zh: "\(name(id))历年得分", en: "\(name(id)): score by year"),
                periods: history.map(\.0),
                series: [(name(id), history.map { $0.1.score })],
                yLabel: l.pick(zh: "得分", en: "Score")
            )
            body +=
                "<h2>\(l.pick(zh: "走势", en: "Trend"))</h2>"
                + chart(
                    svg.markup,
                    name: "trend-\(ReportBuilder.fileSlug(id))",
                    caption: trend.caption,
                    alternative: trend,
                    l
                )
        }
        // Radar against the national median and the tier's mean.
        let medians = pillars.map { pillar in
            Statistics.median(section.units.compactMap { $0.nodes[pillar.id]?.score ?? nil })
        }
        let tierMeans = pillars.map { pillar in
            Statistics.mean(
                section.units.filter { $0.tier == unit.tier }.compactMap { $0.nodes[pillar.id]?.score ?? nil }
            )
        }
        let radar = Charts.radar(
            title: name(id),
            axes: pillars.map { l.pick($0.name) },
            series: [
                (name(id), pillars.map { unit.nodes[$0.id]?.score.flatMap { $0 } ?? 0 }),
                (l.pick(zh: "全国中位数", en: "National median"), medians),
                (l.pick(zh: "所在梯队均值", en: "Tier mean"), tierMeans),
            ]
        )
        let pillarTable = PageTable(
            name: "pillars",
            caption: l.pick(zh: "各分指数得分与名次", en: "Sub-index scores and ranks"),
            header: [
                l.pick(zh: "分指数", en: "Sub-index"), l.pick(zh: "得分", en: "Score"), l.pick(zh: "名次", en: "Rank"),
                l.pick(zh: "全国中位数", en: "National median"),
            ],
            rows: pillars.enumerated().map { index, pillar in
                let node = unit.nodes[pillar.id]
                return [
                    PageTable.Item(l.pick(pillar.name)),
                    PageTable.Item(SVG.label(node?.score.flatMap { $0 } ?? .nan), number: node?.score ?? nil),
                    PageTable.Item(node?.rank.map(String.init) ?? "—", number: node?.rank.map(Double.init)),
                    PageTable.Item(SVG.label(medians[index]), number: medians[index]),
                ]
            }
        )
        body +=
            "<h2>\(l.pick(zh: "分指数", en: "Sub-indices"))</h2><div class=\"grid\">"
            + chart(
                radar.markup,
                name: "radar-\(ReportBuilder.fileSlug(id))",
                caption: l.pick(zh: "各分指数与全国中位数、梯队均值", en: "Sub-indices against the national median and the tier mean"),
                alternative: nil,
                isWide: false,
                l
            )
        body += "<div>" + pillarTable.html() + "</div></div>"
        // Strengths and gaps.
        let relative = Narrative.relativeRanks(unit, in: section)
        body += "<h2>\(l.pick(zh: "优势与短板", en: "Strengths and gaps"))</h2>"
        func places(_ list: [(NodeInfo, Int)]) -> HTML {
            guard !list.isEmpty else {
                return "<p>\(l.pick(zh: "无（与总排名相差不足 8 位）。", en: "None (within 8 places of the overall rank)."))</p>"
            }
            return "<ul>"
                + list.map { node, gap -> HTML in
                    "<li>\(l.pick(node.name))\(l.pick(zh: "：", en: ": "))\(l.pick(zh: "第 \(unit.nodes[node.id]?.rank ?? 0) 名（较总排名\(gap > 0 ? "高" : "低") \(abs(gap)) 位）", en: "rank \(unit.nodes[node.id]?.rank ?? 0) (\(abs(gap)) places \(gap > 0 ? "above" : "below") the overall rank)"))</li>"
                }.joined() + "</ul>"
        }
        body += "<h3>\(l.pick(zh: "相对优势", en: "Strengths"))</h3>" + places(relative.strengths)
        body += "<h3>\(l.pick(zh: "相对短板", en: "Gaps"))</h3>" + places(relative.gaps)
        if isLatest, let stats = summary?.units[id] {
            let tiers = stats.tiers.enumerated().map {
                "\(tierName($0.offset + 1, section, l)) \(SVG.label($0.element * 100, 0))%"
            }
            body +=
                "<h2>\(l.pick(zh: "稳健性", en: "Robustness"))</h2><p>\(l.pick(zh: "\(summary?.replications ?? 0) 次模拟（权重、标准化、合成方法与梯队划分同时变化）：排名中位数 \(stats.median)，90% 区间 \(stats.q05)—\(stats.q95)；梯队概率：", en: "\(summary?.replications ?? 0) replications varying weights, normalisation, aggregation and tiers: median rank \(stats.median), 90 % interval \(stats.q05)–\(stats.q95); tier probabilities: ") + tiers.joined(separator: l.pick(zh: "、", en: ", ")))</p>"
        }
        if isLatest, let levers {
            body += "<h2>\(l.pick(zh: "提升抓手", en: "Levers"))</h2>"
            if levers.tier <= 1 {
                body +=
                    "<p>\(l.pick(zh: "\(name(id))已处于\(tierName(1, section, l))梯队；以下指标对得分的边际贡献最大。", en: "\(name(id)) is already in the \(tierName(1, section, l)) tier; these indicators add most to its score."))</p>"
            }
            body += "<ol>"
            for lever in levers.levers.prefix(6) {
                body += "<li>\(leverSentence(lever, unitName: name(id), tier: levers.tier, section: section, l))</li>"
            }
            body += "</ol>"
        }
        // Every value with its name, unit, status and source.
        let indicators = Dictionary(snapshot.framework.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var values = PageTable(
            name: "province",
            caption: l.pick(zh: "\(name(id))各指标数值（\(section.period) 年）", en: "\(name(id)): values, \(section.period)"),
            header: [
                l.pick(zh: "指标", en: "Indicator"), l.pick(zh: "数值", en: "Value"), l.pick(zh: "单位", en: "Unit"),
                l.pick(zh: "状态", en: "Status"), l.pick(zh: "来源", en: "Source"),
            ],
            rows: []
        )
        for observation in snapshot.dataset.observations
        where observation.unit == id && observation.period == section.period {
            let indicator = indicators[observation.indicator]
            values.rows.append([
                PageTable.Item(indicator.map { l.pick($0.name) } ?? observation.indicator),
                PageTable.Item(value(observation.value), number: observation.value),
                PageTable.Item(unitLabel(indicator?.unit ?? "", l)), PageTable.Item(statusName(observation.status, l)),
                PageTable.Item(observation.source),
            ])
        }
        body +=
            "<h2>\(l.pick(zh: "数据与来源", en: "Data and sources"))</h2>" + values.html()
            + downloads(values, query: Query(nil), set: ["unit": id, "period": section.period], l)
        return layout(
            title: name(id),
            language: l,
            path: "/regions/" + pathComponent(id),
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    /// A lever as a sentence in the page's language: the value needed for the next tier, or why
    /// one indicator alone cannot get there, and the gain per step.
    static func leverSentence(
        _ lever: LeverReport.Lever,
        unitName: String,
        tier: Int,
        section: CrossSectionResult,
        _ l: ReportLanguage
    ) -> HTML {
        let unit = unitLabel(lever.unit, l)
        let spaced = unit.isEmpty ? "" : (l == .zh ? unit : " " + unit)
        let now = lever.value.map { value($0) + spaced } ?? l.pick(zh: "缺失", en: "missing")
        let gain = SVG.label(lever.gainPerStep, 2)
        // The step to two significant figures: 0.60 firms, 398 firms, 11.9 × 10⁸ yuan.
        let digits = lever.step >= 100 ? 0 : (lever.step >= 10 ? 1 : (lever.step >= 1 ? 2 : 3))
        let step = (lever.step == lever.step.rounded() ? value(lever.step) : SVG.label(lever.step, digits)) + spaced
        let name = l.pick(lever.name)
        if let target = lever.valueForNextTier {
            return
                "<strong>\(name)</strong>\(l.pick(zh: "：当前 \(now)，达到 \(value(target))\(spaced) 即可升入\(tierName(tier - 1, section, l))梯队；每提高 \(step)，总分增加 \(gain)。", en: ": now \(now); \(value(target))\(spaced) would lift \(unitName) into the \(tierName(tier - 1, section, l)) tier; each \(step) more adds \(gain) to the score."))"
        }
        if tier <= 1 {
            return
                "<strong>\(name)</strong>\(l.pick(zh: "：当前 \(now)；每提高 \(step)，总分增加 \(gain)。", en: ": now \(now); each \(step) more adds \(gain) to the score."))"
        }
        return
            "<strong>\(name)</strong>\(l.pick(zh: "：当前 \(now)；仅提高这一项不足以升入上一梯队，每提高 \(step)，总分增加 \(gain)。", en: ": now \(now); this indicator alone cannot lift \(unitName) into the next tier; each \(step) more adds \(gain) to the score."))"
    }

    // MARK: - Compare

    static func compare(_ snapshot: DashboardSnapshot, query: Query, _ l: ReportLanguage) -> String? {
        guard let section = snapshot.regional(period: query["period"]) else { return nil }
        let name = names(snapshot, l)
        let requested = query.all("units", "u")
        let chosen = requested.compactMap { id in section.units.first { $0.id == id } }.prefix(4)
        let pillars = pillars(section)
        var body = periodSwitch(snapshot, current: section.period, path: "/compare", query: query, l)
        // The form: tick up to four regions.
        body +=
            "<form method=\"get\" action=\"/compare\"><input type=\"hidden\" name=\"lang\" value=\"\(l.rawValue)\"><input type=\"hidden\" name=\"period\" value=\"\(section.period)\"><fieldset><legend>\(l.pick(zh: "选择 2—4 个地区", en: "Choose two to four regions"))</legend><div class=\"choices\">"
        for unit in section.units.sorted(by: { ($0.rank ?? Int.max) < ($1.rank ?? Int.max) }) {
            let checked: HTML = chosen.contains { $0.id == unit.id } ? " checked" : HTML()
            body +=
                "<label><input type=\"checkbox\" name=\"u\" value=\"\(unit.id)\"\(checked)> \(name(unit.id))</label>"
        }
        body += "</div></fieldset><p><button type=\"submit\">\(l.pick(zh: "对比", en: "Compare"))</button></p></form>"
        if requested.count != chosen.count {
            let unknown = requested.filter { id in !section.units.contains { $0.id == id } }
            if !unknown.isEmpty {
                body +=
                    "<p role=\"alert\">\(l.pick(zh: "未知地区：", en: "Unknown regions: "))\(unknown.joined(separator: ", "))</p>"
            }
        }
        if chosen.count >= 2 {
            let table = compareTable(section, units: Array(chosen), names: name, l)
            body +=
                "<h2>\(l.pick(zh: "得分与名次", en: "Scores and ranks"))</h2>" + table.html(id: "comparison")
                + downloads(table, query: query, l)
            let medians = pillars.map { pillar in
                Statistics.median(section.units.compactMap { $0.nodes[pillar.id]?.score ?? nil })
            }
            body += "<h2>\(l.pick(zh: "雷达图", en: "Radars"))</h2><div class=\"grid\">"
            for unit in chosen {
                let svg = Charts.radar(
                    title: name(unit.id),
                    axes: pillars.map { l.pick($0.name) },
                    series: [
                        (name(unit.id), pillars.map { unit.nodes[$0.id]?.score.flatMap { $0 } ?? 0 }),
                        (l.pick(zh: "全国中位数", en: "National median"), medians),
                    ]
                )
                body += chart(
                    svg.markup,
                    name: "radar-\(ReportBuilder.fileSlug(unit.id))",
                    caption: name(unit.id),
                    alternative: nil,
                    isWide: false,
                    l
                )
            }
            body += "</div>"
        } else {
            body += "<p>\(l.pick(zh: "请至少选择两个地区。", en: "Choose at least two regions."))</p>"
        }
        return layout(
            title: l.pick(zh: "地区对比（\(section.period) 年）", en: "Compare regions, \(section.period)"),
            language: l,
            path: "/compare",
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    /// Pillar scores and ranks side by side, the rows where the units differ most first.
    static func compareTable(
        _ section: CrossSectionResult,
        units: [UnitScore],
        names: (String) -> String,
        _ l: ReportLanguage
    ) -> PageTable {
        let root = rootID(section.nodes)
        let nodes = [section.nodes.first { $0.id == root }].compactMap { $0 } + pillars(section)
        var table = PageTable(
            name: "compare",
            caption: l.pick(
                zh: "\(section.period) 年得分（名次），差异最大的分项在前",
                en: "Scores (ranks), \(section.period), largest differences first"
            ),
            header: [l.pick(zh: "指数", en: "Index")] + units.map { names($0.id) } + [
                l.pick(zh: "最大差距", en: "Largest gap")
            ],
            rows: []
        )
        var rows: [(Double, [PageTable.Item])] = []
        for node in nodes {
            let scores = units.map { node.id == root ? $0.score : $0.nodes[node.id]?.score ?? nil }
            let ranks = units.map { node.id == root ? $0.rank : $0.nodes[node.id]?.rank }
            let finite = scores.compactMap { $0 }
            let gap = (finite.max() ?? 0) - (finite.min() ?? 0)
            let label = node.id == root ? l.pick(zh: "总指数", en: "Overall") : l.pick(node.name)
            let cells = zip(scores, ranks).map { score, rank in
                PageTable.Item("\(SVG.label(score ?? .nan)) (\(rank.map(String.init) ?? "—"))", number: score)
            }
            rows.append(
                (
                    node.id == root ? .infinity : gap,
                    [PageTable.Item(label)] + cells + [PageTable.Item(SVG.label(gap), number: gap)]
                )
            )
        }
        table.rows = rows.sorted { $0.0 > $1.0 }.map(\.1)
        return table
    }

    // MARK: - Framework

    static func framework(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        var body = HTML()
        for evaluation in snapshot.results.evaluations {
            guard let derived = snapshot.results.weights[evaluation.id] else { continue }
            let evaluationName: String
            switch evaluation {
            case .series(let series): evaluationName = l.pick(series.name)
            case .crossSection(let section): evaluationName = l.pick(section.name)
            }
            let table = PageTable(
                name: "framework",
                caption: evaluationName,
                header: [
                    l.pick(zh: "节点", en: "Node"), l.pick(zh: "局部权重 %", en: "Local %"),
                    l.pick(zh: "全局权重 %", en: "Effective %"),
                ],
                rows: evaluation.nodes.map { node in
                    [
                        PageTable.Item(String(repeating: "　", count: node.depth) + l.pick(node.name)),
                        PageTable.Item(SVG.label(node.localWeight * 100, 2), number: node.localWeight * 100),
                        PageTable.Item(
                            SVG.label(derived.effective[node.id] ?? .nan, 2),
                            number: derived.effective[node.id]
                        ),
                    ]
                }
            )
            body += "<h2>\(evaluationName)</h2>" + table.html()
            if !derived.ahp.isEmpty {
                let order = Dictionary(
                    evaluation.nodes.enumerated().map { ($1.id, $0) },
                    uniquingKeysWith: { a, _ in a }
                )
                let nodeNames = Dictionary(
                    evaluation.nodes.map { ($0.id, l.pick($0.name)) },
                    uniquingKeysWith: { a, _ in a }
                )
                let ahp = PageTable(
                    name: "ahp",
                    caption: l.pick(zh: "层次分析法判断矩阵", en: "AHP judgement matrices"),
                    header: [l.pick(zh: "判断矩阵（上级指标）", en: "Matrix (parent)"), "λmax", "CI", "CR"],
                    rows: derived.ahp.sorted { (order[$0.key] ?? Int.max, $0.key) < (order[$1.key] ?? Int.max, $1.key) }
                        .compactMap { node, result in
                            guard let c = result.consistency else { return nil }
                            return [
                                PageTable.Item(nodeNames[node] ?? node),
                                PageTable.Item(SVG.label(c.lambdaMax, 4), number: c.lambdaMax),
                                PageTable.Item(SVG.label(c.ci, 4), number: c.ci),
                                PageTable.Item(SVG.label(c.cr, 4), number: c.cr),
                            ]
                        }
                )
                body += "<h3>\(l.pick(zh: "层次分析法", en: "AHP"))</h3>" + ahp.html()
            }
            if let panel = derived.panel {
                body +=
                    "<p>\(l.pick(zh: "专家打分：Kendall W = \(SVG.label(panel.kendallW, 3))，χ² = \(SVG.label(panel.chiSquare, 2))，p = \(SVG.label(panel.pValue, 4))", en: "Expert panel: Kendall's W = \(SVG.label(panel.kendallW, 3)), χ² = \(SVG.label(panel.chiSquare, 2)), p = \(SVG.label(panel.pValue, 4))"))</p>"
            }
        }
        return layout(
            title: l.pick(zh: "指标体系与权重", en: "Framework and weights"),
            language: l,
            path: "/framework",
            snapshot: snapshot,
            illustrative: false,
            body: body
        )
    }

    // MARK: - Data

    static let pageSize = 100

    /// The observations a data page's filters select, as a table with names (all pages).
    static func valuesTable(_ snapshot: DashboardSnapshot, query: Query, _ l: ReportLanguage) -> PageTable {
        let name = names(snapshot, l)
        let indicators = Dictionary(snapshot.framework.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let unit = query["unit"]
        let indicator = query["indicator"]
        let status = query["status"]
        let period = query["period"]
        var table = PageTable(
            name: "values",
            caption: l.pick(zh: "数值", en: "Values"),
            header: [
                l.pick(zh: "地区", en: "Region"), l.pick(zh: "指标", en: "Indicator"), l.pick(zh: "年份", en: "Year"),
                l.pick(zh: "数值", en: "Value"),
                l.pick(zh: "单位", en: "Unit"), l.pick(zh: "状态", en: "Status"), l.pick(zh: "来源", en: "Source"),
            ],
            rows: []
        )
        for o in snapshot.dataset.observations
        where (unit == nil || o.unit == unit) && (indicator == nil || o.indicator == indicator)
            && (status == nil || o.status.rawValue == status)
            && (period == nil || o.period == period)
        {
            let info = indicators[o.indicator]
            table.rows.append([
                PageTable.Item(name(o.unit)), PageTable.Item(info.map { l.pick($0.name) } ?? o.indicator),
                PageTable.Item(o.period),
                PageTable.Item(value(o.value), number: o.value), PageTable.Item(unitLabel(info?.unit ?? "", l)),
                PageTable.Item(statusName(o.status, l)),
                PageTable.Item(o.source),
            ])
        }
        return table
    }

    static func data(
        _ snapshot: DashboardSnapshot,
        versions: [DatasetVersion],
        query: Query,
        _ l: ReportLanguage
    ) -> String {
        let name = names(snapshot, l)
        var body = HTML()
        if !versions.isEmpty {
            let table = PageTable(
                name: "datasets",
                caption: l.pick(zh: "已导入的数据集", en: "Imported datasets"),
                header: [
                    l.pick(zh: "数据集", en: "Dataset"), l.pick(zh: "数值个数", en: "Values"), "sha256",
                    l.pick(zh: "时间", en: "Created"),
                ],
                rows: versions.map { v in
                    [
                        PageTable.Item(v.reference),
                        PageTable.Item(SVG.label(Double(v.valueCount), 0), number: Double(v.valueCount)),
                        PageTable.Item(String(v.hash.prefix(12))), PageTable.Item(v.createdAt),
                    ]
                }
            )
            body += table.html()
        }
        // Filters.
        func select(_ field: String, _ label: String, _ options: [(String, String)]) -> HTML {
            let current = query[field]
            var html: HTML =
                "<label>\(label)<select name=\"\(field)\"><option value=\"\">\(l.pick(zh: "全部", en: "All"))</option>"
            for (value, text) in options {
                let selected: HTML = value == current ? " selected" : HTML()
                html += "<option value=\"\(value)\"\(selected)>\(text)</option>"
            }
            return html + "</select></label>"
        }
        let units = snapshot.dataset.units.filter { unit in
            snapshot.dataset.observations.contains { $0.unit == unit.id }
        }
        body +=
            "<form class=\"filters\" method=\"get\" action=\"/data\"><input type=\"hidden\" name=\"lang\" value=\"\(l.rawValue)\">"
        body += select("unit", l.pick(zh: "地区", en: "Region"), units.map { ($0.id, name($0.id)) })
        body += select(
            "indicator",
            l.pick(zh: "指标", en: "Indicator"),
            snapshot.framework.indicators.map { ($0.id, l.pick($0.name)) }
        )
        body += select("period", l.pick(zh: "年份", en: "Year"), snapshot.dataset.periods.map { ($0, $0) })
        body += select(
            "status",
            l.pick(zh: "状态", en: "Status"),
            ObservationStatus.allCases.map { ($0.rawValue, statusName($0, l)) }
        )
        body += "<button type=\"submit\">\(l.pick(zh: "筛选", en: "Filter"))</button></form>"
        var table = valuesTable(snapshot, query: query, l)
        let total = table.rows.count
        let pages = max(1, (total + pageSize - 1) / pageSize)
        let page = min(max(Int(query["page"] ?? "1") ?? 1, 1), pages)
        table.rows = Array(table.rows.dropFirst((page - 1) * pageSize).prefix(pageSize))
        table.caption = l.pick(
            zh: "数值（共 \(SVG.label(Double(total), 0)) 个，第 \(page)/\(pages) 页）",
            en: "Values (\(SVG.label(Double(total), 0)) in all; page \(page) of \(pages))"
        )
        body += table.html(id: "values") + downloads(table, query: query, set: ["page": nil], l)
        var pager: [HTML] = []
        if page > 1 {
            pager.append(
                "<a href=\"/data\(query.with(["page": String(page - 1), "lang": l.rawValue]))\" rel=\"prev\">\(l.pick(zh: "上一页", en: "Previous"))</a>"
            )
        }
        if page < pages {
            pager.append(
                "<a href=\"/data\(query.with(["page": String(page + 1), "lang": l.rawValue]))\" rel=\"next\">\(l.pick(zh: "下一页", en: "Next"))</a>"
            )
        }
        if !pager.isEmpty {
            body +=
                "<nav class=\"pager\" aria-label=\"\(l.pick(zh: "翻页", en: "Pages"))\">\(pager.joined(separator: " · "))</nav>"
        }
        return layout(
            title: l.pick(zh: "数据", en: "Data"),
            language: l,
            path: "/data",
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    // MARK: - Runs and upload

    static func runs(_ records: [RunRecord], _ l: ReportLanguage) -> String {
        var body: HTML =
            "<div class=\"scroll\"><table><caption>\(l.pick(zh: "运行记录", en: "Runs"))</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">\(l.pick(zh: "时间", en: "Created"))</th><th scope=\"col\">\(l.pick(zh: "数据集", en: "Dataset"))</th><th scope=\"col\">\(l.pick(zh: "选项", en: "Options"))</th><th scope=\"col\">sha256</th></tr></thead><tbody>"
        for r in records {
            let previous: HTML =
                records.first { $0.id < r.id }.map {
                    " · <a href=\"/api/v1/runs/\($0.id)/diff/\(r.id)\">diff #\($0.id)</a>"
                } ?? HTML()
            body +=
                "<tr><th scope=\"row\"><a href=\"/api/v1/runs/\(r.id)\">\(r.id)</a>\(previous)</th><td>\(r.createdAt)</td><td>\(r.dataset.reference)</td><td>\(r.options.summary)</td><td><code>\(String(r.resultsHash.prefix(12)))</code></td></tr>"
        }
        body += "</tbody></table></div>"
        if records.isEmpty {
            body += "<p>\(l.pick(zh: "尚无运行记录：当前显示内置数据。", en: "No runs yet: the built-in data are shown."))</p>"
        }
        return layout(
            title: l.pick(zh: "运行记录", en: "Runs"),
            language: l,
            path: "/runs",
            snapshot: nil,
            illustrative: false,
            body: body
        )
    }

    static func upload(_ l: ReportLanguage) -> String {
        let body: HTML = """
            <p>\(l.pick(zh: "上传 CSV 或 XLSX（长表或宽表），校验后作为新版本导入并运行。需要令牌。", en: "Upload a CSV or XLSX (long or wide); it is validated, imported as a new version and run. A token is required."))</p>
            <form id="upload">
            <p><label>\(l.pick(zh: "数据集名称", en: "Dataset name")) <input name="name" value="provinces" required></label></p>
            <p><label>\(l.pick(zh: "令牌", en: "Token")) <input name="token" type="password" required></label></p>
            <p><label>\(l.pick(zh: "文件", en: "File")) <input name="file" type="file" accept=".csv,.xlsx,.json" required></label></p>
            <p><button id="check">\(l.pick(zh: "校验", en: "Validate"))</button>
            <button id="send" disabled>\(l.pick(zh: "确认导入并运行", en: "Import and run"))</button></p>
            </form><pre id="result" aria-live="polite"></pre>
            <p><small>API: <code>curl -H "Authorization: Bearer TOKEN" --data-binary @data.csv "/api/v1/datasets?name=NAME&amp;file=data.csv"</code></small></p>
            <script>
            // Validate first and show the result for review; import only when it is valid and confirmed.
            function post(review) {
              var form = document.getElementById('upload'), file = form.file.files[0];
              if (!file) { return; }
              fetch('/api/v1/datasets?name=' + encodeURIComponent(form.name.value) + '&file=' + encodeURIComponent(file.name) + (review ? '&review=true' : ''), {
                method: 'POST', headers: { 'Authorization': 'Bearer ' + form.token.value }, body: file
              }).then(function (r) { return r.text().then(function (t) {
                document.getElementById('result').textContent = t;
                document.getElementById('send').disabled = !(review && r.ok);
              }); });
            }
            document.getElementById('upload').addEventListener('submit', function (event) { event.preventDefault(); });
            document.getElementById('check').addEventListener('click', function () { post(true); });
            document.getElementById('send').addEventListener('click', function () { post(false); });
            </script>
            """
        return layout(
            title: l.pick(zh: "上传数据", en: "Upload data"),
            language: l,
            path: "/upload",
            snapshot: nil,
            illustrative: false,
            body: body
        )
    }

    // MARK: - Tables and quick jump

    /// A page's table by name, for its CSV and XLSX downloads.
    static func table(
        named name: String,
        _ snapshot: DashboardSnapshot,
        query: Query,
        _ l: ReportLanguage
    ) -> PageTable? {
        let names = names(snapshot, l)
        switch name {
        case "ranking":
            guard let section = snapshot.regional(period: query["period"]) else { return nil }
            return rankingTable(section, previous: snapshot.previous(section), names: names, l)
        case "compare":
            guard let section = snapshot.regional(period: query["period"]) else { return nil }
            let units = query.all("units", "u").compactMap { id in section.units.first { $0.id == id } }
            return units.count >= 2 ? compareTable(section, units: Array(units.prefix(4)), names: names, l) : nil
        case "values", "province":
            var table = valuesTable(snapshot, query: query, l)
            table.name = name
            return table
        default:
            return nil
        }
    }

    /// The unit a quick-jump query names: its id, a name in either language or an alias.
    static func unit(matching text: String, in snapshot: DashboardSnapshot) -> String? {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !wanted.isEmpty, let section = regional(snapshot) else { return nil }
        let scored = Set(section.units.map(\.id))
        let units = snapshot.dataset.units.filter { scored.contains($0.id) }
        let exact = units.first { unit in
            ([unit.id, unit.name.zh, unit.name.en] + unit.aliases).contains { $0.lowercased() == wanted }
        }
        return exact?.id
            ?? units.first { $0.name.zh.hasPrefix(wanted) || $0.name.en.lowercased().hasPrefix(wanted) }?.id
    }
}
