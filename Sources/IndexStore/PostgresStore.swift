import Foundation
import IndexCore
import IndexIO
import Logging
import NIOCore
import PostgresNIO

/// The store on a PostgreSQL server: frameworks, dataset versions and runs with the same schema,
/// hashes and integrity checks as ``Store`` (SQLite), for a deployment several processes share.
///
/// Selected by a `postgres://user[:password]@host[:port]/database` location (``StoreLocation``); a
/// file path keeps SQLite.
///
/// **Schema.** The migrations run on start-up, each once, recorded in `schema_version`, under a
/// transaction-scoped advisory lock so two processes starting together do not both migrate. A
/// database whose `schema_version` goes beyond what this program knows is refused before
/// anything is written.
///
/// **Bridging the synchronous protocol.** ``IndexStoring`` is synchronous; postgres-nio is
/// async. Each call starts a detached task that runs the queries (on the client's NIO event loops
/// and the store's own queue, `SerialTaskExecutor`, never Swift's cooperative pool) and the calling
/// thread waits on a semaphore for its result. The waiting thread is never one the task needs: the
/// task and the client's `run()` task prefer that executor, so a cooperative pool whose threads
/// are all blocked (by this wait or anything else) cannot starve them.
///
/// **Transactions.** Every method that writes is one transaction at PostgreSQL's default
/// READ COMMITTED. The one read-then-write decision, the next version number of a dataset name
/// (and whether the content is unchanged since the latest), is serialised by a transaction-scoped
/// advisory lock on the name, and backed by `UNIQUE (name, version)`; frameworks are inserted with
/// `ON CONFLICT (hash) DO NOTHING`; runs take their number from an identity column. SERIALIZABLE
/// would give the same outcome but needs every writer to retry on serialisation failures.
///
/// **Bulk import.** A version's units and values are one blob (the same `DatasetContent` bytes as
/// SQLite holds) bound as one `bytea` parameter, so a county-scale import is one round trip.
///
/// **Surveys** keep the SQLite store's tables and checks; how concurrent answers are kept apart
/// (row locks, unique keys, upserts) is described in `PostgresStore+Surveys.swift`.
public final class PostgresStore: Sendable {
    /// The location with any password left out, as errors name it.
    public let location: String
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger

    /// The schema, one migration per change; never edit one that has shipped.
    static let migrations: [String] = [
        """
        CREATE TABLE framework (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            framework_id TEXT NOT NULL,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            format TEXT NOT NULL,
            origin TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE dataset (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            hash TEXT NOT NULL,
            framework_hash TEXT REFERENCES framework(hash),
            created_at TEXT NOT NULL,
            files TEXT NOT NULL,
            value_count BIGINT NOT NULL,
            is_illustrative BOOLEAN NOT NULL,
            UNIQUE (name, version)
        );
        CREATE TABLE dataset_content (
            dataset_id BIGINT PRIMARY KEY REFERENCES dataset(id) ON DELETE CASCADE,
            format INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            content BYTEA NOT NULL
        );
        CREATE TABLE run (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            created_at TEXT NOT NULL,
            framework_hash TEXT NOT NULL REFERENCES framework(hash),
            dataset_id BIGINT NOT NULL REFERENCES dataset(id),
            options TEXT NOT NULL,
            engine_version TEXT NOT NULL,
            results_hash TEXT NOT NULL,
            results TEXT NOT NULL,
            is_illustrative BOOLEAN NOT NULL
        );
        CREATE TABLE run_scores (
            run_id BIGINT PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
            format INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            content BYTEA NOT NULL
        );
        """,
        surveyMigration,
        accountsMigration,
        sessionsMigration,
        sharedWorkMigration,
        reviewRequestMigration,
    ]

    /// Whether a `--db` value names a PostgreSQL server rather than an SQLite file.
    public static func isLocation(_ value: String) -> Bool {
        value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
    }

    /// Connects (a pool of up to `maximumConnections`), and brings the schema up to date.
    ///
    /// - Throws: ``IndexError`` naming the location when it is not a PostgreSQL URL (`.invalidInput`),
    ///   the server cannot be reached (`.unavailable`), or its schema is newer than this program's.
    public init(url: String, maximumConnections: Int = 8) throws {
        guard let components = URLComponents(string: url), Self.isLocation(url),
            let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty
        else {
            throw IndexError(
                "not a PostgreSQL location: write postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE",
                file: url.components(separatedBy: "@").last,
                kind: .invalidInput
            )
        }
        // Parameters (sslmode=require, …) would be dropped in silence, and a connection asked to use
        // TLS would go out without it: refused until the store speaks them.
        guard components.query == nil, components.fragment == nil else {
            throw IndexError(
                "a PostgreSQL location takes no parameters (?…): the connection is made without TLS, and other settings are not read",
                file: "postgres://\(user)@\(host)",
                kind: .invalidInput
            )
        }
        // A port that does not parse is not the default one: "host:99999999999999999999" is refused.
        // The host part's own colons (an IPv6 address in brackets) are not a port.
        let authority = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(2).first
        let statesPort =
            authority.map { authority in
                let hostAndPort = authority.split(separator: "@").last ?? ""
                return (hostAndPort.split(separator: "]", omittingEmptySubsequences: false).last ?? "").contains(":")
            } ?? false
        guard components.port.map({ (1...65_535).contains($0) }) ?? !statesPort else {
            throw IndexError(
                "the port of a PostgreSQL location must be a number from 1 to 65535",
                file: "postgres://\(user)@\(host)",
                kind: .invalidInput
            )
        }
        let database = String(components.path.drop { $0 == "/" })
        let port = components.port ?? 5432
        location = "postgres://\(user)@\(host):\(port)/\(database)"
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: user,
            password: components.password,
            database: database.isEmpty ? nil : database,
            tls: .disable
        )
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = .seconds(10)
        // The pool's own retries are not the reader's business: an unreachable server is one error.
        var logger = Logger(label: "iidei.store.postgres")
        logger.logLevel = .error
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task.detached(executorPreference: PostgresStore.executor) { await client.run() }
        try migrate(within: Self.connectDeadline)
    }

    deinit {
        runner.cancel()
    }

    // MARK: - The bridge

    /// How long opening waits for the server's first answer: the pool would otherwise retry for about
    /// a minute before it gives up on an unreachable server.
    static let connectDeadline = 15

    /// Where the store's tasks run: never Swift's cooperative pool (see `SerialTaskExecutor`).
    static let executor = SerialTaskExecutor(label: "iidei.store")

    /// Runs `body` on the client and waits for it on this thread (see the type's discussion), at most
    /// `seconds` when given.
    func blocking<T: Sendable>(
        writing: Bool,
        within seconds: Int? = nil,
        _ body: @escaping @Sendable () async throws -> T
    ) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached(executorPreference: PostgresStore.executor) {
            do {
                box.result = .success(try await body())
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        if let seconds {
            guard done.wait(timeout: .now() + .seconds(seconds)) == .success else {
                throw IndexError(
                    "no answer from the PostgreSQL server within \(seconds) s; is it running and the location right?",
                    file: location,
                    kind: .unavailable
                )
            }
        } else {
            done.wait()
        }
        switch box.result {
        case .success(let value): return value
        case .failure(let error): throw translate(error, writing: writing)
        case nil: throw IndexError("store: a query ended without a result", file: location, kind: .unavailable)
        }
    }

    /// A read, outside any transaction (each statement sees committed data).
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        let client = client
        return try blocking(writing: false) { try await client.withConnection { try await body($0) } }
    }

    /// A write transaction (READ COMMITTED; see the type's discussion): all of it, or nothing.
    func write<T: Sendable>(
        within seconds: Int? = nil,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) throws -> T {
        let client = client
        let logger = logger
        // The workflow's pending audit event, taken here on the caller's thread (``PendingAudit``).
        let pending = AuditScope.pending
        let (result, matched) = try blocking(writing: true, within: seconds) {
            try await client.withTransaction(logger: logger) { connection in
                let result = try await body(connection)
                switch pending?.verdict(for: result) {
                case .event(let action, let subject):
                    try await connection.query(
                        """
                        INSERT INTO audit_event (at, actor, action, subject, address) \
                        VALUES (\(Store.now()), \(pending?.actor ?? ""), \(action), \(subject), \(pending?.address ?? ""))
                        """,
                        logger: Self.quiet
                    )
                    return (result, true)
                case .noEvent: return (result, true)
                case .otherWrite, nil: return (result, false)
                }
            }
        }
        if matched { pending?.settle() }
        return result
    }

    /// Maps a client or server error to an ``IndexError`` naming the store.
    func translate(_ error: any Error, writing: Bool) -> any Error {
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.commitError ?? error.beginError {
                return translate(inner, writing: writing)
            }
        }
        if error is IndexError || error is IndexErrors { return error }
        if let error = error as? PSQLError {
            if let code = error.serverInfo?[.sqlState] {
                let message = error.serverInfo?[.message] ?? code
                // 23xxx: a constraint refused the write (a duplicate, say); nothing of it was kept.
                let kind: IndexError.Kind = code.hasPrefix("23") ? .conflict : .unavailable
                return IndexError(
                    "PostgreSQL refused the \(writing ? "write" : "read"): \(message) (SQLSTATE \(code))",
                    file: location,
                    kind: kind
                )
            }
            return IndexError(
                "cannot reach the PostgreSQL store (\(error.code)); is the server running and the location right?",
                file: location,
                kind: .unavailable
            )
        }
        // What is left comes from the connection pool: the server could not be reached.
        return IndexError(
            "cannot reach the PostgreSQL store (\(error)); is the server running and the location right?",
            file: location,
            kind: .unavailable
        )
    }

    // MARK: - Migrations

    /// The newest migration applied (0 for none), from `schema_version`.
    static func schemaVersion(_ connection: PostgresConnection) async throws -> Int {
        var current = 0
        for try await version in try await connection.query(
            "SELECT COALESCE(MAX(version), 0) FROM schema_version",
            logger: quiet
        ).decode(Int.self) {
            current = version
        }
        return current
    }

    func migrate(within seconds: Int) throws {
        let known = Self.migrations
        let location = location
        try write(within: seconds) { connection in
            // One migrator at a time across every process on this database.
            try await connection.query("SELECT pg_advisory_xact_lock(7386612)", logger: Self.quiet)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
                logger: Self.quiet
            )
            let current = try await Self.schemaVersion(connection)
            guard current <= known.count else {
                throw IndexError(
                    "this store was written by a newer IIDEI (schema \(current); this program knows up to \(known.count)); upgrade IIDEI",
                    file: location,
                    kind: .unavailable
                )
            }
            for (index, sql) in known.enumerated() where index + 1 > current {
                for statement in sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                    try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: Self.quiet)
                }
                let version = index + 1
                let now = Store.now()
                try await connection.query(
                    "INSERT INTO schema_version (version, applied_at) VALUES (\(version), \(now))",
                    logger: Self.quiet
                )
            }
        }
    }

    static let quiet = Logger(label: "iidei.store.postgres.query", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// A call's result, handed from the task to the waiting thread; the semaphore orders the write
/// before the read.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
