import Foundation
import IndexCore
import IndexReport
import IndexWorkflows

extension Pages {
    /// The most rows a run diff page lists; the JSON (linked) has every change.
    static let runDiffRowLimit = 500

    /// Two runs side by side (`/runs/A/diff/B`): what an analyst checks before asking for review —
    /// how many ranks and tiers move, then every changed score, rank and tier, ranks that moved most
    /// first. Units, nodes and tiers are named as the shown run names them.
    static func runDiff(_ diff: RunDiffDocument, snapshot: DashboardSnapshot, _ l: ReportLanguage) -> String {
        let units = names(snapshot, l)
        var nodeNames: [String: String] = [:]
        var nodeOrder: [String: Int] = [:]
        var tierNames: [String: (Int?) -> String] = [:]
        for evaluation in snapshot.results.evaluations {
            for node in evaluation.nodes {
                nodeNames[evaluation.id + "\u{1F}" + node.id] = l.pick(node.name)
                nodeOrder[evaluation.id + "\u{1F}" + node.id] = nodeOrder.count
            }
            if case .crossSection(let section) = evaluation {
                tierNames[evaluation.id] = { tier in
                    tier.map { section.tierName($0).map { l.pick($0) } ?? "\($0)" } ?? "–"
                }
            }
        }
        func tier(_ evaluation: String, _ value: Int?) -> String {
            tierNames[evaluation]?(value) ?? value.map(String.init) ?? "–"
        }
        // The index itself first, then each node in framework order (parents before children); within
        // a node, the ranks that moved most.
        func order(_ change: RunDiffDocument.Change) -> Int {
            nodeOrder[change.evaluation + "\u{1F}" + change.node] ?? Int.max
        }
        let ordered = diff.changes.sorted {
            (order($0), -abs($0.rankChange ?? 0), -abs($0.scoreChange ?? 0), $0.unit)
                < (order($1), -abs($1.rankChange ?? 0), -abs($1.scoreChange ?? 0), $1.unit)
        }
        var body: HTML = """
            <p>\(l.text(.runDiffSummary(from: diff.from, fromDataset: diff.fromDataset, to: diff.to, toDataset: diff.toDataset, changes: diff.changes.count, ranks: diff.rankChanges, tiers: diff.tierChanges)))</p>
            <p><a href="/api/v1/runs/\(diff.from)/diff/\(diff.to)">JSON</a> · <a href="\(link("/runs", l))">\(l.text(.runs))</a></p>
            """
        if ordered.isEmpty {
            body += "<p>\(l.text(.runDiffNone))</p>"
        } else {
            body += """
                <div class="scroll"><table><caption>\(l.text(.runDiffCaption(from: diff.from, to: diff.to)))</caption><thead><tr>\
                <th scope="col">\(l.text(.region))</th><th scope="col">\(l.text(.node))</th><th scope="col">\(l.text(.year))</th>\
                <th scope="col" class="num">#\(diff.from)</th><th scope="col" class="num">#\(diff.to)</th><th scope="col" class="num">Δ</th>\
                <th scope="col" class="num">\(l.text(.rank))</th><th scope="col">\(l.text(.tier))</th></tr></thead><tbody>
                """
            for change in ordered.prefix(runDiffRowLimit) {
                let rank: String =
                    switch (change.oldRank, change.newRank) {
                    case (let old?, let new?) where old != new: "\(old) → \(new)"
                    case (let old?, let new?): "\(old) = \(new)"
                    case (let old, let new): "\(old.map(String.init) ?? "–") → \(new.map(String.init) ?? "–")"
                    }
                let tiers =
                    change.oldTier == change.newTier
                    ? tier(change.evaluation, change.newTier)
                    : "\(tier(change.evaluation, change.oldTier)) → \(tier(change.evaluation, change.newTier))"
                let moved: HTML = change.rankChange.map { $0 != 0 } == true ? " class=\"moved\"" : HTML()
                body += """
                    <tr\(moved)><th scope="row">\(units(change.unit))</th><td>\(nodeNames[change.evaluation + "\u{1F}" + change.node] ?? change.node)</td>\
                    <td>\(change.period)</td><td class="num">\(score(change.oldScore))</td><td class="num">\(score(change.newScore))</td>\
                    <td class="num">\(signed(change.scoreChange))</td><td class="num">\(rank)</td><td>\(tiers)</td></tr>
                    """
            }
            body += "</tbody></table></div>"
            if ordered.count > runDiffRowLimit {
                body += "<p>\(l.text(.runDiffMore(shown: runDiffRowLimit, all: ordered.count)))</p>"
            }
        }
        return layout(
            title: l.text(.runDiffTitle(from: diff.from, to: diff.to)),
            language: l,
            path: "/runs/\(diff.from)/diff/\(diff.to)",
            snapshot: nil,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    /// A score as the pages print it (one decimal), or a dash.
    private static func score(_ value: Double?) -> String {
        value.map { SVG.label($0, 1) } ?? "–"
    }

    private static func signed(_ value: Double?) -> String {
        guard let value else { return "–" }
        return (value > 0 ? "+" : "") + SVG.label(value, 2)
    }
}
