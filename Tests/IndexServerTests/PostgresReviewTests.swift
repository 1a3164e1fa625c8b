import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

extension PostgresServeTests.Server {
    /// A request's status and body, as `bearer` when given.
    func request(_ method: String, _ path: String, bearer: String? = nil) throws -> (status: Int, body: String) {
        var arguments = ["-X", method, "-w", "\n%{http_code}"]
        if let bearer { arguments += ["-H", "Authorization: Bearer \(bearer)"] }
        let output = try Self.curl(arguments + ["\(base)\(path)"])
        let status = Int(output.split(separator: "\n").last.map(String.init) ?? "") ?? 0
        return (status, output)
    }

    /// Waits (at most 20 s) until a GET's compact body satisfies `condition`.
    func eventually(_ path: String, _ condition: (String) -> Bool) throws -> Bool {
        let started = Date()
        while Date().timeIntervalSince(started) < 20 {
            let answer = try request("GET", path)
            if condition(answer.body.filter { $0 != " " && $0 != "\n" }) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}

extension PostgresServeTests {
    /// Review before publish across two servers on one database, with accounts made by the command
    /// line: an analyst's upload is a draft, a reviewer's publish is what both dashboards show (and
    /// a later upload does not change it), taking it back shows the draft again; roles are enforced,
    /// a revoked token is refused at once, and the audit log names who wrote what from where.
    @Test func reviewersPublishWhatBothServersShow() throws {
        let database = try Self.freshDatabase()
        let iidei = TestSupport.executable
        _ = try TestSupport.run(iidei, ["user", "add", "ana", "--role", "analyst", "--db", database])
        _ = try TestSupport.run(iidei, ["user", "add", "rev", "--role", "reviewer", "--db", database])
        func token(_ name: String) throws -> String {
            try TestSupport.run(iidei, ["user", "token", name, "--db", database])
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let (ana, rev) = (try token("ana"), try token("rev"))
        #expect(ana.hasPrefix("iidei_") && rev.hasPrefix("iidei_"))
        let tokenFile = try Self.tokenFile()
        let first = try Server(database: database, tokenFile: tokenFile)
        let second = try Server(database: database, tokenFile: tokenFile)

        // The analyst's upload: recorded, shown as a draft, not published.
        let upload = try first.post(
            "/api/v1/datasets?name=provinces&file=data.csv",
            body: try Self.data(changedBy: 0),
            bearer: ana
        )
        #expect(upload.status == 201, "\(upload.body.prefix(300))")
        let store = try PostgresStore(url: database)
        let draft = try #require(try store.latestRunID())
        #expect(try second.request("GET", "/api/v1/published/regional").status == 404)
        #expect(try second.eventually("/") { $0.contains("运行#\(draft)") && $0.contains("草稿") })
        // An analyst may not publish; a reader token may not upload.
        #expect(try first.request("POST", "/api/v1/runs/\(draft)/publish", bearer: ana).status == 403)
        #expect(try first.request("POST", "/api/v1/runs/\(draft)/publish").status == 401)

        // The reviewer publishes through the other server; both show it.
        let published = try second.request("POST", "/api/v1/runs/\(draft)/publish", bearer: rev)
        #expect(published.status == 200, "\(published.body.prefix(300))")
        #expect(published.body.contains("\"publishedBy\" : \"rev\""))
        for server in [first, second] {
            #expect(try server.eventually("/api/v1/published/regional") { $0.contains("\"run\":\(draft)") })
            #expect(try server.eventually("/") { $0.contains("由rev于") })
        }
        // A later upload is a draft: what readers see does not change.
        let later = try first.post(
            "/api/v1/datasets?name=provinces&file=data.csv",
            body: try Self.data(changedBy: 1),
            bearer: ana
        )
        #expect(later.status == 201)
        let newest = try #require(try store.latestRunID())
        #expect(newest != draft)
        Thread.sleep(forTimeInterval: 1)
        for server in [first, second] {
            #expect(try server.json("/api/v1/runs/latest/regional").contains("\"run\":\(draft)"))
            #expect(try server.json("/api/v1/published/regional").contains("\"run\":\(draft)"))
        }
        // Taken back: the newest run is shown again, as a draft, on both.
        let withdrawn = try first.request("POST", "/api/v1/publications/withdraw", bearer: rev)
        #expect(withdrawn.status == 200, "\(withdrawn.body.prefix(300))")
        for server in [first, second] {
            #expect(try server.eventually("/api/v1/runs/latest/regional") { $0.contains("\"run\":\(newest)") })
            #expect(try server.request("GET", "/api/v1/published/regional").status == 404)
        }

        // The audit log: an admin's read (the server's own token); a reviewer may not.
        #expect(try first.request("GET", "/api/v1/audit-log", bearer: rev).status == 403)
        let log = try first.request("GET", "/api/v1/audit-log?limit=20", bearer: Self.token)
        #expect(log.status == 200)
        let events = log.body.filter { $0 != " " && $0 != "\n" }
        for expected in [
            "\"action\":\"dataset.upload\",\"actor\":\"ana\"", "\"action\":\"run.publish\",\"actor\":\"rev\"",
            "\"action\":\"run.unpublish\",\"actor\":\"rev\"", "\"subject\":\"rev(reviewer)\"",
        ] {
            #expect(events.contains(expected), "\(expected) not in \(events.prefix(600))")
        }
        #expect(events.contains("\"address\":\"127.0.0.1\""))
        #expect(try first.request("GET", "/api/v1/audit-log?limit=0", bearer: Self.token).status == 400)

        // Revoked on the command line: refused by both servers at once (nothing cached).
        let tokens = try store.tokens(account: "ana")
        _ = try TestSupport.run(iidei, ["user", "revoke", "#\(tokens[0].id)", "--db", database])
        for server in [first, second] {
            let refused = try server.post(
                "/api/v1/datasets?name=provinces&file=data.csv",
                body: try Self.data(changedBy: 2),
                bearer: ana
            )
            #expect(refused.status == 401)
        }
        #expect(try store.datasets().count == 2)
    }
}
