import IndexCore
import IndexReport
import IndexStore

/// Server-rendered pages: readable without JavaScript; a few lines of plain JavaScript sort the
/// ranking table. Every name that comes from data is escaped.
enum Pages {
    static func e(_ text: String) -> String { SVG.escape(text) }

    static func layout(title: String, language: ReportLanguage, path: String, illustrative: Bool, body: String) -> String {
        let l = language
        let other = l == .zh ? "en" : "zh"
        let links: [(String, String, String)] = [
            ("/", "概览", "Overview"), ("/regions", "地区排名", "Regions"), ("/framework", "指标与权重", "Framework"),
            ("/data", "数据", "Data"), ("/runs", "运行记录", "Runs"), ("/upload", "上传", "Upload"),
        ]
        let nav = links.map { href, zh, en in
            "<a href=\"\(href)?lang=\(l.rawValue)\"\(href == path ? " aria-current=\"page\"" : "")>\(l == .zh ? zh : en)</a>"
        }.joined(separator: " ")
        let note = illustrative
            ? "<p class=\"illustrative\" role=\"note\">\(e(Dataset.illustrativeNote))</p>" : ""
        return """
            <!DOCTYPE html>
            <html lang="\(l == .zh ? "zh-CN" : "en")">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title)) · IIDEI</title>
            <style>
            body { font-family: 'Noto Sans CJK SC','Noto Sans SC','Microsoft YaHei',sans-serif; color: #1f2933; max-width: 1040px; margin: 0 auto; padding: 0 16px 40px; line-height: 1.55; }
            nav { display: flex; flex-wrap: wrap; gap: 14px; padding: 12px 0; border-bottom: 2px solid #0072B2; margin-bottom: 12px; }
            nav a { color: #0072B2; text-decoration: none; } nav a[aria-current] { font-weight: 700; } nav .lang { margin-left: auto; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { border-bottom: 1px solid #d9dee3; padding: 4px 6px; text-align: left; }
            th { cursor: pointer; background: #f5f7fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .tier { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; }
            .tier1 { background: #225ea8; color: #fff; } .tier2 { background: #41b6c4; } .tier3 { background: #a1dab4; } .tier4 { background: #ffffcc; border: 1px solid #ccc; }
            figure { margin: 12px 0; } figure svg { max-width: 100%; height: auto; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
            .illustrative { background: #fff7e0; border: 1px solid #E69F00; padding: 4px 10px; font-size: 13px; }
            .lead { font-size: 16px; font-weight: 600; } code { background: #f5f7fa; padding: 0 4px; }
            </style></head>
            <body>
            <nav>\(nav)<a class="lang" href="\(path)?lang=\(other)">\(l == .zh ? "English" : "中文")</a></nav>
            \(note)
            <main><h1>\(e(title))</h1>
            \(body)
            </main>
            <script>
            // Sort a table by a column when its header is clicked (the table reads fine without this).
            document.querySelectorAll('table.sortable th').forEach(function (th, column) {
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
                rows.forEach(function (row) { body.appendChild(row); });
              });
            });
            </script>
            </body></html>
            """
    }

    static func figure(_ report: Report, suffix: String) -> String {
        report.figures.first { $0.name.hasSuffix(suffix) }.map { "<figure>\($0.svg)</figure>" } ?? ""
    }

    static func regional(_ snapshot: DashboardSnapshot) -> CrossSectionResult? {
        for case .crossSection(let section) in snapshot.results.evaluations { return section }
        return nil
    }

    static func tierBadge(_ tier: Int?, _ section: CrossSectionResult, _ l: ReportLanguage) -> String {
        guard let tier else { return "—" }
        let name = tier <= section.tierNames.count ? l.pick(section.tierNames[tier - 1]) : "\(tier)"
        return "<span class=\"tier tier\(min(tier, 4))\">\(e(name))</span>"
    }

    static func overview(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        let report = snapshot.report(l)
        var body = "<p class=\"lead\" id=\"headline\">\(e(report.headline))</p>"
        body += figure(report, suffix: "national-index.svg") + figure(report, suffix: "national-subindices.svg")
        if let section = regional(snapshot) {
            let top = (section.top[section.nodes.first?.id ?? "index"] ?? []).compactMap { id in snapshot.dataset.units.first { $0.id == id } }
            body += "<p>\(e(Narrative.topTen(l, names: top.map { l.pick($0.name) }, period: section.period)))</p>"
            body += figure(report, suffix: "tier-map.svg")
        }
        let source = snapshot.run.map { l.pick(zh: "运行 #\($0.id)（\($0.dataset.reference)）", en: "run #\($0.id) (\($0.dataset.reference))") }
            ?? l.pick(zh: "内置框架与数据", en: "the built-in framework and data")
        body += "<p><small>\(e(l.pick(zh: "来源：", en: "Source: ") + source))</small></p>"
        return layout(title: l.pick(snapshot.results.frameworkName), language: l, path: "/", illustrative: snapshot.results.isIllustrative, body: body)
    }

    static func regions(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        guard let section = regional(snapshot) else {
            return layout(title: "—", language: l, path: "/regions", illustrative: false, body: "<p>No cross-section.</p>")
        }
        let pillars = section.nodes.filter { $0.depth == 1 && !$0.isIndicator }
        var body = "<table class=\"sortable\" id=\"ranking\"><thead><tr><th>\(l.pick(zh: "排名", en: "Rank"))</th><th>\(l.pick(zh: "地区", en: "Region"))</th><th>\(l.pick(zh: "得分", en: "Score"))</th><th>\(l.pick(zh: "梯队", en: "Tier"))</th>"
        body += pillars.map { "<th>\(e(l.pick($0.name)))</th>" }.joined() + "</tr></thead><tbody>"
        for unit in section.units {
            body += "<tr><td class=\"num\">\(unit.rank.map(String.init) ?? "—")</td><td><a href=\"/regions/\(e(unit.id))?lang=\(l.rawValue)\">\(e(l.pick(unit.name)))</a></td>"
            body += "<td class=\"num\">\(SVG.label(unit.score ?? .nan))</td><td data-sort=\"\(unit.tier ?? 9)\">\(tierBadge(unit.tier, section, l))</td>"
            for pillar in pillars {
                let node = unit.nodes[pillar.id]
                body += "<td class=\"num\" data-sort=\"\(node?.score.flatMap { $0 } ?? -1)\">\(SVG.label(node?.score.flatMap { $0 } ?? .nan)) (\(node?.rank.map(String.init) ?? "—"))</td>"
            }
            body += "</tr>"
        }
        body += "</tbody></table>"
        let report = snapshot.report(l)
        body += "<div class=\"grid\">" + figure(report, suffix: "regional-top10.svg")
        for pillar in pillars { body += figure(report, suffix: "regional-top10-\(pillar.id).svg") }
        body += "</div>"
        return layout(
            title: l.pick(section.name) + " \(section.period)", language: l, path: "/regions", illustrative: snapshot.results.isIllustrative,
            body: body)
    }

    /// - Parameter computing: whether robustness or levers are still being computed in the background.
    static func province(
        _ snapshot: DashboardSnapshot, id: String, summary: RankSummary?, levers: LeverReport?, computing: Bool = false, _ l: ReportLanguage
    ) -> String? {
        guard let section = regional(snapshot), let unit = section.units.first(where: { $0.id == id }) else { return nil }
        let report = snapshot.report(l)
        var body = "<p class=\"lead\">\(e(l.pick(zh: "总指数", en: "Score"))) \(SVG.label(unit.score ?? .nan)) · \(e(l.pick(zh: "排名", en: "Rank"))) \(unit.rank.map(String.init) ?? "—")/\(section.units.count) · \(tierBadge(unit.tier, section, l))</p>"
        if computing {
            body += "<p class=\"note\" id=\"computing\">\(e(l.pick(zh: "稳健性与提升抓手正在后台计算，请稍后刷新本页。", en: "Robustness and levers are being computed; reload this page in a moment.")))</p>"
        }
        if let stats = summary?.units[id] {
            let tiers = stats.tiers.enumerated().map { "\(section.tierNames.count > $0.offset ? l.pick(section.tierNames[$0.offset]) : "\($0.offset + 1)") \(SVG.label($0.element * 100, 0))%" }
            body += "<p>\(e(l.pick(zh: "稳健性（\(summary?.replications ?? 0) 次模拟，权重、标准化、合成方法与梯队划分同时变化）：排名中位数 \(stats.median)，90% 区间 \(stats.q05)–\(stats.q95)；梯队概率：", en: "Robustness (\(summary?.replications ?? 0) replications varying weights, normalisation, aggregation and tiers): median rank \(stats.median), 90 % interval \(stats.q05)–\(stats.q95); tier probabilities: ") + tiers.joined(separator: l.pick(zh: "、", en: ", "))))</p>"
        }
        body += figure(report, suffix: "profile-\(id).svg")
        if let levers {
            body += "<h2>\(e(l.pick(zh: "提升抓手", en: "Levers")))</h2><table><thead><tr><th>\(e(l.pick(zh: "指标", en: "Indicator")))</th><th>\(e(l.pick(zh: "当前值", en: "Value")))</th><th>\(e(l.pick(zh: "每提高 1% 区间的得分增量", en: "Score gain per 1 % of range")))</th><th>\(e(l.pick(zh: "升入上一梯队所需值", en: "Value for the next tier")))</th></tr></thead><tbody>"
            for lever in levers.levers.prefix(8) {
                body += "<tr><td>\(e(l.pick(lever.name)))</td><td class=\"num\">\(lever.value.map { SVG.label($0, 2) } ?? "—")</td><td class=\"num\">\(SVG.label(lever.gainPerStep, 3))</td><td>\(e(lever.valueForNextTier.map { SVG.label($0, 2) } ?? lever.note ?? ""))</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += "<h2>\(e(l.pick(zh: "数据与来源", en: "Data and sources")))</h2><table><thead><tr><th>\(e(l.pick(zh: "指标", en: "Indicator")))</th><th>\(e(l.pick(zh: "年份", en: "Period")))</th><th>\(e(l.pick(zh: "数值", en: "Value")))</th><th>\(e(l.pick(zh: "状态", en: "Status")))</th><th>\(e(l.pick(zh: "来源", en: "Source")))</th></tr></thead><tbody>"
        for observation in snapshot.dataset.observations where observation.unit == id {
            body += "<tr><td>\(e(observation.indicator))</td><td>\(e(observation.period))</td><td class=\"num\">\(observation.value.map { SVG.label($0, 2) } ?? "—")</td><td>\(e(observation.status.rawValue))</td><td>\(e(observation.source))</td></tr>"
        }
        body += "</tbody></table>"
        return layout(title: l.pick(unit.name), language: l, path: "/regions", illustrative: snapshot.results.isIllustrative, body: body)
    }

    static func framework(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        var body = ""
        for evaluation in snapshot.results.evaluations {
            guard let derived = snapshot.results.weights[evaluation.id] else { continue }
            body += "<h2>\(e(evaluation.id))</h2><table><thead><tr><th>\(e(l.pick(zh: "节点", en: "Node")))</th><th>\(e(l.pick(zh: "局部权重 %", en: "Local %")))</th><th>\(e(l.pick(zh: "全局权重 %", en: "Effective %")))</th></tr></thead><tbody>"
            for node in evaluation.nodes {
                body += "<tr><td>\(String(repeating: "　", count: node.depth))\(e(l.pick(node.name)))</td><td class=\"num\">\(SVG.label(node.localWeight * 100, 2))</td><td class=\"num\">\(SVG.label(derived.effective[node.id] ?? .nan, 2))</td></tr>"
            }
            body += "</tbody></table>"
            if !derived.ahp.isEmpty {
                body += "<h3>AHP</h3><table><thead><tr><th>\(e(l.pick(zh: "判断矩阵", en: "Matrix")))</th><th>λmax</th><th>CI</th><th>CR</th></tr></thead><tbody>"
                for (node, result) in derived.ahp.sorted(by: { $0.key < $1.key }) {
                    guard let c = result.consistency else { continue }
                    body += "<tr><td>\(e(node))</td><td class=\"num\">\(SVG.label(c.lambdaMax, 4))</td><td class=\"num\">\(SVG.label(c.ci, 4))</td><td class=\"num\">\(SVG.label(c.cr, 4))</td></tr>"
                }
                body += "</tbody></table>"
            }
            if let panel = derived.panel {
                body += "<p>\(e(l.pick(zh: "专家打分：Kendall W = \(SVG.label(panel.kendallW, 3))，χ² = \(SVG.label(panel.chiSquare, 2))，p = \(SVG.label(panel.pValue, 4))", en: "Expert panel: Kendall's W = \(SVG.label(panel.kendallW, 3)), χ² = \(SVG.label(panel.chiSquare, 2)), p = \(SVG.label(panel.pValue, 4))")))</p>"
            }
        }
        return layout(title: l.pick(zh: "指标体系与权重", en: "Framework and weights"), language: l, path: "/framework", illustrative: false, body: body)
    }

    static func data(_ snapshot: DashboardSnapshot, versions: [DatasetVersion], _ l: ReportLanguage) -> String {
        var body = "<p><a href=\"/data/values.csv\">CSV</a> · <a href=\"/data/values.xlsx\">XLSX</a></p>"
        if !versions.isEmpty {
            body += "<table><thead><tr><th>\(e(l.pick(zh: "数据集", en: "Dataset")))</th><th>\(e(l.pick(zh: "数值个数", en: "Values")))</th><th>sha256</th><th>\(e(l.pick(zh: "时间", en: "Created")))</th></tr></thead><tbody>"
            for v in versions {
                body += "<tr><td>\(e(v.reference))</td><td class=\"num\">\(v.valueCount)</td><td><code>\(e(String(v.hash.prefix(12))))</code></td><td>\(e(v.createdAt))</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += "<table class=\"sortable\"><thead><tr><th>\(e(l.pick(zh: "地区", en: "Unit")))</th><th>\(e(l.pick(zh: "指标", en: "Indicator")))</th><th>\(e(l.pick(zh: "年份", en: "Period")))</th><th>\(e(l.pick(zh: "数值", en: "Value")))</th><th>\(e(l.pick(zh: "状态", en: "Status")))</th><th>\(e(l.pick(zh: "来源", en: "Source")))</th></tr></thead><tbody>"
        for o in snapshot.dataset.observations.prefix(3_000) {
            body += "<tr><td>\(e(o.unit))</td><td>\(e(o.indicator))</td><td>\(e(o.period))</td><td class=\"num\">\(o.value.map { SVG.label($0, 4) } ?? "—")</td><td>\(e(o.status.rawValue))</td><td>\(e(o.source))</td></tr>"
        }
        body += "</tbody></table>"
        if snapshot.dataset.observations.count > 3_000 {
            body += "<p>\(e(l.pick(zh: "仅显示前 3000 个数值，完整数据请下载。", en: "The first 3,000 values; download for all.")))</p>"
        }
        return layout(title: l.pick(zh: "数据", en: "Data"), language: l, path: "/data", illustrative: snapshot.results.isIllustrative, body: body)
    }

    static func runs(_ records: [RunRecord], _ l: ReportLanguage) -> String {
        var body = "<table><thead><tr><th>#</th><th>\(e(l.pick(zh: "时间", en: "Created")))</th><th>\(e(l.pick(zh: "数据集", en: "Dataset")))</th><th>\(e(l.pick(zh: "选项", en: "Options")))</th><th>sha256</th></tr></thead><tbody>"
        for r in records {
            let previous = records.first { $0.id < r.id }.map { " · <a href=\"/api/v1/runs/\($0.id)/diff/\(r.id)\">diff #\($0.id)</a>" } ?? ""
            body += "<tr><td><a href=\"/api/v1/runs/\(r.id)\">\(r.id)</a>\(previous)</td><td>\(e(r.createdAt))</td><td>\(e(r.dataset.reference))</td><td>\(e(r.specification.fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")))</td><td><code>\(e(String(r.resultsHash.prefix(12))))</code></td></tr>"
        }
        body += "</tbody></table>"
        if records.isEmpty { body += "<p>\(e(l.pick(zh: "尚无运行记录：当前显示内置数据。", en: "No runs yet: the built-in data are shown.")))</p>" }
        return layout(title: l.pick(zh: "运行记录", en: "Runs"), language: l, path: "/runs", illustrative: false, body: body)
    }

    static func upload(_ l: ReportLanguage) -> String {
        let body = """
            <p>\(e(l.pick(zh: "上传 CSV 或 XLSX（长表或宽表），校验后作为新版本导入并运行。需要令牌。", en: "Upload a CSV or XLSX (long or wide); it is validated, imported as a new version and run. A token is required.")))</p>
            <form id="upload" onsubmit="return false">
            <p><label>\(e(l.pick(zh: "数据集名称", en: "Dataset name"))) <input name="name" value="provinces" required></label></p>
            <p><label>\(e(l.pick(zh: "令牌", en: "Token"))) <input name="token" type="password" required></label></p>
            <p><input name="file" type="file" accept=".csv,.xlsx,.json" required></p>
            <p><button id="check">\(e(l.pick(zh: "校验", en: "Validate")))</button>
            <button id="send" disabled>\(e(l.pick(zh: "确认导入并运行", en: "Import and run")))</button></p>
            </form><pre id="result"></pre>
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
            document.getElementById('check').addEventListener('click', function () { post(true); });
            document.getElementById('send').addEventListener('click', function () { post(false); });
            </script>
            """
        return layout(title: l.pick(zh: "上传数据", en: "Upload data"), language: l, path: "/upload", illustrative: false, body: body)
    }
}
