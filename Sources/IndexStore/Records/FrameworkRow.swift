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

    /// The public value.
    var framework: StoredFramework {
        StoredFramework(
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
    }
}
