import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    /// Every evaluation's nodes and weights (`/framework`), AHP consistency and the expert panel's
    /// agreement, and the surveys the weights came from.
    ///
    /// - Parameter surveys: the `survey apply` records of the run's framework (``SurveyForm/applications(snapshot:store:)``).
    static func framework(
        _ snapshot: DashboardSnapshot,
        surveys: [SurveyApplication] = [],
        _ l: ReportLanguage
    ) -> String {
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
                    l.text(.node), l.text(.localWeight),
                    l.text(.effectiveWeight),
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
                    caption: l.text(.ahpJudgementMatrices),
                    header: [l.text(.matrixParent), "λmax", "CI", "CR"],
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
                body += "<h3>\(l.text(.ahp))</h3>" + ahp.html()
            }
            if let panel = derived.panel {
                body +=
                    "<p>\(l.text(.expertPanel(kendallW: SVG.label(panel.kendallW, 3), chiSquare: SVG.label(panel.chiSquare, 2), pValue: SVG.label(panel.pValue, 4))))</p>"
            }
        }
        if !surveys.isEmpty {
            body +=
                "<section id=\"survey-provenance\"><h2>\(l.text(.surveyProvenance))</h2><ul>"
            for a in surveys {
                body +=
                    "<li>\(l.text(.survey)) <strong>\(a.survey)</strong>, \(l.text(.surveyRound(a.round))), \(a.aggregation); \(l.text(.experts)): \(a.experts.joined(separator: ", ")) <small>\(a.createdAt)</small></li>"
            }
            body += "</ul></section>"
        }
        return layout(
            title: l.text(.frameworkAndWeights),
            language: l,
            path: "/framework",
            snapshot: snapshot,
            illustrative: false,
            body: body
        )
    }
}
