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
            let (survey, tokens) = try store.open().createSurvey(
                name: name,
                source: source,
                kind: kind,
                scale: try ScoreScale(lower: lower, upper: upper),
                riTable: try ri.map(RandomIndexTable.named),
                experts: names
            )
            let design = try survey.design()
            print(
                "survey '\(survey.name)' of \(survey.framework.frameworkID): \(design.nodes.count) matrices, \(design.indicators.count) indicators to score (\(plainNumber(survey.scale.lower))–\(plainNumber(survey.scale.upper))), RI table \(survey.riTable), round 1 open"
            )
            print("Each expert's form (keep the tokens: the store keeps only their hashes):")
            print(
                TextTable(
                    header: ["expert", "token", "form"],
                    rows: tokens.map { [$0.expert, $0.token, "/survey/\($0.token)"] }
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
            let opened = try store.open()
            let survey = try opened.survey(name)
            let design = try survey.design()
            let previous = survey.round > 1 ? try opened.responses(survey: name, round: survey.round - 1) : []
            let checked = try previous.map { try design.check($0.answers, expert: $0.expert) }
            let group =
                design.indicators.isEmpty || checked.count < 2
                ? nil : (try? design.delphiStatistics(checked, round: survey.round - 1))
            let current = try opened.responses(survey: name)
            var files: [(String, Data)] = []
            for expert in survey.experts {
                let feedback = QuestionnaireFeedback(
                    previousRound: group,
                    previousAnswers: previous.first { $0.expert == expert }?.answers,
                    currentAnswers: current.first { $0.expert == expert }?.answers
                )
                let workbook = Questionnaire.workbook(
                    survey: name,
                    expert: expert,
                    round: survey.round,
                    design: design,
                    feedback: feedback
                )
                files.append(
                    (
                        SurveyFiles.questionnaireName(survey: name, expert: expert, round: survey.round),
                        try XLSXWriter.encode(workbook)
                    )
                )
            }
            // The one writer for outputs: names kept inside the folder and distinct, written only when
            // every questionnaire is ready.
            for path in try OutputWriter.write(files.map { (name: $0.0, data: $0.1) }, to: out) { print(path) }
        }
    }
}

/// File names the survey commands write (made safe and distinct by ``OutputWriter``).
enum SurveyFiles {
    static func questionnaireName(survey: String, expert: String, round: Int) -> String {
        "\(survey)-\(expert)-round\(round).xlsx"
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

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let opened = try store.open()
            let survey = try opened.survey(name)
            let answers: SurveyAnswers
            if file.lowercased().hasSuffix(".xlsx") {
                answers = try Questionnaire.read(
                    try XLSXReader.read(path: file),
                    file: file,
                    survey: name,
                    expert: expert,
                    round: survey.round,
                    design: try survey.design()
                )
            } else {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                    throw IndexError("cannot read the file", file: file)
                }
                answers = try SurveyAnswersJSON.parse(data, file: file, survey: name)
            }
            let checked = try opened.saveResponse(survey: name, expert: expert, answers: answers, merging: !replace)
            print(
                "stored expert '\(expert)'s answers in round \(survey.round) of '\(name)': \(checked.matrices.count) matrices, \(checked.scores.count) scores"
            )
            for line in SurveyReport.matrixLines(checked, design: try survey.design()) { print(line) }
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

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard close else { throw ValidationError("say --close to close the open round") }
    }

    func run() throws {
        try reportingErrors {
            let opened = try store.open()
            let survey = try opened.survey(name)
            let design = try survey.design()
            let responses = try opened.responses(survey: name)
            let checked = try responses.map { try design.check($0.answers, expert: $0.expert) }
            var stop = false
            if !design.indicators.isEmpty, let statistics = try? design.delphiStatistics(checked, round: survey.round) {
                let decision = rules.rule.decision(after: statistics)
                stop = decision.stop
                print(SurveyReport.roundLine(statistics))
                for reason in decision.reasons { print("  \(reason)") }
            } else if let maximum = rules.maxRounds {
                stop = survey.round >= maximum
            }
            let after = try opened.closeRound(survey: name, finish: stop)
            print(
                stop
                    ? "round \(survey.round) closed; the survey is finished"
                    : "round \(survey.round) closed (\(responses.count) of \(survey.experts.count) experts answered); round \(after.round) is open"
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
            let opened = try store.open()
            let survey = try opened.survey(name)
            let design = try survey.design()
            var rounds: [(Int, [CheckedAnswers])] = []
            for round in 1...survey.round {
                rounds.append(
                    (
                        round,
                        try opened.responses(survey: name, round: round).map {
                            try design.check($0.answers, expert: $0.expert)
                        }
                    )
                )
            }
            let current = rounds.last?.1 ?? []
            let statistics =
                design.indicators.isEmpty ? [] : rounds.compactMap { try? design.delphiStatistics($0.1, round: $0.0) }
            if format == .json {
                print(
                    SurveyReport.statusJSON(
                        survey,
                        design: design,
                        current: current,
                        statistics: statistics,
                        rule: rules.rule
                    ).rendered()
                )
                return
            }
            print(
                "survey '\(survey.name)' (\(survey.kind.rawValue)) of \(survey.framework.frameworkID), round \(survey.round) \(survey.isFinished ? "closed: finished" : "open")"
            )
            var rows: [[String]] = []
            for expert in survey.experts {
                let answers = current.first { $0.expert == expert }
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
            for answers in current where !answers.matrices.isEmpty {
                let crs = answers.matrices.map { "\($0.node) \(NumberFormat.fixed($0.result.cr, 3))" }
                print("  \(answers.expert) CR: \(crs.joined(separator: ", "))")
            }
            for answers in current {
                for line in SurveyReport.matrixLines(answers, design: design, onlyInconsistent: true) { print(line) }
            }
            for round in statistics {
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
            if let last = statistics.last, rules.maxCv != nil || rules.alpha != nil || rules.maxRounds != nil {
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

    func weights() throws -> [String: Double]? {
        try expertWeights.map { text in
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
    }

    /// The survey, the round used and its checked answers.
    func answers(_ name: String, store: Store) throws -> (StoredSurvey, Int, [CheckedAnswers]) {
        let survey = try store.survey(name)
        let design = try survey.design()
        var number = round ?? survey.round
        var responses = try store.responses(survey: name, round: number)
        while round == nil, responses.isEmpty, number > 1 {
            number -= 1
            responses = try store.responses(survey: name, round: number)
        }
        guard !responses.isEmpty else { throw IndexError("survey '\(name)' has no answers in round \(number)") }
        return (survey, number, try responses.map { try design.check($0.answers, expert: $0.expert) })
    }

    /// The framework weighted by the answers.
    func weighting(_ survey: StoredSurvey, answers: [CheckedAnswers]) throws -> SurveyWeighting {
        try survey.design().weighting(
            of: try survey.framework.source.parse(),
            answers: answers,
            aggregation: aggregate,
            expertWeights: try weights(),
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
            let (survey, round, answers) = try options.answers(name, store: try store.open())
            let design = try survey.design()
            let nodes = try design.groupWeights(
                answers,
                aggregation: options.aggregate,
                expertWeights: try options.weights()
            )
            var final: [(String, JSONValue)] = []
            var text: [String] = []
            var weighting: SurveyWeighting?
            var problem: String?
            do {
                let weighted = try options.weighting(survey, answers: answers)
                for evaluation in weighted.framework.evaluations {
                    let derived = try evaluation.deriveWeights()
                    let compiled = try CompiledEvaluation(evaluation: evaluation, root: derived.root)
                    final.append((evaluation.id, WeightReport.json(derived, compiled: compiled)))
                    text.append(WeightReport.text(evaluation, derived: derived, compiled: compiled))
                }
                weighting = weighted
            } catch {
                problem = "\(error)"
            }
            if format == .json {
                print(
                    JSONValue.object([
                        ("survey", .string(survey.name)), ("round", .number(Double(round))),
                        ("aggregation", .string(options.aggregate.rawValue)),
                        ("nodes", SurveyReport.nodesJSON(nodes, design: design)),
                        ("final", problem == nil ? .object(final) : .null),
                        ("finalProblem", problem.map { .string($0) } ?? .null),
                        ("provenance", weighting.map { SurveyReport.provenanceJSON($0.provenance) } ?? .null),
                    ]).rendered()
                )
                return
            }
            print(
                "survey '\(survey.name)', round \(round), \(options.aggregate.rawValue): group local weights per node"
            )
            for node in design.nodes {
                guard let result = nodes[node.key] else { continue }
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
            guard let weighting else {
                print("final weights: not yet — \(problem ?? "")")
                return
            }
            print(SurveyReport.provenanceText(weighting.provenance))
            for block in text { print(block) }
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

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let opened = try store.open()
            let (survey, round, answers) = try options.answers(name, store: opened)
            let weighting = try options.weighting(survey, answers: answers)
            for evaluation in weighting.framework.evaluations { _ = try evaluation.deriveWeights() }
            let provenance = weighting.provenance
            let experts = (provenance.ahpExperts + provenance.panelExperts.values.flatMap { $0 }).reduce(
                into: [String]()
            ) {
                if !$0.contains($1) { $0.append($1) }
            }
            let header = [
                "Weights from iidei survey '\(survey.name)', round \(round) (\(options.aggregate.rawValue)); experts: \(experts.joined(separator: ", "))",
                "Written by `iidei survey apply`; the store records the survey, round and experts of this file.",
            ]
            let text = try FrameworkWeightingWriter.write(
                source: survey.framework.source,
                framework: weighting.framework,
                header: header
            )
            let written = FrameworkSource(format: .yaml, content: text, origin: out)
            let reread = try written.parse()
            for evaluation in reread.evaluations { _ = try evaluation.deriveWeights() }
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                throw IndexError("cannot write the framework (\(error.localizedDescription))", file: out)
            }
            try opened.recordApplication(
                survey: name,
                round: round,
                experts: experts,
                framework: written,
                aggregation: options.aggregate
            )
            print(
                "wrote \(out): \(reread.evaluations.count) evaluation(s) weighted by survey '\(name)', round \(round), experts \(experts.joined(separator: ", "))"
            )
        }
    }
}

/// Text and JSON for the survey commands.
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

    static func nodesJSON(_ nodes: [String: GroupAHPResult], design: SurveyDesign) -> JSONValue {
        .object(
            design.nodes.compactMap { node in
                guard let result = nodes[node.key] else { return nil }
                return (
                    node.key,
                    .object([
                        ("weights", .object(zip(node.children, result.weights).map { ($0, .number($1)) })),
                        ("cr", .number(result.consistency?.cr)),
                        ("lambdaMax", .number(result.consistency?.lambdaMax)),
                        ("experts", .number(Double(result.experts.count))),
                    ])
                )
            }
        )
    }

    static func provenanceJSON(_ provenance: SurveyProvenance) -> JSONValue {
        .object([
            ("ahpExperts", .array(provenance.ahpExperts.map { .string($0) })),
            (
                "panelExperts",
                .object(
                    provenance.panelExperts.sorted { $0.key < $1.key }.map {
                        ($0.key, .array($0.value.map { .string($0) }))
                    }
                )
            ),
            ("excluded", .array(provenance.excluded.map { .string($0) })),
        ])
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

    static func statusJSON(
        _ survey: StoredSurvey,
        design: SurveyDesign,
        current: [CheckedAnswers],
        statistics: [DelphiRoundStatistics],
        rule: DelphiStoppingRule
    ) -> JSONValue {
        .object([
            ("survey", .string(survey.name)), ("round", .number(Double(survey.round))),
            ("finished", .bool(survey.isFinished)),
            (
                "experts",
                .array(
                    survey.experts.map { expert in
                        let answers = current.first { $0.expert == expert }
                        return .object([
                            ("expert", .string(expert)), ("matrices", .number(Double(answers?.matrices.count ?? 0))),
                            ("scores", .number(Double(answers?.scores.count ?? 0))),
                            (
                                "cr",
                                .object((answers?.matrices ?? []).map { ($0.node, .number($0.result.cr)) })
                            ),
                        ])
                    }
                )
            ),
            (
                "rounds",
                .array(
                    statistics.map { round in
                        .object([
                            ("round", .number(Double(round.round))), ("experts", .number(Double(round.experts.count))),
                            ("kendallW", .number(round.kendallW)),
                            ("chiSquare", .number(round.chiSquare)),
                            ("df", .number(Double(round.degreesOfFreedom))),
                            ("pValue", .number(round.pValue)),
                            ("stop", .bool(rule.decision(after: round).stop)),
                            (
                                "indicators",
                                .object(
                                    round.indicators.map { s in
                                        (
                                            s.id,
                                            .object([
                                                ("mean", .number(s.mean)),
                                                ("sd", .number(s.sd)), ("cv", .number(s.cv)),
                                                ("median", .number(s.median)), ("q1", .number(s.lowerQuartile)),
                                                ("q3", .number(s.upperQuartile)),
                                                ("fullScoreFrequency", .number(s.fullScoreFrequency)),
                                            ])
                                        )
                                    }
                                )
                            ),
                        ])
                    }
                )
            ),
        ])
    }
}

/// A number without a trailing `.0` when whole.
func plainNumber(_ value: Double) -> String { Cell.format(value) }

extension SurveyReport {
    /// Where a framework's weights came from, when the default store (`$IIDEI_DB`, …) says it was
    /// written by `iidei survey apply`; nothing when there is no store or no record.
    static func provenance(of source: FrameworkSource) -> [String] {
        let path = Store.defaultPath()
        guard FileManager.default.fileExists(atPath: path), let store = try? Store(path: path),
            let applications = try? store.surveyApplications(framework: source)
        else { return [] }
        return applications.map {
            "Weights from survey '\($0.survey)', round \($0.round) (\($0.aggregation)); experts: \($0.experts.joined(separator: ", ")) — applied \($0.createdAt)"
        }
    }
}
