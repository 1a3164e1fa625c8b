public import Foundation
import GRDB
public import IndexCore
public import IndexIO
import Synchronization

/// A framework kept in the store.
public struct StoredFramework: Sendable, Hashable {
    public var hash: String
    public var frameworkID: String
    public var name: LocalisedText
    public var source: FrameworkSource
    public var createdAt: String
}

/// A file an import read, with the hash of its bytes.
public struct StoredFile: Sendable, Hashable, Codable {
    public var path: String
    public var format: String
    public var sha256: String
    public var values: Int

    public init(path: String, format: String, sha256: String, values: Int) {
        self.path = path
        self.format = format
        self.sha256 = sha256
        self.values = values
    }

    /// A file as read, with the SHA-256 of its bytes.
    public init(hashing path: String, format: String, values: Int) throws {
        self.init(path: path, format: format, sha256: try Store.fileHash(path), values: values)
    }

    /// A file read from memory (an upload), named `path`, with the SHA-256 of its bytes.
    public init(path: String, format: String, hashing data: Data, values: Int) {
        self.init(path: path, format: format, sha256: Store.dataHash(data), values: values)
    }
}

/// One immutable version of a named dataset.
public struct DatasetVersion: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var version: Int
    /// SHA-256 of the canonical content (units and values with provenance, sorted).
    public var hash: String
    /// The framework the data were imported against.
    public var frameworkHash: String?
    public var createdAt: String
    public var files: [StoredFile]
    public var valueCount: Int
    public var isIllustrative: Bool

    /// `name@version`.
    public var reference: String { "\(name)@\(version)" }
}

/// The outcome of an import.
public struct ImportOutcome: Sendable {
    public var version: DatasetVersion
    /// `true` when the content equals the latest version's, so no version was added.
    public var isUnchanged: Bool
}

extension Store {
    // MARK: - Frameworks

    /// Stores a framework's text once (by hash) and returns it.
    @discardableResult
    public func saveFramework(_ source: FrameworkSource) throws -> StoredFramework {
        let framework = try source.parse()
        let hash = Self.frameworkHash(source)
        return try write { db in try Self.saveFramework(source, parsed: framework, hash: hash, db, path: path) }
    }

    /// The name a framework is stored under: the SHA-256 of its format and text.
    static func frameworkHash(_ source: FrameworkSource) -> String {
        SHA256.hex(source.format.rawValue + "\n" + source.content)
    }

    static func saveFramework(
        _ source: FrameworkSource,
        parsed: Framework,
        hash: String,
        _ db: Database,
        path: String
    ) throws
        -> StoredFramework
    {
        if let existing = try frameworkRow(hash: hash, db, path: path) { return existing }
        var row = FrameworkRow(hash: hash, source: source, parsed: parsed, createdAt: now())
        try row.insert(db)
        return try row.framework(path: path)
    }

    static func frameworkRow(hash: String, _ db: Database, path: String) throws -> StoredFramework? {
        try FrameworkRow.filter(FrameworkRow.Columns.hash == hash).fetchOne(db)?.framework(path: path)
    }

    /// A stored framework by hash (or a unique prefix of it) or by framework id (the newest).
    public func framework(_ reference: String) throws -> StoredFramework {
        try read { db in
            let rows =
                try FrameworkRow
                .filter(
                    FrameworkRow.Columns.hash.like(reference + "%") || FrameworkRow.Columns.frameworkID == reference
                )
                .order(FrameworkRow.Columns.id.desc)
                .fetchAll(db)
            guard let first = rows.first else {
                throw IndexError("no framework '\(reference)' in the store", file: path, kind: .notFound)
            }
            let hashes = Set(rows.filter { $0.frameworkID != reference }.map(\.hash))
            if hashes.count > 1 {
                throw IndexError("framework '\(reference)' is ambiguous: \(hashes.sorted().joined(separator: ", "))")
            }
            return try first.framework(path: path)
        }
    }

    /// Every stored framework, newest first.
    public func frameworks() throws -> [StoredFramework] {
        try read { db in
            try FrameworkRow.order(FrameworkRow.Columns.id.desc).fetchAll(db).map { try $0.framework(path: path) }
        }
    }

    // MARK: - Datasets

    /// The canonical content hash of a dataset: units in order, then values sorted by unit,
    /// indicator and period, each with its status, source and note. Where a value was read from
    /// (file, row) is kept but not hashed: the same numbers from another file are the same data.
    ///
    /// Each unit is the line `u⇥id⇥zh⇥en⇥k=v;…⇥alias;…`, each value `o⇥unit⇥indicator⇥period⇥bits⇥status⇥source⇥note`
    /// with the value's IEEE 754 bit pattern in lowercase hexadecimal (`NA` when missing).
    public static func contentHash(_ dataset: Dataset) -> String {
        DatasetContent(dataset).contentHash()
    }

    /// The SHA-256 of a file's bytes.
    public static func fileHash(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IndexError("cannot read file", file: path)
        }
        return dataHash(data)
    }

    /// The SHA-256 of bytes in memory, as ``fileHash(_:)`` hashes a file's.
    public static func dataHash(_ data: Data) -> String {
        var hasher = SHA256()
        data.withUnsafeBytes { raw in hasher.update(buffer: raw.bindMemory(to: UInt8.self)) }
        return hasher.hexDigest()
    }

    /// Stores an imported dataset as the next version of `name`, in one transaction.
    ///
    /// - Parameters:
    ///   - framework: the framework it was validated against, stored alongside.
    ///   - progress: called with the number of values written and their total when they are stored.
    /// - Returns: the new version, or the latest one unchanged when the content is the same.
    public func importDataset(
        name: String,
        dataset: Dataset,
        files: [StoredFile],
        framework: FrameworkSource?,
        progress: ((Int, Int) -> Void)?
    ) throws -> ImportOutcome {
        let prepared = try PreparedImport(name: name, dataset: dataset, files: files, framework: framework)
        let outcome = try write { db in try prepared.store(db, path: path) }
        progress?(prepared.total, prepared.total)
        return outcome
    }

    /// Stores an imported dataset and records a run computed on it, in one transaction: both are
    /// kept, or (whatever fails) neither.
    ///
    /// - Parameters:
    ///   - results: the results of `options` on `dataset`, computed before anything is stored.
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
        let run = try PreparedRun(options: options, results: results, resultsJSON: resultsJSON)
        return try write { db in
            let outcome = try prepared.store(db, path: path)
            guard let stored = prepared.framework, let saved = try Self.frameworkRow(hash: stored.hash, db, path: path)
            else {
                throw IndexError("store: the framework was not saved with the data", file: path)
            }
            return (outcome, try run.store(db, framework: saved, dataset: outcome.version, path: path))
        }
    }

    static func latestVersion(name: String, _ db: Database) throws -> DatasetVersion? {
        try DatasetRow
            .filter(DatasetRow.Columns.name == name)
            .order(DatasetRow.Columns.version.desc)
            .fetchOne(db)?
            .datasetVersion
    }

    /// Every dataset version, by name then version.
    public func datasets() throws -> [DatasetVersion] {
        try read { db in
            try DatasetRow.order(DatasetRow.Columns.name, DatasetRow.Columns.version).fetchAll(db).map(\.datasetVersion)
        }
    }

    /// A dataset version by `NAME` (the latest) or `NAME@VERSION`.
    public func datasetVersion(_ reference: String) throws -> DatasetVersion {
        try read { db in try Self.datasetVersion(reference, db, path: path) }
    }

    static func datasetVersion(_ reference: String, _ db: Database, path: String) throws -> DatasetVersion {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        guard let name = parts.first else { throw IndexError("empty dataset reference") }
        let row: DatasetRow?
        if parts.count == 2 {
            guard let number = Int(parts[1]) else {
                throw IndexError("dataset version must be a number: '\(reference)'")
            }
            row =
                try DatasetRow
                .filter(DatasetRow.Columns.name == name && DatasetRow.Columns.version == number)
                .fetchOne(db)
        } else {
            row = try DatasetRow.filter(DatasetRow.Columns.name == name).order(DatasetRow.Columns.version.desc)
                .fetchOne(db)
        }
        guard let row else {
            let names =
                try DatasetRow
                .select(DatasetRow.Columns.name, as: String.self)
                .distinct()
                .order(DatasetRow.Columns.name)
                .fetchAll(db)
            let known = names.isEmpty ? "the store has no datasets yet" : "known: \(names.joined(separator: ", "))"
            throw IndexError("no dataset '\(reference)' in the store (\(known))", file: path, kind: .notFound)
        }
        return row.datasetVersion
    }

    /// A dataset version's units and values, with where each value came from, after checking that
    /// the stored bytes still give the hash recorded with them.
    ///
    /// - Parameters:
    ///   - includingLocations: `false` leaves out where each value was read from (file, sheet, row,
    ///     column), for callers that only compute; the whole version is still hash-checked.
    /// - Throws: ``IndexError`` saying "the stored data no longer match their hash" when they do not.
    public func dataset(_ version: DatasetVersion, includingLocations: Bool) throws -> Dataset {
        try read { db in
            // The blob is hashed and decoded where SQLite keeps it (BulkReader), not copied out
            // through a record: see DatasetContentRow.
            let statement =
                try DatasetContentRow
                .select(DatasetContentRow.Columns.sha256, DatasetContentRow.Columns.content)
                .filter(DatasetContentRow.Columns.datasetID == version.id)
                .makePreparedRequest(db)
                .statement
            if let dataset = try BulkReader(statement).content(
                key: version.id,
                path: path,
                verify: { expected, found in
                    guard expected == found else {
                        throw Self.integrityFailure(version, expected: expected, found: found, path: path)
                    }
                },
                decode: {
                    try DatasetContent.decode(
                        $0,
                        isIllustrative: version.isIllustrative,
                        includingLocations: includingLocations
                    )
                }
            ) {
                return dataset
            }
            // A version stored as rows by schema v1: recompute the canonical hash.
            let dataset = try Self.rowDataset(version, db, path: path)
            let found = Self.contentHash(dataset)
            guard found == version.hash else {
                throw Self.integrityFailure(version, expected: version.hash, found: found, path: path)
            }
            return dataset
        }
    }

    /// A version stored as rows (schema v1).
    static func rowDataset(_ version: DatasetVersion, _ db: Database, path: String) throws -> Dataset {
        let units =
            try UnitRow
            .filter(UnitRow.Columns.datasetID == version.id)
            .order(UnitRow.Columns.position)
            .fetchAll(db)
            .map { row -> AssessedUnit in
                var groups: [String: String] = [:]
                for pair in row.groups.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { groups[parts[0]] = parts[1] }
                }
                return AssessedUnit(
                    id: row.id,
                    name: LocalisedText(zh: row.nameZh, en: row.nameEn),
                    groups: groups,
                    aliases: row.aliases.split(separator: ";").map(String.init)
                )
            }
        // Stepped through the C API rather than decoded as records: see ObservationRow.
        let statement =
            try ObservationRow
            .select(ObservationRow.Columns.bulkSelection)
            .filter(ObservationRow.Columns.datasetID == version.id)
            .order(Column.rowID)
            .makePreparedRequest(db)
            .statement
        let observations = try BulkReader(statement).observations(
            datasetID: version.id,
            files: version.files.map(\.path),
            capacity: version.valueCount,
            path: path
        )
        return Dataset(units: units, observations: observations, isIllustrative: version.isIllustrative)
    }
}

/// An import with everything computed that can be before the transaction: hashes, the blob, the
/// framework parsed.
struct PreparedImport {
    var name: String
    var hash: String
    var blob: [UInt8]
    var blobHash: String
    var framework: (source: FrameworkSource, parsed: Framework, hash: String)?
    var files: [StoredFile]
    var filesJSON: String
    var total: Int
    var isIllustrative: Bool

    init(name: String, dataset: Dataset, files: [StoredFile], framework: FrameworkSource?) throws {
        guard !name.isEmpty, !name.contains("@") else {
            throw IndexError("a dataset name must be non-empty and without '@' (got '\(name)')")
        }
        try ControlCharacters.check(name, what: "the dataset name")
        self.name = name
        let content = DatasetContent(dataset)
        // The canonical hash (a sort and a pass over every value) and the blob with its hash are
        // independent: compute them side by side.
        let canonical = Mutex("")
        let stored = Mutex(([UInt8](), ""))
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                let hash = content.contentHash()
                canonical.withLock { $0 = hash }
            } else {
                let blob = content.encoded()
                var hasher = SHA256()
                blob.withUnsafeBufferPointer { hasher.update(buffer: $0) }
                let hash = hasher.hexDigest()
                stored.withLock { $0 = (blob, hash) }
            }
        }
        hash = canonical.withLock { $0 }
        (blob, blobHash) = stored.withLock { $0 }
        self.framework = try framework.map { ($0, try $0.parse(), Store.frameworkHash($0)) }
        self.files = files
        filesJSON = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        total = dataset.observations.count
        isIllustrative = dataset.isIllustrative
    }

    /// Writes the version (and its framework) inside the caller's transaction.
    func store(_ db: Database, path: String) throws -> ImportOutcome {
        if let framework {
            _ = try Store.saveFramework(
                framework.source,
                parsed: framework.parsed,
                hash: framework.hash,
                db,
                path: path
            )
        }
        let frameworkHash = framework?.hash
        if let latest = try Store.latestVersion(name: name, db), latest.hash == hash,
            latest.frameworkHash == frameworkHash
        {
            return ImportOutcome(version: latest, isUnchanged: true)
        }
        let latestNumber =
            try DatasetRow
            .filter(DatasetRow.Columns.name == name)
            .select(max(DatasetRow.Columns.version), as: Int.self)
            .fetchOne(db)
        var row = DatasetRow(
            id: nil,
            name: name,
            version: (latestNumber ?? 0) + 1,
            hash: hash,
            frameworkHash: frameworkHash,
            createdAt: Store.now(),
            files: filesJSON,
            valueCount: total,
            isIllustrative: isIllustrative
        )
        try row.insert(db)
        let id = row.id ?? db.lastInsertedRowID
        // The C API, kept for speed: the blob (megabytes for a county dataset) is written into its
        // row in place, where a DatasetContentRow would first copy it into a Data.
        try BulkInserter.insertBlobRow(
            DatasetContentRow.self,
            key: id,
            format: Int(DatasetContent.format),
            sha256: blobHash,
            blob: blob,
            db: db,
            path: path
        )
        return ImportOutcome(version: row.datasetVersion(files: files), isUnchanged: false)
    }
}
