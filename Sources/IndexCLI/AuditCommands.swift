import ArgumentParser
import Foundation
import IndexCore
import IndexIO
import IndexWorkflows

/// The cross-section results of a run on the inputs, with the run's options.
func crossSections(
    _ framework: Framework,
    _ dataset: Dataset,
    evaluation: String?,
    options: RunOptions
) throws
    -> [CrossSectionResult]
{
    let results = try IndexEngine.run(framework: framework, dataset: dataset, options: options)
    let sections = results.evaluations.compactMap { result -> CrossSectionResult? in
        if case .crossSection(let section) = result, evaluation == nil || section.evaluation == evaluation {
            return section
        }
        return nil
    }
    guard !sections.isEmpty else { throw IndexError("no cross-section evaluation '\(evaluation ?? "")' to examine") }
    return sections
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Statistical coherence audit: correlations with parent and index, Cronbach's α, first principal component, flags and a verdict per group."
    )

    @OptionGroup var inputs: RunOptionGroup

    @OptionGroup var display: LanguageOption

    @Option(help: "The cross-section evaluation to audit. Default: every one.")
    var evaluation: String?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try display.apply {
            try reportingErrors {
                let loaded = try inputs.load()
                let (framework, dataset) = (loaded.framework, loaded.dataset)
                let audits = try crossSections(
                    framework,
                    dataset,
                    evaluation: evaluation,
                    options: try inputs.options()
                )
                .map(Audit.init)
                if format == .json {
                    print(JSONValue.object(audits.map { ($0.evaluation, Self.json($0)) }).rendered())
                    return
                }
                for audit in audits {
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
                }
                if dataset.isIllustrative { print(Dataset.illustrativeNote) }
            }
        }
    }

    static func json(_ audit: Audit) -> JSONValue {
        .object([
            ("period", .string(audit.period)), ("units", .number(Double(audit.unitCount))),
            (
                "groups",
                .array(
                    audit.groups.map { g in
                        .object([
                            ("id", .string(g.id)), ("level", .number(Double(g.depth))),
                            ("children", .array(g.children.map { .string($0) })),
                            ("cronbachAlpha", .number(g.cronbachAlpha)),
                            ("firstComponentShare", .number(g.firstComponentShare)),
                            ("againstTheRest", .array(g.againstTheRest.map { .string($0) })),
                            ("nearDuplicates", .array(g.nearDuplicates.map { .array($0.map { .string($0) }) })),
                            ("verdict", .string(g.verdict)),
                        ])
                    }
                )
            ),
            (
                "indicators",
                .array(
                    audit.indicators.map { c in
                        .object([
                            ("id", .string(c.id)), ("parent", .string(c.parent)),
                            ("pearsonWithParent", .number(c.pearsonWithParent)),
                            ("spearmanWithParent", .number(c.spearmanWithParent)),
                            ("pearsonWithIndex", .number(c.pearsonWithIndex)),
                            ("spearmanWithIndex", .number(c.spearmanWithIndex)),
                            ("flags", .array(c.flags.map { .string($0) })),
                        ])
                    }
                )
            ),
        ])
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
                let (framework, dataset) = (loaded.framework, loaded.dataset)
                let id: String
                switch NameResolver.units(dataset.units).resolve(unit) {
                case .found(let found): id = found
                case .ambiguous(let ids):
                    throw IndexError("ambiguous unit '\(unit)': it could be \(ids.joined(separator: " or "))")
                case .unknown: throw IndexError("unknown unit '\(unit)'")
                }
                let snapshot = try CrossSectionPipeline(
                    framework: framework,
                    dataset: dataset,
                    evaluationID: evaluation,
                    options: try inputs.options()
                )
                let report = try Levers.report(snapshot, unit: id)
                let name = dataset.units.first { $0.id == id }.map { ResultTables.label($0.name) } ?? id
                if format == .json {
                    print(
                        Self.json(report, evaluation: snapshot.compiled.evaluation.id, period: snapshot.period)
                            .rendered()
                    )
                    return
                }
                print(
                    "\(name) (\(id)) — \(snapshot.compiled.evaluation.id) \(snapshot.period): score \(NumberFormat.fixed(report.score, 1)), rank \(report.rank), tier \(report.tier)"
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

    static func json(_ report: LeverReport, evaluation: String, period: String) -> JSONValue {
        .object([
            ("unit", .string(report.unit)), ("evaluation", .string(evaluation)), ("period", .string(period)),
            ("score", .number(report.score)), ("rank", .number(Double(report.rank))),
            ("tier", .number(Double(report.tier))),
            (
                "levers",
                .array(
                    report.levers.map { lever in
                        .object([
                            ("indicator", .string(lever.indicator)), ("value", .number(lever.value)),
                            ("step", .number(lever.step)), ("gainPerStep", .number(lever.gainPerStep)),
                            ("valueForNextTier", .number(lever.valueForNextTier)),
                            ("note", lever.note.map { .string($0) } ?? .null),
                        ])
                    }
                )
            ),
        ])
    }
}
