import ArgumentParser
import Foundation
import IndexCore
import IndexIO
import IndexReport
import IndexWorkflows

struct ImportanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "importance",
        abstract:
            "Weights versus importance: each indicator's and aggregate's first-order importance on the index (correlation ratio) beside its nominal and effective weight.",
        discussion: """
            Importance is the correlation ratio S = Var(E[index | node]) / Var(index), E[index | node] a penalised \
            cubic regression spline (ridge penalty on the knot terms chosen by GCV; Paruolo, Saisana & Saltelli \
            2013). Shares compare within a level (1 = indicators): importance share = S / Σ S of the level, weight \
            share = effective weight / Σ effective weights of the level.
            """
    )

    @OptionGroup var inputs: RunOptionGroup

    @OptionGroup var display: LanguageOption

    @Option(help: "The cross-section evaluation. Default: the first.")
    var evaluation: String?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Write an SVG chart of weight share against importance share to this file.")
    var chart: String?

    @Option(help: "The level the chart shows: 1 = indicators, 2 = their parents, …")
    var chartLevel = 1

    func run() throws {
        try display.apply {
            try reportingErrors {
                let loaded = try inputs.load()
                let outcome = try inputs.workflows().importance(
                    evaluation: evaluation,
                    inputs: loaded,
                    options: try inputs.options()
                )
                let analysis = outcome.analysis
                if let chart {
                    let language = display.lang ?? .zh
                    let svg = Charts.weightsVersusImportance(analysis, level: chartLevel, language: language)
                    try AtomicFile.write(svg.rendered, to: chart)
                }
                if format == .json {
                    print(try WorkflowJSON.text(outcome.document), terminator: "")
                    return
                }
                print(
                    "Weights versus importance — \(analysis.evaluation), \(analysis.period), \(analysis.unitCount) units"
                )
                print(
                    TextTable(
                        header: [
                            "node", "parent", "level", "weight", "effective", "weight share", "S", "importance share",
                            "r²", "share − weight",
                        ],
                        rows: analysis.nodes.map { node in
                            [
                                node.id, node.parent, String(node.level), NumberFormat.fixed(node.nominalWeight, 3),
                                NumberFormat.fixed(node.effectiveWeight, 3), NumberFormat.fixed(node.weightShare, 3),
                                NumberFormat.fixed(node.importance, 3), NumberFormat.fixed(node.importanceShare, 3),
                                NumberFormat.fixed(node.pearsonSquared, 3),
                                NumberFormat.fixed(node.importanceShare.map { $0 - node.weightShare }, 3),
                            ]
                        },
                        rightAligned: Set(2..<10)
                    ).rendered()
                )
                print(ImportanceDocument.estimatorText)
                if let chart { print("Wrote \(chart)") }
                if loaded.dataset.isIllustrative { print(Dataset.illustrativeNote) }
            }
        }
    }
}
