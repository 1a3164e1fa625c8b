import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Synchronization
import Testing

/// `iidei serve` on PostgreSQL, as deployed: real processes on the test cluster (scripts/postgres.sh),
/// spoken to over HTTP. Skipped, saying so, without `IIDEI_TEST_POSTGRES`.
@Suite("Serving from PostgreSQL: one server, two servers on one database", .serialized, .timeLimit(.minutes(8)))
struct PostgresServeTests {
    static let token = "postgres-serve-token-0123456789"

    /// A new database on the test cluster, or the test is cancelled.
    static func freshDatabase() throws -> String {
        guard
            let url = ProcessInfo.processInfo.environment["IIDEI_TEST_POSTGRES"].flatMap({ $0.isEmpty ? nil : $0 }),
            var components = URLComponents(string: url)
        else {
            try Test.cancel(
                "IIDEI_TEST_POSTGRES is not set: skipped (bash scripts/postgres.sh -- swift test runs it)"
            )
        }
        let name = "iidei_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        _ = try TestSupport.run("/usr/bin/psql", [url, "-q", "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"])
        components.path = "/" + name
        return components.string ?? url
    }

    /// A running `iidei serve`, stopped when the test is done with it.
    final class Server: @unchecked Sendable {
        let process: Process
        let port: Int
        var base: String { "http://127.0.0.1:\(port)" }

        init(database: String, tokenFile: String, arguments extra: [String] = []) throws {
            let socket = try TestSupport.run(
                "/usr/bin/env",
                [
                    "python3", "-c",
                    "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()",
                ]
            )
            guard let port = Int(socket.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw IndexError("no free port: \(socket)")
            }
            self.port = port
            process = Process()
            process.executableURL = URL(fileURLWithPath: TestSupport.executable)
            process.arguments = ["serve", "--db", database, "--port", "\(port)", "--token-file", tokenFile] + extra
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Up when it answers (the first start migrates and computes the built-in dashboard).
            for _ in 0..<240 {
                if (try? Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "\(base)/ready"])) == "200" {
                    return
                }
                guard process.isRunning else {
                    throw IndexError("iidei serve exited with \(process.terminationStatus)")
                }
                Thread.sleep(forTimeInterval: 0.25)
            }
            throw IndexError("iidei serve did not answer on port \(port) within 60 s")
        }

        deinit {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }

        /// The body of a GET.
        func get(_ path: String) throws -> String {
            try Self.curl(["--fail-with-body", "\(base)\(path)"])
        }

        /// A JSON document without its spaces and line breaks, to look for `"key":value`.
        func json(_ path: String) throws -> String {
            try get(path).filter { $0 != " " && $0 != "\n" }
        }

        /// A POST's status and body.
        func post(_ path: String, body: String, bearer: String) throws -> (status: Int, body: String) {
            let type = body.hasPrefix("{") ? "application/json" : "text/csv"
            let output = try Self.curl(
                [
                    "-X", "POST", "-H", "Authorization: Bearer \(bearer)", "-H", "Content-Type: \(type)",
                    "--data-binary", "@-", "-w", "\n%{http_code}",
                    "\(base)\(path)",
                ],
                input: body
            )
            let status = Int(output.split(separator: "\n").last.map(String.init) ?? "") ?? 0
            return (status, output)
        }

        static func curl(_ arguments: [String], input: String? = nil) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "--max-time", "120"] + arguments
            let output = Pipe()
            let stdin = Pipe()
            process.standardOutput = output
            process.standardInput = stdin
            try process.run()
            stdin.fileHandleForWriting.write(Data((input ?? "").utf8))
            try stdin.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw IndexError("curl \(arguments.last ?? "") exited with \(process.terminationStatus)")
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func tokenFile() throws -> String {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("token").path
        try Data(token.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The built-in data with one value changed, as a distinct upload.
    static func data(changedBy delta: Int) throws -> String {
        var lines = try String(contentsOfFile: try Catalog.dataPath, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard delta != 0 else { return lines.joined(separator: "\n") }
        // The first data row's last numeric cell, shifted: a new dataset version.
        guard let row = lines.firstIndex(where: { $0.hasPrefix("CN,") }) else { return lines.joined(separator: "\n") }
        var cells = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if let cell = cells.lastIndex(where: { Double($0) != nil }), let value = Double(cells[cell]) {
            cells[cell] = String(value + Double(delta))
        }
        lines[row] = cells.joined(separator: ",")
        return lines.joined(separator: "\n")
    }

    /// One server on PostgreSQL, end to end: an upload is imported and run, the dashboard and the
    /// API documents show it, and an expert's answer through the API is stored.
    @Test func oneServerImportsRunsShowsAndTakesAnswers() throws {
        let database = try Self.freshDatabase()
        let server = try Server(database: database, tokenFile: try Self.tokenFile())
        let upload = try server.post(
            "/api/v1/datasets?name=provinces&file=data.csv",
            body: try Self.data(changedBy: 0),
            bearer: Self.token
        )
        #expect(upload.status == 201, "\(upload.body.prefix(400))")
        let store = try PostgresStore(url: database)
        let run = try #require(try store.runs().first)
        #expect(try store.datasets().map(\.reference) == ["provinces@1"])
        #expect(try server.json("/api/v1/runs").contains("\"id\":\(run.id)"))
        let regional = try server.json("/api/v1/runs/latest/regional")
        #expect(regional.contains("\"run\":\(run.id)"), "\(regional.prefix(300))")
        #expect(try server.get("/").contains("运行 #\(run.id)"))
        // A survey kept on PostgreSQL, answered through the server.
        let (survey, tokens) = try store.createSurvey(
            name: "panel",
            source: try Catalog.frameworkSource(),
            kind: .delphi,
            scale: try ScoreScale(),
            experts: ["Wang"]
        )
        let indicator = try #require(try survey.design().indicators.first?.id)
        let answer = try server.post(
            "/api/v1/surveys/panel/responses",
            body: "{\"scores\": {\"\(indicator)\": 70}}",
            bearer: tokens[0].token
        )
        #expect(answer.status == 201, "\(answer.body.prefix(400))")
        #expect(try store.responses(survey: "panel").first?.answers.scores == [indicator: 70])
        #expect(try server.get("/survey/\(tokens[0].token)").contains("panel"))
    }

    /// Two servers on one database: a write through either is seen by the other — lists and survey
    /// answers at once (read from the store on every request), the dashboard as soon as the run is
    /// announced — and twenty writers at once through both lose nothing.
    @Test func twoServersShowOneTruth() throws {
        let database = try Self.freshDatabase()
        let tokenFile = try Self.tokenFile()
        let first = try Server(database: database, tokenFile: tokenFile)
        let second = try Server(database: database, tokenFile: tokenFile)
        let upload = try first.post(
            "/api/v1/datasets?name=provinces&file=data.csv",
            body: try Self.data(changedBy: 0),
            bearer: Self.token
        )
        #expect(upload.status == 201, "\(upload.body.prefix(400))")
        let store = try PostgresStore(url: database)
        let run = try #require(try store.runs().first)
        // The run list is read from the store: the other server has it at once.
        #expect(try second.json("/api/v1/runs").contains("\"id\":\(run.id)"))
        // Its dashboard follows once the run is announced.
        let started = Date()
        var shown = false
        while !shown, Date().timeIntervalSince(started) < 20 {
            shown = try second.json("/api/v1/runs/latest/regional").contains("\"run\":\(run.id)")
            if !shown { Thread.sleep(forTimeInterval: 0.05) }
        }
        let delay = Date().timeIntervalSince(started)
        print("the second server showed run #\(run.id) \(Int(delay * 1000)) ms after the first answered the upload")
        #expect(shown, "the second server still shows the built-in data after 20 s")
        #expect(delay < 5, "the second server took \(delay) s to show run #\(run.id)")
        #expect(try second.get("/").contains("运行 #\(run.id)"))
        // Twenty writers at once, half through each server: sixteen experts answering, four uploads.
        let experts = (1...16).map { "expert \($0)" }
        let (survey, tokens) = try store.createSurvey(
            name: "panel",
            source: try Catalog.frameworkSource(),
            kind: .delphi,
            scale: try ScoreScale(),
            experts: experts
        )
        let indicator = try #require(try survey.design().indicators.first?.id)
        let statuses = Mutex<[Int]>([])
        let uploads = try (1...4).map { try Self.data(changedBy: $0) }
        DispatchQueue.concurrentPerform(iterations: 20) { index in
            let server = index.isMultiple(of: 2) ? first : second
            let status: Int
            if index < 16 {
                status =
                    (try? server.post(
                        "/api/v1/surveys/panel/responses",
                        body: "{\"scores\": {\"\(indicator)\": \(index)}}",
                        bearer: tokens[index].token
                    ).status) ?? 0
            } else {
                status =
                    (try? server.post(
                        "/api/v1/datasets?name=provinces&file=data.csv",
                        body: uploads[index - 16],
                        bearer: Self.token
                    ).status) ?? 0
            }
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 }.sorted() == Array(repeating: 201, count: 20))
        let responses = try store.responses(survey: "panel")
        #expect(responses.map(\.expert) == experts)
        #expect(responses.map { $0.answers.scores[indicator] } == (0..<16).map { Double($0) })
        #expect(try store.datasets().map(\.version) == [1, 2, 3, 4, 5])
        #expect(try store.runs().count == 5)
        #expect(Set(try store.datasets().map(\.hash)).count == 5)
        // Both servers say the same about the survey, read from the store.
        let status = (try first.json("/api/v1/surveys/panel"), try second.json("/api/v1/surveys/panel"))
        #expect(status.0 == status.1)
        #expect(status.0.components(separatedBy: "\"scores\":1").count - 1 == 16)
        // And both dashboards end on the newest run.
        let latest = try #require(try store.latestRunID())
        for server in [first, second] {
            var seen = false
            let since = Date()
            while !seen, Date().timeIntervalSince(since) < 20 {
                seen = try server.json("/api/v1/runs/latest/regional").contains("\"run\":\(latest)")
                if !seen { Thread.sleep(forTimeInterval: 0.05) }
            }
            #expect(seen, "server on port \(server.port) does not show run #\(latest)")
        }
    }

    /// Two servers on one database compute each unit's levers and the rank intervals of the shown
    /// run once between them (issue 19): the first to claim a piece computes it, the other reads it
    /// from the store. Counted by each server's `iidei_background_work_total`.
    @Test func backgroundWorkIsComputedOnceAcrossServers() throws {
        let database = try Self.freshDatabase()
        let iidei = TestSupport.executable
        _ = try TestSupport.run(iidei, ["import", try Catalog.dataPath, "--dataset", "provinces", "--db", database])
        _ = try TestSupport.run(iidei, ["run", "--dataset", "provinces", "--db", database, "--format", "json"])
        let tokenFile = try Self.tokenFile()
        let servers = [
            try Server(database: database, tokenFile: tokenFile), try Server(database: database, tokenFile: tokenFile),
        ]
        // Both warm up the same run at once: 31 units' levers and one rank summary in the store.
        let started = Date()
        var finished = 0
        while finished < 32, Date().timeIntervalSince(started) < 400 {
            let count = try TestSupport.run(
                "/usr/bin/psql",
                [database, "-tA", "-c", "SELECT COUNT(*) FROM shared_work WHERE result IS NOT NULL"]
            )
            finished = Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            if finished < 32 { Thread.sleep(forTimeInterval: 0.5) }
        }
        #expect(finished == 32, "pieces handed in after \(Int(Date().timeIntervalSince(started))) s: \(finished)")
        // A province page on either server shows the levers, whoever computed them.
        for server in servers {
            let page = try server.get("/regions/320000")
            #expect(page.contains("<h2>提升抓手</h2>") && !page.contains("id=\"computing\""), "port \(server.port)")
        }
        func computed(_ kind: String, _ server: Server) throws -> Int {
            let line = try server.get("/metrics").split(separator: "\n").first {
                $0.hasPrefix("iidei_background_work_total{") && $0.contains("kind=\"\(kind)\"")
                    && $0.contains("source=\"computed\"")
            }
            return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        }
        let levers = try servers.map { try computed("levers", $0) }
        let ranks = try servers.map { try computed("ranks", $0) }
        print("levers computed by each server: \(levers); rank summaries: \(ranks)")
        #expect(levers.reduce(0, +) == 31, "\(levers)")
        #expect(ranks.reduce(0, +) == 1, "\(ranks)")
    }

    /// The fault test: PostgreSQL stopped under a running server. `/ready` answers 503 within its
    /// deadline while `/health` still answers 200 (a load balancer takes the server out of rotation,
    /// the process stays up), and once the database is back `/ready` answers 200 again without a
    /// restart. On a cluster of its own (scripts/postgres.sh inside the test), since stopping the
    /// shared test cluster would fail every test beside this one.
    @Test func readinessFollowsTheDatabase() throws {
        _ = try Self.freshDatabase()  // skipped, saying so, without PostgreSQL
        let directory = try TestSupport.temporaryDirectory()
        let script = directory.appendingPathComponent("fault.sh").path
        try #"""
        set -u
        iidei="$1"; token="$2"
        free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
        port="$(free_port)"
        status() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://127.0.0.1:$port$1" || true; }
        "$iidei" serve --db "$IIDEI_TEST_POSTGRES" --port "$port" --token-file "$token" >/dev/null 2>&1 &
        server=$!
        for _ in $(seq 480); do [ "$(status /ready)" = 200 ] && break; sleep 0.5; done
        echo "up $(status /ready) $(curl -s --max-time 10 "http://127.0.0.1:$port/ready" | tr -d ' \n')"
        pg_port="${IIDEI_TEST_POSTGRES##*:}"; pg_port="${pg_port%%/*}"
        $IIDEI_PG_AS "$IIDEI_PG_BIN/pg_ctl" -D "$IIDEI_PG_DIR/data" -m fast -w stop >/dev/null
        echo "down $(status /ready) $(status /health) $(curl -s --max-time 30 "http://127.0.0.1:$port/ready" | tr -d '\n')"
        (cd /tmp && $IIDEI_PG_AS "$IIDEI_PG_BIN/pg_ctl" -D "$IIDEI_PG_DIR/data" -l "$IIDEI_PG_DIR/server.log" -w \
          -o "-p $pg_port -k $IIDEI_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null)
        back=000
        for _ in $(seq 120); do back="$(status /ready)"; [ "$back" = 200 ] && break; sleep 0.5; done
        echo "back $back $(kill -0 "$server" 2>/dev/null && echo running)"
        kill "$server"; wait "$server" 2>/dev/null
        """#.write(toFile: script, atomically: true, encoding: .utf8)
        let output = try TestSupport.run(
            "/bin/bash",
            [
                TestSupport.packageRoot.appendingPathComponent("scripts/postgres.sh").path, "--", "bash", script,
                TestSupport.executable, try Self.tokenFile(),
            ]
        )
        let lines = Dictionary(
            output.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: " ", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            },
            uniquingKeysWith: { first, _ in first }
        )
        #expect(lines["up"]?.hasPrefix(#"200 {"status":"ready","store":"postgresql"}"#) == true, "\(output)")
        // Stopped: not ready (503, a problem document saying the store does not answer), still alive.
        #expect(lines["down"]?.hasPrefix("503 200 ") == true, "\(output)")
        #expect(lines["down"]?.contains("PostgreSQL") == true, "\(output)")
        // Restarted: ready again, the same process.
        #expect(lines["back"] == "200 running", "\(output)")
    }
}
