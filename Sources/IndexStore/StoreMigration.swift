import Foundation
import GRDB
import IndexCore
import NIOCore
import PostgresNIO

/// What `iidei store migrate` moved: the rows of each table, and what was checked after the copy.
public struct StoreMigrationSummary: Sendable, Hashable {
    /// Rows copied per table (PostgreSQL's table names), every table of the schema listed.
    public var rows: [String: Int]
    /// Dataset versions whose content, loaded back from PostgreSQL, gives their content hash.
    public var versionsChecked: Int
    /// Runs whose results document and scores, loaded back, give their recorded hashes.
    public var runsChecked: Int
    /// Survey rounds whose answers, loaded back, equal the SQLite store's.
    public var roundsChecked: Int
}

/// How one SQLite table becomes its PostgreSQL twin: the same rows, columns renamed to snake case,
/// row numbers kept (a run is `#12` on both; expert tokens stay valid, being stored as hashes).
struct TableCopy: Sendable {
    enum Value: Sendable {
        case text, integer, real, boolean, blob
    }

    var sqlite: String
    var postgres: String
    /// `(SQLite column, PostgreSQL column, type)`.
    var columns: [(String, String, Value)]
    /// Whether `id` is an identity column whose sequence must continue after the copied numbers.
    var hasIdentity: Bool

    /// The tables in an order the foreign keys accept.
    static let all: [TableCopy] = [
        TableCopy(
            sqlite: "framework",
            postgres: "framework",
            columns: [
                ("id", "id", .integer), ("hash", "hash", .text), ("frameworkID", "framework_id", .text),
                ("nameZh", "name_zh", .text), ("nameEn", "name_en", .text), ("format", "format", .text),
                ("origin", "origin", .text), ("content", "content", .text), ("createdAt", "created_at", .text),
            ],
            hasIdentity: true
        ),
        TableCopy(
            sqlite: "dataset",
            postgres: "dataset",
            columns: [
                ("id", "id", .integer), ("name", "name", .text), ("version", "version", .integer),
                ("hash", "hash", .text), ("frameworkHash", "framework_hash", .text),
                ("createdAt", "created_at", .text), ("files", "files", .text),
                ("valueCount", "value_count", .integer), ("isIllustrative", "is_illustrative", .boolean),
            ],
            hasIdentity: true
        ),
        TableCopy(
            sqlite: "datasetContent",
            postgres: "dataset_content",
            columns: [
                ("datasetID", "dataset_id", .integer), ("format", "format", .integer), ("sha256", "sha256", .text),
                ("content", "content", .blob),
            ],
            hasIdentity: false
        ),
        TableCopy(
            sqlite: "run",
            postgres: "run",
            columns: [
                ("id", "id", .integer), ("createdAt", "created_at", .text),
                ("frameworkHash", "framework_hash", .text), ("datasetID", "dataset_id", .integer),
                ("options", "options", .text), ("engineVersion", "engine_version", .text),
                ("resultsHash", "results_hash", .text), ("results", "results", .text),
                ("isIllustrative", "is_illustrative", .boolean),
            ],
            hasIdentity: true
        ),
        TableCopy(
            sqlite: "runScores",
            postgres: "run_scores",
            columns: [
                ("runID", "run_id", .integer), ("format", "format", .integer), ("sha256", "sha256", .text),
                ("content", "content", .blob),
            ],
            hasIdentity: false
        ),
        TableCopy(
            sqlite: "survey",
            postgres: "survey",
            columns: [
                ("id", "id", .integer), ("name", "name", .text), ("frameworkHash", "framework_hash", .text),
                ("kind", "kind", .text), ("scaleLower", "scale_lower", .real), ("scaleUpper", "scale_upper", .real),
                ("riTable", "ri_table", .text), ("createdAt", "created_at", .text),
            ],
            hasIdentity: true
        ),
        TableCopy(
            sqlite: "surveyExpert",
            postgres: "survey_expert",
            columns: [
                ("surveyID", "survey_id", .integer), ("position", "position", .integer), ("name", "name", .text),
                ("tokenHash", "token_hash", .text),
            ],
            hasIdentity: false
        ),
        TableCopy(
            sqlite: "surveyRound",
            postgres: "survey_round",
            columns: [
                ("surveyID", "survey_id", .integer), ("number", "number", .integer),
                ("openedAt", "opened_at", .text), ("closedAt", "closed_at", .text),
            ],
            hasIdentity: false
        ),
        TableCopy(
            sqlite: "surveyResponse",
            postgres: "survey_response",
            columns: [
                ("surveyID", "survey_id", .integer), ("round", "round", .integer), ("expert", "expert", .text),
                ("answers", "answers", .text), ("updatedAt", "updated_at", .text),
            ],
            hasIdentity: false
        ),
        TableCopy(
            sqlite: "surveyApplication",
            postgres: "survey_application",
            columns: [
                ("id", "id", .integer), ("surveyID", "survey_id", .integer), ("round", "round", .integer),
                ("experts", "experts", .text), ("frameworkHash", "framework_hash", .text),
                ("aggregation", "aggregation", .text), ("createdAt", "created_at", .text),
            ],
            hasIdentity: true
        ),
        TableCopy(
            sqlite: "account",
            postgres: "account",
            columns: [
                ("name", "name", .text), ("role", "role", .text), ("passwordHash", "password_hash", .text),
                ("createdAt", "created_at", .text),
            ],
            hasIdentity: false
        ),
        TableCopy(
            sqlite: "accountToken",
            postgres: "account_token",
            columns: [
                ("id", "id", .integer), ("account", "account", .text), ("role", "role", .text),
                ("label", "label", .text), ("tokenHash", "token_hash", .text), ("createdAt", "created_at", .text),
                ("revokedAt", "revoked_at", .text), ("expiresAt", "expires_at", .text),
            ],
            hasIdentity: true
        ),
        TableCopy(
            sqlite: "auditEvent",
            postgres: "audit_event",
            columns: [
                ("id", "id", .integer), ("at", "at", .text), ("actor", "actor", .text), ("action", "action", .text),
                ("subject", "subject", .text), ("address", "address", .text),
            ],
            hasIdentity: true
        ),
        TableCopy(
            sqlite: "publication",
            postgres: "publication",
            columns: [
                ("id", "id", .integer), ("runID", "run_id", .integer), ("publishedAt", "published_at", .text),
                ("publishedBy", "published_by", .text), ("withdrawnAt", "withdrawn_at", .text),
                ("withdrawnBy", "withdrawn_by", .text),
            ],
            hasIdentity: true
        ),
        TableCopy(
            sqlite: "reviewRequest",
            postgres: "review_request",
            columns: [
                ("runID", "run_id", .integer), ("requestedBy", "requested_by", .text),
                ("requestedAt", "requested_at", .text), ("note", "note", .text),
            ],
            hasIdentity: false
        ),
    ]

    /// Every row of the table, each value as the bind PostgreSQL takes.
    func rows(_ db: Database) throws -> [PostgresBindings] {
        let names = columns.map { "\"\($0.0)\"" }.joined(separator: ", ")
        let order = hasIdentity ? "id" : columns[0].0
        return try Row.fetchAll(db, sql: "SELECT \(names) FROM \"\(sqlite)\" ORDER BY \(order)").map { row in
            var binds = PostgresBindings()
            for (index, (_, _, type)) in columns.enumerated() {
                if row.hasNull(atIndex: index) {
                    binds.appendNull()
                    continue
                }
                switch type {
                case .text: binds.append(row[index] as String)
                case .integer: binds.append(row[index] as Int64)
                case .real: binds.append(row[index] as Double)
                case .boolean: binds.append(row[index] as Bool)
                case .blob: binds.append(ByteBuffer(bytes: row[index] as Data))
                }
            }
            return binds
        }
    }

    /// `INSERT INTO … VALUES ($1, …)`, with the row numbers given.
    var insert: String {
        let names = columns.map(\.1).joined(separator: ", ")
        let values = columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        return "INSERT INTO \(postgres) (\(names)) \(hasIdentity ? "OVERRIDING SYSTEM VALUE " : "")VALUES (\(values))"
    }
}

extension PostgresStore {
    /// Copies everything an SQLite store holds — every framework, dataset version, run (with its
    /// number), survey, expert (by token hash: the links sent stay valid), round, answer and
    /// application — into this store, which must be empty; then checks the copy by hash.
    ///
    /// All or nothing: the copy is one transaction, which also checks on the server, before it
    /// commits, that every row arrived and every blob, results document and framework text still
    /// gives the hash the SQLite store recorded for it. After it commits, every version, run and
    /// survey round is loaded back through this store and compared with the source (a version's
    /// content hash, a run's results and scores, a round's answers).
    ///
    /// - Parameters:
    ///   - source: the SQLite store; it is only read.
    ///   - progress: told what is being copied and checked, a line at a time.
    /// - Throws: ``IndexError`` of kind `.conflict` when this store already holds data (nothing is
    ///   written); of kind `.integrity` when a check fails (before the commit: nothing is written).
    public func copy(
        from source: Store,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> StoreMigrationSummary {
        // The source's statistics check every hash it holds: a damaged store is not copied.
        let statistics = try source.statistics()
        guard statistics.integrity == "ok" else {
            throw IndexError(
                "the SQLite store fails its own integrity check (\(statistics.integrity)); nothing was copied",
                file: source.path,
                kind: .integrity
            )
        }
        let tables = TableCopy.all
        let rows = try source.read { db in try tables.map { try $0.rows(db) } }
        let location = location
        let counts = try write { connection in
            // No other writer while the copy runs; an empty target is checked under the lock.
            try await connection.query(
                "LOCK TABLE framework, dataset, run, survey, account IN EXCLUSIVE MODE",
                logger: Self.quiet
            )
            for try await held in try await connection.query(
                "SELECT (SELECT COUNT(*) FROM framework) + (SELECT COUNT(*) FROM dataset) + (SELECT COUNT(*) FROM run) + (SELECT COUNT(*) FROM survey) + (SELECT COUNT(*) FROM account)",
                logger: Self.quiet
            ).decode(Int64.self) where held > 0 {
                throw IndexError(
                    "the target store is not empty (\(held) frameworks, versions, runs, surveys and accounts): migrate into a new database",
                    file: location,
                    kind: .conflict
                )
            }
            var counts: [String: Int] = [:]
            for (table, tableRows) in zip(tables, rows) {
                for (index, binds) in tableRows.enumerated() {
                    try await connection.query(PostgresQuery(unsafeSQL: table.insert, binds: binds), logger: Self.quiet)
                    if index + 1 == tableRows.count || (index + 1).isMultiple(of: 500) {
                        progress("copied \(table.postgres): \(index + 1) / \(tableRows.count)")
                    }
                }
                if table.hasIdentity {
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL:
                                "SELECT setval(pg_get_serial_sequence('\(table.postgres)', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM \(table.postgres)), false)"
                        ),
                        logger: Self.quiet
                    )
                }
                var stored = 0
                for try await count in try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT COUNT(*)::BIGINT FROM \(table.postgres)"),
                    logger: Self.quiet
                ).decode(Int.self) {
                    stored = count
                }
                guard stored == tableRows.count else {
                    throw IndexError(
                        "\(table.postgres): \(stored) rows arrived of \(tableRows.count); nothing was copied",
                        file: location,
                        kind: .integrity
                    )
                }
                counts[table.postgres] = stored
            }
            progress("checking every hash on the server")
            let problems = try await Self.hashProblems(connection)
            guard problems.isEmpty else {
                throw IndexError(
                    "the copy does not match its hashes (\(problems.joined(separator: "; "))); nothing was copied",
                    file: location,
                    kind: .integrity
                )
            }
            return counts
        }
        return try verifyCopy(of: source, rows: counts, progress: progress)
    }

    /// Loads back what ``copy(from:progress:)`` committed and compares it with the source.
    func verifyCopy(
        of source: Store,
        rows: [String: Int],
        progress: @Sendable (String) -> Void
    ) throws -> StoreMigrationSummary {
        func differs(_ what: String) -> IndexError {
            IndexError("after the copy, \(what) differs from the SQLite store's", file: location, kind: .integrity)
        }
        let versions = try datasets()
        guard try versions == source.datasets() else { throw differs("the list of dataset versions") }
        for (index, version) in versions.enumerated() {
            guard Store.contentHash(try dataset(version)) == version.hash else {
                throw differs("dataset \(version.reference)'s content")
            }
            progress("checked dataset versions: \(index + 1) / \(versions.count)")
        }
        let runs = try runs()
        guard try runs == source.runs() else { throw differs("the list of runs") }
        for (index, run) in runs.enumerated() {
            guard try SHA256.hex(results(of: run)) == run.resultsHash else { throw differs("run #\(run.id)'s results") }
            guard try scores(of: run) == source.scores(of: run) else { throw differs("run #\(run.id)'s scores") }
            progress("checked runs: \(index + 1) / \(runs.count)")
        }
        var rounds = 0
        for name in try surveyNames() {
            let survey = try survey(name)
            guard try survey == source.survey(name) else { throw differs("survey '\(name)'") }
            for round in 1...max(1, survey.round) {
                guard try responses(survey: name, round: round) == source.responses(survey: name, round: round) else {
                    throw differs("survey '\(name)' round \(round)'s answers")
                }
                rounds += 1
            }
        }
        guard try surveyNames() == source.surveyNames() else { throw differs("the list of surveys") }
        guard try accounts() == source.accounts() else { throw differs("the list of accounts") }
        guard try tokens(account: nil) == source.tokens(account: nil) else { throw differs("the list of API tokens") }
        guard try publications() == source.publications() else { throw differs("the list of publications") }
        guard try reviewRequests() == source.reviewRequests() else { throw differs("the list of review requests") }
        guard try auditLog(limit: .max) == source.auditLog(limit: .max) else { throw differs("the audit log") }
        progress("checked survey rounds: \(rounds)")
        return StoreMigrationSummary(
            rows: rows,
            versionsChecked: versions.count,
            runsChecked: runs.count,
            roundsChecked: rounds
        )
    }
}
