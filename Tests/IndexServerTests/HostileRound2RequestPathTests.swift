import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Logging
import Synchronization
import Testing

@testable import IndexServer

/// Issue 22, class 10: secrets and names in the request path. One normalisation policy (a path that
/// is not canonical is refused, never served under its canonical meaning), a request log that never
/// holds a secret, and names decoded once so that every survey saves from its own form.
@Suite("Hostile round 2: secrets and names in the request path", .serialized, .timeLimit(.minutes(5)))
struct HostileRound2RequestPathTests {
    static let token = "admin-token-0123456789abcdef"

    /// Every line the server logs, with its metadata.
    final class LogLines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    struct RecordingLogHandler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let line = "\(event.message) \(event.metadata ?? [:]) \(metadata)"
            lines.lines.withLock { $0.append(line) }
        }
    }

    static func application(
        store: Store,
        privateReads: Bool = false
    ) throws -> (some ApplicationProtocol, LogLines) {
        let lines = LogLines()
        let logger = Logger(label: "test") { _ in RecordingLogHandler(lines: lines) }
        let app = buildApplication(
            configuration: ServerConfiguration(token: token, privateReads: privateReads),
            state: try DashboardState(store: store),
            logger: logger
        )
        return (app, lines)
    }

    /// Spellings of `/survey/TOKEN` that are not it: doubled and trailing slashes, dot segments
    /// (spelt out and encoded), encoded slashes and backslashes, encoded unreserved characters, case.
    static func variants(of token: String) -> [String] {
        let first = token.unicodeScalars.first.map { String(format: "%%%02X", $0.value) } ?? ""
        let rest = String(token.dropFirst())
        return [
            "//survey/\(token)", "/survey//\(token)", "/./survey/\(token)", "/survey/./\(token)",
            "/survey/\(token)/", "/x/../survey/\(token)", "/survey/%2E/\(token)", "/survey/%2e%2E/survey/\(token)",
            "/%73urvey/\(token)", "/surve%79/\(token)", "/survey/\(first)\(rest)", "/SURVEY/\(token)",
            "/Survey/\(token)", "/survey%2F\(token)", "/survey/\(token)%2F", "/survey/%2F\(token)",
            "/survey/\(token)/.", "/survey\\\(token)", "/survey/\(token)%5C/", "/survey/\(token)//",
            "///survey/\(token)", "/survey/\(token)/..",
        ]
    }

    @Test func nonCanonicalSpellingsNeverServeTheForm() async throws {
        let (store, tokens) = try SurveyServerTests.store()
        let wang = try #require(tokens["Wang"])
        let (app, lines) = try Self.application(store: store)
        try await app.test(.router) { client in
            try await client.execute(uri: "/survey/\(wang)", method: .get) { #expect($0.status == .ok) }
            for path in Self.variants(of: wang) {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status != .ok, "\(path)")
                    #expect(!String(buffer: response.body).contains("Wang"), "\(path)")
                }
            }
        }
        // The log never shows the token, however the path was spelt.
        let log = lines.all
        #expect(log.count > Self.variants(of: wang).count)
        #expect(!log.contains { $0.contains(wang) }, "\(log.filter { $0.contains(wang) })")
    }

    /// Random spellings: the canonical path mutated by a seeded generator (a doubled slash, a dot
    /// segment, an encoded character, a trailing slash, a letter's case, `x/..`), 1 to 3 mutations
    /// each. Whatever the spelling, only the canonical one serves the form, and the log never holds
    /// the token.
    @Test func randomSpellingsNeverServeTheForm() async throws {
        let (store, tokens) = try SurveyServerTests.store()
        let wang = try #require(tokens["Wang"])
        let canonical = "/survey/\(wang)"
        let (app, lines) = try Self.application(store: store)
        var generator = SplitMix64(seed: 22_10)
        var spellings: Set<String> = []
        while spellings.count < 300 {
            var segments = ["survey", wang]
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<segments.count, using: &generator)
                switch Int.random(in: 0..<7, using: &generator) {
                case 0: segments.insert("", at: index)
                case 1: segments.insert(Bool.random(using: &generator) ? "." : "%2E", at: index)
                case 2: segments.insert(contentsOf: ["x", Bool.random(using: &generator) ? ".." : "%2e%2e"], at: index)
                case 3: segments.append("")
                case 4:
                    var characters = Array(segments[index].unicodeScalars)
                    guard !characters.isEmpty else { continue }
                    let at = Int.random(in: 0..<characters.count, using: &generator)
                    let encoded = String(format: "%%%02X", characters[at].value).unicodeScalars
                    characters.replaceSubrange(at...at, with: encoded)
                    segments[index] = String(String.UnicodeScalarView(characters))
                case 5:
                    var characters = Array(segments[index])
                    guard
                        let at = characters.indices.filter({ characters[$0].isLetter }).randomElement(using: &generator)
                    else { continue }
                    characters[at] = Character(
                        characters[at].isUppercase ? characters[at].lowercased() : characters[at].uppercased()
                    )
                    segments[index] = String(characters)
                default: segments[index] += Bool.random(using: &generator) ? "%2F" : "/"
                }
            }
            let spelling = "/" + segments.joined(separator: "/")
            if spelling != canonical { spellings.insert(spelling) }
        }
        let paths = spellings.sorted()
        let served = try await app.test(.router) { client in
            var served: [String] = []
            for path in paths {
                let response = try await client.execute(uri: path, method: .get)
                if response.status == .ok || String(buffer: response.body).contains("Wang") { served.append(path) }
            }
            return served
        }
        #expect(served.isEmpty, "\(served)")
        #expect(!lines.all.contains { $0.contains(wang) })
    }

    /// Query parameters named like secrets and the Authorization header never reach the log; other
    /// parameters do.
    @Test func theLogNeverHoldsASecret() async throws {
        let (store, tokens) = try SurveyServerTests.store()
        let wang = try #require(tokens["Wang"])
        let (app, lines) = try Self.application(store: store)
        let secrets = ["s3cr3t-a1", "s3cr3t-b2", "s3cr3t-c3", "s3cr3t-d4", "s3cr3t-e5", "s3cr3t-f6", "s3cr3t-g7"]
        let query =
            "token=\(secrets[0])&API_Key=\(secrets[1])&client_secret=\(secrets[2])&password=\(secrets[3])"
            + "&Auth=\(secrets[4])&period=2022&session_id=\(secrets[5])"
        try await app.test(.router) { client in
            for path in ["/regions", "/api/v1/runs", "/nowhere", "//regions", "/survey/\(wang)"] {
                try await client.execute(
                    uri: "\(path)?\(query)",
                    method: .get,
                    headers: [.authorization: "Bearer \(secrets[6])", .cookie: "id=\(secrets[6])"]
                ) { _ in }
            }
            try await client.execute(
                uri: "/api/v1/surveys/panel/responses?token=\(wang)",
                method: .post,
                headers: [.authorization: "Bearer \(wang)"],
                body: ByteBuffer(string: #"{"scores": {"n_platforms": 90}}"#)
            ) { #expect($0.status == .created) }
        }
        let log = lines.all
        for secret in secrets + [wang] {
            #expect(!log.contains { $0.contains(secret) }, "\(secret): \(log)")
        }
        #expect(
            log.contains { $0.contains("/regions?token=[redacted]&API_Key=[redacted]") && $0.contains("period=2022") }
        )
    }

    @Test func theLoggedPathOfEveryTokenSpelling() {
        let token = "9762fb92dd0c452a"
        for path in Self.variants(of: token) + ["/survey/\(token)", "/survey;v=1/\(token)"] {
            let logged = RequestLog.logged(path, query: "page=x&token=\(token)")
            #expect(!logged.contains(token) && !logged.contains("762fb92dd0c452a"), "\(path) → \(logged)")
        }
        #expect(RequestLog.logged("/survey/\(token)", query: nil) == "/survey/[token]")
        #expect(RequestLog.logged("/x/../survey/\(token)", query: nil) == "/…/survey/[token]")
        #expect(
            RequestLog.logged("/regions/CN-32", query: "period=2022&key=k")
                == "/regions/CN-32?period=2022&key=[redacted]"
        )
    }

    @Test(
        arguments: [
            ("/", nil), ("/survey/abc", nil), ("/regions/%E6%B1%9F%E8%8B%8F", nil),
            ("/api/v1/surveys/a%20b/responses", nil),
            ("//x", "empty"), ("/x/", "empty"), ("/x/./y", "'.'"), ("/x/..", "'.'"), ("/x/%2e%2E", "needs no encoding"),
            ("/x/%2E%2E", nil), ("/x%2fy", "encoded '/'"),
            ("/%41", "needs no encoding"), ("/a%7Eb", "needs no encoding"), ("/a\\b", "'\\'"), ("x", "start with"),
        ] as [(String, String?)]
    )
    func theCanonicalPathPolicy(path: String, problem: String?) {
        let found = CanonicalPath.problem(in: path)
        if let problem {
            #expect(found?.contains(problem) == true, "\(path): \(found ?? "canonical")")
        } else {
            #expect(found == nil, "\(path): \(found ?? "")")
        }
    }

    /// Survey names with spaces, non-ASCII letters and URL syntax: each survey's form builds its
    /// save address with the one encoding helper, the route decodes it once, and the answer is stored.
    @Test func aSurveyWithAHostileNameSavesFromItsOwnForm() async throws {
        try await Self.expectEachSavesFromItsOwnForm([
            "中文", "é", "a b", "a+b", "a%20b", "x&y=z", "q?r#s", "semi;colon", "100%", "ü ü", "引号\"'<>", "🙂 ok",
            "a%2Fb", "dot.", "..", ".", "a\\b",
        ])
    }

    /// Random names from a seeded generator (1–12 characters of URL syntax, spaces, accents, CJK,
    /// emoji, a combining mark): every one saves from its own form.
    @Test func randomSurveyNamesSaveFromTheirOwnForms() async throws {
        let pool = Array(
            "aZ09 -._~!$&'()*+,;=:@%?#[]{}|^`\"<>\\éüñßØ中文江苏省引号🙂👍🏽\u{301}"
        )
        var generator = SplitMix64(seed: 22_10_2)
        var names: Set<String> = []
        while names.count < 24 {
            let length = Int.random(in: 1...12, using: &generator)
            let name = String((0..<length).map { _ in pool[Int.random(in: 0..<pool.count, using: &generator)] })
            guard name.trimmingCharacters(in: .whitespaces) == name, !name.isEmpty else { continue }
            names.insert(name)
        }
        try await Self.expectEachSavesFromItsOwnForm(names.sorted())
    }

    static func expectEachSavesFromItsOwnForm(_ names: [String]) async throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let store = try Store(path: path)
        var tokens: [String: String] = [:]
        for name in names {
            let (_, created) = try store.createSurvey(
                name: name,
                source: try Catalog.frameworkSource(),
                kind: .both,
                scale: try ScoreScale(),
                experts: ["Wang"]
            )
            tokens[name] = try #require(created.first?.token)
        }
        let tokensOfNames = tokens
        let (app, _) = try Self.application(store: store)
        try await app.test(.router) { client in
            for name in names {
                let token = try #require(tokensOfNames[name])
                var action = ""
                try await client.execute(uri: "/survey/\(token)", method: .get) { response in
                    #expect(response.status == .ok, "\(name)")
                    action = try Self.action(in: String(buffer: response.body))
                }
                #expect(action == "/api/v1/surveys/\(PathSegment.encoded(name))/responses", "\(name)")
                #expect(action.unicodeScalars.allSatisfy { $0.isASCII && $0 != " " }, "\(action)")
                try await client.execute(
                    uri: action,
                    method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"scores": {"n_platforms": 90}}"#)
                ) { response in
                    #expect(response.status == .created, "\(name): \(String(buffer: response.body))")
                }
                let stored = try store.responses(survey: name)
                #expect(stored.map(\.expert) == ["Wang"], "\(name)")
                #expect(stored.first?.answers.scores["n_platforms"] == 90, "\(name)")
                // The status route decodes the name the same way.
                try await client.execute(
                    uri: "/api/v1/surveys/\(PathSegment.encoded(name))",
                    method: .get,
                    headers: [.authorization: "Bearer \(Self.token)"]
                ) { response in
                    #expect(response.status == .ok, "\(name): \(String(buffer: response.body))")
                }
            }
        }
    }

    /// The form's save address, from the page data its script reads.
    static func action(in html: String) throws -> String {
        let start = try #require(html.range(of: #"<script type="application/json" id="survey-data">"#))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = Data(html[start.upperBound..<end.lowerBound].utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["action"] as? String)
    }
}
