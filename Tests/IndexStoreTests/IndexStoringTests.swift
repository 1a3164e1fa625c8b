import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

/// The store as the workflows see it: through ``IndexStoring``, never the SQLite type.
@Suite("IndexStoring: a workflow written against the protocol")
struct IndexStoringTests {
    static func freshStore() throws -> (store: any IndexStoring, path: String) {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("store.sqlite").path
        return (try Store(path: path), path)
    }

    /// A workflow as the workflow layer writes one: import, compute on what the store gives back,
    /// record the run. It knows the protocol only.
    static func importAndRun(
        _ store: any IndexStoring,
        name: String,
        dataset: Dataset,
        framework source: FrameworkSource,
        options: RunOptions
    ) throws -> (ImportOutcome, RunRecord) {
        let outcome = try store.importDataset(name: name, dataset: dataset, files: [], framework: source)
        guard let hash = outcome.version.frameworkHash else {
            throw IndexError("the version was stored without its framework")
        }
        let framework = try store.framework(hash)
        let results = try IndexEngine.run(
            framework: try framework.source.parse(),
            dataset: try store.dataset(outcome.version, includingLocations: false),
            options: options
        )
        let run = try store.recordRun(
            framework: framework,
            dataset: outcome.version,
            options: options,
            results: results,
            resultsJSON: try WorkflowJSON.text(ResultsDocument(results))
        )
        return (outcome, run)
    }

    @Test func importRunAndReadBackThroughTheProtocol() throws {
        let (store, _) = try Self.freshStore()
        let source = try Catalog.frameworkSource()
        let dataset = try Catalog.dataset(for: try source.parse())
        let (outcome, run) = try Self.importAndRun(
            store,
            name: "provinces",
            dataset: dataset,
            framework: source,
            options: RunOptions()
        )
        #expect(!outcome.isUnchanged && outcome.version.reference == "provinces@1")
        #expect(try store.datasets() == [outcome.version])
        #expect(try store.datasetVersion("provinces") == outcome.version)
        #expect(try store.dataset(outcome.version) == dataset)
        #expect(try store.frameworks().map(\.hash) == [outcome.version.frameworkHash])
        #expect(try store.runs() == [run])
        #expect(try store.run("latest") == run)
        #expect(try store.run("#\(run.id)") == run)
        #expect(SHA256.hex(try store.results(of: run)) == run.resultsHash)
        let scores = try store.scores(of: run)
        #expect(scores.contains { $0.evaluation == "regional" && $0.node == "index" })
        #expect(Diff.runs(scores, scores).isEmpty)

        // The same data again: no new version, a second run on the first.
        let (again, second) = try Self.importAndRun(
            store,
            name: "provinces",
            dataset: dataset,
            framework: source,
            options: try RunOptions.parse(["impute": "mean"])
        )
        #expect(again.isUnchanged && again.version == outcome.version)
        #expect(try store.runs().map(\.id) == [second.id, run.id])
        #expect(try second.options == RunOptions.parse(["impute": "mean"]))

        let statistics = try store.statistics()
        #expect(statistics.datasets == 1 && statistics.runs == 2)
        #expect(statistics.observations == dataset.observations.count)
        #expect(statistics.integrity == "ok")
    }

    @Test func notFoundIsAKindNotAMessage() throws {
        let (store, _) = try Self.freshStore()
        for lookup in [
            { _ = try store.run("7") }, { _ = try store.datasetVersion("none") }, { _ = try store.framework("x") },
        ] {
            let error = try #require(throws: IndexError.self) { try lookup() }
            #expect(error.kind == .notFound)
        }
    }

    @Test(arguments: Backend.allCases)
    func surveysThroughTheProtocol(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        let source = try Catalog.frameworkSource()
        let (survey, tokens) = try store.createSurvey(
            name: "panel",
            source: source,
            kind: .ahp,
            scale: try ScoreScale(),
            experts: ["Wang", "Li"]
        )
        #expect(try store.surveyNames() == ["panel"])
        #expect(try store.survey("panel") == survey)
        #expect(try store.surveyExpert(token: tokens[1].token)?.expert == "Li")
        #expect(try store.responses(survey: "panel").isEmpty)
        let next = try store.closeRound(survey: "panel", finish: false)
        #expect(next.round == 2 && !next.isFinished)
        #expect(try store.closeRound(survey: "panel", finish: true).isFinished)
        let application = try store.recordApplication(
            survey: "panel",
            round: 2,
            experts: ["Wang", "Li"],
            framework: source,
            aggregation: .aij
        )
        #expect(try store.surveyApplications(framework: source) == [application])
        #expect(
            try store.surveyApplications(frameworkHash: application.frameworkHash).map(\.experts) == [["Wang", "Li"]]
        )
    }

    @Test func readOnlyStoresReadInParallel() async throws {
        let (store, path) = try Self.freshStore()
        let source = try Catalog.frameworkSource()
        let dataset = try Catalog.dataset(for: try source.parse())
        let (_, run) = try Self.importAndRun(
            store,
            name: "provinces",
            dataset: dataset,
            framework: source,
            options: RunOptions()
        )
        // Readers (a read-only store, as the commands that only read open it) in parallel; the server
        // runs such calls on NIO's thread pool, the test on the cooperative pool's threads.
        let reader: any IndexStoring = try Store(path: path, access: .readOnly)
        try await withThrowingTaskGroup(of: [RunRecord].self) { group in
            for _ in 0..<4 { group.addTask { try reader.runs() } }
            for try await runs in group { #expect(runs == [run]) }
        }
    }
}
