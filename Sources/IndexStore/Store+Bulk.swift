import CSQLite
import Dispatch
import GRDB
import IndexCore
import Synchronization

/// A table of one blob a key, `(key, format, sha256, content)`, that ``BulkInserter/insertBlobRow(_:key:format:sha256:blob:db:path:)``
/// writes: the blob goes into its row in place, where a record would copy it into a `Data` first.
protocol BlobRow: TableRecord {
    static var keyColumn: Column { get }
    static var formatColumn: Column { get }
    static var sha256Column: Column { get }
    static var contentColumn: Column { get }
}

/// Binds and steps a prepared INSERT through SQLite's C API, so that a blob of megabytes is bound
/// straight from its bytes rather than through another copy in a GRDB value.
struct BulkInserter {
    let statement: OpaquePointer
    let path: String
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement, path: String) {
        self.statement = statement.sqliteStatement
        self.path = path
    }

    /// Binds text, which SQLite copies (`SQLITE_TRANSIENT`).
    func bind(_ index: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(statement, index)
            return
        }
        var copy = text
        copy.withUTF8 { bindText(index, $0, destructor: Self.transient) }
    }

    /// Binds UTF-8 bytes as text; `destructor` is SQLite's: `SQLITE_TRANSIENT` (`transient`) to have
    /// it copy them, `nil` (`SQLITE_STATIC`) to have it read them where they are.
    private func bindText(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>, destructor: sqlite3_destructor_type?) {
        bytes.withMemoryRebound(to: CChar.self) { chars in
            // An empty string has no base address; bind zero bytes of a valid pointer.
            _ = sqlite3_bind_text64(
                statement,
                index,
                chars.baseAddress ?? UnsafePointer(bitPattern: 1),
                UInt64(chars.count),
                destructor,
                UInt8(SQLITE_UTF8)
            )
        }
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(statement, index, Int64(value)) } else { sqlite3_bind_null(statement, index) }
    }

    /// Runs the statement with the values bound, then clears it for the next row.
    func step() throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw StoreFailure.translate(code: code, message: nil, path: path, writing: true)
        }
    }

    /// Inserts a row of a ``BlobRow`` table — a run's scores, a dataset version's blob — with the
    /// blob written into the row in place (``insert(writing:at:table:column:rowID:connection:)``).
    /// The statement is made here from the record's columns, so its parameters and their binding
    /// cannot drift apart. `key` is the row's `INTEGER PRIMARY KEY`.
    static func insertBlobRow<Row: BlobRow>(
        _ row: Row.Type,
        key: Int64,
        format: Int,
        sha256: String,
        blob: [UInt8],
        db: Database,
        path: String
    ) throws {
        let columns = [Row.keyColumn, Row.formatColumn, Row.sha256Column, Row.contentColumn].map(\.name)
        let statement = try db.makeStatement(
            sql: "INSERT INTO \(Row.databaseTableName) (\(columns.joined(separator: ", "))) VALUES (?, ?, ?, ?)"
        )
        let inserter = BulkInserter(statement, path: path)
        try blob.withUnsafeBytes { blob in
            sqlite3_bind_int64(inserter.statement, 1, key)
            inserter.bind(2, format)
            inserter.bind(3, sha256)
            try inserter.insert(
                writing: blob,
                at: 4,
                table: Row.databaseTableName,
                column: columns[3],
                rowID: key,
                connection: db.sqliteConnection
            )
        }
    }

    /// Steps the INSERT with parameter `index`, the row's blob, bound as that many zero bytes, then
    /// writes `bytes` into the new row's `column` of `table` in place, a megabyte at a time
    /// (SQLite's incremental blob I/O). Bound as a value, a blob was copied whole into the record
    /// SQLite builds before it writes a row (a county dataset's blob is 15 MB, a county run's scores
    /// 3.9 MB, measured with `length(content)`), while the data it came from was still in memory.
    /// `rowID` is the row's `INTEGER PRIMARY KEY`.
    func insert(
        writing bytes: UnsafeRawBufferPointer,
        at index: Int32,
        table: String,
        column: String,
        rowID: Int64,
        connection: OpaquePointer?
    ) throws {
        guard let connection else {
            throw StoreFailure.translate(
                code: SQLITE_MISUSE,
                message: "the connection is closed",
                path: path,
                writing: true
            )
        }
        func failure(_ code: Int32) -> IndexError {
            StoreFailure.translate(
                code: code,
                message: String(cString: sqlite3_errmsg(connection)),
                path: path,
                writing: true
            )
        }
        let bound = sqlite3_bind_zeroblob64(statement, index, UInt64(bytes.count))
        guard bound == SQLITE_OK else {
            sqlite3_clear_bindings(statement)
            throw failure(bound)
        }
        try stepOnce()
        var handle: OpaquePointer?
        let opened = sqlite3_blob_open(connection, "main", table, column, rowID, 1, &handle)
        // Closing a handle that did not open (nil) does nothing.
        defer { sqlite3_blob_close(handle) }
        guard opened == SQLITE_OK, let handle, let base = bytes.baseAddress else {
            if opened != SQLITE_OK { throw failure(opened) }
            return
        }
        var offset = 0
        while offset < bytes.count {
            let size = min(bytes.count - offset, 1 << 20)
            // The zero blob was accepted, so its size is within SQLite's limit (below 2³¹).
            guard let chunk = Int32(exactly: size), let at = Int32(exactly: offset) else {
                throw failure(SQLITE_TOOBIG)
            }
            let written = sqlite3_blob_write(handle, base + offset, chunk, at)
            guard written == SQLITE_OK else { throw failure(written) }
            offset += size
        }
    }

    /// Binds UTF-8 text without a copy (`SQLITE_STATIC`), for ``stepOnce()`` inside the closure that
    /// lends it: otherwise SQLite copies it into a buffer of its own first.
    func bindBorrowed(_ index: Int32, _ text: UnsafeBufferPointer<UInt8>) {
        bindText(index, text, destructor: nil)
    }

    /// ``step()``, then the bindings cleared: the statement no longer points at borrowed bytes once
    /// their lender returns.
    func stepOnce() throws {
        defer { sqlite3_clear_bindings(statement) }
        try step()
    }
}

/// Reads a dataset version through SQLite's C API: its blob in place, or (schema v1) its rows.
struct BulkReader {
    let statement: OpaquePointer

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
    }

    func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL,
            let pointer = sqlite3_column_text(statement, column)
        else {
            return nil
        }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func double(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }

    func int(_ column: Int32) -> Int? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(statement, column))
    }

    /// Reads the `SELECT sha256, content … WHERE key = ?` row of one dataset version (or one run's
    /// scores), hashes the blob in place and decodes it, without copying it out of SQLite.
    ///
    /// - Parameters:
    ///   - verify: called with the recorded and the computed SHA-256; throws when they differ.
    /// - Returns: `nil` when the version has no blob (it was stored as rows).
    func content<T: Sendable>(
        key: Int64,
        path: String,
        verify: (String, String) throws -> Void,
        decode: @escaping @Sendable (UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, key)
        defer { sqlite3_reset(statement) }
        let code = sqlite3_step(statement)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else {
            throw StoreFailure.translate(code: code, message: nil, path: path, writing: false)
        }
        let expected = text(0) ?? ""
        // The blob's pointer first, then its size (SQLite's documented order).
        let start = sqlite3_column_blob(statement, 1)
        let bytes = UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, 1)))
        // Hash and decode side by side; the decoded data are returned only when the hash matches.
        let blob = Blob(bytes: bytes)
        let digest = Mutex("")
        let decoded = Mutex<Result<T, any Error>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                var hasher = SHA256()
                hasher.update(buffer: blob.bytes.bindMemory(to: UInt8.self))
                let hex = hasher.hexDigest()
                digest.withLock { $0 = hex }
            } else {
                let result = Result { try decode(blob.bytes) }
                decoded.withLock { $0 = result }
            }
        }
        try verify(expected, digest.withLock { $0 })
        guard let result = decoded.withLock({ $0 }) else {
            throw IndexError("store: the blob was not decoded", file: path, kind: .internal)
        }
        return try result.get()
    }

    /// Steps through the rows of `SELECT unit, indicator, period, value, status, source, note,
    /// fileIndex, sheet, line, col` bound to one dataset.
    func observations(datasetID: Int64, files: [String], capacity: Int, path: String) throws -> [Observation] {
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, datasetID)
        defer { sqlite3_reset(statement) }
        var observations: [Observation] = []
        observations.reserveCapacity(capacity)
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw StoreFailure.translate(code: code, message: nil, path: path, writing: false)
            }
            var location: SourceLocation?
            if let fileIndex = int(7), files.indices.contains(fileIndex), let line = int(9) {
                location = SourceLocation(file: files[fileIndex], sheet: text(8), line: line, column: int(10))
            }
            observations.append(
                Observation(
                    unit: text(0) ?? "",
                    indicator: text(1) ?? "",
                    period: text(2) ?? "",
                    value: double(3),
                    source: text(5) ?? "",
                    note: text(6) ?? "",
                    status: text(4).flatMap(ObservationStatus.init) ?? .reported,
                    location: location
                )
            )
        }
        return observations
    }
}

/// A blob SQLite owns until the statement moves on, read by two threads at once in
/// ``BulkReader/content(key:path:verify:decode:)``: neither writes to it, and both finish
/// before the statement is reset.
private struct Blob: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}
