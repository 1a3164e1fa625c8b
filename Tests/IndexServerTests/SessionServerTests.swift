import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

/// A browser's view of signing in, over real HTTP with a cookie jar (curl's): the sign-in form and
/// its anti-forgery cookie, the session cookie's attributes, what a session may do, what a forged
/// request may not, signing out, the admin page's forms, and the limit on failed sign-ins.
@Suite("Signing in, sessions and forgery", .serialized)
struct SessionServerTests {
    /// A client with its own cookie jar.
    struct Browser {
        let server: PostgresServeTests.Server
        let jar: String

        /// Status, headers and body of a request; a form body is sent as an HTML form.
        func send(
            _ method: String,
            _ path: String,
            form: [(String, String)]? = nil,
            headers: [String] = []
        ) throws -> (status: Int, headers: String, body: String) {
            var arguments = ["-i", "-X", method, "-c", jar, "-b", jar]
            for header in headers { arguments += ["-H", header] }
            for (name, value) in form ?? [] { arguments += ["--data-urlencode", "\(name)=\(value)"] }
            let output = try PostgresServeTests.Server.curl(arguments + ["\(server.base)\(path)"])
            let parts = output.components(separatedBy: "\r\n\r\n")
            let head = parts.first ?? ""
            let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
            // The body as a reader reads it: the page escapes quotes and apostrophes (XMLText).
            let body = parts.dropFirst().joined(separator: "\r\n\r\n").replacingOccurrences(of: "&#39;", with: "'")
            return (status, head, body)
        }

        /// The value of `name="field" value="…"` (the first) in a page.
        static func field(_ name: String, in html: String) -> String? {
            guard
                let range = html.range(of: "name=\"\(name)\" value=\"") ?? html.range(of: "name=\"\(name)\" content=\"")
            else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }

        /// Signs in through the form as a browser does: the form's page first, then its post.
        func signIn(
            _ name: String,
            _ password: String,
            next: String = "/"
        ) throws -> (
            status: Int, headers: String, body: String
        ) {
            let page = try send("GET", "/signin")
            let token = try #require(Self.field("csrf", in: page.body))
            return try send(
                "POST",
                "/signin",
                form: [("name", name), ("password", password), ("csrf", token), ("next", next)]
            )
        }

        /// The session's anti-forgery token, as a page carries it.
        func csrf() throws -> String {
            try #require(Self.field("csrf-token", in: try send("GET", "/runs").body))
        }
    }

    static func server(arguments: [String] = []) throws -> (PostgresServeTests.Server, String) {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let store = try Store(path: db)
        _ = try store.addAccount(name: "ada", role: .admin, passwordHash: try PasswordHash.make("ada's long password"))
        _ = try store.addAccount(
            name: "ana",
            role: .analyst,
            passwordHash: try PasswordHash.make("ana's long password")
        )
        let tokenFile = directory.appendingPathComponent("token").path
        try Data("session-test-service-token-0123".utf8).write(to: URL(fileURLWithPath: tokenFile))
        _ = try store.addAccount(
            name: "rita",
            role: .reader,
            passwordHash: try PasswordHash.make("rita's long password")
        )
        return (try PostgresServeTests.Server(database: db, tokenFile: tokenFile, arguments: arguments), db)
    }

    static func browser(_ server: PostgresServeTests.Server) throws -> Browser {
        Browser(server: server, jar: try TestSupport.temporaryDirectory().appendingPathComponent("jar").path)
    }

    /// One server for the SQLite sections below, in order (each server spends its first seconds
    /// computing the dashboard's background work, so the suite starts as few as it can).
    @Test func signingInSessionsAndAccountsOnOneServer() throws {
        let (server, db) = try Self.server()
        try Self.aDraftIsComparedWithThePublishedRun(server, db)
        try Self.anAnalystSignsInWritesOnlyWithTheTokenAndSignsOut(server, db)
        try Self.anAdminManagesAccountsWithTheForms(server, db)
        try Self.anAdminScriptManagesAccountsThroughTheAPI(server, db)
        try Self.failedSignInsAreLimited(server)
    }

    static func anAnalystSignsInWritesOnlyWithTheTokenAndSignsOut(
        _ server: PostgresServeTests.Server,
        _ db: String
    ) throws {
        let browser = try Self.browser(server)

        // A wrong password: the page says so in its language; a form not from this site is refused.
        let wrong = try browser.signIn("ana", "not the password")
        #expect(wrong.status == 401 && wrong.body.contains("账户名或密码不正确。"))
        let forged = try browser.send(
            "POST",
            "/signin",
            form: [("name", "ana"), ("password", "ana's long password"), ("csrf", "made-up")]
        )
        #expect(forged.status == 403 && forged.body.contains("登录表单已过期或并非来自本站"))
        #expect(!forged.headers.contains("iidei_session="))
        // A form route takes an HTML form only.
        let json = try browser.send("POST", "/signin", headers: ["Content-Type: application/json"])
        #expect(json.status == 415 && json.body.contains("application/x-www-form-urlencoded"))

        // The right one: a session cookie no script can read, back to a page of this site only.
        let signedIn = try browser.signIn("ana", "ana's long password", next: "//evil.example/")
        #expect(signedIn.status == 303)
        #expect(signedIn.headers.contains("Location: /\r\n"), "an off-site next is not followed: \(signedIn.headers)")
        let cookie = try #require(
            signedIn.headers.components(separatedBy: "\r\n").first { $0.hasPrefix("Set-Cookie: iidei_session=") }
        )
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
        #expect(cookie.contains("Max-Age=\(SessionRules.lifetime)") && !cookie.contains("Secure"))
        let session = String(cookie.dropFirst("Set-Cookie: iidei_session=".count).prefix { $0 != ";" })

        // Pages show who is signed in; the runs page needs no token field.
        let runs = try browser.send("GET", "/runs")
        #expect(runs.body.contains("ana · 分析员") && runs.body.contains("退出登录"))
        #expect(!runs.body.contains("name=\"token\""))

        // A write with the cookie needs the page's anti-forgery token, and then the role.
        let csrf = try browser.csrf()
        #expect(csrf == SessionRules.csrfToken(session: session))
        let bare = try browser.send("POST", "/api/v1/publications/withdraw")
        #expect(bare.status == 403 && bare.body.contains("anti-forgery token (X-CSRF-Token)"))
        let withToken = try browser.send("POST", "/api/v1/publications/withdraw", headers: ["X-CSRF-Token: \(csrf)"])
        #expect(withToken.status == 403 && withToken.body.contains("'ana' acts as analyst"), "\(withToken.body)")
        let crossSite = try browser.send(
            "POST",
            "/api/v1/publications/withdraw",
            headers: ["X-CSRF-Token: \(csrf)", "Origin: http://evil.example"]
        )
        #expect(crossSite.status == 403 && crossSite.body.contains("another origin"))
        let fetchedCrossSite = try browser.send(
            "POST",
            "/api/v1/publications/withdraw",
            headers: ["X-CSRF-Token: \(csrf)", "Sec-Fetch-Site: cross-site"]
        )
        #expect(fetchedCrossSite.status == 403)
        // An analyst is not an admin: the admin page says so, in the page's language.
        let admin = try browser.send("GET", "/admin?lang=en")
        #expect(admin.status == 403 && admin.body.contains("This page is for admins; this account's role is analyst."))

        // Signing out needs the session's token too, then ends the session in the store.
        let stale = try browser.send("POST", "/signout", form: [("csrf", "made-up")])
        #expect(stale.status == 403 && stale.body.contains("此表单已过期"))
        #expect(try Store(path: db, access: .readOnly).principal(token: session) != nil)
        let out = try browser.send("POST", "/signout", form: [("csrf", csrf)])
        #expect(out.status == 303 && out.headers.contains("iidei_session=; ") && out.headers.contains("Max-Age=0"))
        #expect(try Store(path: db, access: .readOnly).principal(token: session) == nil)
        // The old cookie, sent again, is nobody's.
        let replayed = try PostgresServeTests.Server.curl(
            ["-o", "/dev/null", "-w", "%{http_code}", "-b", "iidei_session=\(session)", "\(server.base)/admin"]
        )
        #expect(replayed == "303", "a revoked session is sent to sign in")

        let log = try Store(path: db, access: .readOnly).auditLog(limit: 3)
        #expect(log.map(\.action) == ["signout", "signin", SessionRules.failureAction])
        #expect(log.allSatisfy { $0.address == "127.0.0.1" })
        #expect(log[1].actor == "ana" && log[2].subject == "ana")
    }

    static func anAdminManagesAccountsWithTheForms(_ server: PostgresServeTests.Server, _ db: String) throws {
        let browser = try Self.browser(server)
        let signedIn = try browser.signIn("ada", "ada's long password", next: "/admin?lang=en")
        #expect(signedIn.headers.contains("Location: /admin?lang=en\r\n"))
        let page = try browser.send("GET", "/admin?lang=en")
        #expect(page.status == 200)
        #expect(page.body.contains("<th scope=\"row\">ana</th><td>analyst</td>"))
        #expect(page.body.contains("<code>signin</code>"), "the audit log shows the sign-in")
        let csrf = try #require(Browser.field("csrf", in: page.body))

        let added = try browser.send(
            "POST",
            "/admin",
            form: [
                ("action", "add"), ("name", "rui"), ("role", "reviewer"), ("password", ""), ("csrf", csrf),
                ("lang", "en"),
            ]
        )
        #expect(added.status == 200 && added.body.contains("Done: rui (reviewer)"))
        let promoted = try browser.send(
            "POST",
            "/admin",
            form: [("action", "role"), ("name", "ana"), ("role", "reviewer"), ("csrf", csrf)]
        )
        #expect(promoted.status == 200 && promoted.body.contains("已完成：ana → reviewer"))
        // A form without the session's token changes nothing.
        let forged = try browser.send(
            "POST",
            "/admin",
            form: [("action", "role"), ("name", "ana"), ("role", "admin"), ("csrf", "made-up")]
        )
        #expect(forged.status == 403 && forged.body.contains("未做任何更改"))
        // A refusal from the workflow is said on the page, with the error kind's status.
        let twice = try browser.send(
            "POST",
            "/admin",
            form: [("action", "add"), ("name", "rui"), ("role", "reader"), ("csrf", csrf)]
        )
        #expect(twice.status == 409 && twice.body.contains("account 'rui' exists already"))
        let store = try Store(path: db, access: .readOnly)
        #expect(
            try store.accounts().map { "\($0.name):\($0.role.rawValue)" } == [
                "ada:admin", "ana:reviewer", "rita:reader", "rui:reviewer",
            ]
        )
        let log = try store.auditLog(limit: 3)
        #expect(log.map(\.action) == ["account.role", "account.add", "signin"])
        #expect(log.allSatisfy { $0.actor == "ada" && $0.address == "127.0.0.1" })

        // Revoking a session from the admin page ends it (here, ada's own).
        let session = try #require(try store.tokens(account: "ada").last)
        let revoked = try browser.send(
            "POST",
            "/admin",
            form: [("action", "revoke"), ("token", "\(session.id)"), ("csrf", csrf)]
        )
        #expect(revoked.status == 200 && revoked.body.contains("已完成：#\(session.id) (ada)"))
        #expect(try browser.send("GET", "/admin").status == 303, "the revoked session is signed out")
    }

    /// On a private server a page sends a browser to sign in and back; a reader's session opens
    /// the pages and the API's reads, and writes nothing.
    @Test func aPrivateServerSendsReadersToSignIn() throws {
        let (server, _) = try Self.server(arguments: ["--private"])
        let browser = try Self.browser(server)
        let page = try browser.send("GET", "/regions?lang=en")
        #expect(page.status == 303)
        #expect(page.headers.contains("Location: /signin?lang=en&next=/regions?lang%3Den"), "\(page.headers)")
        #expect(try browser.send("GET", "/api/v1/runs").status == 401, "the API answers 401, not a redirect")
        #expect(try browser.send("GET", "/signin").status == 200, "the sign-in page is open")
        let signedIn = try browser.signIn("rita", "rita's long password", next: "/regions?lang=en")
        #expect(signedIn.status == 303 && signedIn.headers.contains("Location: /regions?lang=en\r\n"))
        #expect(try browser.send("GET", "/regions?lang=en").status == 200)
        #expect(try browser.send("GET", "/api/v1/runs").status == 200)
        let write = try browser.send(
            "POST",
            "/api/v1/publications/withdraw",
            headers: ["X-CSRF-Token: \(try browser.csrf())"]
        )
        #expect(write.status == 403 && write.body.contains("'rita' acts as reader"))
    }

    /// Two servers on one PostgreSQL database: a session made on one is good on the other, and
    /// signing out on one ends it on both at once; failures count across both.
    @Test func aSessionIsOneOnEveryServer() throws {
        let database = try PostgresServeTests.freshDatabase()
        let store = try PostgresStore(url: database)
        _ = try store.addAccount(name: "ada", role: .admin, passwordHash: try PasswordHash.make("ada's long password"))
        let tokenFile = try TestSupport.temporaryDirectory().appendingPathComponent("token").path
        try Data("session-test-service-token-0123".utf8).write(to: URL(fileURLWithPath: tokenFile))
        let first = try PostgresServeTests.Server(database: database, tokenFile: tokenFile)
        let second = try PostgresServeTests.Server(database: database, tokenFile: tokenFile)
        let jar = try TestSupport.temporaryDirectory().appendingPathComponent("jar").path
        let onFirst = Browser(server: first, jar: jar)
        let onSecond = Browser(server: second, jar: jar)
        // Failures on the first server count on the second.
        for _ in 0..<(SessionRules.failureLimit - 1) {
            #expect(try onFirst.signIn("ada", "wrong password!").status == 401)
        }
        #expect(try onSecond.signIn("ada", "ada's long password").status == 303)
        #expect(try onFirst.send("GET", "/admin").status == 200, "the second server's session opens the first")
        let csrf = try onSecond.csrf()
        let cookie = try #require(
            try String(contentsOfFile: jar, encoding: .utf8).split(separator: "\n").first {
                $0.contains("iidei_session")
            }
        )
        let value = String(cookie.split(separator: "\t").last ?? "")
        #expect(try onFirst.send("POST", "/signout", form: [("csrf", csrf)]).status == 303)
        #expect(try #require(try store.tokens(account: "ada").last).revokedAt != nil)
        // The cookie, sent again by hand to the second server, is refused at once.
        let replayed = try PostgresServeTests.Server.curl(
            ["-o", "/dev/null", "-w", "%{http_code}", "-b", "iidei_session=\(value)", "\(second.base)/admin"]
        )
        #expect(replayed == "303")
        #expect(try onSecond.signIn("ada", "wrong password!").status == 401)
        #expect(try onFirst.signIn("ada", "ada's long password").status == 429, "five failures across two servers")
    }

    /// An analyst compares a draft with the published run on a page: the runs page links each draft
    /// to it, and the page's counts are the API's diff.
    static func aDraftIsComparedWithThePublishedRun(_ server: PostgresServeTests.Server, _ db: String) throws {
        let iidei = TestSupport.executable
        _ = try TestSupport.run(iidei, ["import", try Catalog.dataPath, "--dataset", "provinces", "--db", db])
        _ = try TestSupport.run(iidei, ["run", "--dataset", "provinces", "--db", db, "--format", "json"])
        _ = try TestSupport.run(
            iidei,
            [
                "run", "--dataset", "provinces", "--db", db, "--format", "json", "--aggregate", "geometric",
                "--normalise", "minmax:1,100",
            ]
        )
        _ = try TestSupport.run(iidei, ["publish", "1", "--db", db])
        let browser = try Self.browser(server)
        let runs = try browser.send("GET", "/runs?lang=en")
        #expect(runs.body.contains("href=\"/runs/1/diff/2?lang=en\""), "the draft links to the published run")
        let document = try JSONSerialization.jsonObject(with: Data(try server.get("/api/v1/runs/1/diff/2").utf8))
        let diff = try #require(document as? [String: Any])
        let changes = try #require(diff["changes"] as? [[String: Any]])
        let (ranks, tiers) = (try #require(diff["rankChanges"] as? Int), try #require(diff["tierChanges"] as? Int))
        #expect(ranks > 0, "a geometric mean moves some ranks")
        let page = try browser.send("GET", "/runs/1/diff/2?lang=en")
        #expect(page.status == 200)
        #expect(
            page.body.contains(
                "From run #1 (provinces@1) to #2 (provinces@1): \(changes.count) scores changed, \(ranks) ranks and \(tiers) tiers with them."
            ),
            "\(page.body.prefix(2_000))"
        )
        #expect(page.body.contains("<tr class=\"moved\"><th scope=\"row\">"), "moved ranks are marked")
        #expect(try browser.send("GET", "/runs/1/diff/99").status == 404)
    }

    /// An admin's script manages accounts through the JSON API: the same workflows and refusals as
    /// the command line, audited as the sender; a token issued there works at once and stops at once.
    static func anAdminScriptManagesAccountsThroughTheAPI(_ server: PostgresServeTests.Server, _ db: String) throws {
        let admin = "session-test-service-token-0123"
        func call(
            _ method: String,
            _ path: String,
            _ body: String? = nil,
            bearer: String = admin
        ) throws -> (
            status: Int, body: String
        ) {
            var arguments = ["-X", method, "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(bearer)"]
            if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
            let output = try PostgresServeTests.Server.curl(arguments + ["\(server.base)\(path)"])
            let status = Int(output.split(separator: "\n").last.map(String.init) ?? "") ?? 0
            return (status, output)
        }
        let added = try call("POST", "/api/v1/accounts", #"{"name": "sam", "role": "analyst"}"#)
        #expect(added.status == 201 && added.body.contains(#""hasPassword" : false"#), "\(added.body)")
        #expect(try call("POST", "/api/v1/accounts", #"{"name": "sam", "role": "reader"}"#).status == 409)
        let badRole = try call("POST", "/api/v1/accounts", #"{"name": "kim", "role": "owner"}"#)
        #expect(badRole.status == 422 && badRole.body.contains("no role 'owner'"))
        let extra = try call("POST", "/api/v1/accounts", #"{"name": "kim", "role": "reader", "admin": true}"#)
        #expect(extra.status == 422 && extra.body.contains("unknown field 'admin'"))
        let short = try call("POST", "/api/v1/accounts", #"{"name": "kim", "role": "reader", "password": "short"}"#)
        #expect(short.status == 422 && short.body.contains("at least 12 characters"))
        #expect(try call("POST", "/api/v1/accounts/sam/role", #"{"role": "reviewer"}"#).status == 200)
        let issued = try call("POST", "/api/v1/accounts/sam/tokens", #"{"label": "nightly"}"#)
        #expect(issued.status == 201)
        let token = try #require(
            issued.body.split(separator: "\"").first { $0.hasPrefix("iidei_") }.map(String.init)
        )
        // The new token acts as sam (a reviewer): not an admin, so the account list is refused.
        let refused = try call("GET", "/api/v1/accounts", bearer: token)
        #expect(refused.status == 403 && refused.body.contains("'sam' acts as reviewer"))
        let listing = try call("GET", "/api/v1/accounts")
        #expect(
            listing.status == 200 && listing.body.contains(#""label" : "nightly""#) && !listing.body.contains(token)
        )
        let id = try #require(try Store(path: db, access: .readOnly).tokens(account: "sam").first?.id)
        #expect(try call("POST", "/api/v1/tokens/\(id)/revoke").status == 200)
        #expect(try call("GET", "/api/v1/publications", bearer: token).status == 200, "reads stay public")
        #expect(try call("POST", "/api/v1/publications/withdraw", bearer: token).status == 401, "revoked at once")
        #expect(try call("POST", "/api/v1/tokens/abc/revoke").status == 400)
        #expect(try call("DELETE", "/api/v1/accounts/sam").status == 200)
        #expect(try call("DELETE", "/api/v1/accounts/sam").status == 404)
        let log = try Store(path: db, access: .readOnly).auditLog(limit: 5)
        #expect(log.map(\.action) == ["account.remove", "token.revoke", "token.issue", "account.role", "account.add"])
        #expect(log.allSatisfy { $0.actor == "service-token" })
    }

    static func failedSignInsAreLimited(_ server: PostgresServeTests.Server) throws {
        let browser = try Self.browser(server)
        for _ in 0..<SessionRules.failureLimit {
            #expect(try browser.signIn("ada", "not ada's password").status == 401)
        }
        let locked = try browser.signIn("ada", "ada's long password")
        #expect(locked.status == 429)
        #expect(locked.headers.contains("Retry-After: \(SessionRules.failureWindow)"))
        #expect(locked.body.contains("失败次数过多：此账户名或此地址请在 \((SessionRules.failureWindow + 59) / 60) 分钟后再试。"))
        #expect(!locked.headers.contains("iidei_session="))
        // Another account from the same address is not locked out by ada's failures.
        #expect(try browser.signIn("ana", "ana's long password").status == 303)
    }
}
