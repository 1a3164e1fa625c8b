import Foundation
import GRDB
public import IndexCore
public import IndexIO

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
        let hash = SHA256.hex(source.format.rawValue + "\n" + source.content)
        return try write { db in try Self.saveFramework(source, parsed: framework, hash: hash, db) }
    }

    static func saveFramework(_ source: FrameworkSource, parsed: Framework, hash: String, _ db: Database) throws
        -> StoredFramework
    {
        if let existing = try frameworkRow(hash: hash, db) { return existing }
        let created = now()
        try db.execute(
            sql: """
                INSERT INTO framework (hash, frameworkID, nameZh, nameEn, format, origin, content, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                hash, parsed.id, parsed.name.zh, parsed.name.en, source.format.rawValue, source.origin, source.content, created,
            ])
        return StoredFramework(hash: hash, frameworkID: parsed.id, name: parsed.name, source: source, createdAt: created)
    }

    static func frameworkRow(hash: String, _ db: Database) throws -> StoredFramework? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM framework WHERE hash = ?", arguments: [hash]) else {
            return nil
        }
        return framework(row)
    }

    static func framework(_ row: Row) -> StoredFramework {
        StoredFramework(
            hash: row["hash"], frameworkID: row["frameworkID"], name: LocalisedText(zh: row["nameZh"], en: row["nameEn"]),
            source: FrameworkSource(
                format: FrameworkSource.Format(rawValue: row["format"]) ?? .yaml, content: row["content"], origin: row["origin"]),
            createdAt: row["createdAt"])
    }

    /// A stored framework by hash (or a unique prefix of it) or by framework id (the newest).
    public func framework(_ reference: String) throws -> StoredFramework {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM framework WHERE hash LIKE ? OR frameworkID = ? ORDER BY id DESC",
                arguments: [reference + "%", reference])
            guard let first = rows.first else {
                throw IndexError("no framework '\(reference)' in the store", file: path, kind: .notFound)
            }
            let hashes = Set(rows.filter { ($0["frameworkID"] as String) != reference }.map { $0["hash"] as String })
            if hashes.count > 1 { throw IndexError("framework '\(reference)' is ambiguous: \(hashes.sorted().joined(separator: ", "))") }
            return Self.framework(first)
        }
    }

    /// Every stored framework, newest first.
    public func frameworks() throws -> [StoredFramework] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM framework ORDER BY id DESC").map(Self.framework) }
    }

    // MARK: - Datasets

    /// The canonical content hash of a dataset: units in order, then values sorted by unit,
    /// indicator and period, each with its status, source and note. Where a value was read from
    /// (file, row) is kept but not hashed: the same numbers from another file are the same data.
    public static func contentHash(_ dataset: Dataset) -> String {
        var hasher = SHA256()
        for unit in dataset.units {
            let groups = unit.groups.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
            hasher.update("u\t\(unit.id)\t\(unit.name.zh)\t\(unit.name.en)\t\(groups)\t\(unit.aliases.joined(separator: ";"))\n")
        }
        let order = dataset.observations.indices.sorted { a, b in
            let x = dataset.observations[a]
            let y = dataset.observations[b]
            if x.unit != y.unit { return x.unit < y.unit }
            if x.indicator != y.indicator { return x.indicator < y.indicator }
            return x.period < y.period
        }
        for index in order {
            let o = dataset.observations[index]
            let value = o.value.map { String($0.bitPattern, radix: 16) } ?? "NA"
            hasher.update("o\t\(o.unit)\t\(o.indicator)\t\(o.period)\t\(value)\t\(o.status.rawValue)\t\(o.source)\t\(o.note)\n")
        }
        return hasher.hexDigest()
    }

    /// The SHA-256 of a file's bytes.
    public static func fileHash(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw IndexError("cannot read file", file: path) }
        var hasher = SHA256()
        data.withUnsafeBytes { raw in hasher.update(buffer: raw.bindMemory(to: UInt8.self)) }
        return hasher.hexDigest()
    }

    /// Stores an imported dataset as the next version of `name`, in one transaction.
    ///
    /// - Parameters:
    ///   - framework: the framework it was validated against, stored alongside.
    ///   - progress: called with the number of values written so far (every 50,000 and at the end).
    /// - Returns: the new version, or the latest one unchanged when the content is the same.
    public func importDataset(
        name: String, dataset: Dataset, files: [StoredFile], framework: FrameworkSource?,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportOutcome {
        guard !name.isEmpty, !name.contains("@") else {
            throw IndexError("a dataset name must be non-empty and without '@' (got '\(name)')")
        }
        let hash = Self.contentHash(dataset)
        let parsed = try framework?.parse()
        let frameworkHash = framework.map { SHA256.hex($0.format.rawValue + "\n" + $0.content) }
        let filesJSON = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        let fileIndex = Dictionary(files.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
        return try write { db in
            if let framework, let parsed, let frameworkHash {
                _ = try Self.saveFramework(framework, parsed: parsed, hash: frameworkHash, db)
            }
            if let latest = try Self.latestVersion(name: name, db), latest.hash == hash, latest.frameworkHash == frameworkHash {
                return ImportOutcome(version: latest, isUnchanged: true)
            }
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM dataset WHERE name = ?", arguments: [name]) ?? 0) + 1
            let created = Self.now()
            try db.execute(
                sql: """
                    INSERT INTO dataset (name, version, hash, frameworkHash, createdAt, files, valueCount, isIllustrative)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    name, version, hash, frameworkHash, created, filesJSON, dataset.observations.count, dataset.isIllustrative,
                ])
            let id = db.lastInsertedRowID
            let unitStatement = try db.makeStatement(
                sql: "INSERT INTO unit (datasetID, position, id, nameZh, nameEn, groups, aliases) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for (position, unit) in dataset.units.enumerated() {
                let groups = unit.groups.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
                try unitStatement.execute(arguments: [
                    id, position, unit.id, unit.name.zh, unit.name.en, groups, unit.aliases.joined(separator: ";"),
                ])
            }
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO observation (datasetID, unit, indicator, period, value, status, source, note, fileIndex, sheet, line, col)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let total = dataset.observations.count
            let inserter = BulkInserter(statement, path: path)
            for (index, o) in dataset.observations.enumerated() {
                try inserter.insert(datasetID: id, o, fileIndex: o.location.flatMap { fileIndex[$0.file] })
                if let progress, (index + 1) % 50_000 == 0 { progress(index + 1, total) }
            }
            progress?(total, total)
            let stored = DatasetVersion(
                id: id, name: name, version: version, hash: hash, frameworkHash: frameworkHash, createdAt: created, files: files,
                valueCount: total, isIllustrative: dataset.isIllustrative)
            return ImportOutcome(version: stored, isUnchanged: false)
        }
    }

    static func version(_ row: Row) -> DatasetVersion {
        let filesText: String = row["files"]
        let files = (try? JSONDecoder().decode([StoredFile].self, from: Data(filesText.utf8))) ?? []
        return DatasetVersion(
            id: row["id"], name: row["name"], version: row["version"], hash: row["hash"], frameworkHash: row["frameworkHash"],
            createdAt: row["createdAt"], files: files, valueCount: row["valueCount"], isIllustrative: row["isIllustrative"])
    }

    static func latestVersion(name: String, _ db: Database) throws -> DatasetVersion? {
        try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE name = ? ORDER BY version DESC LIMIT 1", arguments: [name])
            .map(version)
    }

    /// Every dataset version, by name then version.
    public func datasets() throws -> [DatasetVersion] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM dataset ORDER BY name, version").map(Self.version) }
    }

    /// A dataset version by `NAME` (the latest) or `NAME@VERSION`.
    public func datasetVersion(_ reference: String) throws -> DatasetVersion {
        try read { db in try Self.datasetVersion(reference, db, path: path) }
    }

    static func datasetVersion(_ reference: String, _ db: Database, path: String) throws -> DatasetVersion {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        guard let name = parts.first else { throw IndexError("empty dataset reference") }
        let row: Row?
        if parts.count == 2 {
            guard let number = Int(parts[1]) else { throw IndexError("dataset version must be a number: '\(reference)'") }
            row = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE name = ? AND version = ?", arguments: [name, number])
        } else {
            row = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE name = ? ORDER BY version DESC LIMIT 1", arguments: [name])
        }
        guard let row else {
            let names = try String.fetchAll(db, sql: "SELECT DISTINCT name FROM dataset ORDER BY name")
            let known = names.isEmpty ? "the store has no datasets yet" : "known: \(names.joined(separator: ", "))"
            throw IndexError("no dataset '\(reference)' in the store (\(known))", file: path, kind: .notFound)
        }
        return version(row)
    }

    /// A dataset version's units and values, with where each value came from.
    public func dataset(_ version: DatasetVersion) throws -> Dataset {
        try read { db in
            let units = try Row.fetchAll(
                db, sql: "SELECT * FROM unit WHERE datasetID = ? ORDER BY position", arguments: [version.id]
            ).map { row -> AssessedUnit in
                let groupsText: String = row["groups"]
                var groups: [String: String] = [:]
                for pair in groupsText.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { groups[parts[0]] = parts[1] }
                }
                let aliasesText: String = row["aliases"]
                return AssessedUnit(
                    id: row["id"], name: LocalisedText(zh: row["nameZh"], en: row["nameEn"]), groups: groups,
                    aliases: aliasesText.split(separator: ";").map(String.init))
            }
            let statement = try db.makeStatement(
                sql: """
                    SELECT unit, indicator, period, value, status, source, note, fileIndex, sheet, line, col
                    FROM observation WHERE datasetID = ? ORDER BY rowid
                    """)
            let observations = try BulkReader(statement).observations(
                datasetID: version.id, files: version.files.map(\.path), capacity: version.valueCount, path: path)
            return Dataset(units: units, observations: observations, isIllustrative: version.isIllustrative)
        }
    }
}
