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
        framework(FrameworkViewModel(snapshot, surveys: surveys), snapshot: snapshot, l)
    }

    static func framework(_ model: FrameworkViewModel, snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        var body = HTML()
        // Each indicator's definition, unit, direction and source, as the framework file holds them.
        let indicators = Dictionary(
            snapshot.framework.indicators.map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        for (index, evaluation) in model.evaluations.enumerated() {
            let evaluationName = l.pick(evaluation.name)
            var table = PageTable(
                name: "framework",
                caption: evaluationName,
                header: [
                    l.text(.node), l.text(.localWeight), l.text(.effectiveWeight), l.text(.unit), l.text(.direction),
                    l.text(.definition), l.text(.source),
                ],
                rows: evaluation.nodes.map { node in
                    let indicator = node.isIndicator ? indicators[node.id] : nil
                    let direction = indicator.map {
                        l.text($0.direction == .higherIsBetter ? .higherIsBetter : .lowerIsBetter)
                    }
                    return [
                        PageTable.Item(String(repeating: "　", count: node.depth) + l.pick(node.name)),
                        PageTable.Item(SVG.label(node.localWeight * 100, 2), number: node.localWeight * 100),
                        PageTable.Item(
                            SVG.label(evaluation.effective[node.id] ?? .nan, 2),
                            number: evaluation.effective[node.id]
                        ),
                        PageTable.Item(indicator.map { unitLabel($0.unit, l) } ?? ""),
                        PageTable.Item(direction ?? ""),
                        PageTable.Item(indicator.map { l.pick($0.definition) } ?? ""),
                        // A source named in both languages shows the page's part ("中国科技统计年鉴 China…").
                        PageTable.Item(indicator.map { l.sourceName($0.source) } ?? ""),
                    ]
                }
            )
            // The heading above names the table: the caption is for screen readers only.
            table.isCaptionShown = false
            body += "<h2>\(evaluationName)</h2>" + table.html(id: "framework-\(index)")
            if evaluation.hasMatrices {
                let ahp = PageTable(
                    name: "ahp",
                    caption: l.text(.ahpJudgementMatrices),
                    header: [l.text(.matrixParent), "λmax", "CI", "CR"],
                    rows: evaluation.matrices.map { matrix in
                        let c = matrix.consistency
                        return [
                            PageTable.Item(matrix.info.map { l.pick($0.name) } ?? matrix.node),
                            PageTable.Item(SVG.label(c.lambdaMax, 4), number: c.lambdaMax),
                            PageTable.Item(SVG.label(c.ci, 4), number: c.ci),
                            PageTable.Item(SVG.label(c.cr, 4), number: c.cr),
                        ]
                    }
                )
                body += "<h3>\(l.text(.ahp))</h3>" + ahp.html()
            }
            if let panel = evaluation.panel {
                body +=
                    "<p>\(l.text(.expertPanel(kendallW: SVG.label(panel.kendallW, 3), chiSquare: SVG.label(panel.chiSquare, 2), pValue: SVG.label(panel.pValue, 4))))</p>"
            }
        }
        if !model.surveys.isEmpty {
            body +=
                "<section id=\"survey-provenance\"><h2>\(l.text(.surveyProvenance))</h2><ul>"
            for a in model.surveys {
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
