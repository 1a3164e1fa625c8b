import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexServer
import IndexTestSupport
import Testing

@Suite("Dashboard pages never write markup from data", .timeLimit(.minutes(6)))
struct PageMarkupTests {
    @Test func hostileIdsAndNamesAreTextOnEveryPage() async throws {
        let catalogFramework = try Catalog.framework()
        let (framework, dataset) = TestSupport.withHostileNames(
            framework: catalogFramework,
            dataset: try Catalog.dataset(for: catalogFramework),
            replacing: "110000"
        )
        let state = try DashboardState(framework: framework, dataset: dataset)
        let app = buildApplication(
            configuration: ServerConfiguration(token: nil, privateReads: false, maxBodyBytes: 1 << 20),
            state: state
        )
        let encoded = TestSupport.hostileID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let zh = [
            "/", "/regions", "/regions/\(encoded)", "/compare?units=\(encoded),320000", "/framework", "/data", "/runs",
            "/upload",
            "/data?unit=\(encoded)", "/regions/\(encoded)?period=2022", "/regions?period=2021",
        ]
        let pages = zh + zh.map { $0 + ($0.contains("?") ? "&" : "?") + "lang=en" }
        let directory = try TestSupport.temporaryDirectory()
        try await app.test(.router) { client in
            var paths: [String] = []
            for (index, page) in pages.enumerated() {
                try await client.execute(uri: page, method: .get) { response in
                    #expect(response.status == .ok, "\(page)")
                    let html = String(buffer: response.body)
                    #expect(!html.contains(TestSupport.hostileID), "\(page)")
                    #expect(!html.contains("<svg onload") && !html.contains("<img"), "\(page)")
                    paths.append(try TestSupport.write(html, named: "page\(index).html", in: directory))
                }
            }
            // The province page of the hostile unit shows its name as text.
            try await client.execute(uri: "/regions/\(encoded)", method: .get) { response in
                #expect(String(buffer: response.body).contains("&lt;img src=x onerror=alert(2)&gt;"))
            }
            let found = try TestSupport.python(TestSupport.markupAudit, paths)
            #expect(found.isEmpty, "\(found)")
        }
    }
}
