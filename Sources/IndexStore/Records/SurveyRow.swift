import GRDB

/// One row of `survey`: a weighting survey of a stored framework.
struct SurveyRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "survey"

    var id: Int64?
    var name: String
    var frameworkHash: String
    /// A ``SurveyKind`` raw value.
    var kind: String
    var scaleLower: Double
    var scaleUpper: Double
    var riTable: String
    var createdAt: String

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One row of `surveyExpert`: an expert on a survey's panel, with the hash of their token.
struct SurveyExpertRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "surveyExpert"

    var surveyID: Int64
    var position: Int
    var name: String
    /// ``Store/tokenHash(_:)`` of the token; the token itself is never stored.
    var tokenHash: String

    enum Columns {
        static let surveyID = Column(CodingKeys.surveyID)
        static let position = Column(CodingKeys.position)
        static let name = Column(CodingKeys.name)
        static let tokenHash = Column(CodingKeys.tokenHash)
    }
}

/// One row of `surveyRound`: a round, open until `closedAt` is set.
struct SurveyRoundRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "surveyRound"

    var surveyID: Int64
    var number: Int
    var openedAt: String
    var closedAt: String?

    enum Columns {
        static let surveyID = Column(CodingKeys.surveyID)
        static let number = Column(CodingKeys.number)
        static let closedAt = Column(CodingKeys.closedAt)
    }
}

/// One row of `surveyResponse`: an expert's answers in a round, as JSON.
struct SurveyResponseRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "surveyResponse"

    var surveyID: Int64
    var round: Int
    var expert: String
    var answers: String
    var updatedAt: String

    enum Columns {
        static let surveyID = Column(CodingKeys.surveyID)
        static let round = Column(CodingKeys.round)
        static let expert = Column(CodingKeys.expert)
    }
}

/// One row of `surveyApplication`: a framework written from a survey's answers.
struct SurveyApplicationRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "surveyApplication"

    var id: Int64?
    var surveyID: Int64
    var round: Int
    /// The experts whose answers were used, one per line.
    var experts: String
    var frameworkHash: String
    var aggregation: String
    var createdAt: String

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let surveyID = Column(CodingKeys.surveyID)
        static let frameworkHash = Column(CodingKeys.frameworkHash)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
