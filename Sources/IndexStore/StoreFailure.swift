import CSQLite
import GRDB
import IndexCore
import IndexIO

/// The one place where a failure of SQLite becomes an error users read.
///
/// Every path into SQLite (GRDB's `read`/`write`, opening, migrating, and the C API of
/// ``BulkInserter`` and ``BulkReader``) ends here, so a full disk says "disk full" whichever
/// statement met it, with the same words as a failed file write (``IndexIO/AtomicFile``):
///
/// | SQLite result                         | kind           | what users read                           |
/// |---------------------------------------|----------------|-------------------------------------------|
/// | `SQLITE_FULL`                         | `.unavailable` | disk full while writing FILE: nothing was changed |
/// | `SQLITE_IOERR` (any)                  | `.unavailable` | the disk failed while reading/writing     |
/// | `SQLITE_READONLY`, `SQLITE_PERM`, `SQLITE_CANTOPEN` | `.unavailable` | read-only, or cannot be opened |
/// | `SQLITE_BUSY`, `SQLITE_LOCKED`        | `.unavailable` | another iidei is writing; try again       |
/// | `SQLITE_CORRUPT`                      | `.integrity`   | the store is damaged                      |
/// | `SQLITE_NOTADB`                       | `.conflict`    | not an IIDEI store (not an SQLite database) |
/// | `SQLITE_NOMEM`                        | `.unavailable` | out of memory                             |
/// | `SQLITE_TOOBIG`                       | `.limitExceeded` | a value is larger than SQLite allows    |
/// | `SQLITE_CONSTRAINT`                   | `.conflict`    | SQLite's words                            |
/// | anything else                         | `.internal`    | SQLite's words                            |
///
/// A write that fails is rolled back whole by its transaction, hence "nothing was changed".
enum StoreFailure {
    /// The error for any error thrown inside a store operation: an ``IndexCore/IndexError`` (or
    /// ``IndexCore/IndexErrors``) passes through; a database error is translated.
    static func translate(_ error: any Error, path: String, writing: Bool) -> any Error {
        switch error {
        case is IndexError, is IndexErrors: return error
        case let error as DatabaseError:
            return translate(
                code: error.extendedResultCode.rawValue,
                message: error.message,
                path: path,
                writing: writing
            )
        default:
            return IndexError("store: \(error)", file: path, kind: .internal)
        }
    }

    /// The error for an SQLite result code (primary or extended), with SQLite's message when known.
    static func translate(code: Int32, message: String?, path: String, writing: Bool) -> IndexError {
        let detail = message ?? String(cString: sqlite3_errstr(code))
        let unchanged = writing ? ": nothing was changed" : ""
        switch code & 0xFF {
        case SQLITE_FULL:
            return AtomicFile.diskFull(path)
        case SQLITE_IOERR:
            return IndexError(
                "the disk failed while \(writing ? "writing" : "reading") the store (\(detail))\(unchanged)",
                file: path,
                kind: .unavailable
            )
        case SQLITE_READONLY, SQLITE_PERM:
            return IndexError(
                "cannot write the store: the file or its folder is read-only (\(detail))\(unchanged); commands that only read still work",
                file: path,
                kind: .unavailable
            )
        case SQLITE_CANTOPEN:
            return IndexError(
                "cannot open the store: the file or its folder cannot be opened (\(detail))",
                file: path,
                kind: .unavailable
            )
        case SQLITE_BUSY, SQLITE_LOCKED:
            return IndexError(
                "the store is busy: another iidei is writing it (waited \(Int(Store.busyTimeout)) s)\(unchanged); try again",
                file: path,
                kind: .unavailable
            )
        case SQLITE_CORRUPT:
            return IndexError(
                "the store is damaged (\(detail))\(unchanged); restore the file from a backup",
                file: path,
                kind: .integrity
            )
        case SQLITE_NOTADB:
            return StoreFile.notAStore(path, "the file is not an SQLite database, or its header is damaged")
        case SQLITE_NOMEM:
            return IndexError("out of memory in the store (\(detail))\(unchanged)", file: path, kind: .unavailable)
        case SQLITE_TOOBIG:
            return IndexError(
                "a value is larger than the store allows (\(detail))\(unchanged)",
                file: path,
                kind: .limitExceeded
            )
        case SQLITE_CONSTRAINT:
            return IndexError("store: \(detail)\(unchanged)", file: path, kind: .conflict)
        default:
            return IndexError("store: \(detail)\(unchanged)", file: path, kind: .internal)
        }
    }
}
