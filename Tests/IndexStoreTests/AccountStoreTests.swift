import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

/// Accounts, API tokens, the audit log and publications: the same behaviour on SQLite and PostgreSQL.
@Suite struct AccountStoreTests {
    /// A store with the built-in dataset and two runs recorded on it.
    static func storeWithTwoRuns(_ backend: Backend) throws -> (any IndexStoring, [RunRecord]) {
        let (store, _) = try backend.freshStore()
        let source = try Catalog.frameworkSource()
        let framework = try source.parse()
        let dataset = try Catalog.dataset(for: framework)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let json = try WorkflowJSON.text(ResultsDocument(results))
        let (outcome, first) = try store.importDatasetAndRecordRun(
            name: "provinces",
            dataset: dataset,
            files: [],
            framework: source,
            options: RunOptions(),
            results: results,
            resultsJSON: json
        )
        let second = try store.recordRun(
            frameworkSource: source,
            dataset: outcome.version,
            options: RunOptions(),
            results: results,
            resultsJSON: json
        )
        return (store, [first, second])
    }

    @Test(arguments: Backend.allCases)
    func accountsRolesAndTokens(_ backend: Backend) throws {
        let (store, location) = try backend.freshStore()
        let hash = try PasswordHash.make("a long enough password", rounds: 1_000)
        let ana = try store.addAccount(name: "ana", role: .analyst, passwordHash: nil)
        #expect(ana.role == .analyst && !ana.hasPassword)
        _ = try store.addAccount(name: "rev", role: .reviewer, passwordHash: hash)
        let taken = #expect(throws: IndexError.self) {
            try store.addAccount(name: "ana", role: .admin, passwordHash: nil)
        }
        #expect(taken?.kind == .conflict)
        #expect(throws: IndexError.self) { try store.addAccount(name: " ana", role: .admin, passwordHash: nil) }
        #expect(throws: IndexError.self) { try store.addAccount(name: "a\u{7}b", role: .admin, passwordHash: nil) }
        #expect(try store.accounts().map(\.name) == ["ana", "rev"])
        #expect(try store.signInRecord(account: "rev")?.passwordHash == hash)
        #expect(try store.signInRecord(account: "nobody") == nil)

        // A token acts with its scope, never above the account's role, and only until revoked.
        let (full, fullToken) = try store.issueToken(account: "rev", role: nil, label: "ci")
        #expect(full.role == .reviewer && full.label == "ci" && fullToken.hasPrefix("iidei_"))
        let (narrow, narrowToken) = try store.issueToken(account: "rev", role: .reader, label: "")
        #expect(try store.principal(token: fullToken) == Principal(name: "rev", role: .reviewer, tokenID: full.id))
        #expect(try store.principal(token: narrowToken) == Principal(name: "rev", role: .reader, tokenID: narrow.id))
        #expect(full.expiresAt == nil, "an API token works until it is revoked")
        #expect(try store.principal(token: "iidei_" + String(repeating: "0", count: 32)) == nil)
        #expect(throws: IndexError.self) { try store.issueToken(account: "ana", role: .admin, label: "") }
        let missing = #expect(throws: IndexError.self) { try store.issueToken(account: "nobody", role: nil, label: "") }
        #expect(missing?.kind == .notFound)
        // Demoted: the reviewer's full token now acts as an analyst.
        #expect(try store.setRole(.analyst, account: "rev").role == .analyst)
        #expect(try store.principal(token: fullToken) == Principal(name: "rev", role: .analyst, tokenID: full.id))
        let revoked = try store.revokeToken(narrow.id)
        #expect(revoked.revokedAt != nil)
        #expect(try store.revokeToken(narrow.id).revokedAt == revoked.revokedAt)
        #expect(try store.principal(token: narrowToken) == nil)
        #expect(try store.tokens(account: "rev").map(\.id) == [full.id, narrow.id])
        #expect(try store.tokens(account: nil).count == 2)
        // The token itself is nowhere in the store: only its hash.
        #expect(try !backend.contents(location).contains(Data(fullToken.utf8)))
        // Removing an account takes its tokens with it.
        try store.removeAccount("rev")
        #expect(try store.principal(token: fullToken) == nil)
        #expect(try store.tokens(account: nil).isEmpty)
        #expect(throws: IndexError.self) { try store.removeAccount("rev") }
    }

    @Test(arguments: Backend.allCases)
    func publishingDecidesTheShownRunAndCanBeUndone(_ backend: Backend) throws {
        let (store, runs) = try Self.storeWithTwoRuns(backend)
        let (first, second) = (runs[0].id, runs[1].id)
        #expect(try store.publishedRunID() == nil)
        let none = #expect(throws: IndexError.self) { try store.withdrawPublication(by: "rev") }
        #expect(none?.kind == .conflict)
        let absent = #expect(throws: IndexError.self) { try store.publish(run: 999, by: "rev") }
        #expect(absent?.kind == .notFound)

        let published = try store.publish(run: first, by: "rev")
        #expect(published.run == first && published.publishedBy == "rev" && published.isCurrent)
        #expect(try store.publishedRunID() == first)
        let twice = #expect(throws: IndexError.self) { try store.publish(run: first, by: "rev") }
        #expect(twice?.kind == .conflict)
        _ = try store.publish(run: second, by: "lee")
        #expect(try store.publishedRunID() == second)
        // Taking the newest back shows the one published before it; then none.
        let withdrawn = try store.withdrawPublication(by: "lee")
        #expect(withdrawn.run == second && withdrawn.withdrawnBy == "lee" && !withdrawn.isCurrent)
        #expect(try store.publishedRunID() == first)
        _ = try store.withdrawPublication(by: "rev")
        #expect(try store.publishedRunID() == nil)
        #expect(try store.publications().map(\.run) == [second, first])
        #expect(try store.publications().allSatisfy { !$0.isCurrent })
    }

    @Test(arguments: Backend.allCases)
    func theAuditLogKeepsEveryEventNewestFirst(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        for index in 1...3 {
            try store.recordEvent(actor: "ana", action: "run.record", subject: "#\(index)", address: "10.0.0.\(index)")
        }
        let events = try store.auditLog(limit: 2)
        #expect(events.map(\.subject) == ["#3", "#2"])
        #expect(events.map(\.address) == ["10.0.0.3", "10.0.0.2"])
        #expect(try store.auditLog(limit: 10).count == 3)
    }

    /// A sign-in session is a token that stops working after its lifetime by itself, on both
    /// backends; failures are counted by name and by address within a window.
    @Test(arguments: Backend.allCases)
    func sessionsExpireAndFailuresAreCounted(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        _ = try store.addAccount(name: "ana", role: .analyst, passwordHash: nil)
        let before = ISO8601DateFormatter().string(from: Date().addingTimeInterval(1))
        let (session, token) = try store.issueToken(account: "ana", role: nil, label: "sign-in session", lifetime: 2)
        let after = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3))
        let expires = try #require(session.expiresAt)
        #expect(before <= expires && expires <= after, "\(before) ≤ \(expires) ≤ \(after)")
        #expect(try store.tokens(account: "ana").first?.expiresAt == expires)
        #expect(try store.principal(token: token) == Principal(name: "ana", role: .analyst, tokenID: session.id))
        Thread.sleep(forTimeInterval: 3.1)
        #expect(try store.principal(token: token) == nil, "an expired session is refused")
        #expect(throws: IndexError.self) { try store.issueToken(account: "ana", role: nil, label: "", lifetime: 0) }

        let since = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
        for (subject, address) in [("ana", "10.0.0.1"), ("ana", "10.0.0.2"), ("bob", "10.0.0.1")] {
            try store.recordEvent(actor: "anonymous", action: "signin.failed", subject: subject, address: address)
        }
        try store.recordEvent(actor: "ana", action: "signin", subject: "session", address: "10.0.0.1")
        #expect(try store.countEvents(action: "signin.failed", subject: "ana", address: nil, since: since) == 2)
        #expect(try store.countEvents(action: "signin.failed", subject: nil, address: "10.0.0.1", since: since) == 2)
        #expect(try store.countEvents(action: "signin.failed", subject: "bob", address: "10.0.0.1", since: since) == 1)
        #expect(try store.countEvents(action: "signin.failed", subject: nil, address: nil, since: since) == 3)
        let future = ISO8601DateFormatter().string(from: Date().addingTimeInterval(60))
        #expect(try store.countEvents(action: "signin.failed", subject: "ana", address: nil, since: future) == 0)
    }

    /// Signing in: the right password gives a session of the account's role and is audited as the
    /// account; a wrong one, an unknown name or an account without a password is refused alike and
    /// audited as a failure; after the limit, even the right password is refused for a while.
    @Test(arguments: Backend.allCases)
    func signingInAndItsLimit(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        let password = "a long enough password"
        _ = try store.addAccount(
            name: "rev",
            role: .reviewer,
            passwordHash: try PasswordHash.make(password, rounds: 1_000)
        )
        _ = try store.addAccount(name: "nopass", role: .admin, passwordHash: nil)
        let workflows = Workflows(store: store, actor: Actor(name: "anonymous", address: "192.0.2.9"))
        guard case .signedIn(let token, let session) = try workflows.signIn(name: "rev", password: password) else {
            Issue.record("the right password was refused")
            return
        }
        #expect(session.role == .reviewer && session.expiresAt != nil && session.label == "sign-in session")
        #expect(try store.principal(token: token)?.name == "rev")
        let signedIn = try #require(try store.auditLog(limit: 1).first)
        #expect(signedIn.actor == "rev" && signedIn.action == "signin" && signedIn.address == "192.0.2.9")
        try workflows.signOut(session: session.id)
        #expect(try store.principal(token: token) == nil, "signing out revokes the session")

        for (name, attempt) in [("rev", "wrong password!"), ("nobody", password), ("nopass", password)] {
            guard case .refused = try workflows.signIn(name: name, password: attempt) else {
                Issue.record("\(name) was not refused")
                continue
            }
        }
        #expect(try store.auditLog(limit: 3).map(\.action) == Array(repeating: SessionRules.failureAction, count: 3))
        for _ in 0..<(SessionRules.failureLimit - 1) {
            _ = try workflows.signIn(name: "rev", password: "wrong password!")
        }
        guard case .tooManyAttempts(let seconds) = try workflows.signIn(name: "rev", password: password) else {
            Issue.record("the limit did not hold")
            return
        }
        #expect(seconds == SessionRules.failureWindow)
        // Another name from another address is not locked out by rev's failures.
        let elsewhere = Workflows(store: store, actor: Actor(name: "anonymous", address: "192.0.2.10"))
        guard case .refused = try elsewhere.signIn(name: "nopass", password: password) else {
            Issue.record("another name from another address was locked out")
            return
        }
    }

    /// The workflows record each write they make, as the actor they were given.
    @Test(arguments: Backend.allCases)
    func workflowsRecordTheirWrites(_ backend: Backend) throws {
        let (store, runs) = try Self.storeWithTwoRuns(backend)
        let workflows = Workflows(store: store, actor: Actor(name: "rev", address: "192.0.2.7"))
        _ = try workflows.addAccount(name: "lee", role: .reviewer, password: nil)
        let issued = try workflows.issueToken(account: "lee", role: nil, label: "laptop")
        _ = try workflows.revokeToken(issued.issued.id)
        let shown = try workflows.publish("#\(runs[0].id)")
        #expect(shown.shownRun == runs[0].id)
        #expect(shown.publications.first?.dataset == "provinces@1")
        #expect(shown.publications.first?.isShown == true)
        #expect(try workflows.withdrawPublication().shownRun == nil)
        let log = try workflows.auditLog(limit: 10).events
        #expect(
            log.map(\.action) == ["run.unpublish", "run.publish", "token.revoke", "token.issue", "account.add"]
        )
        #expect(log.allSatisfy { $0.actor == "rev" && $0.address == "192.0.2.7" })
        #expect(log[3].subject == "#\(issued.issued.id) of lee (reviewer)")
        #expect(throws: IndexError.self) { try workflows.auditLog(limit: 0) }
        // A short password is refused before anything is stored.
        #expect(throws: IndexError.self) { try workflows.addAccount(name: "kim", role: .reader, password: "short") }
        #expect(try store.accounts().map(\.name) == ["lee"])
    }
}

@Suite struct PasswordHashTests {
    @Test func verifiesTheRightPasswordOnly() throws {
        let stored = try PasswordHash.make("correct horse battery", rounds: 2_000)
        let parts = stored.split(separator: "$")
        #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256" && parts[1] == "2000")
        #expect(PasswordHash.verify("correct horse battery", against: stored))
        #expect(!PasswordHash.verify("correct horse batterz", against: stored))
        #expect(!PasswordHash.verify("correct horse battery", against: "pbkdf2-sha256$0$AAAA$AAAA"))
        #expect(!PasswordHash.verify("correct horse battery", against: "not a hash"))
        // A fresh salt each time: the same password never gives the same hash.
        #expect(try PasswordHash.make("correct horse battery", rounds: 2_000) != stored)
        #expect(throws: IndexError.self) { try PasswordHash.make("eleven char") }
    }

    /// RFC 7914 §11's PBKDF2-HMAC-SHA-256 vector (P = "passwd", S = "salt", c = 1, 64 bytes; the first 32 here).
    @Test func matchesThePublishedVector() throws {
        let stored =
            "pbkdf2-sha256$1$" + Data("salt".utf8).base64EncodedString() + "$"
            + Data(
                [
                    0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f, 0xec, 0x16, 0x91, 0xc2, 0x25, 0x44, 0xb6, 0x05,
                    0xf9, 0x41, 0x85, 0x21, 0x6d, 0xde, 0x04, 0x65, 0xe6, 0x8b, 0x9d, 0x57, 0xc2, 0x0d, 0xac, 0xbc,
                ]
            ).base64EncodedString()
        #expect(PasswordHash.verify("passwd", against: stored))
        #expect(!PasswordHash.verify("passwe", against: stored))
    }
}
