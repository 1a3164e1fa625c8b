import Foundation
import GRDB

/// One row of `dataset`: a version's metadata. Its units and values are in ``DatasetContentRow``
/// (schema v2) or in ``UnitRow`` and ``ObservationRow`` (schema v1).
struct DatasetRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "dataset"

    var id: Int64?
    var name: String
    var version: Int
    var hash: String
    var frameworkHash: String?
    var createdAt: String
    /// The files read, as a JSON array of ``StoredFile``. Kept as text rather than left to GRDB's
    /// JSON coding of nested values, so that the bytes written stay those older versions wrote, and
    /// an unreadable list reads as empty (as it always has) instead of hiding the version.
    var files: String
    var valueCount: Int
    var isIllustrative: Bool

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let version = Column(CodingKeys.version)
        static let valueCount = Column(CodingKeys.valueCount)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The public value, with its files read from ``files``.
    var datasetVersion: DatasetVersion {
        datasetVersion(files: (try? JSONDecoder().decode([StoredFile].self, from: Data(files.utf8))) ?? [])
    }

    /// The public value with its files as the caller has them (an import, which just encoded them).
    func datasetVersion(files: [StoredFile]) -> DatasetVersion {
        DatasetVersion(
            id: id ?? 0,
            name: name,
            version: version,
            hash: hash,
            frameworkHash: frameworkHash,
            createdAt: createdAt,
            files: files,
            valueCount: valueCount,
            isIllustrative: isIllustrative
        )
    }
}

/// One row of `datasetContent` (schema v2): a version's units and values as one blob
/// (``DatasetContent``) with the SHA-256 of its bytes.
///
/// The blob is written and read through SQLite's C API (``BulkInserter``, ``BulkReader``), not
/// through this record: a county dataset's blob is megabytes, and a record would copy it into a
/// `Data` on the way in and out, where the C API writes it into its row in place and hashes and
/// decodes it where SQLite holds it. The record names the table and its columns for those statements.
struct DatasetContentRow: Codable, Sendable, FetchableRecord, PersistableRecord, BlobRow {
    static var keyColumn: Column { Columns.datasetID }
    static var formatColumn: Column { Columns.format }
    static var sha256Column: Column { Columns.sha256 }
    static var contentColumn: Column { Columns.content }

    static let databaseTableName = "datasetContent"

    var datasetID: Int64
    var format: Int
    var sha256: String
    var content: Data

    enum Columns {
        static let datasetID = Column(CodingKeys.datasetID)
        static let format = Column(CodingKeys.format)
        static let sha256 = Column(CodingKeys.sha256)
        static let content = Column(CodingKeys.content)
    }
}

/// One row of `unit` (schema v1, read only): a unit of a version stored as rows.
struct UnitRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "unit"

    var datasetID: Int64
    var position: Int
    var id: String
    var nameZh: String
    var nameEn: String
    /// `key=value;…`
    var groups: String
    /// `alias;…`
    var aliases: String

    enum Columns {
        static let datasetID = Column(CodingKeys.datasetID)
        static let position = Column(CodingKeys.position)
    }
}

/// One row of `observation` (schema v1, read only): a value of a version stored as rows.
///
/// Read through SQLite's C API (``BulkReader/observations(datasetID:files:capacity:path:)``), not
/// decoded as records: a v1 county version has a million of these rows, and decoding each through
/// `Codable` costs several times the read itself. The record names the columns of that statement
/// (and writes rows in tests of the upgrade path).
struct ObservationRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "observation"

    var datasetID: Int64
    var unit: String
    var indicator: String
    var period: String
    var value: Double?
    var status: String
    var source: String
    var note: String
    /// Index into the version's ``DatasetVersion/files``.
    var fileIndex: Int?
    var sheet: String?
    var line: Int?
    var col: Int?

    enum Columns {
        static let datasetID = Column(CodingKeys.datasetID)
        /// The columns ``BulkReader`` reads, in its order.
        static let bulkSelection: [Column] = [
            Column(CodingKeys.unit), Column(CodingKeys.indicator), Column(CodingKeys.period),
            Column(CodingKeys.value), Column(CodingKeys.status), Column(CodingKeys.source), Column(CodingKeys.note),
            Column(CodingKeys.fileIndex), Column(CodingKeys.sheet), Column(CodingKeys.line), Column(CodingKeys.col),
        ]
    }
}
