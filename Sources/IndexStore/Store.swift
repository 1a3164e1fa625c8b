public import Foundation
import GRDB
import IndexCore
import IndexIO

/// The store: frameworks, datasets and runs in one SQLite file.
///
/// Frameworks and dataset versions are immutable and named by a content hash (SHA-256); every
/// value keeps its source, note, status and the file, sheet and row it came from. Every run keeps
/// the framework version, dataset version, options, engine version and all results, so a published
/// number can be reproduced exactly later (``rerun(_:)``).
///
/// ```swift
/// let store = try Store(path: "iidei.sqlite")
/// let version = try store.importDataset(name: "provinces", imported: result, framework: source)
/// ```
///
/// An import is one transaction: a bad file, or a process killed mid-import, leaves the store as it
/// was. The file is in WAL mode, so readers are not blocked by an import.
///
/// Workflows use it through ``IndexStoring``. Each table has a record type (`FrameworkRow`,
/// `DatasetRow`, `RunRow`, `SurveyRow`…, in `Records/`) and is queried through GRDB's query
/// interface; raw SQL is left only where it is better: the shipped migrations, pragmas, and the two
/// inserts that bind a blob of megabytes through SQLite's C API (`BulkInserter`).
public final class Store: Sendable {
    /// How a store is opened.
    public enum Access: Sendable, Hashable {
        /// For commands that write: the schema is brought up to date and the file must pass SQLite's
        /// `quick_check` first, so that nothing is written into a damaged file.
        case readWrite
        /// For commands that only read: nothing is written (not even the schema), so a file the user
        /// may not write to can still be listed, compared and exported.
        case readOnly
    }

    /// A pool (WAL, one writer and concurrent readers, so a long import does not block reads), or a
    /// read-only queue.
    let database: any DatabaseWriter
    /// The database file.
    public let path: String
    public let access: Access

    /// The default store: `$IIDEI_DB`, else `$XDG_DATA_HOME/iidei/iidei.sqlite`, else
    /// `~/.local/share/iidei/iidei.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["IIDEI_DB"], !path.isEmpty { return path }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return base + "/iidei/iidei.sqlite"
    }

    /// How long a command waits for another iidei's write to finish before it gives up (seconds).
    static let busyTimeout: Double = 10

    /// Opens a store: for writing (creating it if needed, bringing its schema up to date, after an
    /// integrity check), or read-only.
    ///
    /// Before anything is written, the file is looked at read-only (``StoreFile``): a file that is
    /// not an IIDEI store, or a store of a newer schema, is refused and left as it was. A new store is
    /// created whole (migrated beside its path, then moved into place). Read-only, a store in a
    /// read-only folder or mount opens too.
    ///
    /// - Throws: ``IndexError`` naming the file when it cannot be opened, is not an IIDEI store
    ///   (`.conflict`), was written by a newer iidei (`.unavailable`), or (for writing) fails
    ///   SQLite's `quick_check` (`.integrity`).
    public convenience init(path: String, access: Access = .readWrite) throws {
        try self.init(path: path, access: access, maximumPageCount: nil)
    }

    /// Opens a store whose file may not grow past `maximumPageCount` pages (SQLite's
    /// `max_page_count`): tests meet a full disk with it, as `SQLITE_FULL`, without filling one.
    package init(path: String, access: Access, maximumPageCount: Int?) throws {
        self.path = path
        self.access = access
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        if let maximumPageCount {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA max_page_count = \(maximumPageCount)")
            }
        }
        let migrator = Self.migrator
        switch access {
        case .readOnly:
            guard try StoreFile.inspect(path: path, migrator: migrator, configuration: configuration) == .store else {
                throw IndexError(
                    "no store here yet (iidei import FILE --dataset NAME creates one)",
                    file: path,
                    kind: .notFound
                )
            }
            let queue = try StoreFile.openReadOnly(path: path, configuration: configuration)
            database = queue
            let isCurrent: Bool
            do {
                isCurrent = try queue.read { try migrator.hasCompletedMigrations($0) }
            } catch {
                throw StoreFailure.translate(error, path: path, writing: false)
            }
            guard isCurrent else {
                throw IndexError(
                    "the store was written by an older iidei; open it once with a command that writes (iidei import) to upgrade it",
                    file: path,
                    kind: .conflict
                )
            }
        case .readWrite:
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Looked at through a read-only connection first: opening the pool already writes (GRDB
            // makes sure the write-ahead log exists), and nothing may be written into a damaged
            // file, someone else's database or a newer store.
            switch try StoreFile.inspect(path: path, migrator: migrator, configuration: configuration) {
            case .store: try Self.checkIntegrity(path: path, configuration: configuration)
            case .absent: try StoreFile.create(path: path, migrator: migrator, configuration: configuration)
            }
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let pool: DatabasePool
            do {
                pool = try DatabasePool(path: path, configuration: configuration)
                // Checked again under the writer's lock: another iidei may have upgraded the file
                // between the look and the open.
                try pool.write { db in
                    if try migrator.hasBeenSuperseded(db) {
                        throw IndexError(
                            "this store was written by a newer IIDEI (this program knows up to schema \(migrator.migrations.count)); upgrade IIDEI",
                            file: path,
                            kind: .unavailable
                        )
                    }
                }
                try migrator.migrate(pool)
                try pool.write { db in
                    if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 < migrator.migrations.count {
                        try db.execute(sql: "PRAGMA user_version = \(migrator.migrations.count)")
                    }
                }
            } catch {
                throw StoreFailure.translate(error, path: path, writing: true)
            }
            database = pool
        }
    }

    /// Refuses a file that fails SQLite's `quick_check` (pages, b-trees, records and indexes: a
    /// linear pass over the file, without `integrity_check`'s content comparisons).
    static func checkIntegrity(path: String, configuration: Configuration) throws {
        let problems: [String]
        do {
            let queue = try StoreFile.openReadOnly(path: path, configuration: configuration)
            defer { try? queue.close() }
            problems = try queue.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
        } catch let error as IndexError where error.kind != .integrity {
            throw error
        } catch {
            throw Self.damaged(path: path, (error as? IndexError)?.message ?? Self.describe(error))
        }
        guard problems == ["ok"] else {
            throw Self.damaged(
                path: path,
                problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? "; …" : "")
            )
        }
    }

    /// The error for a store file that fails its integrity check.
    static func damaged(path: String, _ detail: String) -> IndexError {
        IndexError(
            "the store failed its integrity check (\(detail)); refusing to write to it. Commands that only read "
                + "(iidei datasets, runs, diff, export) may still work; restore the file from a backup",
            file: path,
            kind: .integrity
        )
    }

    /// The error for stored data whose bytes no longer give the hash recorded with them: changed
    /// outside iidei, or a damaged file. Never an engine change.
    static func integrityFailure(_ version: DatasetVersion, expected: String, found: String, path: String) -> IndexError
    {
        IndexError(
            "dataset \(version.reference): the stored data no longer match their hash (recorded sha256 \(expected.prefix(12)), "
                + "stored bytes \(found.prefix(12))): they were changed outside iidei or the file is damaged. This is an integrity "
                + "error, not an engine change; nothing was computed",
            file: path,
            kind: .integrity
        )
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// The schema, one migration per change; never edit a migration that has shipped.
    ///
    /// The migrations stay raw SQL, unlike the queries: each is the exact text that created the
    /// tables of stores already written, and GRDB's `create(table:)` would restate it in a form
    /// whose output could drift (column affinities, constraint order) from what shipped.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE framework (
                        id INTEGER PRIMARY KEY,
                        hash TEXT NOT NULL UNIQUE,
                        frameworkID TEXT NOT NULL,
                        nameZh TEXT NOT NULL,
                        nameEn TEXT NOT NULL,
                        format TEXT NOT NULL,
                        origin TEXT NOT NULL,
                        content TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    CREATE TABLE dataset (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        hash TEXT NOT NULL,
                        frameworkHash TEXT REFERENCES framework(hash),
                        createdAt TEXT NOT NULL,
                        files TEXT NOT NULL,
                        valueCount INTEGER NOT NULL,
                        isIllustrative INTEGER NOT NULL,
                        UNIQUE (name, version)
                    );
                    CREATE TABLE unit (
                        datasetID INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        id TEXT NOT NULL,
                        nameZh TEXT NOT NULL,
                        nameEn TEXT NOT NULL,
                        groups TEXT NOT NULL,
                        aliases TEXT NOT NULL,
                        PRIMARY KEY (datasetID, id)
                    );
                    CREATE TABLE observation (
                        datasetID INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
                        unit TEXT NOT NULL,
                        indicator TEXT NOT NULL,
                        period TEXT NOT NULL,
                        value REAL,
                        status TEXT NOT NULL,
                        source TEXT NOT NULL,
                        note TEXT NOT NULL,
                        fileIndex INTEGER,
                        sheet TEXT,
                        line INTEGER,
                        col INTEGER
                    );
                    CREATE INDEX observation_dataset ON observation(datasetID);
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY,
                        createdAt TEXT NOT NULL,
                        frameworkHash TEXT NOT NULL REFERENCES framework(hash),
                        datasetID INTEGER NOT NULL REFERENCES dataset(id),
                        options TEXT NOT NULL,
                        engineVersion TEXT NOT NULL,
                        resultsHash TEXT NOT NULL,
                        results TEXT NOT NULL,
                        isIllustrative INTEGER NOT NULL
                    );
                    CREATE TABLE score (
                        runID INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        evaluation TEXT NOT NULL,
                        period TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        node TEXT NOT NULL,
                        score REAL,
                        rank INTEGER,
                        tier INTEGER
                    );
                    CREATE INDEX score_run ON score(runID);
                    """
            )
        }
        // A dataset version's units and values as one compact blob (DatasetContent) with the
        // SHA-256 of its bytes, checked whenever it is loaded, and a run's scores as one blob
        // (ScoreContent). Versions and runs stored as rows by v1 stay readable.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE datasetContent (
                        datasetID INTEGER PRIMARY KEY REFERENCES dataset(id) ON DELETE CASCADE,
                        format INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        content BLOB NOT NULL
                    );
                    CREATE TABLE runScores (
                        runID INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
                        format INTEGER NOT NULL,
                        content BLOB NOT NULL
                    );
                    """
            )
        }
        registerSurveyMigrations(&migrator)
        // The store says what it is (application id "IIDE") and how far its schema goes
        // (user_version, set after migrating), so that another program's database is never taken
        // for a store and an older iidei refuses a newer store; a run's scores get the SHA-256 of
        // their blob, checked whenever they are read. The scores of runs recorded before are hashed
        // as they are when the store is upgraded (an edit made before the upgrade is not caught by
        // that hash; the run's results document keeps the hash it was recorded with).
        migrator.registerMigration("integrity-v3") { db in
            try db.execute(sql: "ALTER TABLE runScores ADD COLUMN sha256 TEXT")
            let rows = try Row.fetchCursor(db, sql: "SELECT runID, content FROM runScores")
            var hashes: [(Int64, String)] = []
            while let row = try rows.next() {
                let content: Data = row["content"]
                hashes.append((row["runID"], Store.dataHash(content)))
            }
            for (run, hash) in hashes {
                try db.execute(sql: "UPDATE runScores SET sha256 = ? WHERE runID = ?", arguments: [hash, run])
            }
            try db.execute(sql: "PRAGMA application_id = \(StoreFile.applicationID)")
        }
        registerAccountMigrations(&migrator)
        registerSharedWorkMigration(&migrator)
        registerReviewRequestMigration(&migrator)
        return migrator
    }

    /// The time now (or `seconds` from now), in the stores' one format: stored times compare as
    /// text in the order they happen.
    static func now(plus seconds: Int = 0) -> String {
        ISO8601DateFormatter().string(from: Date().addingTimeInterval(TimeInterval(seconds)))
    }

    /// Runs a write transaction, mapping database errors to ``IndexError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard access == .readWrite else {
            throw IndexError(
                "the store was opened read-only; this needs a command that writes",
                file: path,
                kind: .unavailable
            )
        }
        // The workflow's pending audit event, taken here on the caller's thread (``PendingAudit``).
        let pending = AuditScope.pending
        var matched = false
        do {
            let result = try database.write { db in
                let result = try body(db)
                switch pending?.verdict(for: result) {
                case .event(let action, let subject):
                    try db.execute(
                        sql: "INSERT INTO auditEvent (at, actor, action, subject, address) VALUES (?, ?, ?, ?, ?)",
                        arguments: [Self.now(), pending?.actor, action, subject, pending?.address]
                    )
                    matched = true
                case .noEvent: matched = true
                case .otherWrite, nil: break
                }
                return result
            }
            if matched { pending?.settle() }
            return result
        } catch {
            throw StoreFailure.translate(error, path: path, writing: true)
        }
    }

    /// Writes the write-ahead log back into the database file, so that the file alone holds
    /// everything (for a copy or a byte-for-byte comparison).
    public func checkpoint() throws {
        guard access == .readWrite else { return }
        do {
            try database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw StoreFailure.translate(error, path: path, writing: true)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreFailure.translate(error, path: path, writing: false)
        }
    }
}

/// Counts and an integrity check of the whole store, for `iidei datasets` and for tests that check
/// nothing partial is ever visible.
public struct StoreStatistics: Sendable, Hashable {
    public var datasets: Int
    /// Values over all dataset versions.
    public var observations: Int
    public var runs: Int
    /// SQLite's `PRAGMA integrity_check`: `ok` when the file is sound.
    public var integrity: String
}

extension Store {
    /// Counts every table's rows and checks the file.
    public func statistics() throws -> StoreStatistics {
        try read { db in
            StoreStatistics(
                datasets: try DatasetRow.fetchCount(db),
                observations: try DatasetRow.select(sum(DatasetRow.Columns.valueCount), as: Int.self).fetchOne(db) ?? 0,
                runs: try RunRow.fetchCount(db),
                // A pragma has no query-interface form.
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            )
        }
    }

    /// `sqlite` when the file answers with every migration applied. A local file answers at once or
    /// fails, so `seconds` bounds nothing here.
    public func readiness(within seconds: Int) throws -> String {
        let migrator = Self.migrator
        let isCurrent = try read { db in try migrator.hasCompletedMigrations(db) && !migrator.hasBeenSuperseded(db) }
        guard isCurrent else {
            throw IndexError(
                "the store's schema is not this program's (migrations pending or newer)",
                file: path,
                kind: .unavailable
            )
        }
        return "sqlite"
    }
}
