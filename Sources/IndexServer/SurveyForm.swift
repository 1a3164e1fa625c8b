import Foundation
import IndexCore
import IndexIO
import IndexReport
import IndexStore
import IndexWorkflows

/// The expert's survey form at `/survey/<token>`: one node at a time, then the scores.
///
/// Every piece of the form is built through ``HTML``, whose interpolation escapes data for text and
/// attributes; JSON inside `<script>` goes through ``script(_:)``. The page works with a few lines of
/// plain JavaScript (no third-party scripts, ``Asset/surveyJS``): it computes the consistency ratio as
/// the expert answers, with Harker's completion for pairs left empty and the judgement to revisit,
/// and saves the node through the JSON API.
enum SurveyForm {
    /// JSON placed inside a `<script>` element: `<` is written as `\u003c` so no `</script>` can end it.
    static func script(_ value: some Encodable) -> HTML {
        // Trusted: JSON with every `<` escaped cannot end the element, and a script element's text is
        // not parsed for entities (escaping `"` as `&quot;` would break the JSON).
        let json = (try? WorkflowJSON.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return HTML(trusted: json.replacingOccurrences(of: "<", with: "\\u003c"))
    }

    /// What the form's script needs to know about the page.
    struct PageData: Encodable {
        var survey: String
        /// Where the form saves: ``SurveyRoutes/responsesAddress(survey:)``, percent-encoded once.
        var action: String
        var page: String
        var node: String?
        var children: [String]?
        /// The children's names, "中文 English", for the repair hint.
        var names: [String]?
        /// Saaty's random index for the node's number of children.
        var ri: Double?
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
        func item(_ key: String) -> HTML {
            let state: String
            if key == "scores" {
                state = "\(stored?.scores.count ?? 0)/\(design.indicators.count)"
            } else if let matrix = answers?.matrix(key) {
                state = "CR \(NumberFormat.fixed(matrix.result.cr, 3))" + (matrix.result.isConsistent ? " ✓" : " ⚠")
            } else {
                state = "—"
            }
            let node = design.node(key)
            let label = node.map { "\($0.name.zh) \($0.name.en)" } ?? "打分 Scores"
            let current: HTML = key == page ? " aria-current=\"page\"" : HTML()
            return
                "<li><a href=\"?page=\(PathSegment.encoded(key))\" title=\"\(key)\"\(current)>\(label)</a> <small>\(state)</small></li>"
        }
        // Grouped by level: the nodes asked once (the index and its upper levels), then those asked
        // per evaluation (全国 national, 地区 regional), then the scores; each by its readable name.
        var groups: [(title: String, keys: [String])] = []
        func add(_ title: String, _ key: String) {
            if let index = groups.firstIndex(where: { $0.title == title }) {
                groups[index].keys.append(key)
            } else {
                groups.append((title, [key]))
            }
        }
        for key in pages {
            guard let node = design.node(key) else {
                add("指标打分 Scores", key)
                continue
            }
            if node.key == node.nodeID {
                add("指数与一级、二级指标 Index and upper levels", key)
            } else {
                let names = node.evaluations.map {
                    $0 == "national" ? "全国 National" : ($0 == "regional" ? "地区 Regional" : $0)
                }
                add(names.joined(separator: ", ") + " · 指标权重 indicator weights", key)
            }
        }
        let navigation = groups.map { group -> HTML in
            "<li class=\"group\"><strong>\(group.title)</strong><ol class=\"nodes\">\(group.keys.map(item).joined())</ol></li>"
        }.joined()
        var body = HTML()
        var data = PageData(
            survey: survey.name,
            action: SurveyRoutes.responsesAddress(survey: survey.name),
            page: page
        )
        if page == "scores" {
            body += scores(design: design, stored: stored, feedback: feedback)
        } else if let node = design.node(page) {
            data.node = node.key
            data.children = node.children
            data.names = node.childNames.map { "\($0.zh) \($0.en)" }
            data.ri = (try? design.riTable.value(for: node.children.count)) ?? 0
            body += judgements(node, matrix: stored?.judgements[page], checked: answers?.matrix(page))
        }
        let next: HTML =
            position + 1 < pages.count
            ? "<a href=\"?page=\(PathSegment.encoded(pages[position + 1]))\">下一页 Next →</a>" : HTML()
        let html: HTML = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(survey.name) · \(expert) · IIDEI</title>
            <style>
            \(Asset.surveyCSS.markup)</style></head>
            <body>
            <header><h1>\(survey.name) <small>第 \(survey.round) 轮 round \(survey.round)</small></h1>
            <p>专家 Expert: <strong>\(expert)</strong></p><nav aria-label="问卷页面 Pages"><details class="pages" open><summary>问卷页面 Pages</summary><ul class="groups">\(navigation)</ul></details></nav></header>
            <main>\(body)
            <p class="savebar"><button id="save" type="button">保存 Save</button> <span id="saved" aria-live="polite"></span> \(next)</p></main>
            <script type="application/json" id="survey-data">\(script(data))</script>
            <script>\(Asset.surveyJS.markup)</script>
            </body></html>
            """
        return html.rendered
    }

    /// The scores page: one input per indicator under the node that holds it, with its definition and
    /// unit, the previous round's answer and statistics.
    static func scores(design: SurveyDesign, stored: SurveyAnswers?, feedback: QuestionnaireFeedback) -> HTML {
        let (lower, upper) = (Cell.format(design.scale.lower), Cell.format(design.scale.upper))
        var body: HTML = "<h2>指标打分 Scores (\(lower)–\(upper))</h2>"
        body +=
            "<p>分数表示该指标对衡量发展成效的重要程度：\(lower) 为最不重要，\(upper) 为最重要；分数越高，该指标在其上级指标中的权重越大，只比较各指标分数的相对高低。 A score says how much the indicator matters for judging development: \(lower) least, \(upper) most; a higher score gives it more weight within its parent, and only the scores' relative sizes count.</p>"
        // The previous round's answer and the panel's statistics only from round 2 on: in round 1
        // they are empty columns that push nothing but dashes off a phone's screen.
        let hasRound = feedback.previousRound != nil || feedback.previousAnswers != nil
        let columns = hasRound ? 6 : 2
        body +=
            "<div class=\"scroll\"><table><thead><tr><th>指标 indicator</th><th>分数 score</th>"
            + (hasRound ? "<th>上轮 previous</th><th>中位数 median</th><th>Q1–Q3</th><th>CV</th>" : "")
            + "</tr></thead><tbody>"
        // Grouped under the node that holds them (national and regional apart), each with its
        // evaluation said, so two indicators of the same name are told apart.
        func evaluationName(_ id: String) -> String {
            id == "national" ? "全国 National" : (id == "regional" ? "地区 Regional" : id)
        }
        var parent: [String: SurveyNode] = [:]
        for node in design.nodes {
            for child in node.children where parent[child] == nil { parent[child] = node }
        }
        var group = ""
        for indicator in design.indicators {
            let holder = parent[indicator.id]
            let title =
                (holder.map {
                    $0.evaluations.map(evaluationName).joined(separator: ", ") + " · " + $0.name.zh + " "
                        + $0.name.en
                } ?? "")
            if title != group, !title.isEmpty {
                body += "<tr class=\"group\"><th colspan=\"\(columns)\" scope=\"colgroup\">\(title)</th></tr>"
                group = title
            }
            let value = stored?.scores[indicator.id].map(Cell.format) ?? ""
            let scope = indicator.evaluations.map(evaluationName).joined(separator: ", ")
            body += "<tr><td>\(indicator.name.zh) <small>\(indicator.name.en) · \(scope)</small>"
            // What it measures, so the expert scores what is meant (as the framework page says it).
            // Both languages, as the form's names are; the English only where it says something else.
            let definition = indicator.definition
            let about = [
                definition.zh, definition.en == definition.zh ? "" : definition.en,
                indicator.unit.isEmpty ? "" : "单位 unit: \(indicator.unit)",
            ]
            .filter { !$0.isEmpty }.joined(separator: " · ")
            if !about.isEmpty { body += "<br><small class=\"definition\">\(about)</small>" }
            body += "</td>"
            body +=
                "<td><input type=\"number\" step=\"any\" min=\"\(lower)\" max=\"\(upper)\" data-indicator=\"\(indicator.id)\" value=\"\(value)\"></td>"
            if hasRound {
                let group = feedback.previousRound?.indicator(indicator.id)
                let previous = feedback.previousAnswers?.scores[indicator.id].map(Cell.format) ?? "—"
                let range =
                    group.map {
                        "\(NumberFormat.fixed($0.lowerQuartile, 1))–\(NumberFormat.fixed($0.upperQuartile, 1))"
                    }
                    ?? "—"
                body += "<td>\(previous)</td>"
                body += "<td>\(NumberFormat.fixed(group?.median, 1))</td>"
                body += "<td class=\"range\">\(range)</td>"
                body += "<td>\(NumberFormat.fixed(group?.cv, 3))</td>"
            }
            body += "</tr>"
        }
        return body + "</tbody></table></div>"
    }

    /// A node's page: one Saaty judgement per pair of its children, and its stored consistency.
    static func judgements(_ node: SurveyNode, matrix: [[Double?]]?, checked: CheckedMatrix?) -> HTML {
        var body: HTML = "<h2>\(node.name.zh) <small>\(node.name.en)</small></h2>"
        body +=
            "<p>前者相对后者的重要程度 · How much more important is the first than the second? 滑块向左：前者更重要，居中：同等重要，向右：后者更重要 · Slide left: the first matters more; centre: equal; right: the second.</p>"
        body +=
            "<table id=\"pairs\"><thead><tr><th>前者 first</th><th>判断 judgement</th><th>后者 second</th></tr></thead><tbody>"
        for (i, j) in node.pairs {
            let current = matrix.flatMap { $0.indices.contains(i) && $0[i].indices.contains(j) ? $0[i][j] : nil }
            body += "<tr><td>\(node.childNames[i].zh) <small>\(node.childNames[i].en)</small></td>"
            body +=
                "<td><select data-i=\"\(i)\" data-j=\"\(j)\" aria-label=\"\(node.children[i]) : \(node.children[j])\">"
            body += "<option value=\"\">—</option>"
            for value in SaatyScale.values.reversed() {
                let label = SaatyScale.label(value)
                let isSelected = current.map { abs($0 - value) <= 1e-9 * value } ?? false
                let selected: HTML = isSelected ? " selected" : HTML()
                body +=
                    "<option value=\"\(label)\"\(selected)>\(label) \(SaatyScale.describe(value, language: .zh)) / \(SaatyScale.describe(value, language: .en))</option>"
            }
            body += "</select></td><td>\(node.childNames[j].zh) <small>\(node.childNames[j].en)</small></td></tr>"
        }
        body += "</tbody></table>"
        body += "<p id=\"cr\" class=\"cr\" aria-live=\"polite\">CR —</p><p id=\"revisit\" aria-live=\"polite\"></p>"
        if let checked {
            body +=
                "<p id=\"stored\">已保存 stored: CR \(NumberFormat.fixed(checked.result.cr, 4)) (RI \(checked.result.riTable))"
            if !checked.completions.isEmpty { body += " · Harker 补全 completed: \(checked.completions.count)" }
            body += "</p>"
        }
        return body
    }

    /// The surveys whose weights the dashboard's framework came from, when its run used a framework
    /// written by `survey apply` (none otherwise, or when the store cannot say).
    static func applications(snapshot: DashboardSnapshot, store: (any IndexStoring)?) -> [SurveyApplication] {
        guard let hash = snapshot.run?.frameworkHash, let store else { return [] }
        return (try? store.surveyApplications(frameworkHash: hash)) ?? []
    }

    /// A message page for a form that cannot be shown (an unknown link, a closed survey).
    static func message(_ text: String) -> String {
        let html: HTML =
            "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>IIDEI survey</title><p>\(text)</p></html>"
        return html.rendered
    }
}
