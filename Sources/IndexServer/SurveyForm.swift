import Foundation
import IndexCore
import IndexIO
import IndexReport
import IndexStore

/// The expert's survey form at `/survey/<token>`: one node at a time, then the scores.
///
/// All HTML of the form is built here, and every piece of data goes through ``e(_:)`` (attributes
/// and text) or ``script(_:)`` (JSON inside `<script>`), so a switch to the report's escaping HTML type
/// touches this file only. The page works with a few lines of plain JavaScript (no third-party
/// scripts): it computes the consistency ratio as the expert answers, with Harker's completion for
/// pairs left empty and the judgement to revisit, and saves the node through the JSON API.
enum SurveyForm {
    static func e(_ text: String) -> String { SVG.escape(text) }

    /// JSON placed inside a `<script>` element: `<` is written as `\u003c` so no `</script>` can end it.
    static func script(_ value: JSONValue) -> String {
        value.rendered().replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// The page for one node (`page` = a node key) or for the scores (`page` = `scores`).
    static func page(
        survey: StoredSurvey,
        expert: String,
        design: SurveyDesign,
        page requested: String?,
        answers: CheckedAnswers?,
        stored: SurveyAnswers?,
        feedback: QuestionnaireFeedback
    ) -> String? {
        let pages = design.nodes.map(\.key) + (design.indicators.isEmpty ? [] : ["scores"])
        guard let page = requested ?? pages.first, pages.contains(page) else { return nil }
        let position = pages.firstIndex(of: page) ?? 0
        let navigation = pages.map { key -> String in
            let state: String
            if key == "scores" {
                state = "\(stored?.scores.count ?? 0)/\(design.indicators.count)"
            } else if let matrix = answers?.matrix(key) {
                state = "CR \(NumberFormat.fixed(matrix.result.cr, 3))" + (matrix.result.isConsistent ? " ✓" : " ⚠")
            } else {
                state = "—"
            }
            // The node's name, with its evaluation when the node is asked per evaluation.
            let node = design.node(key)
            let label =
                node.map { node in
                    (node.key == node.nodeID ? "" : "\(node.evaluations.joined(separator: ", ")) · ") + node.name.zh
                }
                ?? "打分 Scores"
            let current = key == page ? " aria-current=\"page\"" : ""
            return
                "<li><a href=\"?page=\(e(key))\" title=\"\(e(key)) \(e(node?.name.en ?? ""))\"\(current)>\(e(label))</a> "
                + "<small>\(e(state))</small></li>"
        }.joined()
        var body = ""
        var data: [(String, JSONValue)] = [("survey", .string(survey.name)), ("page", .string(page))]
        if page == "scores" {
            body += "<h2>指标打分 Scores (\(e(Cell.format(design.scale.lower)))–\(e(Cell.format(design.scale.upper))))</h2>"
            body +=
                "<table><thead><tr><th>指标 indicator</th><th>分数 score</th><th>上轮 previous</th><th>中位数 median</th><th>Q1–Q3</th><th>CV</th></tr></thead><tbody>"
            for indicator in design.indicators {
                let value = stored?.scores[indicator.id].map(Cell.format) ?? ""
                let group = feedback.previousRound?.indicator(indicator.id)
                body += "<tr><td>\(e(indicator.name.zh)) <small>\(e(indicator.name.en))</small></td>"
                body +=
                    "<td><input type=\"number\" step=\"any\" min=\"\(e(Cell.format(design.scale.lower)))\" max=\"\(e(Cell.format(design.scale.upper)))\" data-indicator=\"\(e(indicator.id))\" value=\"\(e(value))\"></td>"
                body += "<td>\(e(feedback.previousAnswers?.scores[indicator.id].map(Cell.format) ?? "—"))</td>"
                body += "<td>\(e(NumberFormat.fixed(group?.median, 1)))</td>"
                body +=
                    "<td class=\"range\">\(e(group.map { "\(NumberFormat.fixed($0.lowerQuartile, 1))–\(NumberFormat.fixed($0.upperQuartile, 1))" } ?? "—"))</td>"
                body += "<td>\(e(NumberFormat.fixed(group?.cv, 3)))</td></tr>"
            }
            body += "</tbody></table>"
        } else if let node = design.node(page) {
            let matrix = stored?.judgements[page]
            data += [
                ("node", .string(node.key)), ("children", .array(node.children.map { .string($0) })),
                ("ri", .number((try? design.riTable.value(for: node.children.count)) ?? 0)),
            ]
            body += "<h2>\(e(node.name.zh)) <small>\(e(node.name.en))</small></h2>"
            body += "<p>前者相对后者的重要程度 · How much more important is the first than the second?</p>"
            body +=
                "<table id=\"pairs\"><thead><tr><th>前者 first</th><th>判断 judgement</th><th>后者 second</th></tr></thead><tbody>"
            for (i, j) in node.pairs {
                let current = matrix.flatMap { $0.indices.contains(i) && $0[i].indices.contains(j) ? $0[i][j] : nil }
                body += "<tr><td>\(e(node.childNames[i].zh)) <small>\(e(node.childNames[i].en))</small></td>"
                body +=
                    "<td><select data-i=\"\(i)\" data-j=\"\(j)\" aria-label=\"\(e(node.children[i])) : \(e(node.children[j]))\">"
                body += "<option value=\"\">—</option>"
                for value in SaatyScale.values.reversed() {
                    let label = SaatyScale.label(value)
                    let selected = current.map { abs($0 - value) <= 1e-9 * value } ?? false
                    body +=
                        "<option value=\"\(e(label))\"\(selected ? " selected" : "")>\(e(label)) \(e(SaatyScale.describe(value, language: .zh))) / \(e(SaatyScale.describe(value, language: .en)))</option>"
                }
                body +=
                    "</select></td><td>\(e(node.childNames[j].zh)) <small>\(e(node.childNames[j].en))</small></td></tr>"
            }
            body += "</tbody></table>"
            body += "<p id=\"cr\" class=\"cr\" aria-live=\"polite\">CR —</p><p id=\"revisit\" aria-live=\"polite\"></p>"
            if let checked = answers?.matrix(page) {
                body +=
                    "<p id=\"stored\">已保存 stored: CR \(e(NumberFormat.fixed(checked.result.cr, 4))) (RI \(e(checked.result.riTable)))"
                if !checked.completions.isEmpty { body += " · Harker 补全 completed: \(checked.completions.count)" }
                body += "</p>"
            }
        }
        let next = position + 1 < pages.count ? "<a href=\"?page=\(e(pages[position + 1]))\">下一页 Next →</a>" : ""
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(survey.name)) · \(e(expert)) · IIDEI</title>
            <style>
            body { font-family: 'Noto Sans CJK SC','Noto Sans SC','Microsoft YaHei',sans-serif; color: #1f2933; max-width: 980px; margin: 0 auto; padding: 0 16px 40px; line-height: 1.5; }
            header { border-bottom: 2px solid #0072B2; margin-bottom: 12px; } ol.nodes { display: flex; flex-wrap: wrap; gap: 6px 14px; padding-left: 18px; font-size: 13px; }
            ol.nodes a[aria-current] { font-weight: 700; } table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #d9dee3; padding: 5px 6px; text-align: left; }
            select { max-width: 100%; } td.range { white-space: nowrap; } .cr { font-size: 18px; font-weight: 600; } .bad { color: #b42318; } .good { color: #027a48; }
            button { font-size: 16px; padding: 6px 18px; background: #0072B2; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
            </style></head>
            <body>
            <header><h1>\(e(survey.name)) <small>第 \(survey.round) 轮 round \(survey.round)</small></h1>
            <p>专家 Expert: <strong>\(e(expert))</strong></p><ol class="nodes">\(navigation)</ol></header>
            <main>\(body)
            <p><button id="save" type="button">保存 Save</button> <span id="saved" aria-live="polite"></span> \(next)</p></main>
            <script type="application/json" id="survey-data">\(script(.object(data)))</script>
            <script>\(javaScript)</script>
            </body></html>
            """
    }

    /// The framework page with, when the dashboard's run used a framework written by `survey apply`,
    /// a section saying which survey, round and experts its weights came from.
    static func withProvenance(
        _ page: String,
        snapshot: DashboardSnapshot,
        store: Store?,
        language: ReportLanguage
    ) -> String {
        guard let hash = snapshot.run?.frameworkHash, let store,
            let applications = try? store.surveyApplications(frameworkHash: hash), !applications.isEmpty,
            let end = page.range(of: "</main>", options: .backwards)
        else { return page }
        var section =
            "<section id=\"survey-provenance\"><h2>\(e(language.pick(zh: "权重来源：专家调查", en: "Where the weights came from: surveys")))</h2><ul>"
        for a in applications {
            section += "<li>\(e(language.pick(zh: "调查", en: "Survey"))) <strong>\(e(a.survey))</strong>, "
            section += "\(e(language.pick(zh: "第 \(a.round) 轮", en: "round \(a.round)"))), \(e(a.aggregation)); "
            section +=
                "\(e(language.pick(zh: "专家", en: "experts"))): \(e(a.experts.joined(separator: ", "))) <small>\(e(a.createdAt))</small></li>"
        }
        section += "</ul></section>"
        return page.replacingCharacters(in: end, with: section + "</main>")
    }

    /// The form's script: CR as the expert answers (Harker completion, power iteration), the judgement
    /// to revisit, and saving through `POST /api/v1/surveys/NAME/responses` with the token as bearer.
    static let javaScript = """
        (function () {
          var data = JSON.parse(document.getElementById('survey-data').textContent);
          var token = decodeURIComponent(location.pathname.split('/').pop());
          var scale = [1/9, 1/8, 1/7, 1/6, 1/5, 1/4, 1/3, 1/2, 1, 2, 3, 4, 5, 6, 7, 8, 9];
          function value(text) { if (!text) return null; var p = text.split('/'); return p.length === 2 ? +p[0] / +p[1] : +text; }
          function label(v) { return v >= 1 ? String(Math.round(v)) : '1/' + Math.round(1 / v); }
          function matrix() {
            var n = data.children.length, a = [];
            for (var i = 0; i < n; i++) { a.push([]); for (var j = 0; j < n; j++) a[i].push(i === j ? 1 : null); }
            document.querySelectorAll('#pairs select').forEach(function (s) {
              var v = value(s.value), i = +s.dataset.i, j = +s.dataset.j;
              if (v !== null) { a[i][j] = v; a[j][i] = 1 / v; }
            });
            return a;
          }
          // Harker: missing entries are 0 and each row's diagonal is 1 + its number of missing entries.
          function analyse(a) {
            var n = a.length, c = [], judged = 0;
            for (var i = 0; i < n; i++) {
              c.push([]); var missing = 0;
              for (var j = 0; j < n; j++) { if (i !== j && a[i][j] === null) missing++; if (i < j && a[i][j] !== null) judged++; c[i].push(i === j ? 0 : (a[i][j] === null ? 0 : a[i][j])); }
              c[i][i] = 1 + missing;
            }
            if (judged === 0) return null;
            var reached = [true], stack = [0];
            for (i = 1; i < n; i++) reached.push(false);
            while (stack.length) {
              var k0 = stack.pop();
              for (j = 0; j < n; j++) if (!reached[j] && a[k0][j] !== null) { reached[j] = true; stack.push(j); }
            }
            if (reached.indexOf(false) >= 0) return { disconnected: true, judged: judged, total: n * (n - 1) / 2 };
            var w = [], k, s;
            for (i = 0; i < n; i++) w.push(1 / n);
            for (k = 0; k < 10000; k++) {
              var next = [], total = 0, change = 0;
              for (i = 0; i < n; i++) { s = 0; for (j = 0; j < n; j++) s += c[i][j] * w[j]; next.push(s); total += s; }
              for (i = 0; i < n; i++) { next[i] /= total; change = Math.max(change, Math.abs(next[i] - w[i])); }
              w = next; if (change < 1e-14) break;
            }
            var lambda = 0;
            for (i = 0; i < n; i++) { s = 0; for (j = 0; j < n; j++) s += c[i][j] * w[j]; lambda += s / w[i]; }
            lambda /= n;
            var cr = n > 2 && data.ri > 0 ? (lambda - n) / (n - 1) / data.ri : 0;
            if (cr < 0) cr = 0;  // rounding below λmax = n
            var worst = null, deviation = 1e-9;
            for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) {
              if (a[i][j] === null) continue;
              var d = Math.abs(Math.log(a[i][j] * w[j] / w[i]));
              if (d > deviation) { deviation = d; worst = [i, j]; }
            }
            return { cr: cr, w: w, worst: worst, judged: judged, total: n * (n - 1) / 2 };
          }
          function nearest(v) {
            return scale.reduce(function (b, x) { return Math.abs(Math.log(x / v)) < Math.abs(Math.log(b / v)) ? x : b; }, 1);
          }
          function update() {
            var a = matrix(), r = analyse(a), out = document.getElementById('cr'), revisit = document.getElementById('revisit');
            if (!r) { out.textContent = 'CR —'; revisit.textContent = ''; return; }
            if (r.disconnected) {
              out.textContent = 'CR — (请继续判断，使各项相连 judge more pairs to link every item: ' + r.judged + '/' + r.total + ')';
              out.className = 'cr'; revisit.textContent = ''; return;
            }
            out.textContent = 'CR = ' + r.cr.toFixed(4) + (r.judged < r.total ? ' (Harker, ' + r.judged + '/' + r.total + ' 对 pairs)' : '');
            out.className = 'cr ' + (r.cr < 0.1 ? 'good' : 'bad');
            if (r.cr >= 0.1 && r.worst) {
              var i = r.worst[0], j = r.worst[1], implied = r.w[i] / r.w[j];
              revisit.textContent = '请重新考虑 Revisit: ' + data.children[i] + ' : ' + data.children[j] + ' = ' + label(a[i][j]) +
                '; w_i/w_j = ' + implied.toFixed(3) + ', 建议 suggested ' + label(nearest(implied));
            } else { revisit.textContent = ''; }
          }
          function save() {
            var body = {};
            if (data.page === 'scores') {
              body.scores = {};
              document.querySelectorAll('input[data-indicator]').forEach(function (input) {
                if (input.value !== '') body.scores[input.dataset.indicator] = +input.value;
              });
            } else {
              body.ahp = {}; body.ahp[data.node] = matrix();
            }
            var status = document.getElementById('saved');
            status.textContent = '…';
            fetch('/api/v1/surveys/' + encodeURIComponent(data.survey) + '/responses', {
              method: 'POST', headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' }, body: JSON.stringify(body)
            }).then(function (response) { return response.json().then(function (json) { return [response.ok, json]; }); })
              .then(function (result) {
                if (!result[0]) { status.textContent = '未保存 not saved: ' + (result[1].problems || [result[1].error]).join('; '); status.className = 'bad'; return; }
                var m = data.node && result[1].matrices ? result[1].matrices[data.node] : null;
                status.textContent = '已保存 saved' + (m ? ' · CR ' + m.cr.toFixed(4) : '');
                status.className = 'good';
              })
              .catch(function (error) { status.textContent = '未保存 not saved: ' + error; status.className = 'bad'; });
          }
          document.querySelectorAll('#pairs select').forEach(function (s) { s.addEventListener('change', update); });
          document.getElementById('save').addEventListener('click', save);
          if (data.node) update();
        })();
        """
}
