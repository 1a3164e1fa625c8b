import IndexCatalog
import IndexCore
import Testing

@testable import IndexServer

/// The dashboard's period sections come from one panel run; they must be what a run of each period
/// on its own gives.
@Suite("Dashboard periods: one panel run, each period as its own run scores it")
struct DashboardPeriodsTests {
    static func expectSame(_ panel: CrossSectionResult, _ single: CrossSectionResult) {
        #expect(panel.period == single.period)
        #expect(panel.units.map(\.id) == single.units.map(\.id))
        #expect(panel.units.map(\.rank) == single.units.map(\.rank))
        #expect(panel.units.map(\.tier) == single.units.map(\.tier))
        for (a, b) in zip(panel.units, single.units) {
            let (x, y) = (a.score ?? .nan, b.score ?? .nan)
            #expect(x.isNaN == y.isNaN && (x.isNaN || abs(x - y) <= 1e-9 * max(1, abs(y))), "\(a.id) \(panel.period)")
            for (node, score) in b.nodes {
                #expect(a.nodes[node]?.rank == score.rank, "\(a.id) \(node) \(panel.period)")
            }
        }
    }

    @Test(arguments: [false, true])
    func periodSectionsMatchSinglePeriodRuns(imputed: Bool) throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        var options = RunOptions()
        if imputed { options.imputation = .mean }
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: options)
        let sections = DashboardSnapshot.crossSectionsByPeriod(framework: framework, dataset: dataset, results: results)
        let latestSections = results.evaluations.compactMap { result -> CrossSectionResult? in
            if case .crossSection(let section) = result { return section }
            return nil
        }
        // The sections come from the panel run, not from the period-by-period fallback.
        #expect(
            DashboardSnapshot.panelRun(of: latestSections, framework: framework, dataset: dataset, options: options)
                != nil
        )
        for latest in latestSections {
            let shown = try #require(sections[latest.evaluation])
            #expect(shown.map(\.period) == dataset.periods.filter { period in shown.contains { $0.period == period } })
            #expect(shown.count > 1)
            for section in shown {
                var single = options
                single.period = section.period
                single.evaluations = [latest.evaluation]
                let run = try IndexEngine.run(framework: framework, dataset: dataset, options: single)
                guard case .crossSection(let expected)? = run.evaluations.first else {
                    Issue.record("no cross-section in \(section.period)")
                    continue
                }
                Self.expectSame(section, expected)
            }
        }
    }
}
