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
public final class Store: Sendable {
    /// A pool: WAL, one writer and concurrent readers, so a long import does not block reads.
    let database: DatabasePool
    /// The database file.
    public let path: String

    /// The default store: `$IIDEI_DB`, else `$XDG_DATA_HOME/iidei/iidei.sqlite`, else
    /// `~/.local/share/iidei/iidei.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["IIDEI_DB"], !path.isEmpty { return path }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return base + "/iidei/iidei.sqlite"
    }

    /// Opens (creating if needed) a store and brings its schema up to date.
    ///
    /// - Throws: ``IndexError`` naming the file when it cannot be opened or is not an IIDEI store.
    public init(path: String) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw IndexError("cannot open the store (\(Self.describe(error)))", file: path)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// The schema, one migration per change; never edit a migration that has shipped.
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
                    """)
        }
        registerSurveyMigrations(&migrator)
        return migrator
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    /// Runs a write transaction, mapping database errors to ``IndexError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as IndexError {
            throw error
        } catch let error as IndexErrors {
            throw error
        } catch {
            throw IndexError("store: \(Self.describe(error))", file: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as IndexError {
            throw error
        } catch {
            throw IndexError("store: \(Self.describe(error))", file: path)
        }
    }
}

/// Counts and an integrity check of the whole store, for `iidei datasets` and for tests that check
/// nothing partial is ever visible.
public struct StoreStatistics: Sendable, Hashable {
    public var datasets: Int
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
                datasets: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dataset") ?? 0,
                observations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observation") ?? 0,
                runs: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0,
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; "))
        }
    }
}
