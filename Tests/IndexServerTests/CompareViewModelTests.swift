import IndexCatalog
import IndexCore
import Testing

@testable import IndexServer

@Suite("The compare page's numbers")
struct CompareViewModelTests {
    static func snapshot() throws -> DashboardSnapshot {
        let framework = try Catalog.framework()
        return try DashboardState(framework: framework, dataset: try Catalog.dataset(for: framework)).snapshot
    }

    /// A region asked for twice is one region: it is not compared with itself.
    @Test func aRepeatedRegionCountsOnce() throws {
        let snapshot = try Self.snapshot()
        let twice = try #require(CompareViewModel(snapshot, period: nil, requested: ["320000", "320000"]))
        #expect(twice.chosen.map(\.id) == ["320000"])
        #expect(!twice.isComparable)
        #expect(twice.unknown.isEmpty)
        let model = try #require(
            CompareViewModel(snapshot, period: nil, requested: ["320000", "440000", "320000", "nowhere"])
        )
        #expect(model.chosen.map(\.id) == ["320000", "440000"])
        #expect(model.unknown == ["nowhere"])
        #expect(model.rows.allSatisfy { $0.scores.count == 2 })
    }
}
