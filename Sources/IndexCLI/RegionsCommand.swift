import ArgumentParser
import IndexCore
import IndexIO
import IndexReport
import IndexWorkflows

struct RegionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions",
        abstract:
            "The regional chapter's analyses: each tier's share of the national totals, the spread inside each tier, and summaries by the unit list's groups (region, or any extra column), with the findings."
    )

    @OptionGroup var inputs: RunOptionGroup

    @OptionGroup var display: LanguageOption

    @Option(help: "The cross-section evaluation. Default: every one.")
    var evaluation: String?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try display.apply {
            try reportingErrors {
                let loaded = try inputs.load()
                let outcome = try inputs.workflows().regions(
                    evaluation: evaluation,
                    inputs: loaded,
                    options: try inputs.options()
                )
                if format == .json {
                    print(try WorkflowJSON.text(outcome.document), terminator: "")
                    return
                }
                for (result, analysis) in outcome.sections {
                    print("\(ResultTables.label(result.name)) (\(result.evaluation)) — \(result.period)")
                    print(
                        TextTable(
                            header: [
                                "tier", "regions", "% of regions", "highest", "lowest", "range", "sd", "largest gap",
                                "mean gap", "gap to next",
                            ],
                            rows: analysis.spread.map { spread in
                                let share = analysis.concentration.first { $0.tier == spread.tier }?.unitShare
                                return [
                                    ResultTables.label(spread.name), "\(spread.count)", NumberFormat.fixed(share, 1),
                                    NumberFormat.fixed(spread.highest, 2), NumberFormat.fixed(spread.lowest, 2),
                                    NumberFormat.fixed(spread.range, 2), NumberFormat.fixed(spread.sd, 2),
                                    NumberFormat.fixed(spread.largestGap, 2), NumberFormat.fixed(spread.meanGap, 2),
                                    NumberFormat.fixed(spread.gapToNext, 2),
                                ]
                            },
                            rightAligned: Set(1...9)
                        ).rendered()
                    )
                    let names = Dictionary(
                        result.units.map { ($0.id, "\($0.name.zh) \($0.name.en)") },
                        uniquingKeysWith: { first, _ in first }
                    )
                    for grouping in analysis.groupings {
                        print("By \(grouping.column):")
                        print(
                            TextTable(
                                header: ["group", "regions", "mean", "median", "per tier", "best", "rank"],
                                rows: grouping.groups.map { group in
                                    [
                                        group.group, "\(group.members.count)", NumberFormat.fixed(group.meanScore, 2),
                                        NumberFormat.fixed(group.medianScore, 2),
                                        group.tierCounts.map(String.init).joined(separator: "/"),
                                        names[group.best] ?? group.best,
                                        "\(group.bestRank)",
                                    ]
                                },
                                rightAligned: [1, 2, 3, 4, 6]
                            ).rendered()
                        )
                    }
                    for language in display.lang.map({ [$0] }) ?? ReportLanguage.allCases {
                        for sentence in RegionsOutcome.findings(language, result: result, analysis: analysis) {
                            print(sentence)
                        }
                    }
                    print(
                        "Every tier's share of each additive indicator's national total: --format json (concentration)."
                    )
                }
                if loaded.dataset.isIllustrative { print(Dataset.illustrativeNote) }
            }
        }
    }
}
