import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexReport
import IndexServer
import IndexTestSupport
import Testing

@Suite("Dashboard pages", .serialized, .timeLimit(.minutes(6)))
struct DashboardPagesTests {
    static func application(geo: Bool = false) throws -> some ApplicationProtocol {
        let framework = try Catalog.framework()
        let shapes = geo ? try GeoShapes(path: TestSupport.shared("data/geo/cn-provinces-simplified.geojson")) : nil
        let state = try DashboardState(
            framework: framework,
            dataset: try Catalog.dataset(for: framework),
            shapes: shapes
        )
        return buildApplication(configuration: ServerConfiguration(), state: state)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func yearSwitchRankChangesAndTheirDownloads() async throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        var options = RunOptions(period: "2021")
        options.evaluations = ["regional"]
        guard
            case .crossSection(let earlier)? = try IndexEngine.run(
                framework: framework,
                dataset: dataset,
                options: options
            ).evaluations.first
        else {
            Issue.record("no 2021 cross-section")
            return
        }
        options.period = "2022"
        guard
            case .crossSection(let section)? = try IndexEngine.run(
                framework: framework,
                dataset: dataset,
                options: options
            ).evaluations.first
        else {
            Issue.record("no 2022 cross-section")
            return
        }
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/regions?period=2022&lang=en", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Scores and ranks, 2022"))
                #expect(html.contains("<strong aria-current=\"true\">2022</strong>"))
                #expect(Self.count("/regions/", in: html) >= 31 * 2)  // the table and the tile map
            }
            try await client.execute(uri: "/tables/ranking.csv?period=2022&lang=en", method: .get) { response in
                let lines = String(buffer: response.body).split(separator: "\n").map(String.init)
                #expect(lines.first?.hasPrefix("\u{FEFF}Region,Rank,vs 2021,Score,Tier") == true)
                #expect(lines.count == 32)
                // Each row: the computed rank and its change against 2021.
                for unit in section.units {
                    let name = dataset.units.first { $0.id == unit.id }?.name.en ?? unit.id
                    let row = try #require(lines.first { $0.hasPrefix(name + ",") }, "\(name)")
                    let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    #expect(fields[1] == String(unit.rank ?? 0), "\(name)")
                    let before = earlier.units.first { $0.id == unit.id }?.rank ?? 0
                    let moved = before - (unit.rank ?? 0)
                    #expect(fields[2] == (moved > 0 ? "+\(moved)" : "\(moved)"), "\(name): \(fields[2])")
                }
            }
            try await client.execute(uri: "/tables/ranking.xlsx?period=2022", method: .get) { response in
                #expect(response.body.readableBytesView.starts(with: [0x50, 0x4B]))
            }
            try await client.execute(uri: "/tables/nothing.csv", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func compareJumpAndDataFilters() async throws {
        let dataset = try Catalog.dataset(for: try Catalog.framework())
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/compare?units=320000,440000&lang=en", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Jiangsu") && html.contains("Guangdong") && html.contains("Largest gap"))
                // One radar with both regions and the national median, not one radar each.
                #expect(Self.count("<figure class=\"chart narrow\">", in: html) == 1)
                #expect(Self.count("<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"3\"", in: html) == 1)
                #expect(html.contains("data-series=\"Jiangsu\"") && html.contains("data-series=\"Guangdong\""))
                #expect(html.contains("stroke-dasharray=\"5 4\" data-series=\"National median\""))
            }
            try await client.execute(uri: "/compare?units=320000", method: .get) { response in
                #expect(String(buffer: response.body).contains("请至少选择两个地区"))
            }
            try await client.execute(uri: "/jump?q=Jiangsu&lang=en", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/regions/320000?lang=en")
            }
            // 江苏省, an alias.
            try await client.execute(uri: "/jump?q=%E6%B1%9F%E8%8B%8F%E7%9C%81", method: .get) { response in
                #expect(response.headers[.location] == "/regions/320000?lang=zh")
            }
            try await client.execute(uri: "/jump?q=Atlantis", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/data?unit=320000&period=2023&lang=en", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains("Jiangsu") && html.contains("5G base stations")
                        && !html.contains(">r_5g_base_stations<")
                )
                #expect(!html.contains("<th scope=\"row\">Beijing</th>"))
                #expect(
                    Self.count("<th scope=\"row\">Jiangsu</th>", in: html)
                        == dataset.observations.filter { $0.unit == "320000" && $0.period == "2023" }.count
                )
            }
            try await client.execute(uri: "/data?lang=en&page=2", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("page 2 of"))
                #expect(html.contains("rel=\"prev\"") && html.contains("rel=\"next\""))
                #expect(Self.count("<tr>", in: html) == 101)  // header and 100 values
            }
        }
    }

    @Test func theGeographicMapLinksEveryProvince() async throws {
        try await Self.application(geo: true).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("南海诸岛") && html.contains("未参评"))
                var linked: Set<String> = []
                for part in html.components(separatedBy: "<a href=\"/regions/").dropFirst() {
                    if let code = part.split(separator: "?").first,
                        part.contains("<path") || part.prefix(400).contains("<path")
                    {
                        linked.insert(String(code))
                    }
                }
                #expect(linked.count == 31, "\(linked.count) provinces link to their page")
            }
        }
    }

    /// An unknown name in 转到地区 or an unknown region is a page in the page's language, not JSON;
    /// the framework page shows each indicator's definition, unit, direction and source.
    @Test func errorsArePagesAndTheFrameworkExplainsItself() async throws {
        let framework = try Catalog.framework()
        let first = try #require(framework.indicators.first)
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/jump?q=%E7%81%AB%E6%98%9F&lang=zh", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: response.body)
                #expect(html.contains("没有找到名为「火星」的地区") && html.contains("<h1>未找到页面</h1>"))
            }
            try await client.execute(uri: "/regions/999999?lang=en", method: .get) { response in
                #expect(response.status == .notFound)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Page not found</h1>") && html.contains("Back to the overview"))
            }
            try await client.execute(uri: "/framework", method: .get) { response in
                let html = String(buffer: response.body)
                // A source named in both languages shows the page's part.
                #expect(html.contains(first.definition.zh) && html.contains(ReportLanguage.zh.sourceName(first.source)))
                #expect(!html.contains(ReportLanguage.en.sourceName(first.source)))
                #expect(!html.contains(first.definition.en))
                #expect(html.contains("<th scope=\"col\">定义</th>") && html.contains("正向（越高越好）"))
            }
            // The English page says it in English.
            try await client.execute(uri: "/framework?lang=en", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(first.definition.en) && !html.contains(first.definition.zh))
                #expect(html.contains(ReportLanguage.en.sourceName(first.source)))
                #expect(!html.contains(ReportLanguage.zh.sourceName(first.source)))
            }
        }
    }
}
