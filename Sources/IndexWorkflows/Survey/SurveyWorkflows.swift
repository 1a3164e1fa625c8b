import Foundation
public import IndexCore
import IndexIO
public import IndexStore

/// The weighting surveys' use cases, once: `iidei survey …` and the server's survey routes adapt them.
///
/// Each method reads or changes the store and returns a typed result whose `Codable` document is what
/// `--format json` prints and the API answers (through ``WorkflowJSON``). Answers are checked in full
/// before anything is stored; every message names the expert and node, pair or indicator (or the
/// questionnaire's sheet and cell).
///
/// ```swift
/// let surveys = SurveyWorkflows(store: try Store(path: "iidei.sqlite"))
/// let status = try surveys.status(survey: "panel")
/// print(try WorkflowJSON.text(status.document))
/// ```
public struct SurveyWorkflows: Sendable {
    public let store: any IndexStoring
    /// Who the workflows act for: every write is recorded in the store's audit log as this actor.
    public let actor: Actor

    public init(store: any IndexStoring, actor: Actor = .commandLine) {
        self.store = store
        self.actor = actor
    }

    // MARK: - Create and issue

    /// Creates a survey of a framework and its panel, opening round 1.
    ///
    /// - Returns: what the survey asks and each expert's token (shown once: the store keeps only hashes).
    /// - Throws: ``IndexCore/IndexError`` for a name in use, a bad panel, or a framework with nothing to ask.
    public func create(_ creation: SurveyCreation) throws -> SurveyCreatedDocument {
        let experts = creation.experts.count
        let (survey, tokens) = try store.audited(
            as: actor,
            { (created: (survey: StoredSurvey, tokens: [(expert: String, token: String)])) in
                ("survey.create", "\(created.survey.name) (\(experts) experts)")
            }
        ) {
            try store.createSurvey(
                name: creation.name,
                source: creation.framework,
                kind: creation.kind,
                scale: creation.scale,
                riTable: creation.riTable,
                experts: creation.experts
            )
        }
        let design = try survey.design()
        return SurveyCreatedDocument(
            survey: survey.name,
            framework: survey.framework.frameworkID,
            kind: survey.kind,
            matrices: design.nodes.count,
            indicators: design.indicators.count,
            scale: SurveyScaleDocument(survey.scale),
            riTable: survey.riTable,
            round: survey.round,
            experts: tokens.map { SurveyExpertToken(expert: $0.expert, token: $0.token) }
        )
    }

    /// One XLSX questionnaire per expert for the open round, each with the expert's answers so far and,
    /// from round 2, the group's view of the previous round.
    public func questionnaires(survey name: String) throws -> SurveyQuestionnairesDocument {
        let survey = try store.survey(name)
        let design = try survey.design()
        let previous = try previousRound(of: survey, design: design)
        let current = try store.responses(survey: name)
        let files = try survey.experts.map { expert in
            let workbook = Questionnaire.workbook(
                survey: name,
                expert: expert,
                round: survey.round,
                design: design,
                feedback: previous.feedback(
                    for: expert,
                    current: current.first { $0.expert == expert }?.answers
                )
            )
            return SurveyQuestionnaireFile(
                expert: expert,
                name: "\(name)-\(expert)-round\(survey.round).xlsx",
                data: try XLSXWriter.encode(workbook)
            )
        }
        return SurveyQuestionnairesDocument(survey: name, round: survey.round, files: files)
    }

    /// What the expert's web form shows: the survey, the expert's answers so far (checked) and, from
    /// round 2, the group's view of the previous round; `nil` when no expert has this token.
    public func form(token: String) throws -> SurveyFormContent? {
        guard let found = try store.surveyExpert(token: token) else { return nil }
        let (survey, expert) = found
        let design = try survey.design()
        let stored = try store.responses(survey: survey.name).first { $0.expert == expert }?.answers
        return SurveyFormContent(
            survey: survey,
            expert: expert,
            design: design,
            stored: stored,
            checked: try stored.map { try design.check($0, expert: expert) },
            feedback: try previousRound(of: survey, design: design).feedback(for: expert, current: nil)
        )
    }

    // MARK: - Answers

    /// The survey and expert a form token belongs to, or `nil`.
    public func expert(token: String) throws -> (survey: StoredSurvey, expert: String)? {
        try store.surveyExpert(token: token)
    }

    /// Checks and stores an expert's answers in the open round, in one transaction: nothing is stored
    /// when any answer is wrong.
    ///
    /// - Parameters:
    ///   - name: the survey.
    ///   - expert: the expert answering (one of the panel).
    ///   - answers: a JSON answers document, a returned questionnaire, or answers already read.
    ///   - replace: replace the expert's earlier answers in this round instead of adding to them.
    /// - Returns: the receipt (the expert's whole round, checked) and the checked answers.
    /// - Throws: ``IndexCore/IndexError`` or ``IndexCore/IndexErrors`` naming the expert and node, pair or
    ///   indicator, or the file's sheet and cell.
    public func respond(
        survey name: String,
        expert: String,
        answers: SurveyAnswersInput,
        replace: Bool = false
    ) throws -> SurveyResponse {
        let survey = try store.survey(name)
        let design = try survey.design()
        let given: SurveyAnswers
        switch answers {
        case .answers(let answers):
            given = answers
        case .json(let data, let origin):
            given = try SurveyAnswersJSON.parse(data, file: origin, survey: name)
        case .jsonFile(let path):
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw IndexError("cannot read the file", file: path)
            }
            given = try SurveyAnswersJSON.parse(data, file: path, survey: name)
        case .workbook(let path):
            given = try Questionnaire.read(
                try XLSXReader.read(path: path),
                file: path,
                survey: name,
                expert: expert,
                round: survey.round,
                design: design
            )
        }
        let round = survey.round
        let checked = try store.audited(
            as: actor,
            { (_: CheckedAnswers) in ("survey.answer", "\(name) round \(round): \(expert)") }
        ) {
            try store.saveResponse(survey: name, expert: expert, answers: given, round: nil, merging: !replace)
        }
        return SurveyResponse(
            receipt: SurveyResponseReceipt(survey: name, round: survey.round, answers: checked, design: design),
            answers: checked,
            design: design
        )
    }

    // MARK: - Rounds and status

    /// Closes the open round; opens the next unless a stopping rule is met (the Delphi rules on the
    /// round's statistics, or the maximum number of rounds when there are none).
    public func closeRound(survey name: String, rule: DelphiStoppingRule) throws -> SurveyRoundClosure {
        let survey = try store.survey(name)
        let design = try survey.design()
        let responses = try store.responses(survey: name)
        let checked = try responses.map { try design.check($0.answers, expert: $0.expert) }
        var stop = false
        var reasons: [String] = []
        let statistics = design.indicators.isEmpty ? nil : try? design.delphiStatistics(checked, round: survey.round)
        if let statistics {
            (stop, reasons) = rule.decision(after: statistics)
        } else if let maximum = rule.maximumRounds {
            stop = survey.round >= maximum
        }
        let (closed, finished) = (survey.round, stop)
        let after = try store.audited(
            as: actor,
            { (_: StoredSurvey) in ("survey.close", "\(name) round \(closed)\(finished ? " (finished)" : "")") }
        ) { try store.closeRound(survey: name, finish: stop) }
        return SurveyRoundClosure(
            document: SurveyRoundDocument(
                survey: name,
                closed: survey.round,
                finished: stop,
                opened: stop ? nil : after.round,
                answered: responses.count,
                experts: survey.experts.count,
                statistics: statistics.map { DelphiRoundDocument($0, rule: rule) },
                reasons: reasons
            ),
            statistics: statistics
        )
    }

    /// Per expert what is answered in the open round and each matrix's CR; per round the panel's
    /// statistics and what the stopping rules say.
    public func status(survey name: String, rule: DelphiStoppingRule = DelphiStoppingRule()) throws -> SurveyStatus {
        let survey = try store.survey(name)
        let design = try survey.design()
        var rounds: [(Int, [CheckedAnswers])] = []
        for round in 1...survey.round {
            let responses = try store.responses(survey: name, round: round)
            rounds.append((round, try responses.map { try design.check($0.answers, expert: $0.expert) }))
        }
        let current = rounds.last?.1 ?? []
        let statistics =
            design.indicators.isEmpty ? [] : rounds.compactMap { try? design.delphiStatistics($0.1, round: $0.0) }
        let document = SurveyStatusDocument(
            survey: survey.name,
            round: survey.round,
            finished: survey.isFinished,
            experts: survey.experts.map { expert in
                SurveyExpertStatusDocument(expert: expert, answers: current.first { $0.expert == expert })
            },
            rounds: statistics.map { DelphiRoundDocument($0, rule: rule) }
        )
        return SurveyStatus(
            document: document,
            survey: survey,
            design: design,
            current: current,
            statistics: statistics
        )
    }

    // MARK: - Weights

    /// The group's local weights per node and, when every node is answered, the final weights.
    public func weights(survey name: String, request: SurveyWeightingRequest) throws -> SurveyWeights {
        let (survey, design, round, answers) = try self.answers(name, round: request.round)
        let nodes = try design.groupWeights(
            answers,
            aggregation: request.aggregation,
            expertWeights: request.expertWeights
        )
        var evaluations: [SurveyEvaluationWeights] = []
        var weighting: SurveyWeighting?
        var problem: String?
        do {
            let weighted = try self.weighting(survey, design: design, answers: answers, request: request)
            for evaluation in weighted.framework.evaluations {
                let derived = try evaluation.deriveWeights()
                let compiled = try CompiledEvaluation(evaluation: evaluation, root: derived.root)
                evaluations.append(
                    SurveyEvaluationWeights(evaluation: evaluation, derived: derived, compiled: compiled)
                )
            }
            weighting = weighted
        } catch {
            problem = "\(error)"
            evaluations = []
        }
        let document = SurveyWeightsDocument(
            survey: survey.name,
            round: round,
            aggregation: request.aggregation,
            nodes: Dictionary(
                design.nodes.compactMap { node in
                    nodes[node.key].map { result in
                        (
                            node.key,
                            SurveyNodeWeightsDocument(
                                weights: Dictionary(
                                    zip(node.children, result.weights).map { ($0, $1) },
                                    uniquingKeysWith: { first, _ in first }
                                ),
                                cr: finite(result.consistency?.cr),
                                lambdaMax: finite(result.consistency?.lambdaMax),
                                experts: result.experts.count
                            )
                        )
                    }
                },
                uniquingKeysWith: { first, _ in first }
            ),
            final: problem == nil
                ? Dictionary(
                    evaluations.map { ($0.evaluation.id, DerivedWeightsDocument($0.derived)) },
                    uniquingKeysWith: { first, _ in first }
                ) : nil,
            finalProblem: problem,
            provenance: weighting.map { SurveyProvenanceDocument($0.provenance) }
        )
        return SurveyWeights(
            document: document,
            design: design,
            nodes: nodes,
            provenance: weighting?.provenance,
            evaluations: evaluations
        )
    }

    /// Writes the framework weighted by the survey's matrices and scores to `out` (YAML) and records in
    /// the store which survey, round and experts its weights came from.
    ///
    /// The file is written only when the framework it holds reads back and every evaluation's weights
    /// derive from it.
    public func apply(
        survey name: String,
        request: SurveyWeightingRequest,
        out: String
    ) throws
        -> SurveyApplicationDocument
    {
        try apply(survey: name, request: request, out: out, afterRecording: nil)
    }

    /// ``apply(survey:request:out:)`` with a step run between recording the application and putting
    /// the file in place: tests inject a failure (or look at what a reader sees) there.
    package func apply(
        survey name: String,
        request: SurveyWeightingRequest,
        out: String,
        afterRecording: (() throws -> Void)?
    ) throws
        -> SurveyApplicationDocument
    {
        let (survey, design, round, answers) = try self.answers(name, round: request.round)
        let weighting = try self.weighting(survey, design: design, answers: answers, request: request)
        for evaluation in weighting.framework.evaluations { _ = try evaluation.deriveWeights() }
        let provenance = weighting.provenance
        let experts = (provenance.ahpExperts + provenance.panelExperts.values.flatMap { $0 }).reduce(
            into: [String]()
        ) {
            if !$0.contains($1) { $0.append($1) }
        }
        let header = [
            "Weights from iidei survey '\(survey.name)', round \(round) (\(request.aggregation.rawValue)); experts: \(experts.joined(separator: ", "))",
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
        let application = try publish(text, to: out, afterRecording: afterRecording) {
            try store.audited(
                as: actor,
                { (_: SurveyApplication) in ("survey.apply", "\(name) round \(round) → \(out)") }
            ) {
                try store.recordApplication(
                    survey: name,
                    round: round,
                    experts: experts,
                    framework: written,
                    aggregation: request.aggregation
                )
            }
        }
        return SurveyApplicationDocument(
            survey: name,
            round: round,
            aggregation: request.aggregation,
            experts: experts,
            out: out,
            evaluations: reread.evaluations.count,
            frameworkHash: application.frameworkHash
        )
    }

    /// Writes a framework file and its record in the store as one change.
    ///
    /// 1. The text goes to a temporary file beside `out`, flushed to the disk.
    /// 2. The application (and the framework's text) is recorded in one store transaction.
    /// 3. The temporary file is renamed over `out`.
    ///
    /// So a framework file at `out` always has its record: a reader of `out` sees the old file until
    /// step 3, and by then the store names the new one. When step 1 or 2 fails, nothing changed
    /// (the temporary file is removed); when step 3 fails, the record is withdrawn. A process killed
    /// between 2 and 3 leaves a record whose file was not written — the record holds the whole
    /// framework (in the store, by hash), and applying again writes the same file — and a temporary
    /// `.NAME.iidei-*.tmp` beside `out`, never a file without its record.
    func publish(
        _ text: String,
        to out: String,
        afterRecording: (() throws -> Void)?,
        record: () throws -> SurveyApplication
    ) throws -> SurveyApplication {
        let staged = try AtomicFile.stage(Data(text.utf8), for: out)
        let application: SurveyApplication
        do {
            application = try record()
        } catch {
            staged.discard()
            throw error
        }
        do {
            try afterRecording?()
            try staged.commit()
        } catch {
            staged.discard()
            do {
                try store.withdrawApplication(application)
            } catch let withdrawal {
                throw IndexError(
                    "the framework file was not written (\(error)), and its record could not be taken back "
                        + "(\(withdrawal)): the store names framework \(application.frameworkHash.prefix(12)) as applied "
                        + "from round \(application.round); apply again to write the file",
                    file: out,
                    kind: .unavailable
                )
            }
            throw error
        }
        return application
    }

    // MARK: - Shared steps

    /// The survey, its questions, the round used (the given one, else the latest with answers) and its
    /// checked answers.
    func answers(_ name: String, round: Int?) throws -> (StoredSurvey, SurveyDesign, Int, [CheckedAnswers]) {
        let survey = try store.survey(name)
        let design = try survey.design()
        var number = round ?? survey.round
        var responses = try store.responses(survey: name, round: number)
        while round == nil, responses.isEmpty, number > 1 {
            number -= 1
            responses = try store.responses(survey: name, round: number)
        }
        guard !responses.isEmpty else { throw IndexError("survey '\(name)' has no answers in round \(number)") }
        return (survey, design, number, try responses.map { try design.check($0.answers, expert: $0.expert) })
    }

    /// The framework weighted by the answers, on the survey's questions (`design`, built once by the caller).
    func weighting(
        _ survey: StoredSurvey,
        design: SurveyDesign,
        answers: [CheckedAnswers],
        request: SurveyWeightingRequest
    ) throws -> SurveyWeighting {
        try design.weighting(
            of: try survey.framework.source.parse(),
            answers: answers,
            aggregation: request.aggregation,
            expertWeights: request.expertWeights,
            allowInconsistent: request.allowInconsistent
        )
    }

    /// The previous round's answers and the group's statistics of them (none in round 1).
    func previousRound(of survey: StoredSurvey, design: SurveyDesign) throws -> PreviousRound {
        guard survey.round > 1 else { return PreviousRound(answers: [], statistics: nil) }
        let previous = try store.responses(survey: survey.name, round: survey.round - 1)
        var statistics: DelphiRoundStatistics?
        if !design.indicators.isEmpty {
            let checked = try previous.map { try design.check($0.answers, expert: $0.expert) }
            statistics = try? design.delphiStatistics(checked, round: survey.round - 1)
        }
        return PreviousRound(answers: previous, statistics: statistics)
    }

    struct PreviousRound {
        var answers: [StoredResponse]
        var statistics: DelphiRoundStatistics?

        func feedback(for expert: String, current: SurveyAnswers?) -> QuestionnaireFeedback {
            QuestionnaireFeedback(
                previousRound: statistics,
                previousAnswers: answers.first { $0.expert == expert }?.answers,
                currentAnswers: current
            )
        }
    }
}
