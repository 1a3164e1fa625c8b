import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

@testable import IndexServer

/// Validation, storage and the run are one unit of work, and every entry point checks data the same way.
@Suite("Uploads: refused means nothing stored; validate, import and upload agree", .serialized, .timeLimit(.minutes(6)))
struct UploadTransactionTests {
    static let token = "test-token-0123456789abcdef"

    /// The built-in data for the nation and three provinces: every indicator is covered, so the
    /// importer accepts them, but three provinces cannot fill four Jenks tiers, so the index refuses.
    static func threeProvinces() throws -> String {
        let text = try String(contentsOfFile: try Catalog.dataPath, encoding: .utf8)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            line.hasPrefix("#") || line.hasPrefix("unit,")
                || ["CN,", "110000,", "120000,", "130000,"].contains { line.hasPrefix($0) }
        }
        return kept.joined(separator: "\n")
    }

    /// Runs the `iidei` executable: its exit status and everything it printed.
    static func iidei(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func problems(_ response: TestResponse) throws -> [String] {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        )
        return json["problems"] as? [String] ?? []
    }

    static func post(
        _ client: some TestClientProtocol,
        _ body: String,
        name: String,
        review: Bool = false
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/datasets?name=\(name)&file=three.csv" + (review ? "&review=true" : ""),
            method: .post,
            headers: [.authorization: "Bearer \(Self.token)"],
            body: ByteBuffer(string: body)
        )
    }

    @Test func aRefusedUploadLeavesTheStoreByteForByteAsItWas() async throws {
        let db = try TestSupport.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let store = try Store(path: db)
        // The dashboard's background work is held (a suspended queue): it hands its results in to
        // the store (shared by every server on it), and only the uploads are to write here.
        let held = DispatchQueue(label: "iidei.test.held")
        held.suspend()
        let state = try DashboardState(store: store, backgroundQueue: held)
        defer {
            state.discardQueuedWork()
            held.resume()
        }
        let app = buildApplication(configuration: ServerConfiguration(token: Self.token), state: state)
        let good = try String(contentsOfFile: try Catalog.dataPath, encoding: .utf8)
        let bad = try Self.threeProvinces()
        try await app.test(.router) { client in
            let accepted = try await Self.post(client, good, name: "provinces")
            #expect(accepted.status == .created, "\(String(buffer: accepted.body))")
            try store.checkpoint()
            let before = try Data(contentsOf: URL(fileURLWithPath: db))

            let refused = try await Self.post(client, bad, name: "provinces")
            #expect(refused.status == .unprocessableContent)
            #expect(
                try Self.problems(refused).contains { $0.contains("Jenks: 3 units for 4 classes") },
                "\(String(buffer: refused.body))"
            )
            try store.checkpoint()
            #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
            #expect(try store.datasets().map(\.reference) == ["provinces@1"])
            #expect(try store.runs().count == 1)
            #expect(state.snapshot.run?.id == 1)

            // The review step says the same, as a reason the data cannot be imported yet.
            let review = try await Self.post(client, bad, name: "provinces", review: true)
            #expect(review.status == .ok)
            let text = String(buffer: review.body)
            #expect(text.contains("\"importable\" : false"))
            #expect(
                text.contains(
                    "the index cannot be computed on these data yet: evaluation 'regional' 2023: Jenks: 3 units for 4 classes"
                )
            )
        }
    }

    @Test func validateImportAndUploadSayTheSameAboutTheSameFile() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let file = try TestSupport.write(try Self.threeProvinces(), named: "three.csv", in: directory)
        let db = directory.appendingPathComponent("s.sqlite").path
        func errors(_ arguments: [String]) throws -> [String] {
            let result = try Self.iidei(arguments)
            #expect(result.status == 1, "\(arguments): \(result.output)")
            return result.output.split(separator: "\n").filter { $0.hasPrefix("error: ") }.map {
                String($0.dropFirst(7))
            }
        }
        let validated = try errors(["validate", "--data", file])
        let imported = try errors(["import", file, "--dataset", "three", "--db", db])
        #expect(!validated.isEmpty)
        #expect(validated == imported)
        #expect(try Store(path: db).datasets().isEmpty)

        // The importer's own problems, too: the same lines from both commands.
        let bad = try TestSupport.write(
            "unit,indicator,period,value\n江苏,r_5g_base_stations,2023,abc\n火星,r_5g_base_stations,2023,1\n",
            named: "bad.csv",
            in: directory
        )
        let badValidated = try errors(["validate", "--data", bad])
        #expect(badValidated.contains { $0.hasSuffix("bad.csv:3:1: unknown unit '火星'") })
        #expect(badValidated == (try errors(["import", bad, "--dataset", "bad", "--db", db])))

        let store = try Store(path: directory.appendingPathComponent("server.sqlite").path)
        let app = buildApplication(
            configuration: ServerConfiguration(token: Self.token),
            state: try DashboardState(store: store)
        )
        let uploaded = try await app.test(.router) { client in
            try Self.problems(try await Self.post(client, try Self.threeProvinces(), name: "three"))
        }
        #expect(uploaded == validated)
    }
}
