import Foundation
import IndexCore
import NIOCore
import PostgresNIO

// Review requests on a PostgreSQL store; the SQLite twin is in `ReviewRequests.swift`.
extension PostgresStore {
    /// SQLite's `review-requests-v7`.
    static let reviewRequestMigration = """
        CREATE TABLE review_request (
            run_id BIGINT PRIMARY KEY REFERENCES run(id),
            requested_by TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            note TEXT NOT NULL
        )
        """

    public func requestReview(run id: Int64, by analyst: String, note: String) throws -> ReviewRequest {
        let location = location
        let request = ReviewRequest(run: id, requestedBy: analyst, requestedAt: Store.now(), note: note)
        return try write { connection in
            // As a publish does: decided on what the last publisher committed.
            try await connection.query("LOCK TABLE publication IN SHARE ROW EXCLUSIVE MODE", logger: Self.quiet)
            guard try await !Self.rows(connection, "SELECT id FROM run WHERE id = \(id)", as: Int64.self).isEmpty else {
                throw IndexError("no run '\(id)' in the store", file: location, kind: .notFound)
            }
            if try await Self.publications(connection).first(where: \.isCurrent)?.run == id {
                throw IndexError("run #\(id) is the published run already", file: location, kind: .conflict)
            }
            try await connection.query(
                """
                INSERT INTO review_request (run_id, requested_by, requested_at, note) \
                VALUES (\(request.run), \(request.requestedBy), \(request.requestedAt), \(request.note)) \
                ON CONFLICT (run_id) DO UPDATE SET requested_by = EXCLUDED.requested_by, \
                requested_at = EXCLUDED.requested_at, note = EXCLUDED.note
                """,
                logger: Self.quiet
            )
            return request
        }
    }

    public func reviewRequests() throws -> [ReviewRequest] {
        try read { connection in
            try await Self.rows(
                connection,
                "SELECT run_id, requested_by, requested_at, note FROM review_request ORDER BY requested_at DESC, run_id DESC",
                as: (Int64, String, String, String).self
            )
            .map { ReviewRequest(run: $0.0, requestedBy: $0.1, requestedAt: $0.2, note: $0.3) }
        }
    }
}
