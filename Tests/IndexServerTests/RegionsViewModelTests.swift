import IndexCatalog
import IndexCore
import Testing

@testable import IndexServer

@Suite("The regions page's numbers")
struct RegionsViewModelTests {
    /// The named rank changes are the ranking's own, the largest first.
    @Test func largestMovesAreTheRankingsChanges() throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let snapshot = try DashboardState(framework: framework, dataset: dataset).snapshot
        // Names are the ids, so a move can be traced back to its unit.
        let model = try #require(RegionsViewModel(snapshot, period: nil, names: { $0 }))
        let previous = try #require(model.previous)
        var before: [String: Int] = [:]
        for unit in previous.units { before[unit.id] = before[unit.id] ?? unit.rank }
        #expect(!model.moves.isEmpty)
        #expect(model.moves.count <= RegionsViewModel.moveLimit)
        for move in model.moves {
            let unit = try #require(model.section.units.first { $0.id == move.name })
            let rank = try #require(unit.rank)
            #expect(move.places == (before[unit.id] ?? rank) - rank, "\(unit.id)")
            #expect(model.ranking.rows.first { $0.unit.id == unit.id }?.moved == move.places)
        }
        let smallest = model.moves.map { abs($0.places) }.min() ?? 0
        for unit in model.section.units where !model.moves.contains(where: { $0.name == unit.id }) {
            guard let was = before[unit.id], let rank = unit.rank else { continue }
            #expect(abs(was - rank) <= smallest, "\(unit.id) moved further than the changes named")
        }
    }
}
