import Foundation
import GRDB
import IndexCore

/// An analyst's request that a reviewer look at a run: the step between a draft and a publication
/// (issue 19). One per run; asking again replaces the note and the time.
public struct ReviewRequest: Sendable, Hashable, Codable {
    public var run: Int64
    public var requestedBy: String
    public var requestedAt: String
    public var note: String

    public init(run: Int64, requestedBy: String, requestedAt: String, note: String) {
        self.run = run
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.note = note
    }

    /// The longest note kept, in characters.
    public static let noteLimit = 500
}

// The SQLite twin of `PostgresStore+ReviewRequests.swift`.
extension Store {
    static func registerReviewRequestMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("review-requests-v7") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reviewRequest (
                        runID INTEGER PRIMARY KEY REFERENCES run(id),
                        requestedBy TEXT NOT NULL,
                        requestedAt TEXT NOT NULL,
                        note TEXT NOT NULL
                    )
                    """
            )
        }
    }

    public func requestReview(run id: Int64, by analyst: String, note: String) throws -> ReviewRequest {
        let request = ReviewRequest(run: id, requestedBy: analyst, requestedAt: Self.now(), note: note)
        return try write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM run WHERE id = ?", arguments: [id]) != nil else {
                throw IndexError("no run '\(id)' in the store", file: path, kind: .notFound)
            }
            if try Self.publications(db).first(where: \.isCurrent)?.run == id {
                throw IndexError("run #\(id) is the published run already", file: path, kind: .conflict)
            }
            try db.execute(
                sql: """
                    INSERT INTO reviewRequest (runID, requestedBy, requestedAt, note) VALUES (?, ?, ?, ?) \
                    ON CONFLICT (runID) DO UPDATE SET requestedBy = excluded.requestedBy, \
                    requestedAt = excluded.requestedAt, note = excluded.note
                    """,
                arguments: [request.run, request.requestedBy, request.requestedAt, request.note]
            )
            return request
        }
    }

    public func reviewRequests() throws -> [ReviewRequest] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reviewRequest ORDER BY requestedAt DESC, runID DESC").map { row in
                ReviewRequest(
                    run: row["runID"],
                    requestedBy: row["requestedBy"],
                    requestedAt: row["requestedAt"],
                    note: row["note"]
                )
            }
        }
    }
}
