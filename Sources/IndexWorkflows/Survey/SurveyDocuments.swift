public import Foundation
public import IndexCore

// The documents of the survey workflows: what `iidei survey … --format json` prints and the API answers,
// the same bytes through ``WorkflowJSON``. Numbers are as computed; a non-finite one is left out
// (optional numbers), never written as text.

/// One expert's form token, shown once when a survey is created (`iidei survey create`).
public struct SurveyExpertToken: Codable, Sendable, Hashable {
    public var expert: String
    public var token: String
    /// The form's address on the server: `/survey/TOKEN`.
    public var form: String

    public init(expert: String, token: String) {
        self.expert = expert
        self.token = token
        form = "/survey/\(token)"
    }
}

/// A survey just created: what it asks, and each expert's token (the store keeps only their hashes).
public struct SurveyCreatedDocument: Codable, Sendable, Hashable {
    public var survey: String
    public var framework: String
    public var kind: SurveyKind
    /// How many judgement matrices and indicators to score it asks for.
    public var matrices: Int
    public var indicators: Int
    public var scale: SurveyScaleDocument
    public var riTable: String
    public var round: Int
    public var experts: [SurveyExpertToken]
}

/// The panel's score scale.
public struct SurveyScaleDocument: Codable, Sendable, Hashable {
    public var lower: Double
    /// The full score.
    public var upper: Double

    public init(_ scale: ScoreScale) {
        lower = scale.lower
        upper = scale.upper
    }
}

/// One questionnaire workbook for one expert (`iidei survey questionnaire`).
public struct SurveyQuestionnaireFile: Codable, Sendable, Hashable {
    public var expert: String
    /// The file name, before the output writer makes it safe and distinct.
    public var name: String
    /// The XLSX workbook.
    public var data: Data
}

/// The questionnaires of a survey's open round, one per expert.
public struct SurveyQuestionnairesDocument: Codable, Sendable, Hashable {
    public var survey: String
    public var round: Int
    public var files: [SurveyQuestionnaireFile]
}

/// A pair left out by the expert and filled in by Harker's completion.
public struct SurveyCompletionDocument: Codable, Sendable, Hashable {
    public var first: String
    public var second: String
    public var value: Double
}

/// The judgement to revisit in an inconsistent matrix (CR ≥ 0.10).
public struct SurveyRevisitDocument: Codable, Sendable, Hashable {
    public var first: String
    public var second: String
    /// The judgement given and the one suggested, on Saaty's scale (`"1/5"`).
    public var current: String
    public var implied: Double?
    public var suggested: String
}

/// One expert's checked matrix of one node: consistency, local weights, completions, what to revisit.
public struct SurveyMatrixDocument: Codable, Sendable, Hashable {
    public var cr: Double?
    public var lambdaMax: Double?
    public var consistent: Bool
    /// The RI table the CR was computed with.
    public var riTable: String
    /// The node's children's local weights, by child id.
    public var weights: [String: Double]
    public var completed: [SurveyCompletionDocument]
    public var revisit: SurveyRevisitDocument?

    public init(_ matrix: CheckedMatrix, children: [String]) {
        func child(_ index: Int) -> String { children.indices.contains(index) ? children[index] : "\(index + 1)" }
        cr = finite(matrix.result.cr)
        lambdaMax = finite(matrix.result.lambdaMax)
        consistent = matrix.result.isConsistent
        riTable = matrix.result.riTable
        weights = Dictionary(
            zip(children, matrix.result.weights).compactMap { id, weight in finite(weight).map { (id, $0) } },
            uniquingKeysWith: { first, _ in first }
        )
        completed = matrix.completions.map {
            SurveyCompletionDocument(first: child($0.row), second: child($0.column), value: $0.value)
        }
        revisit = matrix.revision.map {
            SurveyRevisitDocument(
                first: child($0.row),
                second: child($0.column),
                current: SaatyScale.label($0.current),
                implied: finite($0.implied),
                suggested: SaatyScale.label($0.suggested)
            )
        }
    }
}

/// What was stored for an expert's answers: the whole round's answers of that expert, checked
/// (`iidei survey respond`, `POST /api/v1/surveys/NAME/responses`).
public struct SurveyResponseReceipt: Codable, Sendable, Hashable {
    public var survey: String
    public var expert: String
    public var round: Int
    /// Every matrix the expert has answered in the round, by node key.
    public var matrices: [String: SurveyMatrixDocument]
    /// How many indicators the expert has scored in the round.
    public var scores: Int

    public init(survey: String, round: Int, answers: CheckedAnswers, design: SurveyDesign) {
        self.survey = survey
        expert = answers.expert
        self.round = round
        matrices = Dictionary(
            answers.matrices.map {
                ($0.node, SurveyMatrixDocument($0, children: design.node($0.node)?.children ?? []))
            },
            uniquingKeysWith: { first, _ in first }
        )
        scores = answers.scores.count
    }
}

/// One expert's progress in the open round.
public struct SurveyExpertStatusDocument: Codable, Sendable, Hashable {
    public var expert: String
    /// How many matrices and scores the expert has answered.
    public var matrices: Int
    public var scores: Int
    /// Each answered matrix's consistency ratio, by node key.
    public var cr: [String: Double]

    public init(expert: String, answers: CheckedAnswers?) {
        self.expert = expert
        matrices = answers?.matrices.count ?? 0
        scores = answers?.scores.count ?? 0
        cr = Dictionary(
            (answers?.matrices ?? []).compactMap { matrix in finite(matrix.result.cr).map { (matrix.node, $0) } },
            uniquingKeysWith: { first, _ in first }
        )
    }
}

/// The panel's view of one indicator in one Delphi round.
public struct DelphiIndicatorDocument: Codable, Sendable, Hashable {
    public var mean: Double?
    public var sd: Double?
    public var cv: Double?
    public var median: Double?
    /// The first and third quartiles (R's type 7).
    public var q1: Double?
    public var q3: Double?
    public var fullScoreFrequency: Double?

    public init(_ statistics: DelphiIndicatorStatistics) {
        mean = finite(statistics.mean)
        sd = finite(statistics.sd)
        cv = finite(statistics.cv)
        median = finite(statistics.median)
        q1 = finite(statistics.lowerQuartile)
        q3 = finite(statistics.upperQuartile)
        fullScoreFrequency = finite(statistics.fullScoreFrequency)
    }
}

/// One Delphi round's statistics and what the stopping rules say after it.
public struct DelphiRoundDocument: Codable, Sendable, Hashable {
    public var round: Int
    /// How many experts scored in the round.
    public var experts: Int
    public var kendallW: Double?
    public var chiSquare: Double?
    public var df: Int
    public var pValue: Double?
    /// Whether the stopping rules say stop after this round.
    public var stop: Bool
    public var indicators: [String: DelphiIndicatorDocument]

    public init(_ statistics: DelphiRoundStatistics, rule: DelphiStoppingRule) {
        round = statistics.round
        experts = statistics.experts.count
        kendallW = finite(statistics.kendallW)
        chiSquare = finite(statistics.chiSquare)
        df = statistics.degreesOfFreedom
        pValue = finite(statistics.pValue)
        stop = rule.decision(after: statistics).stop
        indicators = Dictionary(
            statistics.indicators.map { ($0.id, DelphiIndicatorDocument($0)) },
            uniquingKeysWith: { first, _ in first }
        )
    }
}

/// A survey's state: per expert what is answered in the open round, per round the panel's statistics
/// (`iidei survey status --format json`, `GET /api/v1/surveys/NAME`).
public struct SurveyStatusDocument: Codable, Sendable, Hashable {
    public var survey: String
    public var round: Int
    public var finished: Bool
    public var experts: [SurveyExpertStatusDocument]
    public var rounds: [DelphiRoundDocument]
}

/// A closed round (`iidei survey round --close`).
public struct SurveyRoundDocument: Codable, Sendable, Hashable {
    public var survey: String
    /// The round closed.
    public var closed: Int
    /// Whether the survey is finished (a stopping rule was met); otherwise `opened` is the next round.
    public var finished: Bool
    public var opened: Int?
    /// How many of the panel answered in the closed round.
    public var answered: Int
    public var experts: Int
    /// The closed round's statistics, when it asked for scores and had enough of them.
    public var statistics: DelphiRoundDocument?
    /// Why the rules say stop or continue, one reason per rule.
    public var reasons: [String]
}

/// The group's local weights at one node.
public struct SurveyNodeWeightsDocument: Codable, Sendable, Hashable {
    /// The children's local weights, by child id.
    public var weights: [String: Double]
    public var cr: Double?
    public var lambdaMax: Double?
    /// How many experts' matrices went into it.
    public var experts: Int
}

/// Which experts the weights came from, and what was left out.
public struct SurveyProvenanceDocument: Codable, Sendable, Hashable {
    public var ahpExperts: [String]
    /// Per evaluation, the experts whose scores made its panel.
    public var panelExperts: [String: [String]]
    public var excluded: [String]

    public init(_ provenance: SurveyProvenance) {
        ahpExperts = provenance.ahpExperts
        panelExperts = provenance.panelExperts
        excluded = provenance.excluded
    }
}

/// The group's weights per node and, when every node is answered, the final weights of every
/// evaluation (`iidei survey weights --format json`).
public struct SurveyWeightsDocument: Codable, Sendable, Hashable {
    public var survey: String
    public var round: Int
    public var aggregation: GroupAggregation
    public var nodes: [String: SurveyNodeWeightsDocument]
    /// The final weights per evaluation; absent with ``finalProblem`` when they cannot be derived yet.
    public var final: [String: DerivedWeightsDocument]?
    public var finalProblem: String?
    public var provenance: SurveyProvenanceDocument?
}

/// A framework written from a survey's answers (`iidei survey apply`).
public struct SurveyApplicationDocument: Codable, Sendable, Hashable {
    public var survey: String
    public var round: Int
    public var aggregation: GroupAggregation
    /// The experts whose answers weighted it, in the order they first appear.
    public var experts: [String]
    /// The file written and how many evaluations it weights.
    public var out: String
    public var evaluations: Int
    /// The framework's hash in the store, which records where its weights came from.
    public var frameworkHash: String
}

extension SurveyKind: Codable {}
extension GroupAggregation: Codable {}
