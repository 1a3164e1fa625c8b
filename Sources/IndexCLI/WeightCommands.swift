public import ArgumentParser
public import IndexCore
import IndexIO
import IndexWorkflows

struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "Show how the weights were derived: AHP matrices, the expert panel, final weights."
    )

    @OptionGroup var inputs: InputOptions

    @OptionGroup var display: LanguageOption

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Flag(
        help: "Rank the units under every weighting method side by side, with Spearman's ρ against the derived weights."
    )
    var compare = false

    func run() throws {
        try display.apply {
            try reportingErrors {
                if compare {
                    try compareMethods()
                    return
                }
                let framework = try inputs.loadFramework()
                let outcome = try Workflows().weightDerivation(framework)
                if format == .json {
                    print(try WorkflowJSON.text(outcome.document), terminator: "")
                    return
                }
                SurveyReport.provenance(of: try Workflows().frameworkSource(inputs.framework)).forEach { print($0) }
                for weights in outcome.evaluations {
                    print(WeightReport.text(weights.evaluation, derived: weights.derived, compiled: weights.compiled))
                }
            }
        }
    }
}

extension WeightsCommand {
    /// Reruns every cross-section under each weighting method.
    func compareMethods() throws {
        let outcome = try Workflows().weightComparison(try inputs.importData())
        if format == .json {
            print(try WorkflowJSON.text(outcome.document), terminator: "")
            return
        }
        for comparison in outcome.comparisons {
            let (methods, nominal) = (comparison.methods, comparison.nominal)
            let rows = nominal.units.map { unit in
                [unit.id, ResultTables.label(unit.name)]
                    + methods.indices.map { m in comparison.rank(of: unit.id, method: m).map(String.init) ?? "—" }
            }
            let table = TextTable(
                header: ["id", "unit"] + methods.map(\.rawValue),
                rows: rows + [["ρ", "Spearman vs derived"] + comparison.spearman.map { NumberFormat.fixed($0, 3) }],
                rightAligned: Set(2..<(2 + methods.count))
            )
            print(
                "\(ResultTables.label(nominal.name)) — \(nominal.period): rank under each weighting of the indicators within their groups"
            )
            print(table.rendered())
            print("")
        }
    }
}

enum WeightReport {
    static func text(_ evaluation: Evaluation, derived: DerivedWeights, compiled: CompiledEvaluation) -> String {
        var lines = ["== \(evaluation.id): \(evaluation.name.zh) \(evaluation.name.en)"]
        for id in derived.root.preorder.map(\.id) {
            guard let result = derived.ahp[id] else { continue }
            let children = compiled.childSlots(of: compiled.slotByID[id] ?? 0).map { compiled.nodeIDs[$0] }
            lines.append("AHP at \(id) over [\(children.joined(separator: ", "))]")
            if let matrix = evaluation.weighting?.judgements[id]?.first {
                for row in matrix.entries { lines.append("    " + row.map { fraction($0) }.joined(separator: "  ")) }
            }
            let consistency = result.consistency
            lines.append(
                "    weights " + result.weights.map { NumberFormat.fixed($0, 4) }.joined(separator: " ")
                    + (consistency.map {
                        "  λmax \(NumberFormat.fixed($0.lambdaMax, 4))  CI \(NumberFormat.fixed($0.ci, 4))  CR \(NumberFormat.fixed($0.cr, 4)) (RI \($0.riTable))"
                            + ($0.isConsistent ? "" : "  INCONSISTENT")
                    } ?? "")
            )
        }
        if let panel = derived.panel {
            lines.append(
                "Expert panel (\(evaluation.weighting?.panel?.experts.count ?? 0) experts, \(panel.summary.name)): Kendall W \(NumberFormat.fixed(panel.kendallW, 4)) (uncorrected \(NumberFormat.fixed(panel.kendallWUncorrected, 4))), χ² \(NumberFormat.fixed(panel.chiSquare, 2)), df \(panel.degreesOfFreedom), p \(NumberFormat.fixed(panel.pValue, 6))"
            )
            lines.append(
                TextTable(
                    header: ["indicator", "mean", "sd", "cv", "full", "panel %"],
                    rows: panel.indicators.map {
                        [
                            $0.id, NumberFormat.fixed($0.mean, 2), NumberFormat.fixed($0.sd, 2),
                            NumberFormat.fixed($0.cv, 3),
                            NumberFormat.fixed($0.fullScoreFrequency, 3), NumberFormat.fixed($0.weight * 100, 3),
                        ]
                    },
                    rightAligned: [1, 2, 3, 4, 5]
                ).rendered()
            )
        }
        lines.append(
            "Final weights"
                + (derived.alpha.map { alpha in
                    derived.panelMode == .withinParent
                        ? " (α = \(alpha), panel mode within-parent: α·AHP + (1 − α)·panel within each parent, aggregates keep the AHP's)"
                        : " (α = \(alpha), panel mode global: α·AHP + (1 − α)·panel over all indicators)"
                } ?? "")
                + "; each level totals 100"
        )
        var rows: [[String]] = []
        func visit(_ slot: Int) {
            let id = compiled.nodeIDs[slot]
            rows.append([
                String(repeating: "  ", count: compiled.depths[slot]) + id, compiled.nodeNames[slot].zh,
                NumberFormat.fixed(compiled.localWeights[slot] * 100, 2), NumberFormat.fixed(derived.effective[id], 3),
                NumberFormat.fixed(derived.initial[id], 3), NumberFormat.fixed(derived.panelWeights?[id], 3),
            ])
            for child in compiled.childSlots(of: slot) { visit(child) }
        }
        visit(compiled.rootSlot)
        lines.append(
            TextTable(
                header: ["node", "name", "local %", "effective %", "AHP %", "panel %"],
                rows: rows,
                rightAligned: [2, 3, 4, 5]
            ).rendered()
        )
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// A judgement as people write it: `3`, `1/5`, else three decimals. A framework's judgements need
    /// only be positive and reciprocal, so whole numbers too large for an `Int` (`1e20`, `1e-20`) are
    /// written by ``NumberFormat`` rather than converted.
    static func fraction(_ value: Double) -> String {
        let whole = 1e15
        if value >= 1 {
            return value == value.rounded() && value < whole ? String(Int(value)) : NumberFormat.fixed(value, 3)
        }
        let inverse = 1 / value
        guard inverse < whole, abs(inverse - inverse.rounded()) < 1e-9 else { return NumberFormat.fixed(value, 3) }
        return "1/\(Int(inverse.rounded()))"
    }
}

struct AHPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ahp",
        abstract: "AHP on judgement matrices in CSV (several files = several experts)."
    )

    @Argument(help: "Square CSV matrices; entries are numbers or fractions such as 1/3.")
    var files: [String]

    @Option(help: "RI table: saaty-1980, chinese-1000, saaty-2008, alonso-lamata, tummala-ling, donegan-dodd.")
    var ri = "saaty-1980"

    @Option(help: "eigenvector, geometric-mean or column-mean.")
    var method: PriorityMethod = .eigenvector

    @Option(help: "With several experts: aij, aip-geometric or aip-arithmetic.")
    var aggregate: GroupAggregation = .aij

    @Option(help: "Expert weights W,… (rescaled to total 1).")
    var expertWeights: String?

    @Flag(help: "Accept matrices with CR ≥ 0.10.")
    var allowInconsistent = false

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try reportingErrors {
            let table = try RandomIndexTable.named(ri)
            let matrices = try files.map { try JudgementReader.readMatrix(path: $0) }
            let weights = try expertWeights.map { text in
                try text.split(separator: ",").map { part -> Double in
                    guard let value = Double(part) else { throw IndexError("expert weight '\(part)' is not a number") }
                    return value
                }
            }
            let result = try AHP.analyseGroup(
                matrices,
                expertWeights: weights,
                aggregation: aggregate,
                method: method,
                riTable: table
            )
            let inconsistent = ((result.consistency.map { [$0] } ?? []) + result.experts).enumerated().filter {
                !$0.element.isConsistent
            }
            if format == .json {
                if matrices.count == 1, let only = result.consistency {
                    print(try WorkflowJSON.text(AHPResultDocument(only)), terminator: "")
                } else {
                    print(try WorkflowJSON.text(GroupAHPDocument(result)), terminator: "")
                }
            } else {
                print("weights " + result.weights.map { NumberFormat.fixed($0, 6) }.joined(separator: " "))
                if let c = result.consistency {
                    print(
                        "λmax \(NumberFormat.fixed(c.lambdaMax, 6))  CI \(NumberFormat.fixed(c.ci, 6))  CR \(NumberFormat.fixed(c.cr, 6))  RI \(NumberFormat.fixed(c.ri, 4)) (\(c.riTable))  \(c.isConsistent ? "consistent" : "INCONSISTENT (CR ≥ 0.10)")"
                    )
                }
                if matrices.count > 1 {
                    for (index, expert) in result.experts.enumerated() {
                        print(
                            "expert \(index + 1) (\(files[index])): weights \(expert.weights.map { NumberFormat.fixed($0, 4) }.joined(separator: " "))  CR \(NumberFormat.fixed(expert.cr, 4))"
                        )
                    }
                }
            }
            if !inconsistent.isEmpty && !allowInconsistent {
                let names = result.experts.enumerated().filter { !$0.element.isConsistent }.map { files[$0.offset] }
                throw IndexError(
                    "inconsistent judgements (CR ≥ 0.10)\(names.isEmpty ? "" : " in " + names.joined(separator: ", ")); revise them or pass --allow-inconsistent"
                )
            }
        }
    }
}

extension PriorityMethod: ExpressibleByArgument {}
extension GroupAggregation: ExpressibleByArgument {}

struct DelphiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delphi",
        abstract: "Expert panel statistics and weights (专家打分): mean, SD, CV, Kendall's W."
    )

    @Argument(help: "Scores CSV: rows are experts, columns indicators (header = indicator ids).")
    var scores: String

    @Option(help: "The full score (default: the highest score present).")
    var fullScore: Double?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try reportingErrors {
            let panel = try JudgementReader.readPanel(path: scores)
            let result = try panel.analyse(fullScore: fullScore)
            if format == .json {
                print(try WorkflowJSON.text(PanelDocument(result)), terminator: "")
            } else {
                print(
                    TextTable(
                        header: ["indicator", "mean", "sd", "cv", "full-score freq", "weight"],
                        rows: result.indicators.map {
                            [
                                $0.id, NumberFormat.fixed($0.mean, 3), NumberFormat.fixed($0.sd, 3),
                                NumberFormat.fixed($0.cv, 4),
                                NumberFormat.fixed($0.fullScoreFrequency, 3), NumberFormat.fixed($0.weight, 6),
                            ]
                        },
                        rightAligned: [1, 2, 3, 4, 5]
                    ).rendered()
                )
                print(
                    "Kendall's W \(NumberFormat.fixed(result.kendallW, 6)) (tie-corrected), \(NumberFormat.fixed(result.kendallWUncorrected, 6)) uncorrected; χ² \(NumberFormat.fixed(result.chiSquare, 4)), df \(result.degreesOfFreedom), p \(NumberFormat.fixed(result.pValue, 6))"
                )
            }
        }
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a framework and data; list every problem, not just the first."
    )

    @OptionGroup var inputs: InputOptions

    @Flag(
        help: "Accept data that leave indicators or base periods uncovered (listed as warnings), as iidei import does."
    )
    var allowIncomplete = false

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try reportingErrors {
            let (document, notes) = try Workflows().validate(inputs.runInputs, allowIncomplete: allowIncomplete)
            for note in notes { printError("note: \(note)") }
            if format != .table {
                print(try WorkflowJSON.text(document), terminator: "")
                return
            }
            for notice in document.notices { print("note: \(notice)") }
            for warning in document.warnings { print("warning: \(warning)") }
            for file in document.files {
                print(
                    "read \(file.path): \(file.format), \(file.tables.joined(separator: ", ")), \(file.values) values"
                )
            }
            print(
                "ok: \(document.framework), \(document.evaluations) evaluation(s), \(document.units) units, \(document.values) values"
            )
        }
    }
}
