public import Foundation
import NIOCore
import PostgresNIO

// Background work shared by the servers on one PostgreSQL store; the SQLite twin is in `SharedWork.swift`.
extension PostgresStore {
    /// SQLite's `shared-work-v6`.
    static let sharedWorkMigration = """
        CREATE TABLE shared_work (
            key TEXT PRIMARY KEY,
            worker TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            result BYTEA,
            finished_at TEXT
        )
        """

    public func claimWork(_ key: String, worker: String, staleAfter seconds: Int) throws -> WorkClaim {
        try write { connection in
            // ON CONFLICT decides between concurrent claims: one insert wins, the others see its row.
            let inserted = try await Self.rows(
                connection,
                """
                INSERT INTO shared_work (key, worker, claimed_at) VALUES (\(key), \(worker), \(Store.now())) \
                ON CONFLICT (key) DO NOTHING RETURNING key
                """,
                as: String.self
            )
            if !inserted.isEmpty { return .yours }
            let found = try await Self.rows(
                connection,
                "SELECT worker, claimed_at, result FROM shared_work WHERE key = \(key) FOR UPDATE",
                as: (String, String, ByteBuffer?).self
            )
            guard let (holder, claimedAt, result) = found.first else { return .yours }
            if let result { return .done(Data(result.readableBytesView)) }
            guard holder == worker || claimedAt < Store.now(plus: -seconds) else { return .elsewhere(worker: holder) }
            // A stale claim (or this worker's own, asked again) is taken over; the row is locked.
            try await connection.query(
                "UPDATE shared_work SET worker = \(worker), claimed_at = \(Store.now()) WHERE key = \(key)",
                logger: Self.quiet
            )
            return .yours
        }
    }

    public func finishWork(_ key: String, worker: String, result: Data) throws {
        let blob = ByteBuffer(bytes: result)
        _ = try write { connection in
            // Whoever hands in first wins; a result is never replaced (every worker computes the same).
            try await connection.query(
                """
                INSERT INTO shared_work (key, worker, claimed_at, result, finished_at) \
                VALUES (\(key), \(worker), \(Store.now()), \(blob), \(Store.now())) \
                ON CONFLICT (key) DO UPDATE SET worker = EXCLUDED.worker, result = EXCLUDED.result, \
                finished_at = EXCLUDED.finished_at WHERE shared_work.result IS NULL
                """,
                logger: Self.quiet
            )
        }
    }
}
