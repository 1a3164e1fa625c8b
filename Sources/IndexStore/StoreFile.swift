import CSQLite
import Foundation
import GRDB
import IndexCore

/// What a file named as a store is, found through a read-only connection before anything is
/// written to it.
///
/// An IIDEI store says so in its header: `PRAGMA application_id` is ``applicationID`` ("IIDE"),
/// and `PRAGMA user_version` is its schema number, the count of migrations applied (the
/// migrator's table `grdb_migrations` names them). Stores written before the application id
/// (schema 1–4) are known by `grdb_migrations` naming migration `v1` beside the table `framework`.
///
/// Refused, without a byte changed: a folder or a device, an empty file, a file that is not an
/// SQLite database, an SQLite database iidei did not write (no tables are ever added to someone
/// else's database), and a store of a newer schema than this program knows, for writing and for
/// reading alike — a newer iidei may keep data where this one does not look (schema 2 moved a run's
/// scores into a blob that a schema-1 reader would have shown as no scores at all).
enum StoreFile {
    /// `PRAGMA application_id` of an IIDEI store: "IIDE" in ASCII.
    static let applicationID: Int32 = 0x4949_4445

    /// What was found at a store's path.
    enum Found {
        /// No file: a store may be created there.
        case absent
        /// An IIDEI store this program can read (and bring up to date).
        case store
    }

    /// Looks at the file at `path` and refuses what is not an IIDEI store this program knows.
    ///
    /// - Throws: ``IndexCore/IndexError`` naming the file: `.conflict` for a file that is not an
    ///   IIDEI store, `.unavailable` for a store of a newer schema, `.integrity` for a damaged one.
    static func inspect(path: String, migrator: DatabaseMigrator, configuration: Configuration) throws -> Found {
        // A link to a store is the store (attributes are those of the link itself otherwise).
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved) else { return .absent }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw notAStore(path, "it is a folder or a device, not a file")
        }
        // The file is not opened outside SQLite: closing a descriptor of a file this process also has
        // open through SQLite would drop SQLite's POSIX locks on it (see SQLite's "How To Corrupt").
        guard (attributes[.size] as? Int ?? 0) > 0 else { throw notAStore(path, "the file is empty (0 bytes)") }
        // A file that is not an SQLite database is SQLITE_NOTADB: "not an IIDEI store" (StoreFailure).
        let queue = try openReadOnly(path: path, configuration: configuration)
        defer { try? queue.close() }
        let (application, version, tables, applied): (Int32, Int, Set<String>, Set<String>)
        do {
            (application, version, tables, applied) = try queue.read { db in
                let tables = try String.fetchSet(
                    db,
                    sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
                return (
                    try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                    tables,
                    tables.contains("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
                )
            }
        } catch {
            throw StoreFailure.translate(error, path: path, writing: false)
        }
        let isLegacy = application == 0 && applied.contains("v1") && tables.contains("framework")
        guard application == applicationID || isLegacy else {
            let what =
                tables.isEmpty
                ? "an empty SQLite database"
                : "an SQLite database with the tables " + tables.sorted().prefix(8).joined(separator: ", ")
                    + (tables.count > 8 ? " and \(tables.count - 8) more" : "")
            throw notAStore(path, what + (application != 0 ? " (application id \(application))" : ""))
        }
        let known = migrator.migrations
        let unknown = applied.subtracting(known)
        let schema = max(version, applied.count)
        guard unknown.isEmpty, version <= known.count else {
            throw IndexError(
                "this store was written by a newer IIDEI (schema \(schema), this program knows up to \(known.count)"
                    + (unknown.isEmpty ? "" : "; unknown changes: \(unknown.sorted().joined(separator: ", "))")
                    + "); upgrade IIDEI. Nothing was read or written",
                file: path,
                kind: .unavailable
            )
        }
        return .store
    }

    static func notAStore(_ path: String, _ what: String) -> IndexError {
        IndexError(
            "not an IIDEI store: \(what). iidei writes only into a store it created; "
                + "name another file (--db or IIDEI_DB), or move this one away. Nothing was changed",
            file: path,
            kind: .conflict
        )
    }

    /// Opens a store read-only, in a read-only folder or mount too.
    ///
    /// A store is in WAL mode, and SQLite's read-only connection to a WAL file still creates the
    /// shared-memory file (`-shm`) beside it; where the folder refuses that, the file is opened
    /// `immutable` instead (no locks, no `-shm`), which is exact as long as nothing writes to the
    /// file meanwhile — nothing can, in a folder where no one may create a file — and the
    /// write-ahead log holds nothing not yet merged (refused otherwise: those changes would be
    /// missed).
    ///
    /// - Throws: ``IndexCore/IndexError`` naming the file.
    static func openReadOnly(path: String, configuration: Configuration) throws -> DatabaseQueue {
        var readOnly = configuration
        readOnly.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: readOnly)
            // The first read opens the write-ahead log and its shared memory: fail here, not later.
            try queue.read { _ = try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_schema") }
            return queue
        } catch let error as DatabaseError
            where [SQLITE_READONLY, SQLITE_CANTOPEN].contains(error.resultCode.rawValue)
        {
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
            guard wal == 0 else {
                throw IndexError(
                    "cannot read the store: its folder is read-only and its write-ahead log (\(path)-wal) holds "
                        + "changes not yet merged into the file; open it once where it can be written",
                    file: path,
                    kind: .unavailable
                )
            }
            do {
                let queue = try DatabaseQueue(path: immutableURI(path), configuration: readOnly)
                try queue.read { _ = try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_schema") }
                return queue
            } catch {
                throw StoreFailure.translate(error, path: path, writing: false)
            }
        } catch {
            throw StoreFailure.translate(error, path: path, writing: false)
        }
    }

    /// `file:PATH?immutable=1`, with the characters a URI gives meaning to escaped.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let absolute = URL(fileURLWithPath: path).path
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Creates a new store whole: migrated in a temporary file beside `path`, then linked into
    /// place, so that no one (a killed import included) ever leaves an empty or half-made store at
    /// `path`. When another process created the store meanwhile, its store is kept.
    static func create(path: String, migrator: DatabaseMigrator, configuration: Configuration) throws {
        let target = URL(fileURLWithPath: path)
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let temporary =
            target.deletingLastPathComponent().appendingPathComponent(
                ".\(target.lastPathComponent).creating-\(getpid())-\(suffix)"
            ).path
        defer {
            for extra in ["", "-wal", "-shm"] { unlink(temporary + extra) }
        }
        do {
            let pool = try DatabasePool(path: temporary, configuration: configuration)
            try migrator.migrate(pool)
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA user_version = \(migrator.migrations.count)")
                _ = try db.checkpoint(.truncate)
            }
            try pool.close()
        } catch {
            throw StoreFailure.translate(error, path: path, writing: true)
        }
        // A link does not replace a store another process created meanwhile; a file system
        // without hard links gets a rename, after a last look.
        var linked = link(temporary, path) == 0 || errno == EEXIST
        if !linked, [EPERM, EOPNOTSUPP, EXDEV].contains(errno), !FileManager.default.fileExists(atPath: path) {
            linked = rename(temporary, path) == 0
        }
        guard linked else {
            throw StoreFailure.translate(
                code: errno == ENOSPC ? SQLITE_FULL : SQLITE_CANTOPEN,
                message: String(cString: strerror(errno)),
                path: path,
                writing: true
            )
        }
    }
}
