import Foundation
import GRDB
import IndexCatalog
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

@testable import IndexStore

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 22, class 8, continued: a store in a read-only folder, and a full disk, for the store and
/// for plain files.
@Suite("Hostile inputs, round two: read-only folders and full disks", .serialized)
struct HostileRound2StoreDiskTests {
    /// Runs `program` as a user whom a folder's permissions bind: as root (who passes every
    /// permission check), through `setpriv` as `nobody`, else as is.
    static func unprivileged(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        if getuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            guard FileManager.default.isExecutableFile(atPath: setpriv) else {
                try Test.cancel("running as root without setpriv: a read-only folder cannot be made to bind here")
            }
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--reuid", "65534", "--regid", "65534", "--clear-groups", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func setMode(_ mode: Int, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func aStoreInAReadOnlyFolderIsReadByEveryReadingCommand() throws {
        let directory = try TestSupport.temporaryDirectory()
        let folder = directory.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = try HostileRound2StoreTrustTests.storeWithARun(folder)
        for extra in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + extra) }
        let output = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Self.setMode(0o777, output.path)
        try Self.setMode(0o755, directory.path)
        try Self.setMode(0o444, db)
        try Self.setMode(0o555, folder.path)
        defer {
            try? Self.setMode(0o755, folder.path)
            try? Self.setMode(0o644, db)
        }
        let before = try HostileRound2StoreTrustTests.snapshot(folder)
        // The test is real only if the folder refuses the user the commands run as.
        let probe = try Self.unprivileged("/usr/bin/touch", [folder.appendingPathComponent("probe").path])
        #expect(probe.status != 0, "the folder did not refuse a new file: \(probe.output)")

        let executable = TestSupport.executable
        for arguments in [
            ["datasets"], ["runs"], ["diff", "provinces@1", "provinces@1"], ["diff", "1", "latest"],
            ["rerun", "latest"],
            ["export", "latest", "--format", "json", "--out", output.appendingPathComponent("r.json").path],
            ["export", "1", "--format", "csv", "--out", output.appendingPathComponent("csv").path],
        ] {
            let result = try Self.unprivileged(executable, arguments + ["--db", db])
            #expect(result.status == 0, "\(arguments): \(result.output)")
        }
        #expect(try Self.unprivileged(executable, ["runs", "--db", db]).output.contains("#1"))
        #expect(
            try Self.unprivileged(executable, ["rerun", "latest", "--db", db]).output.contains("reproduced exactly")
        )
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("r.json").path))
        // A command that writes is refused in words, with the kind "unavailable".
        let imported = try Self.unprivileged(
            executable,
            ["import", try Catalog.dataPath, "--dataset", "more", "--db", db]
        )
        #expect(imported.status == 6, "\(imported.output)")
        #expect(imported.output.contains("read-only"), "\(imported.output)")
        #expect(!imported.output.contains("unexpected"))
        // So is a file written into the read-only folder.
        let exported = try Self.unprivileged(
            executable,
            ["export", "1", "--format", "json", "--out", folder.appendingPathComponent("r.json").path, "--db", db]
        )
        #expect(exported.status == 6, "\(exported.output)")
        #expect(exported.output.contains("permission denied"), "\(exported.output)")
        #expect(try HostileRound2StoreTrustTests.snapshot(folder) == before)
    }

    // MARK: - A full disk

    /// A dataset of `count` random values: a blob of about 30 bytes a value.
    static func dataset(values count: Int, seed: UInt64) -> Dataset {
        var generator = SplitMix64(seed: seed)
        let units = (0..<100).map { AssessedUnit(id: "u\($0)", name: LocalisedText(zh: "单位\($0)", en: "Unit \($0)")) }
        let observations = (0..<count).map { i in
            Observation(
                unit: "u\(i % 100)",
                indicator: "i\(i / 100)",
                period: "2023",
                value: Double.random(in: -1e6...1e6, using: &generator),
                source: "source \(i)"
            )
        }
        return Dataset(units: units, observations: observations)
    }

    /// SQLite meets a full disk (`max_page_count`): every write says "disk full while writing" the
    /// store, of the kind "unavailable", and leaves it as it was.
    @Test func aFullStoreSaysDiskFullAndChangesNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("full.sqlite").path
        let first = try Store(path: db)
        _ = try first.importDataset(
            name: "small",
            dataset: Self.dataset(values: 200, seed: 1),
            files: [],
            framework: nil
        )
        try first.checkpoint()
        let before = try first.statistics()
        let pages = try #require(Int(try StoreIntegrityTests.sqlite(db, "PRAGMA page_count")))
        let store = try Store(path: db, access: .readWrite, maximumPageCount: pages + 2)
        let writes: [(String, () throws -> Void)] = [
            (
                "import",
                {
                    _ = try store.importDataset(
                        name: "large",
                        dataset: Self.dataset(values: 20_000, seed: 2),
                        files: [],
                        framework: nil
                    )
                }
            ),
            (
                "framework",
                {
                    var text = try Catalog.frameworkSource().content
                    text += "\n# " + String(repeating: "padding ", count: 20_000) + "\n"
                    _ = try store.saveFramework(FrameworkSource(format: .yaml, content: text, origin: "big.yaml"))
                }
            ),
            (
                "survey",
                {
                    _ = try store.createSurvey(
                        name: "panel",
                        source: try Catalog.frameworkSource(),
                        kind: .both,
                        scale: try ScoreScale(),
                        experts: (0..<2_000).map { "expert \($0) " + String(repeating: "x", count: 40) }
                    )
                }
            ),
        ]
        for (name, write) in writes {
            do {
                try write()
                Issue.record("\(name): a write past the disk's end succeeded")
            } catch let error as IndexError {
                #expect(error.kind == .unavailable, "\(name): \(error)")
                #expect(error.message.hasPrefix("disk full while writing \(db): nothing was changed"), "\(error)")
                #expect(error.file == db)
            }
            #expect(try store.statistics() == before, "\(name)")
        }
        #expect(try store.surveyNames().isEmpty)
        #expect(try store.datasets().map(\.reference) == ["small@1"])
    }

    /// Another writer holds the store past the wait (10 s): "busy", of the kind "unavailable",
    /// nothing changed.
    @Test func aStoreHeldByAnotherWriterSaysBusy() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("busy.sqlite").path
        let store = try Store(path: db)
        _ = try store.importDataset(
            name: "small",
            dataset: Self.dataset(values: 100, seed: 5),
            files: [],
            framework: nil
        )
        let before = try store.statistics()
        var holding = Configuration()
        holding.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: db, configuration: holding)
        try holder.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        let started = Date()
        do {
            _ = try store.importDataset(
                name: "more",
                dataset: Self.dataset(values: 100, seed: 6),
                files: [],
                framework: nil
            )
            Issue.record("an import went through another writer's lock")
        } catch let error as IndexError {
            #expect(error.kind == .unavailable)
            #expect(
                error.message.hasPrefix(
                    "the store is busy: another iidei is writing it (waited 10 s): nothing was changed"
                )
            )
        }
        #expect(Date().timeIntervalSince(started) >= 9)
        try holder.inDatabase { try $0.execute(sql: "ROLLBACK") }
        #expect(try store.statistics() == before)
    }

    /// A plain file written to a full disk: `/dev/full` answers every write with `ENOSPC`.
    @Test func aFileWrittenToAFullDeviceSaysDiskFull() throws {
        for (index, size) in [1, 4096, 1 << 20].enumerated() {
            do {
                try AtomicFile.write(Data(repeating: UInt8(index), count: size), to: "/dev/full")
                Issue.record("\(size) bytes were written to /dev/full")
            } catch let error as IndexError {
                #expect(error.kind == .unavailable)
                #expect(error.description.contains("disk full while writing /dev/full: nothing was changed"))
            }
        }
        let directory = try TestSupport.temporaryDirectory()
        let db = try HostileRound2StoreTrustTests.storeWithARun(directory)
        for arguments in [
            ["export", "latest", "--format", "json", "--out", "/dev/full"],
            ["export", "latest", "--format", "xlsx", "--out", "/dev/full"],
        ] {
            let result = try ImportProcessTests.iidei(arguments + ["--db", db])
            #expect(result.status == 6, "\(arguments): \(result.output)")
            #expect(result.output.contains("disk full while writing /dev/full"), "\(result.output)")
            #expect(!result.output.contains("unexpected"), "\(result.output)")
        }
    }

    /// Other ways a write fails, each in words with its kind, leaving the target as it was.
    @Test func failedFileWritesAreNamedAndLeaveNothingBehind() throws {
        let directory = try TestSupport.temporaryDirectory()
        let target = directory.appendingPathComponent("kept.json").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try AtomicFile.write("new", to: target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        let folder = directory.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cases: [(String, IndexError.Kind, String)] = [
            (folder.path, .conflict, "this is a folder"),
            (directory.appendingPathComponent("missing/x.json").path, .notFound, "the folder does not exist"),
            (directory.appendingPathComponent(String(repeating: "n", count: 300)).path, .unavailable, "cannot write"),
        ]
        for (path, kind, words) in cases {
            do {
                try AtomicFile.write("x", to: path)
                Issue.record("\(path) was written")
            } catch let error as IndexError {
                #expect(error.kind == kind, "\(path): \(error)")
                #expect(error.message.contains(words), "\(path): \(error)")
                #expect(error.file == path)
            }
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == ["kept.json", "folder"])
    }

    /// A real full disk, where the test may make one: a 1 MiB tmpfs, mounted only when running as
    /// root (CI). The store, a written file and `run --out` each say "disk full" and leave the disk
    /// as it was.
    @Test func aRealFullDiskSaysDiskFull() throws {
        guard getuid() == 0 else { try Test.cancel("mounting a small tmpfs needs root; /dev/full covers files") }
        let mountPoint = try TestSupport.temporaryDirectory().appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mounted = try TestSupport.runFailing(
            "/bin/mount",
            ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.path]
        )
        guard mounted.status == 0 else { try Test.cancel("cannot mount a tmpfs here: \(mounted.errors)") }
        defer { _ = try? TestSupport.runFailing("/bin/umount", [mountPoint.path]) }

        let db = mountPoint.appendingPathComponent("store.sqlite").path
        do {
            let store = try Store(path: db)
            _ = try store.importDataset(
                name: "small",
                dataset: Self.dataset(values: 100, seed: 3),
                files: [],
                framework: nil
            )
            let before = try store.statistics()
            do {
                _ = try store.importDataset(
                    name: "large",
                    dataset: Self.dataset(values: 50_000, seed: 4),
                    files: [],
                    framework: nil
                )
                Issue.record("an import larger than the disk succeeded")
            } catch let error as IndexError {
                #expect(error.kind == .unavailable, "\(error)")
                #expect(error.message.hasPrefix("disk full while writing \(db)"), "\(error)")
            }
            #expect(try store.statistics() == before)
        }
        // The write-ahead log keeps the space the refused import took: the store goes, to free it.
        for extra in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + extra) }

        let target = mountPoint.appendingPathComponent("results.json").path
        try AtomicFile.write("old", to: target)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: mountPoint.path))
        do {
            try AtomicFile.write(Data(repeating: 7, count: 1 << 20), to: target)
            Issue.record("a file larger than the disk was written")
        } catch let error as IndexError {
            #expect(error.kind == .unavailable)
            #expect(error.message.hasPrefix("disk full while writing \(target): nothing was changed"))
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: mountPoint.path)) == files)
    }
}

/// The one translation of failures: every SQLite result and system error a write can meet, with
/// the kind and words users read.
@Suite("Hostile inputs, round two: failures are translated in one place")
struct HostileRound2FailureTranslationTests {
    @Test(arguments: [
        (13, IndexError.Kind.unavailable, "disk full while writing /s.sqlite: nothing was changed"),  // SQLITE_FULL
        (778, .unavailable, "the disk failed while writing the store"),  // SQLITE_IOERR_WRITE
        (10, .unavailable, "the disk failed while writing the store"),  // SQLITE_IOERR
        (8, .unavailable, "the file or its folder is read-only"),  // SQLITE_READONLY
        (1032, .unavailable, "the file or its folder is read-only"),  // SQLITE_READONLY_DBMOVED
        (5, .unavailable, "the store is busy: another iidei is writing it (waited 10 s)"),  // SQLITE_BUSY
        (6, .unavailable, "the store is busy"),  // SQLITE_LOCKED
        (11, .integrity, "the store is damaged"),  // SQLITE_CORRUPT
        (26, .conflict, "not an IIDEI store: the file is not an SQLite database"),  // SQLITE_NOTADB
        (14, .unavailable, "cannot open the store"),  // SQLITE_CANTOPEN
        (7, .unavailable, "out of memory"),  // SQLITE_NOMEM
        (18, .limitExceeded, "larger than the store allows"),  // SQLITE_TOOBIG
        (19, .conflict, "store: "),  // SQLITE_CONSTRAINT
        (1, .internal, "store: "),  // SQLITE_ERROR
    ])
    func sqliteResultsReadAsWords(code: Int32, kind: IndexError.Kind, words: String) {
        let error = StoreFailure.translate(code: code, message: nil, path: "/s.sqlite", writing: true)
        #expect(error.kind == kind)
        #expect(error.message.contains(words), "\(error)")
        #expect(error.file == "/s.sqlite")
        #expect(!error.description.contains("DatabaseError"))
    }

    @Test(arguments: [
        (ENOSPC, IndexError.Kind.unavailable, "disk full while writing /o.csv: nothing was changed"),
        (EDQUOT, .unavailable, "disk full while writing /o.csv: nothing was changed"),
        (EROFS, .unavailable, "read-only disk"),
        (EACCES, .unavailable, "permission denied"),
        (EPERM, .unavailable, "permission denied"),
        (EIO, .unavailable, "the disk failed"),
        (ENOENT, .notFound, "the folder does not exist"),
        (EISDIR, .conflict, "a folder is in the way"),
        (EFBIG, .limitExceeded, "larger than the system allows"),
        (ENAMETOOLONG, .unavailable, "cannot write ("),
    ])
    func systemErrorsReadAsWords(code: Int32, kind: IndexError.Kind, words: String) {
        let error = AtomicFile.failure(errno: code, file: "/o.csv")
        #expect(error.kind == kind)
        #expect(error.message.contains(words), "\(error)")
        #expect(error.file == "/o.csv")
        // Foundation's errors for the same failure read the same.
        let bridged = AtomicFile.failure(POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO), file: "/o.csv")
        #expect((bridged as? IndexError) == error)
    }
}
