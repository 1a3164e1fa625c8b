import Foundation
public import IndexCore
public import IndexIO
import NIOCore
import PostgresNIO

// The store's operations on PostgreSQL, with the checks and errors of the SQLite store (``Store``),
// shared through its static helpers rather than restated.
extension PostgresStore: IndexStoring {
    // MARK: - Frameworks

    @discardableResult
    public func saveFramework(_ source: FrameworkSource) throws -> StoredFramework {
        let prepared = try PreparedFramework(source)
        let location = location
        return try write { try await prepared.store($0, location: location) }
    }

    public func framework(_ reference: String) throws -> StoredFramework {
        let location = location
        let found = try read { connection in
            try await Self.frameworks(
                connection,
                where: "WHERE hash LIKE \(reference + "%") OR framework_id = \(reference)",
                location: location
            )
        }
        guard let first = found.first else {
            throw IndexError("no framework '\(reference)' in the store", file: location, kind: .notFound)
        }
        let hashes = Set(found.filter { $0.frameworkID != reference }.map(\.hash))
        if hashes.count > 1 {
            throw IndexError("framework '\(reference)' is ambiguous: \(hashes.sorted().joined(separator: ", "))")
        }
        return first
    }

    public func frameworks() throws -> [StoredFramework] {
        let location = location
        return try read { try await Self.frameworks($0, where: "", location: location) }
    }

    /// Frameworks, newest first, each checked against its hash.
    static func frameworks(
        _ connection: PostgresConnection,
        where condition: PostgresQuery,
        location: String
    ) async throws -> [StoredFramework] {
        var query = PostgresQuery(
            unsafeSQL:
                "SELECT hash, framework_id, name_zh, name_en, format, origin, content, created_at FROM framework "
        )
        query.sql += condition.sql + " ORDER BY id DESC"
        query.binds = condition.binds
        var found: [StoredFramework] = []
        let rows = try await connection.query(query, logger: quiet)
        for try await (hash, id, zh, en, format, origin, content, createdAt) in rows.decode(
            (String, String, String, String, String, String, String, String).self
        ) {
            let row = FrameworkRow(
                hash: hash,
                frameworkID: id,
                name: LocalisedText(zh: zh, en: en),
                format: format,
                origin: origin,
                content: content,
                createdAt: createdAt
            )
            found.append(try row.framework(path: location))
        }
        return found
    }

    // MARK: - Dataset versions

    static let versionColumns =
        "d.id, d.name, d.version, d.hash, d.framework_hash, d.created_at, d.files, d.value_count, d.is_illustrative"

    static func versions(_ rows: PostgresRowSequence) async throws -> [DatasetVersion] {
        var versions: [DatasetVersion] = []
        for try await (id, name, version, hash, framework, createdAt, files, count, illustrative) in rows.decode(
            (Int64, String, Int, String, String?, String, String, Int, Bool).self
        ) {
            versions.append(
                DatasetRow(
                    id: id,
                    name: name,
                    version: version,
                    hash: hash,
                    frameworkHash: framework,
                    createdAt: createdAt,
                    files: files,
                    valueCount: count,
                    isIllustrative: illustrative
                ).datasetVersion
            )
        }
        return versions
    }

    public func datasets() throws -> [DatasetVersion] {
        try read { connection in
            try await Self.versions(
                try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT \(Self.versionColumns) FROM dataset d ORDER BY d.name, d.version"),
                    logger: Self.quiet
                )
            )
        }
    }

    public func datasetVersion(_ reference: String) throws -> DatasetVersion {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        guard let name = parts.first else { throw IndexError("empty dataset reference") }
        let number: Int?
        if parts.count == 2 {
            guard let parsed = Int(parts[1]) else {
                throw IndexError("dataset version must be a number: '\(reference)'")
            }
            number = parsed
        } else {
            number = nil
        }
        let (found, names) = try read { connection in
            var query = PostgresQuery(unsafeSQL: "SELECT \(Self.versionColumns) FROM dataset d WHERE d.name = $1 ")
            query.binds.append(name)
            if let number {
                query.sql += "AND d.version = $2"
                query.binds.append(number)
            } else {
                query.sql += "ORDER BY d.version DESC LIMIT 1"
            }
            let found = try await Self.versions(try await connection.query(query, logger: Self.quiet)).first
            var names: [String] = []
            if found == nil {
                for try await name in try await connection.query(
                    "SELECT DISTINCT name FROM dataset ORDER BY name",
                    logger: Self.quiet
                ).decode(String.self) {
                    names.append(name)
                }
            }
            return (found, names)
        }
        guard let found else {
            let known = names.isEmpty ? "the store has no datasets yet" : "known: \(names.joined(separator: ", "))"
            throw IndexError("no dataset '\(reference)' in the store (\(known))", file: location, kind: .notFound)
        }
        return found
    }

    public func dataset(_ version: DatasetVersion, includingLocations: Bool) throws -> Dataset {
        let id = version.id
        let stored = try read { connection -> (String, ByteBuffer)? in
            for try await row in try await connection.query(
                "SELECT sha256, content FROM dataset_content WHERE dataset_id = \(id)",
                logger: Self.quiet
            ).decode((String, ByteBuffer).self) {
                return row
            }
            return nil
        }
        guard let (expected, content) = stored else {
            throw IndexError("dataset \(version.reference) has no stored content", file: location, kind: .integrity)
        }
        return try content.withUnsafeReadableBytes { bytes in
            var hasher = SHA256()
            hasher.update(buffer: bytes.bindMemory(to: UInt8.self))
            let found = hasher.hexDigest()
            guard found == expected else {
                throw Store.integrityFailure(version, expected: expected, found: found, path: location)
            }
            return try DatasetContent.decode(
                bytes,
                isIllustrative: version.isIllustrative,
                includingLocations: includingLocations
            )
        }
    }

    public func importDataset(
        name: String,
        dataset: Dataset,
        files: [StoredFile],
        framework: FrameworkSource?,
        progress: ((Int, Int) -> Void)?
    ) throws -> ImportOutcome {
        let prepared = try PreparedImport(name: name, dataset: dataset, files: files, framework: framework)
        let location = location
        let outcome = try write { try await Self.store(prepared, $0, location: location) }
        progress?(prepared.total, prepared.total)
        return outcome
    }

    public func importDatasetAndRecordRun(
        name: String,
        dataset: Dataset,
        files: [StoredFile],
        framework: FrameworkSource,
        options: RunOptions,
        results: IndexResults,
        resultsJSON: String
    ) throws -> (ImportOutcome, RunRecord) {
        let prepared = try PreparedImport(name: name, dataset: dataset, files: files, framework: framework)
        let frameworkToStore = try PreparedFramework(framework)
        let run = try PreparedRun(options: options, results: results, resultsJSON: resultsJSON)
        let location = location
        return try write { connection in
            let outcome = try await Self.store(prepared, connection, location: location)
            let saved = try await frameworkToStore.store(connection, location: location)
            return (outcome, try await Self.store(run, connection, framework: saved, dataset: outcome.version))
        }
    }

    /// Writes a version (and its framework) inside the caller's transaction.
    static func store(
        _ prepared: PreparedImport,
        _ connection: PostgresConnection,
        location: String
    ) async throws
        -> ImportOutcome
    {
        if let framework = prepared.framework {
            _ = try await PreparedFramework(source: framework.source, parsed: framework.parsed, hash: framework.hash)
                .store(connection, location: location)
        }
        let name = prepared.name
        // Versions of one name are numbered one writer at a time (see the type's discussion).
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(name)))", logger: quiet)
        let latest = try await versions(
            try await connection.query(
                PostgresQuery(
                    unsafeSQL:
                        "SELECT \(versionColumns) FROM dataset d WHERE d.name = $1 ORDER BY d.version DESC LIMIT 1",
                    binds: {
                        var binds = PostgresBindings()
                        binds.append(name)
                        return binds
                    }()
                ),
                logger: quiet
            )
        ).first
        let frameworkHash = prepared.framework?.hash
        if let latest, latest.hash == prepared.hash, latest.frameworkHash == frameworkHash {
            return ImportOutcome(version: latest, isUnchanged: true)
        }
        let row = DatasetRow(
            id: nil,
            name: name,
            version: (latest?.version ?? 0) + 1,
            hash: prepared.hash,
            frameworkHash: frameworkHash,
            createdAt: Store.now(),
            files: prepared.filesJSON,
            valueCount: prepared.total,
            isIllustrative: prepared.isIllustrative
        )
        var id: Int64?
        for try await inserted in try await connection.query(
            """
            INSERT INTO dataset (name, version, hash, framework_hash, created_at, files, value_count, is_illustrative)
            VALUES (\(row.name), \(row.version), \(row.hash), \(row.frameworkHash), \(row.createdAt), \(row.files), \
            \(row.valueCount), \(row.isIllustrative)) RETURNING id
            """,
            logger: quiet
        ).decode(Int64.self) {
            id = inserted
        }
        guard let id else { throw IndexError("store: the new version got no id", file: location) }
        let blob = ByteBuffer(bytes: prepared.blob)
        let format = Int(DatasetContent.format)
        try await connection.query(
            "INSERT INTO dataset_content (dataset_id, format, sha256, content) VALUES (\(id), \(format), \(prepared.blobHash), \(blob))",
            logger: quiet
        )
        var stored = row
        stored.id = id
        return ImportOutcome(version: stored.datasetVersion(files: prepared.files), isUnchanged: false)
    }

    // MARK: - Runs

    public func recordRun(
        framework: StoredFramework,
        dataset: DatasetVersion,
        options: RunOptions,
        results: IndexResults,
        resultsJSON: String
    ) throws -> RunRecord {
        let run = try PreparedRun(options: options, results: results, resultsJSON: resultsJSON)
        return try write { try await Self.store(run, $0, framework: framework, dataset: dataset) }
    }

    public func recordRun(
        frameworkSource: FrameworkSource,
        dataset: DatasetVersion,
        options: RunOptions,
        results: IndexResults,
        resultsJSON: String
    ) throws -> RunRecord {
        let prepared = try PreparedFramework(frameworkSource)
        let run = try PreparedRun(options: options, results: results, resultsJSON: resultsJSON)
        let location = location
        return try write { connection in
            let framework = try await prepared.store(connection, location: location)
            return try await Self.store(run, connection, framework: framework, dataset: dataset)
        }
    }

    /// Writes a run and its scores inside the caller's transaction.
    static func store(
        _ run: PreparedRun,
        _ connection: PostgresConnection,
        framework: StoredFramework,
        dataset: DatasetVersion
    ) async throws -> RunRecord {
        let createdAt = Store.now()
        let engine = IndexEngine.version
        var id: Int64?
        for try await inserted in try await connection.query(
            """
            INSERT INTO run (created_at, framework_hash, dataset_id, options, engine_version, results_hash, results, \
            is_illustrative) VALUES (\(createdAt), \(framework.hash), \(dataset.id), \(run.optionsText), \(engine), \
            \(run.resultsHash), \(run.resultsJSON), \(run.isIllustrative)) RETURNING id
            """,
            logger: quiet
        ).decode(Int64.self) {
            id = inserted
        }
        guard let id else { throw IndexError("store: the new run got no id") }
        // Every process listening (`changes()`) hears of the run when this transaction commits.
        try await connection.query("SELECT pg_notify(\(changesChannel), \(String(id)))", logger: quiet)
        let blob = ByteBuffer(bytes: run.scores)
        let format = Int(ScoreContent.format)
        try await connection.query(
            "INSERT INTO run_scores (run_id, format, sha256, content) VALUES (\(id), \(format), \(run.scoresHash), \(blob))",
            logger: quiet
        )
        return RunRecord(
            id: id,
            createdAt: createdAt,
            frameworkHash: framework.hash,
            frameworkID: framework.frameworkID,
            dataset: dataset,
            options: run.options,
            engineVersion: engine,
            resultsHash: run.resultsHash,
            isIllustrative: run.isIllustrative
        )
    }

    /// Runs with their versions and framework ids, newest first.
    func runs(where condition: String, _ binds: PostgresBindings) throws -> [RunRecord] {
        let location = location
        let rows = try read { connection -> [(Int64, String, String, String, String, String, Bool, String?, Int64)] in
            var query = PostgresQuery(
                unsafeSQL: """
                    SELECT r.id, r.created_at, r.framework_hash, r.options, r.engine_version, r.results_hash, \
                    r.is_illustrative, f.framework_id, r.dataset_id FROM run r LEFT JOIN framework f ON f.hash = r.framework_hash \
                    \(condition) ORDER BY r.id DESC
                    """
            )
            query.binds = binds
            var rows: [(Int64, String, String, String, String, String, Bool, String?, Int64)] = []
            for try await row in try await connection.query(query, logger: Self.quiet).decode(
                (Int64, String, String, String, String, String, Bool, String?, Int64).self
            ) {
                rows.append(row)
            }
            return rows
        }
        let versions = Dictionary(try datasets().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try rows.map { row in
            guard let dataset = versions[row.8] else {
                throw IndexError("run \(row.0) names a dataset that is not in the store", file: location)
            }
            return RunRecord(
                id: row.0,
                createdAt: row.1,
                frameworkHash: row.2,
                frameworkID: row.7 ?? "?",
                dataset: dataset,
                options: try Store.decode(row.3),
                engineVersion: row.4,
                resultsHash: row.5,
                isIllustrative: row.6
            )
        }
    }

    public func runs() throws -> [RunRecord] {
        try runs(where: "", PostgresBindings())
    }

    public func latestRunID() throws -> Int64? {
        try read { connection in
            var latest: Int64?
            for try await id in try await connection.query("SELECT MAX(id) FROM run", logger: Self.quiet)
                .decode(Int64?.self)
            {
                latest = id
            }
            return latest
        }
    }

    /// The channel a recorded run is announced on (`NOTIFY`, sent when its transaction commits).
    static let changesChannel = "iidei_changes"

    /// Wakes its reader on every run any process records here, through `LISTEN iidei_changes` on
    /// one connection of the pool held for as long as it is read; and once each time that
    /// connection is (re)established, since runs recorded while it was down were not announced.
    /// When the server goes away it listens again a second later.
    public func changes() -> AsyncStream<Void> {
        let client = client
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let listener = Task.detached(executorPreference: PostgresStore.executor) {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: Self.changesChannel) { notifications in
                            continuation.yield()
                            for try await _ in notifications { continuation.yield() }
                        }
                    }
                } catch {
                    // The server is gone or restarting: the next attempt, a second later, says again.
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        continuation.onTermination = { _ in listener.cancel() }
        return stream
    }

    public func run(_ reference: String) throws -> RunRecord {
        let found: [RunRecord]
        if reference == "latest" {
            found = Array(try runs().prefix(1))
        } else {
            let number = reference.hasPrefix("#") ? String(reference.dropFirst()) : reference
            guard let id = Int64(number) else {
                throw IndexError("a run is a number (12 or #12) or 'latest', not '\(reference)'")
            }
            var binds = PostgresBindings()
            binds.append(id)
            found = try runs(where: "WHERE r.id = $1", binds)
        }
        guard let first = found.first else {
            throw IndexError("no run '\(reference)' in the store", file: location, kind: .notFound)
        }
        return first
    }

    public func results(of run: RunRecord) throws -> String {
        let id = run.id
        let stored = try read { connection -> (String, String)? in
            for try await row in try await connection.query(
                "SELECT results_hash, results FROM run WHERE id = \(id)",
                logger: Self.quiet
            ).decode((String, String).self) {
                return row
            }
            return nil
        }
        guard let (recorded, results) = stored else {
            throw IndexError("no run '\(run.id)' in the store", file: location, kind: .notFound)
        }
        let found = SHA256.hex(results)
        guard found == recorded, recorded == run.resultsHash else {
            throw Store.runIntegrityFailure(
                run.id,
                what: "results document",
                expected: run.resultsHash,
                found: found,
                path: location
            )
        }
        return results
    }

    public func scores(of run: RunRecord) throws -> [StoredScore] {
        let id = run.id
        let stored = try read { connection -> (String, ByteBuffer)? in
            for try await row in try await connection.query(
                "SELECT sha256, content FROM run_scores WHERE run_id = \(id)",
                logger: Self.quiet
            ).decode((String, ByteBuffer).self) {
                return row
            }
            return nil
        }
        guard let (expected, content) = stored else {
            throw IndexError("no scores of run #\(run.id) in the store", file: location, kind: .notFound)
        }
        return try content.withUnsafeReadableBytes { bytes in
            var hasher = SHA256()
            hasher.update(buffer: bytes.bindMemory(to: UInt8.self))
            let found = hasher.hexDigest()
            guard found == expected else {
                throw Store.runIntegrityFailure(
                    run.id,
                    what: "scores",
                    expected: expected,
                    found: found,
                    path: location
                )
            }
            return try ScoreContent.decode(bytes)
        }
    }

    // MARK: - Integrity

    /// Counts, and every stored hash checked on the server (`sha256()` over each blob, results
    /// document and framework text): `ok`, or what differs.
    /// `postgresql` when the server answers within `seconds` and its schema version is this program's.
    public func readiness(within seconds: Int) throws -> String {
        let client = client
        let known = Self.migrations.count
        let current = try blocking(writing: false, within: seconds) {
            try await client.withConnection { try await Self.schemaVersion($0) }
        }
        guard current == known else {
            throw IndexError(
                "the store's schema is version \(current), this program's \(known)",
                file: location,
                kind: .unavailable
            )
        }
        return "postgresql"
    }

    public func statistics() throws -> StoreStatistics {
        try read { connection in
            var counts = (0, 0, 0)
            for try await row in try await connection.query(
                """
                SELECT (SELECT COUNT(*) FROM dataset)::BIGINT, (SELECT COALESCE(SUM(value_count), 0) FROM dataset)::BIGINT, \
                (SELECT COUNT(*) FROM run)::BIGINT
                """,
                logger: Self.quiet
            ).decode((Int, Int, Int).self) {
                counts = row
            }
            let problems = try await Self.hashProblems(connection)
            return StoreStatistics(
                datasets: counts.0,
                observations: counts.1,
                runs: counts.2,
                integrity: problems.isEmpty ? "ok" : problems.joined(separator: "; ")
            )
        }
    }

    /// Every stored blob, results document and framework text whose bytes no longer give their
    /// recorded hash, checked on the server (`sha256()`); empty when all match.
    static func hashProblems(_ connection: PostgresConnection) async throws -> [String] {
        var problems: [String] = []
        for try await problem in try await connection.query(
            """
            SELECT 'dataset ' || dataset_id || ': content' FROM dataset_content WHERE encode(sha256(content), 'hex') <> sha256 \
            UNION ALL SELECT 'run #' || run_id || ': scores' FROM run_scores WHERE encode(sha256(content), 'hex') <> sha256 \
            UNION ALL SELECT 'run #' || id || ': results' FROM run \
            WHERE encode(sha256(convert_to(results, 'UTF8')), 'hex') <> results_hash \
            UNION ALL SELECT 'framework ' || framework_id || ': text' FROM framework \
            WHERE encode(sha256(convert_to(format || E'\\n' || content, 'UTF8')), 'hex') <> hash
            """,
            logger: Self.quiet
        ).decode(String.self) {
            problems.append(problem + " no longer matches its hash")
        }
        return problems
    }
}

/// A framework parsed and hashed before the transaction.
struct PreparedFramework: Sendable {
    var source: FrameworkSource
    var parsed: Framework
    var hash: String

    init(source: FrameworkSource, parsed: Framework, hash: String) {
        self.source = source
        self.parsed = parsed
        self.hash = hash
    }

    init(_ source: FrameworkSource) throws {
        self.init(source: source, parsed: try source.parse(), hash: Store.frameworkHash(source))
    }

    /// Stores the framework once (by hash) inside the caller's transaction and returns it as stored.
    func store(_ connection: PostgresConnection, location: String) async throws -> StoredFramework {
        _ = try await insert(connection)
        guard
            let stored = try await PostgresStore.frameworks(
                connection,
                where: "WHERE hash = \(hash)",
                location: location
            ).first
        else {
            throw IndexError("store: the framework was not saved", file: location)
        }
        return stored
    }

    /// Inserts the framework unless its hash is stored, inside the caller's transaction.
    ///
    /// - Returns: whether this call stored it (`false`: it was there, or a concurrent transaction
    ///   stored it first).
    func insert(_ connection: PostgresConnection) async throws -> Bool {
        let createdAt = Store.now()
        var inserted = false
        for try await _ in try await connection.query(
            """
            INSERT INTO framework (hash, framework_id, name_zh, name_en, format, origin, content, created_at)
            VALUES (\(hash), \(parsed.id), \(parsed.name.zh), \(parsed.name.en), \(source.format.rawValue), \
            \(source.origin), \(source.content), \(createdAt)) ON CONFLICT (hash) DO NOTHING RETURNING id
            """,
            logger: PostgresStore.quiet
        ).decode(Int64.self) {
            inserted = true
        }
        return inserted
    }
}
