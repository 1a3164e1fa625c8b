import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexServer
import IndexStore
import IndexTestSupport
import Testing

/// Issue 22, class 8: an edited stored result is not served: the API checks a run's results
/// document against its hash on every read.
@Suite("Hostile inputs, round two: the API serves only stored results that match their hash", .serialized)
struct HostileRound2StoredResultTests {
    @Test(.timeLimit(.minutes(3)))
    func anEditedStoredResultIsNotServed() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("s.sqlite").path
        _ = try TestSupport.run(TestSupport.executable, ["import", try Catalog.dataPath, "--dataset", "p", "--db", db])
        _ = try TestSupport.run(TestSupport.executable, ["run", "--dataset", "p", "--db", db])
        let token = ServerTests.token
        func serve(_ expected: HTTPResponse.Status, _ check: @escaping @Sendable (String) -> Void) async throws {
            let state = try DashboardState(store: try Store(path: db, access: .readOnly))
            let app = buildApplication(configuration: ServerConfiguration(token: token), state: state)
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/runs/1", method: .get) { response in
                    #expect(response.status == expected)
                    check(String(buffer: response.body))
                }
                try await client.execute(
                    uri: "/api/v1/runs/1/rerun",
                    method: .post,
                    headers: [.authorization: "Bearer \(token)"]
                ) { response in
                    #expect(response.status == expected)
                }
            }
        }
        try await serve(.ok) { #expect($0.contains("\"illustrative\"")) }
        _ = try TestSupport.run(
            "sqlite3",
            [db, "UPDATE run SET results = replace(results, '\"illustrative\"', '\"illustrative\" ')"]
        )
        try await serve(.internalServerError) { body in
            #expect(!body.contains("\"illustrative\" "))
            #expect(!body.contains(db), "a file path in a response: \(body)")
        }
    }
}
