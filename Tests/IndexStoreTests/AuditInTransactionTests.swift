import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

/// A write and its audit event commit together or not at all (issue 19), on both backends: every
/// workflow's event is written inside its write's transaction (none appended after), and when the
/// event cannot be written, the write is not kept either.
///
/// The workflows run off the cooperative pool (``IndexTestSupport/TestSupport/offPool(_:)``): an
/// import, an upload and their runs are seconds of synchronous work. They return what they saw, and
/// the test checks it on its own task.
@Suite("Audit events in their write's transaction", .serialized)
struct AuditInTransactionTests {
    /// What the workflows left: events appended after their write, and the new events, newest first.
    struct Seen: Sendable {
        var fallbacks: Int
        var events: [AuditEvent]
        var uploadRun: Int64
    }

    static let actions = [
        "account.add", "account.role", "token.issue", "token.revoke", "run.review-request", "run.publish",
        "run.unpublish", "account.remove", "survey.create", "survey.answer", "survey.close", "dataset.import",
        "run.record", "account.add", "signin", "signout", "dataset.upload",
    ]

    @Test(arguments: Backend.allCases)
    func everyWorkflowRecordsItsEventInsideItsWrite(_ backend: Backend) async throws {
        let seen = try await TestSupport.offPool { try Self.everyWorkflow(backend) }
        #expect(seen.fallbacks == 0, "an event was appended after its write, outside its transaction")
        #expect(seen.events.map(\.action).reversed() == Self.actions)
        #expect(seen.events.first?.subject == "uploaded@1, run #\(seen.uploadRun)")
        // Each as who made it: the workflow's actor, or (signing in) the account that signed in.
        #expect(seen.events.allSatisfy { ($0.actor == "ada" || $0.action == "signin") && $0.address == "192.0.2.7" })
    }

    static func everyWorkflow(_ backend: Backend) throws -> Seen {
        let (store, runs) = try AccountStoreTests.storeWithTwoRuns(backend)
        let actor = Actor(name: "ada", address: "192.0.2.7")
        let workflows = Workflows(store: store, actor: actor)
        let before = AuditScope.fallbacks
        let events = try store.auditLog(limit: .max).count

        _ = try workflows.addAccount(name: "ana", role: .analyst, password: nil)
        _ = try workflows.setRole(.reviewer, account: "ana")
        let issued = try workflows.issueToken(account: "ana", role: nil, label: "laptop")
        _ = try workflows.revokeToken(issued.issued.id)
        _ = try workflows.requestReview(String(runs[0].id), note: "first look")
        _ = try workflows.publish(String(runs[0].id))
        _ = try workflows.withdrawPublication()
        try workflows.removeAccount("ana")
        let surveys = SurveyWorkflows(store: store, actor: actor)
        _ = try surveys.create(
            SurveyCreation(
                name: "panel",
                framework: try Catalog.frameworkSource(),
                scale: try ScoreScale(),
                experts: ["Wang", "Li"]
            )
        )
        let answer = Data(#"{"scores": {"n_platforms": 90}}"#.utf8)
        _ = try surveys.respond(survey: "panel", expert: "Wang", answers: .json(answer, origin: "answer.json"))
        _ = try surveys.closeRound(survey: "panel", rule: DelphiStoppingRule(maximumRounds: 3))
        _ = try workflows.importData(ImportRequest(files: [try Catalog.dataPath], dataset: "imported"))
        _ = try workflows.run(RunInputs(dataset: "imported"), options: RunOptions())
        // An account with a password signs in and out (its hash as the store keeps it, made quickly).
        _ = try workflows.addAccount(name: "rev", role: .reviewer, password: nil)
        try store.setPasswordHash(try PasswordHash.make("a long enough password", rounds: 1_000), account: "rev")
        guard case .signedIn(_, let session) = try workflows.signIn(name: "rev", password: "a long enough password")
        else { throw IndexError("rev did not sign in") }
        try workflows.signOut(session: session.id)
        let data = try Data(contentsOf: URL(fileURLWithPath: try Catalog.dataPath))
        let upload = try workflows.importUploadAndRun(name: "uploaded", fileName: "data.csv", data: data)
        let log = try store.auditLog(limit: .max)
        return Seen(
            fallbacks: AuditScope.fallbacks - before,
            events: Array(log.prefix(log.count - events)),
            uploadRun: upload.run.id
        )
    }

    /// The audit log refuses every insert (a trigger): the publication and the review request it would
    /// have recorded are refused whole, nothing of them stored.
    @Test(arguments: Backend.allCases)
    func aWriteWhoseEventFailsIsNotKept(_ backend: Backend) async throws {
        let kept = try await TestSupport.offPool { try Self.writesWhoseEventFails(backend) }
        #expect(kept.refusals == 2, "a write was made though its audit event was refused")
        #expect(kept.publications == 0 && kept.requests == 0, "a write was kept without its audit event")
    }

    static func writesWhoseEventFails(_ backend: Backend) throws -> (refusals: Int, publications: Int, requests: Int) {
        let (store, runs) = try AccountStoreTests.storeWithTwoRuns(backend)
        guard let location = Self.location(of: store) else { throw IndexError("no location for the store") }
        try backend.tamper(
            location,
            sqlite:
                "CREATE TRIGGER refuse BEFORE INSERT ON auditEvent BEGIN SELECT RAISE(ABORT, 'the log is full'); END;",
            postgres: """
                CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the log is full'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION refuse();
                """
        )
        let workflows = Workflows(store: store, actor: Actor(name: "rev", address: "192.0.2.8"))
        var refusals = 0
        do { _ = try workflows.publish(String(runs[1].id)) } catch { refusals += 1 }
        do { _ = try workflows.requestReview(String(runs[1].id), note: "") } catch { refusals += 1 }
        return (refusals, try store.publications().count, try store.reviewRequests().count)
    }

    /// Where a store is: its file, or its PostgreSQL URL.
    static func location(of store: any IndexStoring) -> String? {
        switch store {
        case let store as Store: store.path
        case let store as PostgresStore: store.location
        default: nil
        }
    }
}
