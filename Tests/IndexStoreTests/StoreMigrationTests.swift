import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

/// `iidei store migrate`: an SQLite store with versions, runs and a two-round survey moved to
/// PostgreSQL through the real command, compared with the source, and refused or undone whole.
@Suite("Store migration: SQLite to PostgreSQL, all or nothing", .serialized)
struct StoreMigrationTests {
    /// An SQLite store with two versions of one dataset, a run on each, a survey answered in two
    /// rounds, and an application of it; the experts' tokens.
    static func populatedSQLite() throws -> (store: Store, path: String, tokens: [(expert: String, token: String)]) {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("old.sqlite").path
        let store = try Store(path: path)
        let (source, framework, dataset) = try StoreBackendTests.builtin()
        var changed = dataset
        changed.observations[0].value = (changed.observations[0].value ?? 0) + 1
        for data in [dataset, changed] {
            let version = try store.importDataset(name: "provinces", dataset: data, files: [], framework: source)
                .version
            let results = try IndexEngine.run(framework: framework, dataset: data, options: RunOptions())
            _ = try store.recordRun(
                frameworkSource: source,
                dataset: version,
                options: RunOptions(),
                results: results,
                resultsJSON: try WorkflowJSON.text(ResultsDocument(results))
            )
        }
        let (survey, tokens) = try store.createSurvey(
            name: "panel",
            source: source,
            kind: .delphi,
            scale: try ScoreScale(),
            experts: ["Wang", "Li"]
        )
        let indicators = try survey.design().indicators.map(\.id)
        for round in 1...2 {
            for (number, expert) in ["Wang", "Li"].enumerated() {
                let scores = Dictionary(
                    uniqueKeysWithValues: indicators.prefix(3).enumerated().map {
                        ($0.element, Double(10 * round + number + $0.offset))
                    }
                )
                try store.saveResponse(survey: "panel", expert: expert, answers: SurveyAnswers(scores: scores))
            }
            try store.closeRound(survey: "panel", finish: round == 2)
        }
        _ = try store.recordApplication(
            survey: "panel",
            round: 2,
            experts: ["Wang", "Li"],
            framework: source,
            aggregation: .aij
        )
        // Accounts, a revoked and a live token, a publication taken back and one standing.
        _ = try store.addAccount(
            name: "rev",
            role: .reviewer,
            passwordHash: try PasswordHash.make("a long password", rounds: 10)
        )
        let (revoked, _) = try store.issueToken(account: "rev", role: .reader, label: "old")
        _ = try store.revokeToken(revoked.id)
        let (_, live) = try store.issueToken(account: "rev", role: nil, label: "ci")
        _ = try store.issueToken(account: "rev", role: nil, label: "sign-in session", lifetime: 3600)
        _ = try store.requestReview(run: 2, by: "ana", note: "zscore, as asked")
        _ = try store.publish(run: 2, by: "rev")
        _ = try store.withdrawPublication(by: "rev")
        _ = try store.publish(run: 1, by: "rev")
        try store.recordEvent(actor: "rev", action: "run.publish", subject: "#1", address: "192.0.2.1")
        return (store, path, tokens + [(expert: "account rev", token: live)])
    }

    static func migrate(_ from: String, _ to: String) throws -> (status: Int32, output: String, errors: String) {
        try TestSupport.runFailing(TestSupport.executable, ["store", "migrate", "--from", from, "--to", to])
    }

    @Test func everythingArrivesCheckedAndRunNumbersContinue() throws {
        let (source, path, tokens) = try Self.populatedSQLite()
        let target = try Backend.postgres.freshLocation()
        let result = try Self.migrate(path, target)
        #expect(result.status == 0, "\(result.errors)")
        #expect(
            result.output.contains("checked by hash: 2 dataset versions, 2 runs, 2 survey rounds"),
            "\(result.output)"
        )
        #expect(result.errors.contains("copied dataset_content: 2 / 2"), "\(result.errors)")
        #expect(result.errors.contains("checking every hash on the server"))
        let store = try PostgresStore(url: target)
        // Everything as it was, read back through the PostgreSQL store (which checks each hash).
        #expect(try store.datasets() == source.datasets())
        #expect(try store.runs() == source.runs())
        #expect(try store.frameworks() == source.frameworks())
        for run in try source.runs() {
            #expect(try store.results(of: run) == source.results(of: run))
            #expect(try store.scores(of: run) == source.scores(of: run))
        }
        for version in try source.datasets() {
            #expect(Store.contentHash(try store.dataset(version)) == version.hash)
        }
        #expect(try store.survey("panel") == source.survey("panel"))
        for round in 1...2 {
            let answers = try store.responses(survey: "panel", round: round)
            #expect(answers == (try source.responses(survey: "panel", round: round)))
            #expect(answers.count == 2)
        }
        // The links the experts were sent still work, and so does the account's API token.
        for (expert, token) in tokens.dropLast() {
            #expect(try store.surveyExpert(token: token)?.expert == expert)
        }
        #expect(try store.principal(token: try #require(tokens.last).token)?.name == "rev")
        #expect(try store.principal(token: try #require(tokens.last).token)?.role == .reviewer)
        #expect(try store.accounts() == source.accounts())
        #expect(
            try store.signInRecord(account: "rev")?.passwordHash == source.signInRecord(account: "rev")?.passwordHash
        )
        #expect(try store.tokens(account: nil) == source.tokens(account: nil))
        #expect(try store.publications() == source.publications())
        #expect(try store.publishedRunID() == 1)
        #expect(try store.reviewRequests() == source.reviewRequests())
        #expect(try store.reviewRequests().map(\.note) == ["zscore, as asked"])
        #expect(try store.auditLog(limit: 10) == source.auditLog(limit: 10))
        let hash = try #require(try source.surveyApplications(frameworkHash: try source.frameworks()[0].hash).first)
        #expect(try store.surveyApplications(frameworkHash: hash.frameworkHash) == [hash])
        #expect(try store.statistics().integrity == "ok")
        // A run recorded after the move continues the numbering (#3), as does the next version.
        let (_, framework, dataset) = try StoreBackendTests.builtin()
        let version = try store.datasetVersion("provinces")
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: RunOptions())
        let next = try store.recordRun(
            frameworkSource: try Catalog.frameworkSource(),
            dataset: version,
            options: RunOptions(),
            results: results,
            resultsJSON: try WorkflowJSON.text(ResultsDocument(results))
        )
        #expect(next.id == 3)
        // A second migration into the same database is refused, and changes nothing.
        let again = try Self.migrate(path, target)
        #expect(again.status != 0)
        #expect(again.errors.contains("the target store is not empty"), "\(again.errors)")
        #expect(try store.runs().count == 3)
        #expect(try store.datasets().count == 2)
    }

    /// A copy that fails half-way (here a trigger refuses the answers, after the frameworks,
    /// versions and runs went in) leaves the target as empty as it was.
    @Test func aCopyThatFailsHalfWayLeavesNothing() throws {
        let (_, path, _) = try Self.populatedSQLite()
        let target = try Backend.postgres.freshLocation()
        _ = try PostgresStore(url: target)
        try Backend.psql(
            target,
            """
            CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse BEFORE INSERT ON survey_response FOR EACH ROW EXECUTE FUNCTION refuse();
            """
        )
        let result = try Self.migrate(path, target)
        #expect(result.status != 0)
        #expect(result.errors.contains("refused by the test"), "\(result.errors)")
        #expect(result.errors.contains("copied run_scores: 2 / 2"), "the failure came before the runs were copied")
        let store = try PostgresStore(url: target)
        #expect(try store.frameworks().isEmpty)
        #expect(try store.datasets().isEmpty)
        #expect(try store.runs().isEmpty)
        #expect(try store.surveyNames().isEmpty)
        #expect(try store.surveyRowCounts().values.allSatisfy { $0 == 0 })
    }

    /// Without a PostgreSQL target, or with no source, nothing happens and the reason is given.
    @Test func wrongLocationsAreRefused() throws {
        let sqliteTarget = try Self.migrate("/nonexistent/old.sqlite", "/tmp/new.sqlite")
        #expect(sqliteTarget.status != 0)
        #expect(sqliteTarget.errors.contains("--to must be a PostgreSQL location"), "\(sqliteTarget.errors)")
        let missing = try Self.migrate("/nonexistent/old.sqlite", "postgres://nobody@127.0.0.1:1/x")
        #expect(missing.status != 0)
        #expect(missing.errors.contains("no SQLite store here"), "\(missing.errors)")
    }
}
