import GRDB
import IndexCore
import IndexIO

/// One row of `framework`: a framework's text, stored once under the hash of its format and text.
struct FrameworkRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "framework"

    /// Assigned by SQLite on insert; orders frameworks by age.
    var id: Int64?
    var hash: String
    var frameworkID: String
    var nameZh: String
    var nameEn: String
    var format: String
    var origin: String
    var content: String
    var createdAt: String

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let hash = Column(CodingKeys.hash)
        static let frameworkID = Column(CodingKeys.frameworkID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// A row as another backend read it (``PostgresStore``), to be checked by `framework(path:)`.
    init(
        hash: String,
        frameworkID: String,
        name: LocalisedText,
        format: String,
        origin: String,
        content: String,
        createdAt: String
    ) {
        self.hash = hash
        self.frameworkID = frameworkID
        nameZh = name.zh
        nameEn = name.en
        self.format = format
        self.origin = origin
        self.content = content
        self.createdAt = createdAt
    }

    init(hash: String, source: FrameworkSource, parsed: Framework, createdAt: String) {
        self.hash = hash
        frameworkID = parsed.id
        nameZh = parsed.name.zh
        nameEn = parsed.name.en
        format = source.format.rawValue
        origin = source.origin
        content = source.content
        self.createdAt = createdAt
    }

    /// The public value, after checking that the stored text still gives the hash it is stored
    /// under (``Store/frameworkHash(_:)``).
    ///
    /// - Throws: ``IndexError`` of kind `.integrity` naming the store and the framework when it does not.
    func framework(path: String) throws -> StoredFramework {
        let framework = StoredFramework(
            hash: hash,
            frameworkID: frameworkID,
            name: LocalisedText(zh: nameZh, en: nameEn),
            source: FrameworkSource(
                format: FrameworkSource.Format(rawValue: format) ?? .yaml,
                content: content,
                origin: origin
            ),
            createdAt: createdAt
        )
        let found = Store.frameworkHash(framework.source)
        guard found == hash, FrameworkSource.Format(rawValue: format) != nil else {
            throw IndexError(
                "framework '\(frameworkID)' (sha256 \(hash.prefix(12))): the stored text no longer matches its hash "
                    + "(stored bytes \(found.prefix(12))): it was changed outside iidei or the file is damaged. This is an "
                    + "integrity error; nothing was computed",
                file: path,
                kind: .integrity
            )
        }
        return framework
    }
}
