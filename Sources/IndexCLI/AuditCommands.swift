import ArgumentParser
import Foundation
import IndexCore
import IndexIO
import IndexWorkflows

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Statistical audit: each indicator's and aggregate's statistics, Pearson and Spearman correlations of every node with p-values, PCA and Cronbach's α per group, flags and a verdict per group."
    )

    @OptionGroup var inputs: RunOptionGroup

    @OptionGroup var display: LanguageOption

    @Option(help: "The cross-section evaluation to audit. Default: every one.")
    var evaluation: String?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Flag two indicators of one group as collinear from this |r| (Pearson), in (0, 1].")
    var collinearity = 0.9

    func validate() throws {
        guard collinearity > 0, collinearity <= 1 else {
            throw ValidationError("--collinearity must be in (0, 1]; it is \(collinearity)")
        }
    }

    func run() throws {
        try display.apply {
            try reportingErrors {
                let loaded = try inputs.load()
                let outcome = try inputs.workflows().audit(
                    evaluation: evaluation,
                    inputs: loaded,
                    options: try inputs.options(),
                    collinearity: collinearity
                )
                if format == .json {
                    print(try WorkflowJSON.text(outcome.document), terminator: "")
                    return
                }
                for audit in outcome.audits {
                    print("Coherence audit — \(audit.evaluation), \(audit.period), \(audit.unitCount) units")
                    print(
                        TextTable(
                            header: ["group", "level", "children", "Cronbach α", "PC1 share", "verdict"],
                            rows: audit.groups.map { g in
                                [
                                    g.id, String(g.depth), String(g.children.count),
                                    NumberFormat.fixed(g.cronbachAlpha, 2),
                                    NumberFormat.fixed(g.firstComponentShare.map { $0 * 100 }, 0)
                                        + (g.firstComponentShare == nil ? "" : " %"), g.verdict,
                                ]
                            },
                            rightAligned: [1, 2, 3, 4]
                        ).rendered()
                    )
                    print("")
                    print(
                        TextTable(
                            header: ["indicator", "parent", "r parent", "ρ parent", "r index", "ρ index", "flags"],
                            rows: audit.indicators.map { c in
                                [
                                    c.id, c.parent, NumberFormat.fixed(c.pearsonWithParent, 2),
                                    NumberFormat.fixed(c.spearmanWithParent, 2),
                                    NumberFormat.fixed(c.pearsonWithIndex, 2),
                                    NumberFormat.fixed(c.spearmanWithIndex, 2),
                                    c.flags.joined(separator: "; "),
                                ]
                            },
                            rightAligned: [2, 3, 4, 5]
                        ).rendered()
                    )
                    let duplicates = audit.groups.flatMap(\.nearDuplicates)
                    if !duplicates.isEmpty {
                        print(
                            "Near-duplicates (|r| > 0.9): "
                                + duplicates.map { $0.joined(separator: " ~ ") }.joined(separator: ", ")
                        )
                    }
                    print("")
                    Self.printStatisticalAudit(audit)
                }
                if loaded.dataset.isIllustrative { print(Dataset.illustrativeNote) }
            }
        }
    }
}

extension AuditCommand {
    /// The statistics of every node, each group's principal components and the matrix's flags.
    static func printStatisticalAudit(_ audit: Audit) {
        print("Statistics (normalised indicators, aggregate scores; flags as COINr's get_stats)")
        print(
            TextTable(
                header: ["node", "n", "min", "max", "mean", "median", "SD", "skew", "kurt", "flags"],
                rows: zip(audit.nodes, audit.statistics).map { id, s in
                    var flags: [String] = []
                    if !s.isAvailabilityOK { flags.append("low availability") }
                    if !s.isNonZeroOK { flags.append("many zeros") }
                    if !s.isUniqueOK { flags.append("few distinct") }
                    if s.isOutlying { flags.append("outliers (skew, kurtosis)") }
                    if audit.rawStatistics[id]?.isOutlying == true {
                        flags.append("raw outliers (skew \(NumberFormat.fixed(audit.rawStatistics[id]?.skewness, 1)))")
                    }
                    return [
                        id, "\(s.available)/\(s.count)", NumberFormat.fixed(s.minimum, 2),
                        NumberFormat.fixed(s.maximum, 2), NumberFormat.fixed(s.mean, 2),
                        NumberFormat.fixed(s.median, 2), NumberFormat.fixed(s.standardDeviation, 2),
                        NumberFormat.fixed(s.skewness, 2), NumberFormat.fixed(s.kurtosis, 2),
                        flags.joined(separator: ", "),
                    ]
                },
                rightAligned: [1, 2, 3, 4, 5, 6, 7, 8]
            ).rendered()
        )
        print("")
        print("Principal components per group (correlation matrix of its children, complete rows)")
        print(
            TextTable(
                header: ["group", "rows", "eigenvalues", "explained %", "PC1 loadings"],
                rows: audit.groups.compactMap { group in
                    guard let pca = group.components else { return nil }
                    let total = pca.eigenvalues.reduce(0, +)
                    let first = pca.loadings.first ?? []
                    return [
                        group.id, String(pca.rows),
                        pca.eigenvalues.prefix(4).map { NumberFormat.fixed($0, 2) }.joined(separator: " "),
                        pca.eigenvalues.prefix(4).map { NumberFormat.fixed(total > 0 ? 100 * $0 / total : nil, 0) }
                            .joined(separator: " "),
                        zip(group.children, first).map { "\($0) \(NumberFormat.fixed($1, 2))" }.joined(separator: ", "),
                    ]
                },
                rightAligned: [1]
            ).rendered()
        )
        let pairs = audit.nodes.count * (audit.nodes.count - 1) / 2
        print("")
        print(
            "Correlations: \(audit.nodes.count) nodes, \(pairs) pairs, Pearson and Spearman with two-sided p-values (--format json)."
        )
        if audit.flags.isEmpty {
            print("Flags: none (collinear from |r| ≥ \(audit.collinearity)).")
        } else {
            print("Flags (Pearson; collinear from |r| ≥ \(audit.collinearity)):")
            for flag in audit.flags { print("- \(flag)") }
        }
        print("")
    }
}

struct LeversCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "levers",
        abstract:
            "What would move a unit: the indicators that raise its score most, and the single change that lifts it into the next tier."
    )

    @Argument(help: "The unit: code or name (江苏, 江苏省, Jiangsu).")
    var unit: String

    @OptionGroup var inputs: RunOptionGroup

    @OptionGroup var display: LanguageOption

    @Option(help: "The cross-section evaluation. Default: the first.")
    var evaluation: String?

    @Option(help: "How many levers to show in the table.")
    var top = 10

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try display.apply {
            try reportingErrors {
                let loaded = try inputs.load()
                let dataset = loaded.dataset
                let outcome = try inputs.workflows().levers(
                    unit: unit,
                    evaluation: evaluation,
                    inputs: loaded,
                    options: try inputs.options()
                )
                if format == .json {
                    print(try WorkflowJSON.text(outcome.document), terminator: "")
                    return
                }
                let (id, report) = (outcome.unit, outcome.report)
                let name = dataset.units.first { $0.id == id }.map { ResultTables.label($0.name) } ?? id
                print(
                    "\(name) (\(id)) — \(outcome.evaluation) \(outcome.period): score \(NumberFormat.fixed(report.score, 1)), rank \(report.rank), tier \(report.tier)"
                )
                print(
                    TextTable(
                        header: ["indicator", "name", "value", "+1 % of range", "score gain", "value for next tier"],
                        rows: report.levers.prefix(top).map { lever in
                            [
                                lever.indicator, Console.short(lever.name), lever.value.map(Cell.format) ?? "—",
                                (lever.direction == .higherIsBetter ? "+" : "−") + NumberFormat.fixed(lever.step, 3),
                                NumberFormat.fixed(lever.gainPerStep, 3),
                                lever.valueForNextTier.map { NumberFormat.fixed($0, 3) } ?? (lever.note ?? ""),
                            ]
                        },
                        rightAligned: [2, 3, 4]
                    ).rendered()
                )
                print(
                    "Each change is run through the whole index: min-max bounds move when the unit becomes the new extreme, and tiers are cut again."
                )
                if dataset.isIllustrative { print(Dataset.illustrativeNote) }
            }
        }
    }
}
