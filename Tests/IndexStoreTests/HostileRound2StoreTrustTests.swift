import Foundation
import GRDB
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

/// Issue 22, class 8: the store trusts itself too much. A newer store, a file that is not a store,
/// a read-only folder, an edited result, a full disk.
@Suite("Hostile inputs, round two: the store checks what it opens and what it reads", .serialized)
struct HostileRound2StoreTrustTests {
    static func iidei(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ImportProcessTests.iidei(arguments)
    }

    static func sqlite(_ db: String, _ sql: String) throws -> String {
        try StoreIntegrityTests.sqlite(db, sql)
    }

    /// Every file in a folder with its bytes: what "nothing was changed" is checked against.
    ///
    /// SQLite's shared-memory index (`-shm`) and an empty write-ahead log, which any reader of a
    /// store in WAL mode may create beside it, hold no data and are left out.
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let size =
                (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path))?[
                    .size
                ] as? Int
            if name.hasSuffix("-shm") || (name.hasSuffix("-wal") && size == 0) { continue }
            let path = directory.appendingPathComponent(name).path
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            files[name] = isFolder.boolValue ? Data("<folder>".utf8) : try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return files
    }

    /// A store with the built-in dataset and one run, merged into its file (no write-ahead log).
    static func storeWithARun(_ directory: URL) throws -> String {
        let db = try StoreIntegrityTests.storeWithARun(directory)
        try Store(path: db).checkpoint()
        return db
    }

    // MARK: - A newer store, and files that are not stores

    @Test(arguments: [
        ("INSERT INTO grdb_migrations VALUES ('from-the-future')", "schema 9, this program knows up to 8"),
        ("PRAGMA user_version = 42", "schema 42, this program knows up to 8"),
        (
            "INSERT INTO grdb_migrations VALUES ('v10'); INSERT INTO grdb_migrations VALUES ('v11'); PRAGMA user_version = 10",
            "schema 10, this program knows up to 8"
        ),
    ])
    func aNewerStoreIsNeitherWrittenNorRead(edit: String, schema: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = try Self.storeWithARun(directory)
        #expect(try Self.sqlite(db, "PRAGMA user_version") == "8")
        #expect(try Self.sqlite(db, "PRAGMA application_id") == "\(0x4949_4445)")
        _ = try Self.sqlite(db, edit)
        let before = try Self.snapshot(directory)
        for access in [Store.Access.readWrite, .readOnly] {
            do {
                _ = try Store(path: db, access: access)
                Issue.record("a newer store was opened (\(access))")
            } catch let error as IndexError {
                #expect(error.kind == .unavailable)
                #expect(error.message.contains("this store was written by a newer IIDEI (\(schema)"), "\(error)")
                #expect(error.message.contains("upgrade IIDEI"))
                #expect(error.file == db)
            }
        }
        let imported = try Self.iidei(["import", try Catalog.dataPath, "--dataset", "other", "--db", db])
        #expect(imported.status == 6, "\(imported.output)")
        #expect(imported.output.contains("written by a newer IIDEI"))
        #expect(!imported.output.contains("unexpected"))
        #expect(try Self.iidei(["runs", "--db", db]).status == 6)
        #expect(try Self.snapshot(directory) == before)
    }

    /// Files that are not IIDEI stores: each refused, for writing and reading, with nothing written
    /// into it or beside it.
    static func foreignFiles(in directory: URL) throws -> [(name: String, path: String, kinds: Set<IndexError.Kind>)] {
        var files: [(String, String, Set<IndexError.Kind>)] = []
        func file(_ name: String, _ data: Data, _ kinds: Set<IndexError.Kind> = [.conflict]) throws {
            let path = directory.appendingPathComponent(name).path
            try data.write(to: URL(fileURLWithPath: path))
            files.append((name, path, kinds))
        }
        func database(_ name: String, _ sql: String) throws {
            let path = directory.appendingPathComponent(name).path
            _ = try TestSupport.run("sqlite3", [path, sql])
            files.append((name, path, [.conflict]))
        }
        try file("empty.sqlite", Data())
        try file("notes.sqlite", Data("unit,indicator\n江苏,x\n".utf8))
        try file("short.sqlite", Data("SQLite format".utf8))
        var generator = SplitMix64(seed: 22_08)
        try file("random.sqlite", Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        // An SQLite header with nothing sound after it.
        try file(
            "header-only.sqlite",
            Data(
                Array("SQLite format 3".utf8) + [0]
                    + (0..<4080).map { _ in UInt8.random(in: 0...255, using: &generator) }
            ),
            [.conflict, .integrity]
        )
        try database("contacts.sqlite", "CREATE TABLE person (name TEXT); INSERT INTO person VALUES ('Wang')")
        try database("emptied.sqlite", "CREATE TABLE t (x); DROP TABLE t")
        // Another program that uses GRDB's migrator, with tables named as iidei names its own.
        try database(
            "other-grdb.sqlite",
            "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('createUsers'); CREATE TABLE run (id INTEGER)"
        )
        try database("other-app.sqlite", "PRAGMA application_id = 1234; CREATE TABLE framework (hash TEXT)")
        let folder = directory.appendingPathComponent("folder.sqlite")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        files.append(("folder.sqlite", folder.path, [.conflict]))
        return files
    }

    @Test func filesThatAreNotStoresAreRefusedAndLeftAlone() throws {
        let directory = try TestSupport.temporaryDirectory()
        let files = try Self.foreignFiles(in: directory)
        // A store cut short: its first half.
        let source = try TestSupport.temporaryDirectory()
        let whole = try Data(contentsOf: URL(fileURLWithPath: try Self.storeWithARun(source)))
        let truncated = directory.appendingPathComponent("truncated.sqlite").path
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        let all = files + [("truncated.sqlite", truncated, Set([IndexError.Kind.integrity]))]
        let before = try Self.snapshot(directory)
        for (name, path, kinds) in all {
            for access in [Store.Access.readWrite, .readOnly] {
                // The truncated store is read as far as it goes (reading commands still list what they can).
                if name == "truncated.sqlite", access == .readOnly { continue }
                do {
                    let store = try Store(path: path, access: access)
                    _ = try store.statistics()
                    Issue.record("\(name) was opened as a store (\(access))")
                } catch let error as IndexError {
                    #expect(kinds.contains(error.kind), "\(name): \(error)")
                    #expect(error.file == path)
                    if error.kind == .conflict { #expect(error.message.hasPrefix("not an IIDEI store: "), "\(error)") }
                }
            }
            let result = try Self.iidei(["import", try Catalog.dataPath, "--dataset", "x", "--db", path])
            #expect(result.status == 4 || result.status == 5, "\(name): \(result.output)")
            #expect(!result.output.contains("unexpected"), "\(name): \(result.output)")
        }
        #expect(try Self.snapshot(directory) == before)
    }

    /// Property: any bytes behind an SQLite header are refused or read, never trap, and are never
    /// written to.
    @Test func randomFilesBehindAnSQLiteHeaderAreNeverWritten() throws {
        let directory = try TestSupport.temporaryDirectory()
        let source = try TestSupport.temporaryDirectory()
        let store = try Data(contentsOf: URL(fileURLWithPath: try Self.storeWithARun(source)))
        var generator = SplitMix64(seed: 8)
        for member in 0..<40 {
            // A real store with a run of bytes overwritten, or a header with random pages.
            var bytes: [UInt8]
            if member % 2 == 0 {
                bytes = Array(store)
                let start = Int.random(in: 16..<min(bytes.count, 8192), using: &generator)
                for i in start..<min(bytes.count, start + Int.random(in: 1...64, using: &generator)) {
                    bytes[i] = UInt8.random(in: 0...255, using: &generator)
                }
            } else {
                bytes =
                    Array("SQLite format 3".utf8) + [0]
                    + (0..<(512 * Int.random(in: 1...16, using: &generator))).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    }
            }
            let path = directory.appendingPathComponent("m\(member).sqlite").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let opened = try Store(path: path)
                _ = try opened.datasets()
            } catch let error as IndexError {
                #expect([.conflict, .integrity, .unavailable].contains(error.kind), "member \(member): \(error)")
            }
            if member % 2 == 1 {
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes), "member \(member)")
                #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "member \(member)")
            }
        }
    }

    /// A new store appears whole or not at all: no half-made file, and an absent store is not
    /// created by a command that only reads.
    @Test func aNewStoreIsCreatedWholeAndMarkedAsAStore() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("new.sqlite").path
        for arguments in [["runs"], ["datasets"], ["rerun", "latest"], ["diff", "1", "2"]] {
            _ = try Self.iidei(arguments + ["--db", db])
            #expect(!FileManager.default.fileExists(atPath: db), "\(arguments)")
        }
        #expect(throws: IndexError.self) { try Store(path: db, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: db))
        let store = try Store(path: db)
        #expect(try store.datasets().isEmpty)
        #expect(try Self.sqlite(db, "PRAGMA application_id") == "\(0x4949_4445)")
        #expect(try Self.sqlite(db, "PRAGMA user_version") == "8")
        #expect(try Self.sqlite(db, "PRAGMA journal_mode") == "wal")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.allSatisfy { $0.hasPrefix("new.sqlite") }, "\(names)")
        // A link to a store is the store.
        let link = directory.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        #expect(try Store(path: link, access: .readOnly).datasets().isEmpty)
        #expect(try Store(path: link).datasets().isEmpty)
    }

    /// A store of schema v2 without the application id (before this change) is still an IIDEI
    /// store: upgraded by a command that writes, its scores hashed.
    @Test func anOlderStoreIsUpgradedAndItsScoresHashed() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = try Self.storeWithARun(directory)
        // Back to the shape before: no application id or user version, no scores hash.
        _ = try Self.sqlite(
            db,
            "PRAGMA application_id = 0; PRAGMA user_version = 0; DELETE FROM grdb_migrations WHERE identifier = 'integrity-v3'; ALTER TABLE runScores DROP COLUMN sha256"
        )
        #expect(throws: IndexError.self) { try Store(path: db, access: .readOnly) }
        let store = try Store(path: db)
        let run = try store.run("latest")
        #expect(try store.scores(of: run).count > 1000)
        #expect(try Self.sqlite(db, "SELECT count(*) FROM runScores WHERE sha256 IS NULL") == "0")
        #expect(try Self.sqlite(db, "PRAGMA application_id") == "\(0x4949_4445)")
        #expect(try Self.sqlite(db, "PRAGMA user_version") == "8")
    }

    // MARK: - Hashes checked whenever stored results are read

    /// Edits of what a run stored: each is an integrity error naming the store and the run, from the
    /// store, `rerun`, `diff` and `export`; never "reproduced exactly".
    @Test(arguments: [
        (
            "results",
            "UPDATE run SET results = replace(results, '\"illustrative\"', '\"illustrative\" ')",
            "results document"
        ),
        ("results-hash", "UPDATE run SET resultsHash = '0' || substr(resultsHash, 2)", "results document"),
        (
            "scores",
            "UPDATE runScores SET content = substr(content, 1, length(content) - 8) || X'000000000000F03F'",
            "scores"
        ),
        ("scores-hash", "UPDATE runScores SET sha256 = NULL", "scores"),
        ("framework", "UPDATE framework SET content = content || char(10) || '# edited'", "framework"),
    ])
    func anEditedRunIsAnIntegrityErrorNotAReproduction(name: String, edit: String, what: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = try Self.storeWithARun(directory)
        #expect(try Self.iidei(["rerun", "latest", "--db", db]).output.contains("reproduced exactly"))
        _ = try Self.sqlite(db, edit)
        let store = try Store(path: db, access: .readOnly)
        let run = try store.run("latest")
        let workflows = Workflows(store: store)
        for (label, read) in [
            ("results", { _ = try store.results(of: run) }),
            ("scores", { _ = try store.scores(of: run) }),
            ("rerun", { _ = try workflows.rerun("latest") }),
            ("diff", { _ = try workflows.diffRuns("latest", "latest") }),
        ] as [(String, () throws -> Void)] {
            // Each read checks what it reads: results and scores are checked apart.
            if what == "results document", label == "scores" || label == "diff" { continue }
            if what == "scores", label == "results" { continue }
            if what == "framework", label != "rerun" { continue }
            do {
                try read()
                Issue.record("\(name): \(label) read an edited run")
            } catch let error as IndexError {
                #expect(error.kind == .integrity, "\(name) \(label): \(error)")
                #expect(error.file == db)
                #expect(error.message.contains(what == "framework" ? "framework" : "run #\(run.id)"), "\(error)")
                #expect(error.message.contains("no longer match"), "\(error)")
            }
        }
        for arguments in [["rerun", "latest"], ["export", "latest", "--format", "json", "--out", "/dev/null"]] {
            let result = try Self.iidei(arguments + ["--db", db])
            #expect(result.status == 5, "\(name) \(arguments): \(result.output)")
            #expect(!result.output.contains("reproduced exactly"))
        }
    }

    /// Property: any one byte of a run's stored results or scores changed (a seeded choice of
    /// position and value) is caught when read.
    @Test func anyChangedByteOfAStoredRunIsCaught() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = try Self.storeWithARun(directory)
        let queue = try DatabaseQueue(path: db)
        let (resultsLength, scoresLength) = try queue.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT length(CAST(results AS BLOB)) FROM run") ?? 0,
                try Int.fetchOne(db, sql: "SELECT length(content) FROM runScores") ?? 0
            )
        }
        #expect(resultsLength > 1000 && scoresLength > 1000)
        var generator = SplitMix64(seed: 2208)
        for member in 0..<24 {
            let isScores = member % 2 == 0
            let column = isScores ? "content" : "CAST(results AS BLOB)"
            let table = isScores ? "runScores" : "run"
            let position = Int.random(in: 0..<(isScores ? scoresLength : resultsLength), using: &generator)
            let original = try queue.read { db in
                try Data.fetchOne(db, sql: "SELECT \(column) FROM \(table)") ?? Data()
            }
            var edited = original
            edited[position] = edited[position] &+ UInt8.random(in: 1...255, using: &generator)
            try queue.write { db in
                if isScores {
                    try db.execute(sql: "UPDATE runScores SET content = ?", arguments: [edited])
                } else {
                    try db.execute(
                        sql: "UPDATE run SET results = ?",
                        arguments: [String(decoding: edited, as: UTF8.self)]
                    )
                }
            }
            let store = try Store(path: db, access: .readOnly)
            let run = try store.run("latest")
            #expect(throws: IndexError.self, "member \(member), byte \(position)") {
                if isScores { _ = try store.scores(of: run) } else { _ = try store.results(of: run) }
            }
            try queue.write { db in
                if isScores {
                    try db.execute(sql: "UPDATE runScores SET content = ?", arguments: [original])
                } else {
                    try db.execute(
                        sql: "UPDATE run SET results = ?",
                        arguments: [String(decoding: original, as: UTF8.self)]
                    )
                }
            }
            #expect(try !Store(path: db, access: .readOnly).scores(of: run).isEmpty)
        }
    }
}
