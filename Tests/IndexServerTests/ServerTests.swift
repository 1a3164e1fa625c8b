import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexServer
import IndexStore
import IndexTestSupport
import Testing

@Suite("iidei serve", .serialized)
struct ServerTests {
    static let token = "test-token-0123456789abcdef"

    static func application(
        store: Bool = true,
        token: String? = ServerTests.token,
        maxBody: Int = 64 << 20,
        privateReads: Bool = false
    ) throws
        -> (some ApplicationProtocol, DashboardState)
    {
        let opened =
            store ? try Store(path: try TestSupport.temporaryDirectory().appendingPathComponent("s.sqlite").path) : nil
        let state = try DashboardState(store: opened)
        let app = buildApplication(
            configuration: ServerConfiguration(token: token, privateReads: privateReads, maxBodyBytes: maxBody),
            state: state
        )
        return (app, state)
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func everyPageAndReadRoute() async throws {
        let (app, _) = try Self.application()
        try await app.test(.router) { client in
            for (path, expected) in [
                ("/health", "ok"), ("/", "2020—2023 年，全国工业互联网发展成效指数从 100 提升至 235"),
                ("/?lang=en", "rose from 100 to 235"),
                ("/regions", "id=\"ranking\""), ("/regions/320000", "江苏"), ("/regions/320000?lang=en", "Jiangsu"),
                ("/framework", "Kendall"),
                ("/data", "values.csv"), ("/runs", "尚无运行记录"), ("/upload", "Authorization: Bearer"),
                ("/api/openapi.yaml", "openapi: 3.1.0"),
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(Self.text(response).contains(expected), "\(path) lacks \(expected)")
                }
            }
            try await client.execute(uri: "/regions/nowhere", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/data/values.csv", method: .get) { response in
                // A CSV file for Excel: the byte-order mark, then the header.
                #expect(Self.text(response).hasPrefix("\u{FEFF}unit,indicator,period,value,status,source,note\nCN,"))
            }
            try await client.execute(uri: "/data/values.xlsx", method: .get) { response in
                #expect(response.body.readableBytesView.starts(with: [0x50, 0x4B]))  // a zip
            }
            try await client.execute(uri: "/api/v1/runs/latest/regional", method: .get) { response in
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                )
                let results = try #require(json["results"] as? [String: Any])
                #expect((results["units"] as? [Any])?.count == 31)
                #expect(json["illustrative"] as? Bool == true)
            }
            try await client.execute(uri: "/api/v1/runs/latest/units/320000", method: .get) { response in
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                )
                #expect(json["rank"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/runs/latest/units/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(Self.text(response).contains("\"problems\""))
            }
            try await client.execute(uri: "/api/v1/weights", method: .get) { response in
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                        as? [String: [String: Double]]
                )
                #expect(abs((json["regional"]?["index"] ?? 0) - 100) < 1e-6)
            }
            try await client.execute(uri: "/api/v1/runs/7", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func theOpenAPIDocumentValidates() async throws {
        let (app, _) = try Self.application()
        let yaml = try await app.test(.router) { client in
            try await client.execute(uri: "/api/openapi.yaml", method: .get) { Self.text($0) }
        }
        let path = try TestSupport.write(yaml, named: "openapi.yaml", in: try TestSupport.temporaryDirectory())
        // A key given twice in one mapping (a route listing its responses twice) is refused, not merged.
        let checked = try TestSupport.python(
            """
            import sys, yaml
            from openapi_spec_validator import validate
            class Strict(yaml.SafeLoader): pass
            def mapping(loader, node, deep=False):
                keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
                repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
                if repeated: raise SystemExit(f"repeated keys {repeated} at line {node.start_mark.line + 1}")
                return loader.construct_mapping(node, deep=deep)
            Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
            validate(yaml.load(open(sys.argv[1]), Loader=Strict)); print('valid')
            """,
            [path]
        )
        #expect(checked.contains("valid"))
    }

    /// Every JSON body of every path refers to a schema generated from a document type (issue 16):
    /// none is written inline, so none can drift from the types.
    @Test func everyJSONBodyRefersToAGeneratedSchema() async throws {
        let (app, _) = try Self.application()
        let yaml = try await app.test(.router) { client in
            try await client.execute(uri: "/api/openapi.yaml", method: .get) { Self.text($0) }
        }
        let path = try TestSupport.write(yaml, named: "openapi.yaml", in: try TestSupport.temporaryDirectory())
        let inline = try TestSupport.python(
            #"""
            import sys, yaml
            document = yaml.safe_load(open(sys.argv[1]))
            names = set(document["components"]["schemas"])
            def refers(schema):
                if "$ref" in schema:
                    return schema["$ref"].removeprefix("#/components/schemas/") in names
                if schema.get("type") == "array":
                    return refers(schema["items"])
                if "anyOf" in schema:
                    return all(refers(s) or s == {"type": "null"} for s in schema["anyOf"])
                return False
            bodies = []
            for route, operations in document["paths"].items():
                for method, operation in operations.items():
                    body = operation.get("requestBody", {}).get("content", {})
                    bodies += [(route, method, "request", body.get("application/json"))]
                    for status, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        bodies += [(route, method, status, content.get("application/json"))]
            print([f"{method} {route} {status}" for route, method, status, media in bodies if media and not refers(media["schema"])])
            """#,
            [path]
        )
        #expect(inline.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func writesNeedTheTokenAndUploadsRunWithTheCLIsMessages() async throws {
        let (app, state) = try Self.application()
        let data = try Data(contentsOf: URL(fileURLWithPath: try Catalog.dataPath))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/datasets?name=provinces",
                method: .post,
                body: ByteBuffer(bytes: data)
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(Self.text(response).contains("\"error\" : \"a valid Authorization: Bearer token is required\""))
            }
            try await client.execute(
                uri: "/api/v1/datasets?name=provinces",
                method: .post,
                headers: [.authorization: "Bearer wrong-token-0123456789"],
                body: ByteBuffer(bytes: data)
            ) { #expect($0.status == .unauthorized) }
            let bad = "unit,indicator,period,value\n江苏,r_5g_base_stations,2023,abc\n火星,r_5g_base_stations,2023,1\n"
            try await client.execute(
                uri: "/api/v1/datasets?name=provinces&file=bad.csv",
                method: .post,
                headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(string: bad)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let text = Self.text(response)
                #expect(
                    text.contains(
                        "bad.csv:2:4: value 'abc' is not a number (indicator 'r_5g_base_stations', unit '320000')"
                    )
                )
                #expect(text.contains("bad.csv:3:1: unknown unit '火星'"))
                #expect(!text.contains("/tmp/"))
            }
            #expect(try state.store?.datasets().isEmpty == true)
            // The review step: validated and summarised, nothing stored.
            let converted = "地区,R&D经费\n江苏省,\"3,835.4\"\n广东,—\n"
            try await client.execute(
                uri: "/api/v1/datasets?name=provinces&file=2023.csv&review=true",
                method: .post,
                headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(string: converted)
            ) { response in
                #expect(response.status == .ok)
                let text = Self.text(response)
                #expect(text.contains("\"values\" : 2"))
                #expect(text.contains("2023.csv:2:2: '3,835.4' read as 3835.4 (thousands separators)"))
                #expect(text.contains("2023.csv:3:2: '—' read as a missing value"))
                #expect(text.contains("\"importable\" : false"))  // the rest of the indicators are missing
            }
            #expect(try state.store?.datasets().isEmpty == true)
            try await client.execute(
                uri: "/api/v1/datasets?name=provinces&file=data.csv",
                method: .post,
                headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(bytes: data)
            ) { response in
                #expect(response.status == .created, "\(Self.text(response))")
                #expect(Self.text(response).contains("\"reference\" : \"provinces@1\""))
            }
            try await client.execute(uri: "/api/v1/runs", method: .get) { response in
                let runs = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]
                )
                #expect(runs.count == 1 && runs.first?["dataset"] as? String == "provinces@1")
            }
            try await client.execute(uri: "/api/v1/runs/latest/regional", method: .get) { response in
                #expect(Self.text(response).contains("\"run\" : 1"))
            }
            try await client.execute(
                uri: "/api/v1/runs",
                method: .post,
                headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(string: "{\"dataset\" : \"provinces@1\", \"options\" : {\"outliers\" : \"coinr\"}}")
            ) { response in
                #expect(response.status == .created)
                #expect(Self.text(response).contains("\"outliers\" : \"coinr\""))
            }
            try await client.execute(uri: "/api/v1/runs/1/diff/2", method: .get) { response in
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                )
                #expect(((json["changes"] as? [Any])?.count ?? 0) > 0)  // outlier treatment moved some scores
            }
            try await client.execute(uri: "/runs", method: .get) { #expect(Self.text($0).contains("diff #1")) }
        }
    }

    @Test func namesAreEscapedAndLargeBodiesRefused() async throws {
        let (app, _) = try Self.application(maxBody: 4 << 20)
        let data = try Data(contentsOf: URL(fileURLWithPath: try Catalog.dataPath))
        let script = "<script>alert(1)</script>"
        try await app.test(.router) { client in
            let name = script.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            try await client.execute(
                uri: "/api/v1/datasets?name=\(name)&file=data.csv",
                method: .post,
                headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(bytes: data)
            ) { #expect($0.status == .created) }
            for page in ["/runs", "/data"] {
                try await client.execute(uri: page, method: .get) { response in
                    let html = Self.text(response)
                    #expect(!html.contains(script), "\(page)")
                    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page)")
                }
            }
            try await client.execute(
                uri: "/api/v1/datasets?name=big",
                method: .post,
                headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(repeating: 0x41, count: 5 << 20)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(Self.text(response).contains("\"problems\" : ["))
            }
        }
        // No server token and no store: no credential can be checked, so writes are refused outright.
        let (closed, _) = try Self.application(store: false, token: nil)
        try await closed.test(.router) { client in
            try await client.execute(uri: "/api/v1/datasets?name=x", method: .post, body: ByteBuffer(string: "a")) {
                #expect($0.status == .forbidden)
            }
        }
        // A store without a server token: accounts' tokens may write, so a request without one is asked for it.
        let (accounts, _) = try Self.application(token: nil)
        try await accounts.test(.router) { client in
            try await client.execute(uri: "/api/v1/datasets?name=x", method: .post, body: ByteBuffer(string: "a")) {
                #expect($0.status == .unauthorized)
            }
        }
        let (secret, _) = try Self.application(privateReads: true)
        try await secret.test(.router) { client in
            try await client.execute(uri: "/api/v1/runs", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/api/v1/runs",
                method: .get,
                headers: [.authorization: "Bearer \(Self.token)"]
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            // Readiness is open too (a load balancer has no token), and says which store answered.
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response).filter { !$0.isWhitespace } == #"{"status":"ready","store":"sqlite"}"#)
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
        }
        let (builtIn, _) = try Self.application(store: false)
        try await builtIn.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(Self.text(response).filter { !$0.isWhitespace } == #"{"status":"ready","store":"none"}"#)
            }
        }
    }

    @Test func aLiveServerOverRealHTTP() async throws {
        let (app, _) = try Self.application(store: false)
        try await app.test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
            try await client.execute(uri: "/api/v1/runs/latest/national", method: .get) { response in
                #expect(Self.text(response).contains("\"evaluation\" : \"national\""))
            }
        }
    }

    @Test func aRealBrowserLoadsThePages() throws {
        let chromium = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            },
            "Chromium is needed (.ci/run installs it)"
        )
        let directory = try TestSupport.temporaryDirectory()
        let server = try ServeProcess(store: directory.appendingPathComponent("s.sqlite").path)
        defer { server.stop() }
        let port = server.port
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]
        for (path, expected) in [
            ("/", "全国工业互联网发展成效指数"), ("/regions", "ranking"), ("/regions/510000?lang=en", "Sichuan"),
        ] {
            let (dom, log) = try TestSupport.runCapturing(
                chromium,
                common + ["--enable-logging=stderr", "--v=0", "--dump-dom", "http://127.0.0.1:\(port)\(path)"]
            )
            #expect(dom.contains(expected), "\(path)")
            #expect(dom.contains("</main>"), "\(path) loaded whole")
            // The page's console: no uncaught error, nothing logged at error level by a script.
            let console = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
            #expect(!console.contains { $0.contains("Uncaught") || $0.contains("Error") }, "\(path): \(console)")
        }
        // A screenshot of the ranking page at 1280 px.
        let png = directory.appendingPathComponent("regions.png").path
        _ = try TestSupport.run(
            chromium,
            common + ["--window-size=1280,1600", "--screenshot=\(png)", "http://127.0.0.1:\(port)/regions"]
        )
        #expect(((try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0) > 30_000)
        // SIGTERM ends it gracefully.
        #expect(server.stop())
    }
}
