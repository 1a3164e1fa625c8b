import CSQLite
import GRDB
import IndexCore

/// Binds and steps a prepared INSERT through SQLite's C API: GRDB's argument arrays cost a few
/// microseconds a row, which is most of an import at a million values.
struct BulkInserter {
    let statement: OpaquePointer
    let path: String
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement, path: String) {
        self.statement = statement.sqliteStatement
        self.path = path
    }

    func bind(_ index: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(statement, index)
            return
        }
        var copy = text
        copy.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // An empty string has no base address; bind it as zero bytes of a valid pointer.
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(statement, index, base, Int32(chars.count), Self.transient)
                } else {
                    _ = "".withCString { sqlite3_bind_text(statement, index, $0, 0, Self.transient) }
                }
            }
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
            throw IndexError("store: insert failed (\(String(cString: sqlite3_errstr(code))))", file: path)
        }
    }

    /// Inserts one observation into `observation` (the column order of the dataset import).
    func insert(datasetID: Int64, _ o: Observation, fileIndex: Int?) throws {
        sqlite3_bind_int64(statement, 1, datasetID)
        bind(2, o.unit)
        bind(3, o.indicator)
        bind(4, o.period)
        bind(5, o.value)
        bind(6, o.status.rawValue)
        bind(7, o.source)
        bind(8, o.note)
        bind(9, fileIndex)
        bind(10, o.location?.sheet)
        bind(11, o.location?.line)
        bind(12, o.location?.column)
        try step()
    }
}

/// Reads a dataset's observations through SQLite's C API (see ``BulkInserter``).
struct BulkReader {
    let statement: OpaquePointer

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
    }

    func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL, let pointer = sqlite3_column_text(statement, column) else {
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
                throw IndexError("store: read failed (\(String(cString: sqlite3_errstr(code))))", file: path)
            }
            var location: SourceLocation?
            if let fileIndex = int(7), files.indices.contains(fileIndex), let line = int(9) {
                location = SourceLocation(file: files[fileIndex], sheet: text(8), line: line, column: int(10))
            }
            observations.append(
                Observation(
                    unit: text(0) ?? "", indicator: text(1) ?? "", period: text(2) ?? "", value: double(3),
                    source: text(5) ?? "", note: text(6) ?? "", status: text(4).flatMap(ObservationStatus.init) ?? .reported,
                    location: location))
        }
        return observations
    }
}
