import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexStore
import IndexTestSupport
import Testing

@testable import IndexServer

/// The public pages kept once rendered (`API.snapshotPage`): an anonymous reader gets the kept copy
/// of the run shown, a new run is rendered afresh, and a request with a credential never gets (nor
/// leaves) a kept copy.
@Suite("Kept public pages", .serialized, .timeLimit(.minutes(5)))
struct PageCacheTests {
    @Test func anonymousPagesAreKeptPerRunAndURL() async throws {
        let db = try TestSupport.temporaryDirectory().appendingPathComponent("s.sqlite").path
        // The background work is held: this test is about pages.
        let held = DispatchQueue(label: "iidei.test.held")
        held.suspend()
        let state = try DashboardState(store: try Store(path: db), backgroundQueue: held)
        defer {
            state.discardQueuedWork()
            held.resume()
        }
        let token = UploadTransactionTests.token
        let app = buildApplication(configuration: ServerConfiguration(token: token), state: state)
        @Sendable func kept(_ key: String) -> String? {
            state.pages.page(key).map { String(buffer: $0.body) }
        }
        try await app.test(.router) { client in
            func get(_ uri: String, bearer: String? = nil) async throws -> String {
                let headers: HTTPFields = bearer.map { [.authorization: "Bearer \($0)"] } ?? [:]
                return try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == .ok, "\(uri)")
                    return String(buffer: response.body)
                }
            }
            let builtIn = try await get("/")
            #expect(try await get("/") == builtIn)
            #expect(kept("0/0 /") == builtIn, "the anonymous overview of the built-in data is kept")
            // Another URL is another page; the English one is kept apart.
            let english = try await get("/?lang=en")
            #expect(english != builtIn && kept("0/0 /?lang=en") == english)
            // A reader with a token gets a page rendered for them, and nothing is kept for them.
            state.pages.removeAll()
            _ = try await get("/regions", bearer: token)
            #expect(state.pages.page("0/0 /regions") == nil)
            // A new run: the kept pages go, and the overview names the run.
            let upload = try await UploadTransactionTests.post(
                client,
                try String(contentsOfFile: try Catalog.dataPath, encoding: .utf8),
                name: "provinces"
            )
            #expect(upload.status == .created)
            #expect(state.pages.page("0/0 /?lang=en") == nil)
            let afterRun = try await get("/")
            #expect(afterRun != builtIn && afterRun.contains("运行 #1"))
            #expect(kept("1/0 /") == afterRun)
        }
    }
}
