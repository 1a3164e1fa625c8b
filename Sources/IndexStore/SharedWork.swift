public import Foundation
import GRDB

/// What a process finds when it asks the store for a piece of background work (a unit's levers, a
/// run's rank intervals), so that several servers on one store compute each piece once (issue 19).
public enum WorkClaim: Sendable, Equatable {
    /// Another process finished it: its encoded result.
    case done(Data)
    /// It is this worker's to compute, then to hand in with ``IndexStoring/finishWork(_:worker:result:)``.
    case yours
    /// Another worker claimed it less than the stale time ago and is still computing it.
    case elsewhere(worker: String)
}

/// The rules of shared work, the same on both stores.
public enum SharedWork {
    /// This process's name as a worker: host, process id and a random part (a restarted process
    /// with the same id is another worker).
    public static let worker: String = {
        let random = UUID().uuidString.prefix(8).lowercased()
        return "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(random)"
    }()

    /// A claim older than this (seconds) is taken over: its worker stopped or died before handing in.
    public static let staleAfter = 600
}

// The SQLite twin of `PostgresStore+SharedWork.swift`.
extension Store {
    static func registerSharedWorkMigration(_ migrator: inout DatabaseMigrator) {
        // Background work shared by the processes on one store: a claim, then the result.
        migrator.registerMigration("shared-work-v6") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sharedWork (
                        key TEXT PRIMARY KEY,
                        worker TEXT NOT NULL,
                        claimedAt TEXT NOT NULL,
                        result BLOB,
                        finishedAt TEXT
                    )
                    """
            )
        }
    }

    public func claimWork(_ key: String, worker: String, staleAfter seconds: Int) throws -> WorkClaim {
        try write { db in
            // The first to insert the key holds it: the insert is decided under the store's write lock.
            try db.execute(
                sql: "INSERT OR IGNORE INTO sharedWork (key, worker, claimedAt) VALUES (?, ?, ?)",
                arguments: [key, worker, Self.now()]
            )
            if db.changesCount == 1 { return .yours }
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT worker, claimedAt, result FROM sharedWork WHERE key = ?",
                    arguments: [key]
                )
            else { return .yours }
            if let result: Data = row["result"] { return .done(result) }
            let (holder, claimedAt): (String, String) = (row["worker"], row["claimedAt"])
            guard holder == worker || claimedAt < Self.now(plus: -seconds) else { return .elsewhere(worker: holder) }
            // A stale claim (or this worker's own, asked again) is taken over, only as it was read.
            try db.execute(
                sql:
                    "UPDATE sharedWork SET worker = ?, claimedAt = ? WHERE key = ? AND worker = ? AND claimedAt = ? AND result IS NULL",
                arguments: [worker, Self.now(), key, holder, claimedAt]
            )
            return db.changesCount == 1 ? .yours : .elsewhere(worker: holder)
        }
    }

    public func finishWork(_ key: String, worker: String, result: Data) throws {
        try write { db in
            // Whoever hands in first wins; a result is never replaced (every worker computes the same).
            try db.execute(
                sql: """
                    INSERT INTO sharedWork (key, worker, claimedAt, result, finishedAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET worker = excluded.worker, result = excluded.result,
                    finishedAt = excluded.finishedAt WHERE sharedWork.result IS NULL
                    """,
                arguments: [key, worker, Self.now(), result, Self.now()]
            )
        }
    }
}
