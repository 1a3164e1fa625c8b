import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

@Suite("The store: versions, runs, reproduction, diffs")
struct StoreTests {
    static func freshStore() throws -> Store {
        try Store(path: try TestSupport.temporaryDirectory().appendingPathComponent("store.sqlite").path)
    }

    @Test func sha256MatchesPublishedVectors() {
        // FIPS 180-4 examples.
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
        var hasher = SHA256()
        for _ in 0..<1000 { hasher.update(String(repeating: "a", count: 1000)) }
        #expect(hasher.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func importsVersionsAndKeepsProvenance() throws {
        let store = try Self.freshStore()
        let source = try Catalog.frameworkSource()
        let dataset = try Catalog.dataset()
        let file = StoredFile(path: "data.csv", format: "csv", sha256: "x", values: dataset.observations.count)
        let first = try store.importDataset(name: "provinces", dataset: dataset, files: [file], framework: source)
        #expect(!first.isUnchanged)
        #expect(first.version.reference == "provinces@1")
        let again = try store.importDataset(name: "provinces", dataset: dataset, files: [file], framework: source)
        #expect(again.isUnchanged && again.version.reference == "provinces@1")
        var changed = dataset
        changed.observations[0].value = (changed.observations[0].value ?? 0) + 1
        let second = try store.importDataset(name: "provinces", dataset: changed, files: [file], framework: source)
        #expect(second.version.reference == "provinces@2")
        #expect(try store.datasets().map(\.reference) == ["provinces@1", "provinces@2"])
        #expect(try store.datasetVersion("provinces").version == 2)
        // Everything comes back: values, statuses, sources, notes, units with groups and aliases.
        let loaded = try store.dataset(try store.datasetVersion("provinces@1"))
        #expect(loaded.units == dataset.units)
        #expect(loaded.observations.map(\.value) == dataset.observations.map(\.value))
        #expect(loaded.observations.map(\.status) == dataset.observations.map(\.status))
        #expect(loaded.observations.map(\.source) == dataset.observations.map(\.source))
        #expect(loaded.observations.map(\.note) == dataset.observations.map(\.note))
        #expect(Store.contentHash(loaded) == first.version.hash)
        let diff = Diff.datasets(loaded, try store.dataset(second.version))
        #expect(diff.count == 1)
        #expect(diff.first?.kind == .changed && diff.first?.new == (diff.first?.old ?? 0) + 1)
        #expect(throws: IndexError.self) { try store.datasetVersion("provinces@9") }
        #expect(throws: IndexError.self) {
            try store.importDataset(name: "a@b", dataset: dataset, files: [], framework: nil)
        }
    }

    @Test func recordedRunsReproduceExactlyAndDiff() throws {
        let store = try Self.freshStore()
        let source = try Catalog.frameworkSource()
        let framework = try source.parse()
        let dataset = try Catalog.dataset(for: framework)
        let version = try store.importDataset(name: "builtin", dataset: dataset, files: [], framework: source).version
        let stored = try store.framework(version.frameworkHash ?? "")
        func record(_ options: RunOptions) throws -> RunRecord {
            let results = try IndexEngine.run(
                framework: framework,
                dataset: dataset,
                options: options
            )
            let json = try WorkflowJSON.text(ResultsDocument(results))
            return try store.recordRun(
                framework: stored,
                dataset: version,
                options: options,
                results: results,
                resultsJSON: json
            )
        }
        let nominal = try record(RunOptions())
        let treated = try record(try RunOptions.parse(["impute": "mean", "outliers": "coinr"]))
        #expect(try store.runs().map(\.id) == [treated.id, nominal.id])
        let reloaded = try store.run("latest")
        #expect(try reloaded.options == RunOptions.parse(["impute": "mean", "outliers": "coinr"]))
        // Reproduce from what the store kept alone: framework text, data, options.
        let again = try IndexEngine.run(
            framework: try store.framework(reloaded.frameworkHash).source.parse(),
            dataset: try store.dataset(reloaded.dataset),
            options: reloaded.options
        )
        #expect(SHA256.hex(try WorkflowJSON.text(ResultsDocument(again))) == reloaded.resultsHash)
        #expect(try store.results(of: reloaded).contains("\"imputation\" : \"mean\""))
        // Scores: 31 provinces × every regional node, plus every national node × 4 years.
        let scores = try store.scores(of: nominal)
        #expect(scores.filter { $0.evaluation == "regional" && $0.node == "index" }.count == 31)
        #expect(
            scores.first { $0.evaluation == "national" && $0.node == "index" && $0.period == "2020" }?.score.map {
                abs($0 - 100) < 1e-9
            } == true
        )
        let changes = Diff.runs(scores, try store.scores(of: treated))
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { $0.evaluation == "regional" })  // treatment applies to the cross-section
        #expect(Diff.runs(scores, scores).isEmpty)
    }

    @Test func reopeningMigratesOnceAndRefusesOtherFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("s.sqlite").path
        _ = try Store(path: path)
        _ = try Store(path: path)
        let notAStore = try TestSupport.write("hello, not sqlite", named: "text.sqlite", in: directory)
        #expect(throws: IndexError.self) { try Store(path: notAStore) }
        #expect(Store.defaultPath(environment: ["IIDEI_DB": "/x/y.sqlite"]) == "/x/y.sqlite")
        #expect(Store.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/iidei/iidei.sqlite")
    }
}
