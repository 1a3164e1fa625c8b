import Foundation
import GRDB
public import IndexCore
public import IndexIO

/// A recorded run.
public struct RunRecord: Sendable, Hashable {
    public var id: Int64
    public var createdAt: String
    public var frameworkHash: String
    public var frameworkID: String
    public var dataset: DatasetVersion
    public var options: RunOptions
    public var engineVersion: String
    /// SHA-256 of the results JSON.
    public var resultsHash: String
    public var isIllustrative: Bool
}

/// One score of a run: a node of a unit in an evaluation and period.
public struct StoredScore: Sendable, Hashable {
    public var evaluation: String
    public var period: String
    public var unit: String
    public var node: String
    public var score: Double?
    public var rank: Int?
    public var tier: Int?
}

extension Store {
    /// Records a run with every score and the whole results document.
    ///
    /// - Parameters:
    ///   - resultsJSON: the results as `iidei run --format json` prints them; kept verbatim.
    public func recordRun(
        framework: StoredFramework,
        dataset: DatasetVersion,
        options: RunOptions,
        results: IndexResults,
        resultsJSON: String
    ) throws -> RunRecord {
        let run = try PreparedRun(options: options, results: results, resultsJSON: resultsJSON)
        return try write { db in try run.store(db, framework: framework, dataset: dataset, path: path) }
    }

    /// Stores a framework (once, by hash) and records a run on it in one transaction: a run that
    /// fails to record leaves no framework behind either.
    public func recordRun(
        frameworkSource: FrameworkSource,
        dataset: DatasetVersion,
        options: RunOptions,
        results: IndexResults,
        resultsJSON: String
    ) throws -> RunRecord {
        let parsed = try frameworkSource.parse()
        let hash = Self.frameworkHash(frameworkSource)
        let run = try PreparedRun(options: options, results: results, resultsJSON: resultsJSON)
        return try write { db in
            let framework = try Self.saveFramework(frameworkSource, parsed: parsed, hash: hash, db, path: path)
            return try run.store(db, framework: framework, dataset: dataset, path: path)
        }
    }

    /// The scores of results, flat: each node of each series period, each node of each unit.
    public static func scores(_ results: IndexResults) -> [StoredScore] {
        var scores: [StoredScore] = []
        forEachScore(results) { scores.append($0) }
        return scores
    }

    /// The number of ``scores(_:)``: what ``forEachScore(_:_:)`` visits.
    public static func scoreCount(_ results: IndexResults) -> Int {
        results.evaluations.reduce(0) { total, evaluation in
            switch evaluation {
            case .series(let series): total + series.nodes.count * series.periods.count
            case .crossSection(let section): total + section.units.count * section.nodes.count
            }
        }
    }

    /// Hands each of ``scores(_:)`` to `body` in its order, without gathering them.
    static func forEachScore(_ results: IndexResults, _ body: (StoredScore) -> Void) {
        for evaluation in results.evaluations {
            switch evaluation {
            case .series(let series):
                for node in series.nodes {
                    for (t, period) in series.periods.enumerated() {
                        body(
                            StoredScore(
                                evaluation: series.evaluation,
                                period: period,
                                unit: series.unit,
                                node: node.id,
                                score: series.series[node.id]?[t] ?? nil,
                                rank: nil,
                                tier: nil
                            )
                        )
                    }
                }
            case .crossSection(let section):
                let root = section.nodes.first?.id
                for unit in section.units {
                    for node in section.nodes {
                        let value = unit.nodes[node.id]
                        body(
                            StoredScore(
                                evaluation: section.evaluation,
                                period: section.period,
                                unit: unit.id,
                                node: node.id,
                                score: value?.score,
                                rank: value?.rank,
                                tier: node.id == root ? unit.tier : nil
                            )
                        )
                    }
                }
            }
        }
    }

    /// The options as stored: the same JSON document the API reads (``RunOptions``), compact.
    static func encode(_ options: RunOptions) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(options), as: UTF8.self)
    }

    /// Reads stored options, those of runs recorded before the options were typed (every value as text) too.
    static func decode(_ text: String) throws -> RunOptions {
        do {
            return try JSONDecoder().decode(RunOptions.self, from: Data(text.utf8))
        } catch let error as IndexError {
            throw error
        } catch {
            throw IndexError("stored run options are not a JSON object of options: \(text)", kind: .integrity)
        }
    }

    /// The versions and framework ids runs name, read once each: many runs share a few of them.
    struct RunLookups {
        var datasets: [Int64: DatasetVersion] = [:]
        var frameworkIDs: [String: String?] = [:]
    }

    static func runRecord(
        _ row: RunHeaderRow,
        _ db: Database,
        path: String,
        lookups: inout RunLookups
    ) throws -> RunRecord {
        let dataset: DatasetVersion
        if let known = lookups.datasets[row.datasetID] {
            dataset = known
        } else {
            guard let found = try DatasetRow.fetchOne(db, key: row.datasetID) else {
                throw IndexError("run \(row.id) names a dataset that is not in the store", file: path)
            }
            dataset = found.datasetVersion
            lookups.datasets[row.datasetID] = dataset
        }
        let frameworkID: String?
        if let known = lookups.frameworkIDs[row.frameworkHash] {
            frameworkID = known
        } else {
            frameworkID =
                try FrameworkRow
                .filter(FrameworkRow.Columns.hash == row.frameworkHash)
                .select(FrameworkRow.Columns.frameworkID, as: String.self)
                .fetchOne(db)
            lookups.frameworkIDs[row.frameworkHash] = .some(frameworkID)
        }
        return RunRecord(
            id: row.id,
            createdAt: row.createdAt,
            frameworkHash: row.frameworkHash,
            frameworkID: frameworkID ?? "?",
            dataset: dataset,
            options: try decode(row.options),
            engineVersion: row.engineVersion,
            resultsHash: row.resultsHash,
            isIllustrative: row.isIllustrative
        )
    }

    /// Every run, newest first.
    public func latestRunID() throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM run") }
    }

    public func runs() throws -> [RunRecord] {
        try read { db in
            var lookups = RunLookups()
            return try RunHeaderRow.order(RunHeaderRow.Columns.id.desc).fetchAll(db).map {
                try Self.runRecord($0, db, path: path, lookups: &lookups)
            }
        }
    }

    /// A run by id, or `latest`.
    public func run(_ reference: String) throws -> RunRecord {
        try read { db in
            let row: RunHeaderRow?
            if reference == "latest" {
                row = try RunHeaderRow.order(RunHeaderRow.Columns.id.desc).fetchOne(db)
            } else {
                guard let id = Int64(reference.hasPrefix("#") ? String(reference.dropFirst()) : reference) else {
                    throw IndexError("a run is named by its number (or 'latest'), not '\(reference)'")
                }
                row = try RunHeaderRow.fetchOne(db, key: id)
            }
            guard let row else { throw IndexError("no run '\(reference)' in the store", file: path, kind: .notFound) }
            var lookups = RunLookups()
            return try Self.runRecord(row, db, path: path, lookups: &lookups)
        }
    }

    /// A run's results document, verbatim, after checking that it still gives the hash recorded
    /// with the run.
    ///
    /// - Throws: ``IndexError`` of kind `.integrity` naming the store and the run when it does not.
    public func results(of run: RunRecord) throws -> String {
        try read { db in
            guard
                let row =
                    try RunRow
                    .filter(key: run.id)
                    .select(RunRow.Columns.resultsHash, RunRow.Columns.results)
                    .asRequest(of: Row.self)
                    .fetchOne(db)
            else {
                throw IndexError("no run '\(run.id)' in the store", file: path, kind: .notFound)
            }
            let recorded: String = row[0]
            let results: String = row[1]
            let found = SHA256.hex(results)
            guard found == recorded, recorded == run.resultsHash else {
                throw Self.runIntegrityFailure(
                    run.id,
                    what: "results document",
                    expected: run.resultsHash,
                    found: found,
                    path: path
                )
            }
            return results
        }
    }

    /// The error for a run's stored results or scores that no longer give their recorded hash.
    static func runIntegrityFailure(
        _ run: Int64,
        what: String,
        expected: String,
        found: String,
        path: String
    ) -> IndexError {
        IndexError(
            "run #\(run): the stored \(what) no longer matches its hash (recorded sha256 \(expected.prefix(12)), "
                + "stored bytes \(found.prefix(12))): it was changed outside iidei or the file is damaged. This is an "
                + "integrity error, not an engine change; nothing was served or compared",
            file: path,
            kind: .integrity
        )
    }

    /// A run's scores, after checking that their blob still gives the hash recorded with it.
    ///
    /// - Throws: ``IndexError`` of kind `.integrity` naming the store and the run when it does not.
    public func scores(of run: RunRecord) throws -> [StoredScore] {
        try read { db in
            let statement =
                try RunScoresRow
                .select(RunScoresRow.Columns.sha256, RunScoresRow.Columns.content)
                .filter(RunScoresRow.Columns.runID == run.id)
                .makePreparedRequest(db)
                .statement
            if let scores = try BulkReader(statement).content(
                key: run.id,
                path: path,
                verify: { expected, found in
                    guard expected == found else {
                        throw Self.runIntegrityFailure(
                            run.id,
                            what: "scores",
                            expected: expected,
                            found: found,
                            path: path
                        )
                    }
                },
                decode: { try ScoreContent.decode($0) }
            ) {
                return scores
            }
            // A run recorded as rows by schema v1.
            return
                try ScoreRow
                .filter(ScoreRow.Columns.runID == run.id)
                .order(Column.rowID)
                .fetchAll(db)
                .map(\.storedScore)
        }
    }
}

/// A run with its options and results encoded before the transaction.
struct PreparedRun {
    var options: RunOptions
    var optionsText: String
    var resultsHash: String
    var resultsJSON: String
    /// The scores' blob (``ScoreContent``).
    var scores: [UInt8]
    /// The SHA-256 of ``scores``, checked whenever they are read.
    var scoresHash: String
    var isIllustrative: Bool

    init(options: RunOptions, results: IndexResults, resultsJSON: String) throws {
        self.options = options
        optionsText = try Store.encode(options)
        resultsHash = SHA256.hex(resultsJSON)
        self.resultsJSON = resultsJSON
        scores = ScoreContent.encoded(results)
        var hasher = SHA256()
        scores.withUnsafeBufferPointer { hasher.update(buffer: $0) }
        scoresHash = hasher.hexDigest()
        isIllustrative = results.isIllustrative
    }

    /// Writes the run and its scores inside the caller's transaction.
    func store(_ db: Database, framework: StoredFramework, dataset: DatasetVersion, path: String) throws -> RunRecord {
        let createdAt = Store.now()
        // The row of `run` (``RunRow``) through the C API, its results document bound from the
        // string's own bytes: through the record, SQLite copied the 11 MiB of a county run's
        // document once more while the run was at its largest in memory.
        let run = try db.makeStatement(
            sql: """
                INSERT INTO run (createdAt, frameworkHash, datasetID, options, engineVersion, resultsHash, results, isIllustrative)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        var results = resultsJSON
        try results.withUTF8 { results in
            let inserter = BulkInserter(run, path: path)
            inserter.bind(1, createdAt)
            inserter.bind(2, framework.hash)
            inserter.bind(3, Int(dataset.id))
            inserter.bind(4, optionsText)
            inserter.bind(5, IndexEngine.version)
            inserter.bind(6, resultsHash)
            inserter.bindBorrowed(7, results)
            inserter.bind(8, isIllustrative ? 1 : 0)
            try inserter.stepOnce()
        }
        let id = db.lastInsertedRowID
        // The C API: the scores' blob is written into its row in place (see RunScoresRow).
        try BulkInserter.insertBlobRow(
            RunScoresRow.self,
            key: id,
            format: Int(ScoreContent.format),
            sha256: scoresHash,
            blob: scores,
            db: db,
            path: path
        )
        return RunRecord(
            id: id,
            createdAt: createdAt,
            frameworkHash: framework.hash,
            frameworkID: framework.frameworkID,
            dataset: dataset,
            options: options,
            engineVersion: IndexEngine.version,
            resultsHash: resultsHash,
            isIllustrative: isIllustrative
        )
    }
}
