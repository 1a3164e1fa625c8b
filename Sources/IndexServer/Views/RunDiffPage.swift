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
        // A node is named (and ordered) within its evaluation.
        func key(_ evaluation: String, _ node: String) -> String { evaluation + "\u{1F}" + node }
        var nodeNames: [String: String] = [:]
        var nodeOrder: [String: Int] = [:]
        var sections: [String: CrossSectionResult] = [:]
        for evaluation in snapshot.results.evaluations {
            for node in evaluation.nodes {
                nodeNames[key(evaluation.id, node.id)] = l.pick(node.name)
                nodeOrder[key(evaluation.id, node.id)] = nodeOrder.count
            }
            if case .crossSection(let section) = evaluation { sections[evaluation.id] = section }
        }
        func tier(_ evaluation: String, _ value: Int?) -> String {
            guard let section = sections[evaluation] else { return value.map(String.init) ?? "–" }
            return tierName(value, section, l)
        }
        // The index itself first, then each node in framework order (parents before children); within
        // a node, the ranks that moved most.
        func order(_ change: RunDiffDocument.Change) -> Int {
            nodeOrder[key(change.evaluation, change.node)] ?? Int.max
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
            let shown = Array(ordered.prefix(runDiffRowLimit))
            var table = PageTable(
                name: "diff",
                caption: l.text(.runDiffCaption(from: diff.from, to: diff.to)),
                header: [
                    l.text(.region), l.text(.node), l.text(.year), "#\(diff.from)", "#\(diff.to)", "Δ", l.text(.rank),
                    l.text(.tier),
                ],
                rows: shown.map { change in
                    let rank: String =
                        switch (change.oldRank, change.newRank) {
                        case (let old?, let new?) where old != new: "\(old) → \(new)"
                        case (let old?, let new?): "\(old) = \(new)"
                        case (nil, nil): "–"
                        case (let old, let new): "\(old.map(String.init) ?? "–") → \(new.map(String.init) ?? "–")"
                        }
                    let tiers =
                        change.oldTier == change.newTier
                        ? tier(change.evaluation, change.newTier)
                        : "\(tier(change.evaluation, change.oldTier)) → \(tier(change.evaluation, change.newTier))"
                    return [
                        .init(units(change.unit)), .init(nodeNames[key(change.evaluation, change.node)] ?? change.node),
                        .init(change.period), .init(score(change.oldScore), number: change.oldScore),
                        .init(score(change.newScore), number: change.newScore),
                        .init(signed(change.scoreChange), number: change.scoreChange),
                        .init(rank, number: change.rankChange.map(Double.init)), .init(tiers),
                    ]
                }
            )
            for (row, change) in shown.enumerated() where (change.rankChange ?? 0) != 0 {
                table.rowClasses[row] = "moved"
            }
            table.isSortable = true
            body += table.html()
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
