import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Synchronization
import Testing

/// A store backend the same tests run against.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The test cluster (scripts/postgres.sh sets it; scripts/test.sh always runs through it).
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["IIDEI_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A new, empty store's location: a file in a temporary folder, or a new database on the test
    /// cluster. Without `IIDEI_TEST_POSTGRES` the PostgreSQL case is cancelled (skipped), saying so.
    func freshLocation() throws -> String {
        switch self {
        case .sqlite:
            return try TestSupport.temporaryDirectory().appendingPathComponent("store.sqlite").path
        case .postgres:
            guard let url = Self.postgresURL, var components = URLComponents(string: url) else {
                try Test.cancel(
                    "IIDEI_TEST_POSTGRES is not set: the PostgreSQL case is skipped (bash scripts/postgres.sh -- swift test runs it)"
                )
            }
            let name = "iidei_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try Self.psql(url, "CREATE DATABASE \(name)")
            components.path = "/" + name
            return components.string ?? url
        }
    }

    func freshStore() throws -> (store: any IndexStoring, location: String) {
        let location = try freshLocation()
        return (try StoreLocation.open(location), location)
    }

    /// Changes a store behind its back (as damage or an edit outside iidei would), through the
    /// database's own shell: `sqlite3` or `psql`.
    func tamper(_ location: String, sqlite: String, postgres: String) throws {
        switch self {
        case .sqlite: try Self.run("sqlite3", [location, sqlite])
        case .postgres: try Self.psql(location, postgres)
        }
    }

    /// Every byte the store holds: the SQLite file and its write-ahead log, or a dump of the
    /// PostgreSQL database (`pg_dump`).
    func contents(_ location: String) throws -> Data {
        switch self {
        case .sqlite:
            return [location, location + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
                .reduce(Data(), +)
        case .postgres:
            return try Self.run("pg_dump", [location], output: true)
        }
    }

    static func psql(_ url: String, _ sql: String) throws {
        try run("psql", [url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], output: Bool = false) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        if output { process.standardOutput = pipe }
        try process.run()
        let data = output ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw IndexError("\(tool) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return data
    }
}

/// The store's guarantees, checked on SQLite and on PostgreSQL alike through ``IndexStoring``.
// Serialized: the cases share one PostgreSQL cluster whose connections they should not compete for.
@Suite("Store backends: the same guarantees on SQLite and PostgreSQL", .serialized)
struct StoreBackendTests {
    static func builtin() throws -> (FrameworkSource, Framework, Dataset) {
        let source = try Catalog.frameworkSource()
        let framework = try source.parse()
        return (source, framework, try Catalog.dataset(for: framework))
    }

    @Test(arguments: Backend.allCases)
    func importsVersionsReadBackByHash(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        let (source, _, dataset) = try Self.builtin()
        let file = StoredFile(path: "data.csv", format: "csv", sha256: "x", values: dataset.observations.count)
        let first = try store.importDataset(name: "provinces", dataset: dataset, files: [file], framework: source)
        #expect(!first.isUnchanged && first.version.reference == "provinces@1")
        #expect(first.version.hash == Store.contentHash(dataset))
        #expect(first.version.valueCount == dataset.observations.count)
        // The same content again adds no version.
        let again = try store.importDataset(name: "provinces", dataset: dataset, files: [file], framework: source)
        #expect(again.isUnchanged && again.version == first.version)
        var changed = dataset
        changed.observations[0].value = (changed.observations[0].value ?? 0) + 1
        let second = try store.importDataset(name: "provinces", dataset: changed, files: [file], framework: source)
        #expect(second.version.reference == "provinces@2" && second.version.hash != first.version.hash)
        #expect(try store.datasets().map(\.reference) == ["provinces@1", "provinces@2"])
        #expect(try store.datasetVersion("provinces") == second.version)
        #expect(try store.datasetVersion("provinces@1") == first.version)
        // Everything comes back, and gives the hash it was stored under.
        let loaded = try store.dataset(first.version)
        #expect(loaded.units == dataset.units)
        #expect(loaded.observations.map(\.value) == dataset.observations.map(\.value))
        #expect(loaded.observations.map(\.status) == dataset.observations.map(\.status))
        #expect(loaded.observations.map(\.source) == dataset.observations.map(\.source))
        #expect(Store.contentHash(loaded) == first.version.hash)
        #expect(Store.contentHash(try store.dataset(second.version, includingLocations: false)) == second.version.hash)
        #expect(try store.datasetVersion("provinces").files == [file])
        // The framework is stored once, under the hash of its text, and found by hash prefix or id.
        let hash = try #require(first.version.frameworkHash)
        #expect(try store.framework(String(hash.prefix(10))).source == source)
        #expect(try store.framework(try source.parse().id).hash == hash)
        #expect(try store.frameworks().count == 1)
        let missing = #expect(throws: IndexError.self) { try store.datasetVersion("provinces@9") }
        #expect(missing?.kind == .notFound)
        #expect(missing?.message.contains("known: provinces") == true)
        #expect(throws: IndexError.self) {
            try store.importDataset(name: "a@b", dataset: dataset, files: [], framework: nil)
        }
        let statistics = try store.statistics()
        #expect(statistics.datasets == 2 && statistics.runs == 0)
        #expect(statistics.observations == 2 * dataset.observations.count)
        #expect(statistics.integrity == "ok")
    }

    @Test(arguments: Backend.allCases)
    func runsAreRecordedAndReproduce(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        let (source, framework, dataset) = try Self.builtin()
        let treatedOptions = try RunOptions.parse(["impute": "mean", "outliers": "coinr"])
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: treatedOptions)
        let json = try WorkflowJSON.text(ResultsDocument(results))
        // Import and run in one transaction, then a second run on the stored version.
        let (outcome, treated) = try store.importDatasetAndRecordRun(
            name: "builtin",
            dataset: dataset,
            files: [],
            framework: source,
            options: treatedOptions,
            results: results,
            resultsJSON: json
        )
        let nominalResults = try IndexEngine.run(framework: framework, dataset: dataset, options: RunOptions())
        let nominal = try store.recordRun(
            frameworkSource: source,
            dataset: outcome.version,
            options: RunOptions(),
            results: nominalResults,
            resultsJSON: try WorkflowJSON.text(ResultsDocument(nominalResults))
        )
        #expect(try store.runs().map(\.id) == [nominal.id, treated.id])
        #expect(try store.run("latest") == nominal)
        #expect(try store.run("#\(treated.id)") == treated)
        #expect(try store.run("\(treated.id)").options == treatedOptions)
        #expect(try store.results(of: treated) == json)
        #expect(SHA256.hex(try store.results(of: treated)) == treated.resultsHash)
        // Reproduced from what the store kept alone: framework text, data, options.
        let reloaded = try store.run("#\(treated.id)")
        let again = try IndexEngine.run(
            framework: try store.framework(reloaded.frameworkHash).source.parse(),
            dataset: try store.dataset(reloaded.dataset),
            options: reloaded.options
        )
        #expect(SHA256.hex(try WorkflowJSON.text(ResultsDocument(again))) == reloaded.resultsHash)
        // The scores come back as recorded: 31 provinces on the regional index, 100 in the base year.
        let scores = try store.scores(of: nominal)
        #expect(scores == Store.scores(nominalResults))
        #expect(scores.filter { $0.evaluation == "regional" && $0.node == "index" }.count == 31)
        #expect(!Diff.runs(scores, try store.scores(of: treated)).isEmpty)
        let notFound = #expect(throws: IndexError.self) { try store.run("#999") }
        #expect(notFound?.kind == .notFound)
        #expect(try store.statistics().runs == 2)
    }

    @Test(arguments: Backend.allCases)
    func changedDataAreRefusedOnLoad(_ backend: Backend) throws {
        let (store, location) = try backend.freshStore()
        let (source, framework, dataset) = try Self.builtin()
        let version = try store.importDataset(name: "p", dataset: dataset, files: [], framework: source).version
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: RunOptions())
        let run = try store.recordRun(
            frameworkSource: source,
            dataset: version,
            options: RunOptions(),
            results: results,
            resultsJSON: try WorkflowJSON.text(ResultsDocument(results))
        )
        try backend.tamper(
            location,
            sqlite:
                "UPDATE datasetContent SET sha256 = CASE WHEN substr(sha256, 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(sha256, 2)",
            postgres:
                "UPDATE dataset_content SET content = set_byte(content, length(content) - 1, get_byte(content, length(content) - 1) # 1)"
        )
        try backend.tamper(
            location,
            sqlite: "UPDATE run SET results = results || ' '",
            postgres: "UPDATE run SET results = results || ' '"
        )
        // Read as another process would, through a store opened after the change.
        let reopened = try StoreLocation.open(location)
        let data = #expect(throws: IndexError.self) { try reopened.dataset(version) }
        #expect(data?.kind == .integrity)
        #expect(data?.message.contains("no longer match their hash") == true)
        let document = #expect(throws: IndexError.self) { try reopened.results(of: run) }
        #expect(document?.kind == .integrity)
        // The scores were not touched: still served.
        #expect(try store.scores(of: run) == Store.scores(results))
        // On PostgreSQL the statistics check every hash on the server and name what differs.
        if backend == .postgres {
            let integrity = try store.statistics().integrity
            #expect(integrity.contains("dataset \(version.id): content"))
            #expect(integrity.contains("run #\(run.id): results"))
        }
    }

    @Test(arguments: Backend.allCases)
    func concurrentWritersLoseAndDuplicateNothing(_ backend: Backend) throws {
        let (first, location) = try backend.freshStore()
        // A second, independent connection to the same store, as a second process would have.
        let second = try StoreLocation.open(location)
        let (source, _, dataset) = try Self.builtin()
        let writers = 12
        let outcomes = Mutex<[Result<ImportOutcome, IndexError>]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { index in
            var changed = dataset
            changed.observations[0].value = Double(1000 + index)
            let store = index.isMultiple(of: 2) ? first : second
            let outcome = Result {
                try store.importDataset(name: "shared", dataset: changed, files: [], framework: source)
            }.mapError { $0 as? IndexError ?? IndexError("\($0)") }
            outcomes.withLock { $0.append(outcome) }
        }
        let results = outcomes.withLock { $0 }
        let versions = try results.map { try $0.get() }
        #expect(versions.allSatisfy { !$0.isUnchanged })
        // Every writer got its own version number, 1…12, and every version holds its writer's data.
        #expect(Set(versions.map(\.version.version)) == Set(1...writers))
        let stored = try first.datasets()
        #expect(stored.count == writers)
        for version in stored {
            #expect(Store.contentHash(try second.dataset(version)) == version.hash)
        }
        #expect(Set(stored.map(\.hash)).count == writers)
        #expect(try first.frameworks().count == 1)
    }

    /// A store call answers while every thread of Swift's cooperative pool is blocked, as on a busy
    /// two-core machine where other work blocks the pool: the PostgreSQL store's tasks run on its own
    /// queue (`SerialTaskExecutor`). Before, its calls waited for a pool thread that never came, and
    /// the whole CI run failed with "no answer within 15 s" on an idle server.
    ///
    /// The pool is blocked in a child process (an exit test): blocked in this one, it stalled every
    /// test running beside it, and a CI run failed tests of a few milliseconds on their 60 s limit.
    @Test(arguments: Backend.allCases)
    func answersWhileTheCooperativePoolIsBlocked(_ backend: Backend) async throws {
        let location = try backend.freshLocation()
        await #expect(processExitsWith: .success) {
            [location = location as String] in
            let store = try StoreLocation.open(location)
            let width = ProcessInfo.processInfo.activeProcessorCount
            let started = DispatchSemaphore(value: 0)
            let gate = DispatchSemaphore(value: 0)
            let blocker: @Sendable () -> Void = {
                started.signal()
                gate.wait()
            }
            for _ in 0..<width { Task.detached(operation: blocker) }
            // Waited for off the pool (this task is suspended meanwhile, freeing its thread).
            let failure: String? = await withCheckedContinuation { continuation in
                Thread {
                    let allBlocked = (0..<width).allSatisfy { _ in started.wait(timeout: .now() + 30) == .success }
                    let done = DispatchSemaphore(value: 0)
                    let answer = Mutex<Result<Int, IndexError>?>(nil)
                    Thread {
                        let result = Result { try store.datasets().count }
                            .mapError { $0 as? IndexError ?? IndexError("\($0)") }
                        answer.withLock { $0 = result }
                        done.signal()
                    }.start()
                    _ = done.wait(timeout: .now() + 20)
                    for _ in 0..<width { gate.signal() }
                    let failure: String? =
                        switch (allBlocked, answer.withLock { $0 }) {
                        case (false, _): "the pool's \(width) threads were not all blocked: the test proves nothing"
                        case (true, nil): "no answer within 20 s while the pool's \(width) threads were blocked"
                        case (true, .failure(let error)?): "the store failed: \(error.message)"
                        case (true, .success(let count)?): count == 0 ? nil : "an empty store listed \(count) datasets"
                        }
                    continuation.resume(returning: failure)
                }.start()
            }
            // Recorded in the child, the issue is reported here with its words.
            if let failure {
                Issue.record(Comment(rawValue: failure))
                exit(1)
            }
        }
    }
}
