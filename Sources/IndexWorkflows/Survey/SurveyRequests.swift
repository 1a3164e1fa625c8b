public import Foundation
public import IndexCore
public import IndexIO
public import IndexStore

/// A survey to create: its name, the framework whose nodes and indicators it asks about, and the panel.
public struct SurveyCreation: Sendable, Hashable {
    public var name: String
    public var framework: FrameworkSource
    public var kind: SurveyKind
    public var scale: ScoreScale
    /// The RI table (`nil`: the framework's, else Saaty's of 1980).
    public var riTable: RandomIndexTable?
    public var experts: [String]

    public init(
        name: String,
        framework: FrameworkSource,
        kind: SurveyKind = .both,
        scale: ScoreScale,
        riTable: RandomIndexTable? = nil,
        experts: [String]
    ) {
        self.name = name
        self.framework = framework
        self.kind = kind
        self.scale = scale
        self.riTable = riTable
        self.experts = experts
    }
}

/// Where an expert's answers come from.
public enum SurveyAnswersInput: Sendable, Hashable {
    /// A JSON answers document (``IndexIO/SurveyAnswersJSON``) and where it came from, for messages
    /// (a request body, a file).
    case json(Data, origin: String)
    /// A JSON answers file.
    case jsonFile(path: String)
    /// A returned XLSX questionnaire.
    case workbook(path: String)
    /// Answers already read.
    case answers(SurveyAnswers)

    /// A file by its extension: `.xlsx` is a questionnaire, anything else JSON.
    public static func file(_ path: String) -> SurveyAnswersInput {
        path.lowercased().hasSuffix(".xlsx") ? .workbook(path: path) : .jsonFile(path: path)
    }
}

/// How a survey's answers become weights (`survey weights`, `survey apply`).
public struct SurveyWeightingRequest: Codable, Sendable, Hashable {
    public var aggregation: GroupAggregation
    /// Expert weights by name (rescaled over the experts used); `nil`: equal.
    public var expertWeights: [String: Double]?
    /// The round whose answers to use (`nil`: the latest with answers).
    public var round: Int?
    /// Accept matrices with CR ≥ 0.10.
    public var allowInconsistent: Bool

    public init(
        aggregation: GroupAggregation = .aij,
        expertWeights: [String: Double]? = nil,
        round: Int? = nil,
        allowInconsistent: Bool = false
    ) {
        self.aggregation = aggregation
        self.expertWeights = expertWeights
        self.round = round
        self.allowInconsistent = allowInconsistent
    }
}

/// What the web form shows an expert (``SurveyWorkflows/form(token:)``).
public struct SurveyFormContent: Sendable, Hashable {
    public var survey: StoredSurvey
    public var expert: String
    public var design: SurveyDesign
    /// The expert's answers so far in the open round, as stored and as checked.
    public var stored: SurveyAnswers?
    public var checked: CheckedAnswers?
    /// From round 2, the expert's previous answers and the group's view of them.
    public var feedback: QuestionnaireFeedback
}

/// Stored answers: the receipt the API and `survey respond --format json` give, with the checked
/// answers behind it (for the command's text).
public struct SurveyResponse: Sendable, Hashable {
    public var receipt: SurveyResponseReceipt
    public var answers: CheckedAnswers
    public var design: SurveyDesign
}

/// A closed round's document, with the round's statistics behind it (for the command's text).
public struct SurveyRoundClosure: Sendable, Hashable {
    public var document: SurveyRoundDocument
    public var statistics: DelphiRoundStatistics?
}

/// A survey's status document, with the values behind it (for the command's tables).
public struct SurveyStatus: Sendable, Hashable {
    public var document: SurveyStatusDocument
    public var survey: StoredSurvey
    public var design: SurveyDesign
    /// Every expert's checked answers in the open round, in panel order.
    public var current: [CheckedAnswers]
    /// The panel's statistics of each round that has them.
    public var statistics: [DelphiRoundStatistics]
}

/// One evaluation weighted by a survey: its derived weights and the compiled tree they print on.
public struct SurveyEvaluationWeights: Sendable {
    public var evaluation: Evaluation
    public var derived: DerivedWeights
    package var compiled: CompiledEvaluation
}

/// A survey's weights document, with the values behind it (for the command's text).
public struct SurveyWeights: Sendable {
    public var document: SurveyWeightsDocument
    public var design: SurveyDesign
    /// The group's result per node key.
    public var nodes: [String: GroupAHPResult]
    /// Which experts the final weights came from; `nil` with the document's `finalProblem`.
    public var provenance: SurveyProvenance?
    public var evaluations: [SurveyEvaluationWeights]
}
