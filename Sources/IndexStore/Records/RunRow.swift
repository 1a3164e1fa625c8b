import Foundation
import GRDB

/// One row of `run`: what was computed on what, and the whole results document.
struct RunRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run"

    var id: Int64?
    var createdAt: String
    var frameworkHash: String
    var datasetID: Int64
    /// The run's options (``IndexCore/RunOptions``) as its JSON document.
    var options: String
    var engineVersion: String
    var resultsHash: String
    /// The results JSON, verbatim: often the largest column, so ``RunHeaderRow`` leaves it out.
    var results: String
    var isIllustrative: Bool

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let resultsHash = Column(CodingKeys.resultsHash)
        static let results = Column(CodingKeys.results)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A row of `run` without its results document: what listing and naming runs needs.
struct RunHeaderRow: Decodable, Sendable, FetchableRecord, TableRecord {
    static let databaseTableName = "run"
    static var databaseSelection: [any SQLSelectable] {
        [
            Column(CodingKeys.id), Column(CodingKeys.createdAt), Column(CodingKeys.frameworkHash),
            Column(CodingKeys.datasetID), Column(CodingKeys.options), Column(CodingKeys.engineVersion),
            Column(CodingKeys.resultsHash), Column(CodingKeys.isIllustrative),
        ]
    }

    var id: Int64
    var createdAt: String
    var frameworkHash: String
    var datasetID: Int64
    var options: String
    var engineVersion: String
    var resultsHash: String
    var isIllustrative: Bool

    enum Columns {
        static let id = Column(CodingKeys.id)
    }
}

/// One row of `runScores` (schema v2): a run's scores as one blob (``ScoreContent``).
///
/// Written through SQLite's C API (``BulkInserter/insertBlobRow(_:key:format:sha256:blob:db:path:)``),
/// the blob into its row in place; read through this record.
struct RunScoresRow: Codable, Sendable, FetchableRecord, PersistableRecord, BlobRow {
    static var keyColumn: Column { Columns.runID }
    static var formatColumn: Column { Columns.format }
    static var sha256Column: Column { Columns.sha256 }
    static var contentColumn: Column { Columns.content }

    static let databaseTableName = "runScores"

    var runID: Int64
    var format: Int
    var content: Data
    /// The SHA-256 of ``content`` (schema integrity-v3).
    var sha256: String?

    enum Columns {
        static let runID = Column(CodingKeys.runID)
        static let format = Column(CodingKeys.format)
        static let content = Column(CodingKeys.content)
        static let sha256 = Column(CodingKeys.sha256)
    }
}

/// One row of `score` (schema v1, read only): a score of a run recorded as rows.
struct ScoreRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "score"

    var runID: Int64
    var evaluation: String
    var period: String
    var unit: String
    var node: String
    var score: Double?
    var rank: Int?
    var tier: Int?

    enum Columns {
        static let runID = Column(CodingKeys.runID)
    }

    /// The public value.
    var storedScore: StoredScore {
        StoredScore(
            evaluation: evaluation,
            period: period,
            unit: unit,
            node: node,
            score: score,
            rank: rank,
            tier: tier
        )
    }
}
