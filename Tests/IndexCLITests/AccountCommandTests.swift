import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

/// `iidei user`, `iidei publish` and `iidei audit-log` as a user types them, through the executable.
@Suite("Account commands", .serialized)
struct AccountCommandTests {
    @Test func accountsTokensPublicationAndTheAuditLog() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let iidei = TestSupport.executable
        let password = directory.appendingPathComponent("password").path
        try Data("a password long enough\n".utf8).write(to: URL(fileURLWithPath: password))
        let added = try TestSupport.run(
            iidei,
            ["user", "add", "rev", "--role", "reviewer", "--password-file", password, "--db", db]
        )
        #expect(added.contains("added account 'rev' as reviewer, password set"))
        // The password is hashed (PBKDF2), never stored as given.
        #expect(try !Data(contentsOf: URL(fileURLWithPath: db)).contains(Data("a password long enough".utf8)))
        #expect(
            try Store(path: db).signInRecord(account: "rev")?.passwordHash?.hasPrefix(
                "pbkdf2-sha256$\(PasswordHash.defaultRounds)$"
            ) == true
        )

        // Refusals name what is wrong and change nothing.
        let role = try TestSupport.runFailing(iidei, ["user", "add", "kim", "--role", "boss", "--db", db])
        #expect(
            role.status != 0 && role.errors.contains("no role 'boss': the roles are reader, analyst, reviewer, admin")
        )
        try Data("short\n".utf8).write(to: URL(fileURLWithPath: password))
        let short = try TestSupport.runFailing(
            iidei,
            ["user", "add", "kim", "--role", "reader", "--password-file", password, "--db", db]
        )
        #expect(short.errors.contains("password:1: a password needs at least 12 characters (this one has 5)"))
        let above = try TestSupport.runFailing(iidei, ["user", "token", "rev", "--role", "admin", "--db", db])
        #expect(above.errors.contains("a token of 'rev' cannot have role admin: the account is reviewer"))
        #expect(try Store(path: db).accounts().map(\.name) == ["rev"])

        // A token is printed once, on standard output; the list shows its number, never the token.
        let token = try TestSupport.run(iidei, ["user", "token", "rev", "--label", "ci", "--db", db])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("iidei_") && token.count == 38)
        let listed = try TestSupport.run(iidei, ["user", "tokens", "--db", db])
        #expect(listed.contains("#1") && listed.contains("ci") && !listed.contains(token))
        #expect(try Store(path: db).principal(token: token) == Principal(name: "rev", role: .reviewer, tokenID: 1))

        // Publish the run the import made, then take it back.
        _ = try TestSupport.run(iidei, ["import", try Catalog.dataPath, "--dataset", "p", "--db", db])
        _ = try TestSupport.run(iidei, ["run", "--dataset", "p", "--db", db, "--format", "json"])
        let published = try TestSupport.run(iidei, ["publish", "latest", "--db", db])
        #expect(published.contains("shown") && published.contains("#1") && published.contains("p@1"))
        let again = try TestSupport.runFailing(iidei, ["publish", "1", "--db", db])
        #expect(again.errors.contains("run #1 is the published run already"))
        _ = try TestSupport.run(iidei, ["publish", "--withdraw", "--db", db])
        #expect(try Store(path: db).publishedRunID() == nil)

        // The audit log lists each write, newest first; its JSON is the API's document.
        let log = try TestSupport.run(iidei, ["audit-log", "--db", db, "--format", "json"])
        let actions = try JSONDecoder().decode(Log.self, from: Data(log.utf8)).events.map(\.action)
        #expect(
            actions == ["run.unpublish", "run.publish", "run.record", "dataset.import", "token.issue", "account.add"]
        )
        _ = try TestSupport.run(iidei, ["user", "revoke", "#1", "--db", db])
        #expect(try Store(path: db).principal(token: token) == nil)
    }

    struct Log: Decodable {
        struct Event: Decodable { var action: String }
        var events: [Event]
    }
}
