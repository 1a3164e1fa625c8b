public import ArgumentParser
import Foundation
public import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows

/// `iidei survey …`: weighting surveys from questionnaire to framework (AHP judgements, Delphi scores).
struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Weighting surveys: AHP and Delphi questionnaires, checked answers, rounds, weights.",
        subcommands: [
            SurveyCreateCommand.self, SurveyQuestionnaireCommand.self, SurveyRespondCommand.self,
            SurveyRoundCommand.self,
            SurveyStatusCommand.self, SurveyWeightsCommand.self, SurveyApplyCommand.self,
        ]
    )
}

extension SurveyKind: ExpressibleByArgument {}

struct SurveyCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a survey of a framework and its panel; prints each expert's form token once."
    )

    @Argument(help: "The survey's name.")
    var name: String

    @Option(help: "Framework file (YAML or COINr iMeta). Default: the built-in iidei-2024.")
    var framework: String?

    @Option(help: "The experts' names, comma-separated.")
    var expertNames: String?

    @Option(help: "The number of experts, named E1, E2, … (instead of --expert-names).")
    var experts: Int?

    @Option(help: "ahp, delphi or both.")
    var kind: SurveyKind = .both

    @Option(help: "The panel's score scale LOWER-UPPER; the upper end is the full score.")
    var scale = "0-100"

    @Option(help: "RI table (default: the framework's, else saaty-1980).")
    var ri: String?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (expertNames == nil) != (experts == nil) else {
            throw ValidationError("give either --expert-names a,b,c or --experts N")
        }
        if let experts, !(1...1_000).contains(experts) { throw ValidationError("--experts must be from 1 to 1000") }
    }

    func run() throws {
        try reportingErrors {
            let names =
                expertNames.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
                ?? (1...(experts ?? 1)).map { "E\($0)" }
            let source = try Workflows().frameworkSource(framework)
            let bounds = scale.split(separator: "-").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 2, let lower = bounds[0], let upper = bounds[1] else {
                throw ValidationError("--scale must be LOWER-UPPER, such as 0-100")
            }
            let created = try SurveyWorkflows(store: try store.open()).create(
                SurveyCreation(
                    name: name,
                    framework: source,
                    kind: kind,
                    scale: try ScoreScale(lower: lower, upper: upper),
                    riTable: try ri.map(RandomIndexTable.named),
                    experts: names
                )
            )
            if format == .json { return try printDocument(created) }
            print(
                "survey '\(created.survey)' of \(created.framework): \(created.matrices) matrices, \(created.indicators) indicators to score (\(plainNumber(created.scale.lower))–\(plainNumber(created.scale.upper))), RI table \(created.riTable), round \(created.round) open"
            )
            print("Each expert's form (keep the tokens: the store keeps only their hashes):")
            print(
                TextTable(
                    header: ["expert", "token", "form"],
                    rows: created.experts.map { [$0.expert, $0.token, $0.form] }
                ).rendered()
            )
        }
    }
}

struct SurveyQuestionnaireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaire",
        abstract: "Write one XLSX questionnaire per expert for the open round."
    )

    @Argument var name: String

    @Option(help: "The folder to write into.")
    var out: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let issued = try SurveyWorkflows(store: try store.openForReading()).questionnaires(survey: name)
            // The one writer for outputs: names kept inside the folder and distinct, written only when
            // every questionnaire is ready.
            for path in try OutputWriter.write(issued.files.map { (name: $0.name, data: $0.data) }, to: out) {
                print(path)
            }
        }
    }
}

struct SurveyRespondCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "respond",
        abstract: "Record an expert's answers from a returned XLSX questionnaire or a JSON file."
    )

    @Argument var name: String

    @Option(help: "The expert answering.")
    var expert: String

    @Argument(help: "FILE.xlsx (a returned questionnaire) or FILE.json ({\"ahp\": {…}, \"scores\": {…}}).")
    var file: String

    @Flag(help: "Replace the expert's earlier answers in this round instead of adding to them.")
    var replace = false

    @Option(help: "Output: table or json (the API's receipt).")
    var format: OutputFormat = .table

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let response = try SurveyWorkflows(store: try store.open()).respond(
                survey: name,
                expert: expert,
                answers: .file(file),
                replace: replace
            )
            if format == .json { return try printDocument(response.receipt) }
            let receipt = response.receipt
            print(
                "stored expert '\(receipt.expert)'s answers in round \(receipt.round) of '\(receipt.survey)': \(receipt.matrices.count) matrices, \(receipt.scores) scores"
            )
            for line in SurveyReport.matrixLines(response.answers, design: response.design) { print(line) }
        }
    }
}

struct SurveyRoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Close the open Delphi round; opens the next unless a stopping rule is met."
    )

    @Argument var name: String

    @Flag(help: "Close the open round.")
    var close = false

    @OptionGroup var rules: StoppingRuleOptions

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard close else { throw ValidationError("say --close to close the open round") }
    }

    func run() throws {
        try reportingErrors {
            let closure = try SurveyWorkflows(store: try store.open()).closeRound(survey: name, rule: rules.rule)
            let round = closure.document
            if format == .json { return try printDocument(round) }
            if let statistics = closure.statistics { print(SurveyReport.roundLine(statistics)) }
            for reason in round.reasons { print("  \(reason)") }
            print(
                round.finished
                    ? "round \(round.closed) closed; the survey is finished"
                    : "round \(round.closed) closed (\(round.answered) of \(round.experts) experts answered); round \(round.opened ?? round.closed + 1) is open"
            )
        }
    }
}

/// The Delphi stopping rules, shared by `round` and `status`.
struct StoppingRuleOptions: ParsableArguments {
    @Option(help: "Stop when every indicator's CV is below this (for example 0.25).")
    var maxCv: Double?

    @Option(help: "Stop when Kendall's W is significant at this level (for example 0.05).")
    var alpha: Double?

    @Option(help: "Stop after this many rounds.")
    var maxRounds: Int?

    var rule: DelphiStoppingRule { DelphiStoppingRule(maximumCV: maxCv, significance: alpha, maximumRounds: maxRounds) }
}

struct SurveyStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per expert what is answered and each matrix's CR; per indicator the panel's statistics per round."
    )

    @Argument var name: String

    @OptionGroup var rules: StoppingRuleOptions

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let status = try SurveyWorkflows(store: try store.openForReading()).status(survey: name, rule: rules.rule)
            if format == .json { return try printDocument(status.document) }
            let (survey, design) = (status.survey, status.design)
            print(
                "survey '\(survey.name)' (\(survey.kind.rawValue)) of \(survey.framework.frameworkID), round \(survey.round) \(survey.isFinished ? "closed: finished" : "open")"
            )
            var rows: [[String]] = []
            for expert in survey.experts {
                let answers = status.current.first { $0.expert == expert }
                let crs = answers?.matrices.map(\.result.cr) ?? []
                let flagged = answers?.matrices.filter { !$0.result.isConsistent }.map(\.node) ?? []
                rows.append([
                    expert, "\(answers?.matrices.count ?? 0)/\(design.nodes.count)",
                    "\(answers?.scores.count ?? 0)/\(design.indicators.count)",
                    crs.max().map { NumberFormat.fixed($0, 4) } ?? "—",
                    flagged.isEmpty ? "" : flagged.joined(separator: ", "),
                ])
            }
            print(
                TextTable(
                    header: ["expert", "matrices", "scores", "max CR", "CR ≥ 0.10"],
                    rows: rows,
                    rightAligned: [1, 2, 3]
                ).rendered()
            )
            for answers in status.current where !answers.matrices.isEmpty {
                let crs = answers.matrices.map { "\($0.node) \(NumberFormat.fixed($0.result.cr, 3))" }
                print("  \(answers.expert) CR: \(crs.joined(separator: ", "))")
            }
            for answers in status.current {
                for line in SurveyReport.matrixLines(answers, design: design, onlyInconsistent: true) { print(line) }
            }
            for round in status.statistics {
                print("")
                print(SurveyReport.roundLine(round))
                print(
                    TextTable(
                        header: ["indicator", "n", "mean", "sd", "cv", "median", "Q1", "Q3", "full"],
                        rows: round.indicators.map {
                            [
                                $0.id, "\($0.count)", NumberFormat.fixed($0.mean, 2), NumberFormat.fixed($0.sd, 2),
                                NumberFormat.fixed($0.cv, 4),
                                NumberFormat.fixed($0.median, 2), NumberFormat.fixed($0.lowerQuartile, 2),
                                NumberFormat.fixed($0.upperQuartile, 2),
                                NumberFormat.fixed($0.fullScoreFrequency, 3),
                            ]
                        },
                        rightAligned: Set(1...8)
                    ).rendered()
                )
            }
            if let last = status.statistics.last, rules.maxCv != nil || rules.alpha != nil || rules.maxRounds != nil {
                let decision = rules.rule.decision(after: last)
                print(
                    "stopping rules: \(decision.stop ? "stop" : "continue") — \(decision.reasons.joined(separator: "; "))"
                )
            }
        }
    }
}

/// Options shared by `weights` and `apply`.
struct SurveyWeightingOptions: ParsableArguments {
    @Option(help: "aij, aip-geometric or aip-arithmetic.")
    var aggregate: GroupAggregation = .aij

    @Option(help: "Expert weights NAME=W,… (rescaled over the experts used).")
    var expertWeights: String?

    @Option(help: "The round whose answers to use (default: the latest with answers).")
    var round: Int?

    @Flag(help: "Accept matrices with CR ≥ 0.10.")
    var allowInconsistent = false

    /// The flags as the workflows' request.
    func request() throws -> SurveyWeightingRequest {
        let weights = try expertWeights.map { text in
            var weights: [String: Double] = [:]
            for part in text.split(separator: ",") {
                let pieces = part.split(separator: "=", maxSplits: 1)
                guard pieces.count == 2, let value = Double(pieces[1]) else {
                    throw IndexError("expert weight '\(part)' must be NAME=NUMBER")
                }
                weights[String(pieces[0])] = value
            }
            return weights
        }
        return SurveyWeightingRequest(
            aggregation: aggregate,
            expertWeights: weights,
            round: round,
            allowInconsistent: allowInconsistent
        )
    }
}

struct SurveyWeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "The group's local weights per node and the final weights from the survey's answers."
    )

    @Argument var name: String

    @OptionGroup var options: SurveyWeightingOptions

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let weights = try SurveyWorkflows(store: try store.openForReading()).weights(
                survey: name,
                request: try options.request()
            )
            let document = weights.document
            if format == .json { return try printDocument(document) }
            print(
                "survey '\(document.survey)', round \(document.round), \(document.aggregation.rawValue): group local weights per node"
            )
            for node in weights.design.nodes {
                guard let result = weights.nodes[node.key] else { continue }
                let cr =
                    result.consistency.map {
                        "  CR \(NumberFormat.fixed($0.cr, 4))  λmax \(NumberFormat.fixed($0.lambdaMax, 4))"
                    } ?? ""
                print(
                    "  \(node.key): "
                        + zip(node.children, result.weights).map { "\($0) \(NumberFormat.fixed($1, 4))" }.joined(
                            separator: ", "
                        )
                        + cr + "  (\(result.experts.count) experts)"
                )
            }
            guard let provenance = weights.provenance else {
                print("final weights: not yet — \(document.finalProblem ?? "")")
                return
            }
            print(SurveyReport.provenanceText(provenance))
            for evaluation in weights.evaluations {
                print(
                    WeightReport.text(
                        evaluation.evaluation,
                        derived: evaluation.derived,
                        compiled: evaluation.compiled
                    )
                )
            }
        }
    }
}

struct SurveyApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write the framework with the survey's matrices and scores; the store records where they came from."
    )

    @Argument var name: String

    @Option(help: "The framework file to write (YAML).")
    var out: String

    @OptionGroup var options: SurveyWeightingOptions

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let applied = try SurveyWorkflows(store: try store.open()).apply(
                survey: name,
                request: try options.request(),
                out: out
            )
            if format == .json { return try printDocument(applied) }
            print(
                "wrote \(applied.out): \(applied.evaluations) evaluation(s) weighted by survey '\(applied.survey)', round \(applied.round), experts \(applied.experts.joined(separator: ", "))"
            )
        }
    }
}

/// Prints a document through the one JSON configuration: the same bytes the API answers.

/// Text for the survey commands.
enum SurveyReport {
    static func matrixLines(_ answers: CheckedAnswers, design: SurveyDesign, onlyInconsistent: Bool = false) -> [String]
    {
        var lines: [String] = []
        for matrix in answers.matrices where !onlyInconsistent || !matrix.result.isConsistent {
            guard let node = design.node(matrix.node) else { continue }
            var line =
                "  \(answers.expert) · \(matrix.node): CR \(NumberFormat.fixed(matrix.result.cr, 4)) (RI \(matrix.result.riTable))"
            if !matrix.completions.isEmpty {
                line +=
                    "; completed by Harker's method: "
                    + matrix.completions.map {
                        "a(\(node.children[$0.row]), \(node.children[$0.column])) = \(NumberFormat.fixed($0.value, 4))"
                    }
                    .joined(separator: ", ")
            }
            if let revision = matrix.revision {
                line +=
                    "; INCONSISTENT (CR ≥ 0.10): revisit a(\(node.children[revision.row]), \(node.children[revision.column])) = \(SaatyScale.label(revision.current)), w_i/w_j = \(NumberFormat.fixed(revision.implied, 3)), suggested \(SaatyScale.label(revision.suggested))"
            }
            lines.append(line)
        }
        return lines
    }

    static func roundLine(_ statistics: DelphiRoundStatistics) -> String {
        "round \(statistics.round): \(statistics.experts.count) experts, Kendall's W \(NumberFormat.fixed(statistics.kendallW, 4)), χ² \(NumberFormat.fixed(statistics.chiSquare, 3)), df \(statistics.degreesOfFreedom), p \(NumberFormat.fixed(statistics.pValue, 6)), largest CV \(NumberFormat.fixed(statistics.maximumCV, 4))"
    }

    static func provenanceText(_ provenance: SurveyProvenance) -> String {
        var lines = [
            "matrices from: \(provenance.ahpExperts.isEmpty ? "—" : provenance.ahpExperts.joined(separator: ", "))"
        ]
        for (evaluation, experts) in provenance.panelExperts.sorted(by: { $0.key < $1.key }) {
            lines.append("scores of \(evaluation) from: \(experts.joined(separator: ", "))")
        }
        for note in provenance.excluded { lines.append("left out: \(note)") }
        return lines.joined(separator: "\n")
    }
}

/// A number without a trailing `.0` when whole.
func plainNumber(_ value: Double) -> String { Cell.format(value) }

extension SurveyReport {
    /// Where a framework's weights came from, when the default store (`$IIDEI_DB`, …) says it was
    /// written by `iidei survey apply`; nothing when there is no store or no record.
    static func provenance(of source: FrameworkSource) -> [String] {
        let path = Store.defaultPath()
        guard FileManager.default.fileExists(atPath: path), let store = try? Store(path: path, access: .readOnly),
            let applications = try? store.surveyApplications(framework: source)
        else { return [] }
        return applications.map {
            "Weights from survey '\($0.survey)', round \($0.round) (\($0.aggregation)); experts: \($0.experts.joined(separator: ", ")) — applied \($0.createdAt)"
        }
    }
}
