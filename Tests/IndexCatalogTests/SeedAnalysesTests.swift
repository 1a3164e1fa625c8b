import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The seed report's own weight mode and regional analyses on the built-in framework and data.
@Suite("Seed analyses on the built-in index")
struct SeedAnalysesTests {
    /// Within-parent mode keeps every aggregate's AHP weight (the sum of its indicators' AHP global
    /// weights); the default global blend moves the pillars (national foundation from the AHP's 9.85 % to 14.0 %).
    @Test func withinParentKeepsTheAHPsUpperLevels() throws {
        for var evaluation in try Catalog.framework().evaluations {
            let global = try evaluation.deriveWeights()
            #expect(global.panelMode == .global)
            evaluation.weighting?.panelMode = .withinParent
            let within = try evaluation.deriveWeights()
            #expect(within.panelMode == .withinParent)
            var drift = 0.0
            for pillar in evaluation.root.children {
                let ahp = pillar.indicators.reduce(0) { $0 + (within.initial[$1.id] ?? .nan) }
                #expect(TestSupport.close(within.effective[pillar.id], ahp, 1e-9), "\(evaluation.id) \(pillar.id)")
                drift = max(drift, abs((global.effective[pillar.id] ?? .nan) - ahp))
                for child in pillar.children where !child.isLeaf {
                    let ahpChild = child.indicators.reduce(0) { $0 + (within.initial[$1.id] ?? .nan) }
                    #expect(TestSupport.close(within.effective[child.id], ahpChild, 1e-9), "\(child.id)")
                }
            }
            // The global blend moves some pillar by more than three points.
            #expect(drift > 3, "\(evaluation.id)")
            let indicators = evaluation.root.indicators.map(\.id)
            #expect(TestSupport.close(indicators.reduce(0) { $0 + (within.effective[$1] ?? .nan) }, 100, 1e-9))
        }
        let foundation = try #require(try Catalog.framework().evaluation("national")?.deriveWeights())
        #expect(TestSupport.close(foundation.effective["foundation"], 14.015, 0.001))
    }

    /// What the README states of the within-parent mode on the built-in data: the 2023 index 237.4
    /// (the default gives the published 235.0), the same tiers 6/11/10/4, 江苏 86.6 still second, 北京
    /// and 山东 swapped.
    @Test func withinParentOnTheBuiltInData() throws {
        var framework = try Catalog.framework()
        for index in framework.evaluations.indices { framework.evaluations[index].weighting?.panelMode = .withinParent }
        let results = try IndexEngine.run(framework: framework, dataset: try Catalog.dataset())
        guard case .series(let national) = try #require(results.evaluations.first { $0.id == "national" }),
            case .crossSection(let regional) = try #require(results.evaluations.first { $0.id == "regional" })
        else { throw IndexError("no results") }
        #expect(TestSupport.close(national.series["index"]?.last ?? nil, 237.4, 0.05))
        #expect((1...4).map { tier in regional.units.filter { $0.tier == tier }.count } == [6, 11, 10, 4])
        let jiangsu = try #require(regional.units.first { $0.id == "320000" })
        #expect(TestSupport.close(jiangsu.score, 86.6, 0.05) && jiangsu.rank == 2)
        #expect(regional.units[2].id == "110000" && regional.units[3].id == "370000")
    }

    /// `--panel-mode within-parent` (the run option, `{"panelMode": "within-parent"}` in the API) gives
    /// exactly what the framework's `panel-mode: within-parent` gives, in the engine and in the pipeline
    /// robustness and levers start from; on the built-in data it moves no regional rank or tier, only
    /// scores (江苏 88.9 → 86.6, the largest change), as the README and the audit write-up state.
    @Test func withinParentAsARunOption() throws {
        let options = try JSONDecoder().decode(RunOptions.self, from: Data(#"{"panelMode": "within-parent"}"#.utf8))
        #expect(options.panelMode == .withinParent)
        #expect(String(decoding: try JSONEncoder().encode(options), as: UTF8.self) == #"{"panelMode":"within-parent"}"#)
        var keyed = try Catalog.framework()
        for index in keyed.evaluations.indices { keyed.evaluations[index].weighting?.panelMode = .withinParent }
        let dataset = try Catalog.dataset()
        let byOption = try IndexEngine.run(framework: try Catalog.framework(), dataset: dataset, options: options)
        let byKey = try IndexEngine.run(framework: keyed, dataset: dataset)
        #expect(byOption.evaluations == byKey.evaluations)
        #expect(byOption.weights["regional"]?.panelMode == .withinParent)
        let pipeline = try CrossSectionPipeline(
            framework: try Catalog.framework(),
            dataset: dataset,
            evaluationID: "regional",
            options: options
        )
        let keyedPipeline = try CrossSectionPipeline(framework: keyed, dataset: dataset, evaluationID: "regional")
        #expect(pipeline.weights == keyedPipeline.weights)
        #expect(pipeline.compiled.evaluation.weighting?.panelMode == .withinParent)

        guard case .crossSection(let within) = try #require(byOption.evaluations.first { $0.id == "regional" })
        else { throw IndexError("no regional result") }
        let global = try regional
        let before = Dictionary(uniqueKeysWithValues: global.units.map { ($0.id, $0) })
        #expect(within.units.allSatisfy { $0.rank == before[$0.id]?.rank && $0.tier == before[$0.id]?.tier })
        let changes = within.units.map { ($0.id, ($0.score ?? .nan) - (before[$0.id]?.score ?? .nan)) }
        let largest = try #require(changes.max { abs($0.1) < abs($1.1) })
        #expect(largest.0 == "320000" && TestSupport.close(largest.1, -2.3, 0.05))
        // Below the index: 46 unit ranks on 11 aggregates change, the largest by 5 places on policy.
        var moved: [String: Int] = [:]
        var largestMove = (node: "", places: 0)
        for unit in within.units {
            for (node, score) in unit.nodes {
                let now = score.rank ?? 0
                let shift = abs(now - (before[unit.id]?.nodes[node]?.rank ?? now))
                if shift > 0 { moved[node, default: 0] += 1 }
                if shift > largestMove.places { largestMove = (node, shift) }
            }
        }
        #expect(moved.values.reduce(0, +) == 46 && moved.count == 11)
        #expect(largestMove == ("policy", 5))
    }

    /// A run that sets a panel mode on an evaluation without an expert panel is refused, naming it.
    @Test func panelModeNeedsAPanel() throws {
        var framework = try Catalog.framework()
        framework.evaluations[0].weighting?.panel = nil
        var options = RunOptions()
        options.panelMode = .global
        let error = try #require(throws: IndexErrors.self) {
            try IndexEngine.run(framework: framework, dataset: try Catalog.dataset(), options: options)
        }
        #expect(
            error.errors.map(\.message).contains {
                $0.contains("evaluation '\(framework.evaluations[0].id)' has no expert panel")
                    && $0.contains("--panel-mode")
            }
        )
        #expect(throws: IndexError.self) {
            try JSONDecoder().decode(RunOptions.self, from: Data(#"{"panelMode": "within"}"#.utf8))
        }
    }

    /// The audit of the built-in index, as the README's write-up states it: the three indicators whose
    /// importance falls furthest below their weight are the odd ones out of incoherent pairs (Cronbach's
    /// α < 0.5 in their group); industry and environment weigh more than they move the index; and the
    /// seed's within-parent mode widens the gap between weights and importance (foundation's weight
    /// halves while its importance stays).
    @Test func importanceDepartsFromWeightWhereGroupsAreIncoherent() throws {
        func importance(_ options: RunOptions) throws -> [WeightImportance.Node] {
            try CrossSectionPipeline(
                framework: try Catalog.framework(),
                dataset: try Catalog.dataset(),
                evaluationID: "regional",
                options: options
            ).weightImportance().nodes
        }
        func departure(_ node: WeightImportance.Node) -> Double { (node.importanceShare ?? .nan) - node.weightShare }
        let global = try importance(RunOptions())
        let indicators = global.filter { $0.level == 1 }
        let furthestBelow = indicators.sorted { departure($0) < departure($1) }.prefix(3).map(\.id)
        #expect(Set(furthestBelow) == ["r_iiot_firms", "r_service_providers", "r_iiot_patents"])
        let audit = Audit(try regional)
        let incoherent = Set(audit.groups.filter { ($0.cronbachAlpha ?? 1) < 0.5 }.map(\.id))
        #expect(incoherent == Set(indicators.filter { furthestBelow.contains($0.id) }.map(\.parent)))
        let pillars = global.filter { $0.parent == "index" }
        let below = pillars.filter { departure($0) < -0.04 }.map(\.id)
        #expect(Set(below) == ["industry", "environment"])

        var options = RunOptions()
        options.panelMode = .withinParent
        let within = try importance(options)
        func gap(_ nodes: [WeightImportance.Node], level: Int) -> Double {
            nodes.filter { $0.level == level }.reduce(0) { $0 + abs(departure($1)) }
        }
        #expect(gap(within, level: 1) > gap(global, level: 1) + 0.1)
        let foundation = try #require(within.first { $0.id == "foundation" })
        #expect(departure(foundation) > 0.1)
    }

    var regional: CrossSectionResult {
        get throws {
            let results = try IndexEngine.run(framework: try Catalog.framework(), dataset: try Catalog.dataset())
            guard case .crossSection(let result) = try #require(results.evaluations.first { $0.id == "regional" })
            else { throw IndexError("no regional result") }
            return result
        }
    }

    /// The report: "the 11 快速崛起 regions hold over 40 % of 5G base stations". Recomputed from the
    /// data by hand, and every tier's shares of an indicator every region reports add up to 100.
    @Test func risingTierHoldsOverFortyPercentOfBaseStations() throws {
        let result = try regional
        let analysis = RegionalAnalysis(result)
        #expect(analysis.concentration.map(\.members.count) == [6, 11, 10, 4])
        let rising = analysis.concentration[1]
        let dataset = try Catalog.dataset()
        let values = dataset.observations.filter { $0.indicator == "r_5g_base_stations" && $0.period == result.period }
        let members = Set(rising.members)
        let total = values.compactMap(\.value).reduce(0, +)
        let held = values.filter { members.contains($0.unit) }.compactMap(\.value).reduce(0, +)
        #expect(values.count == 31)
        #expect(TestSupport.close(rising.shares["r_5g_base_stations"], 100 * held / total, 1e-9))
        #expect((rising.shares["r_5g_base_stations"] ?? 0) > 40)
        let sum = analysis.concentration.reduce(0) { $0 + ($1.shares["r_5g_base_stations"] ?? .nan) }
        #expect(TestSupport.close(sum, 100, 1e-9))
    }

    /// The four economic regions from units.csv: East 10, Central 6, Northeast 3, West 12; East's
    /// mean is its members' mean; East holds all six leading regions; 东强西弱 in the ranking and the
    /// sentence.
    @Test func economicRegions() throws {
        let result = try regional
        let analysis = RegionalAnalysis(result)
        let region = try #require(analysis.groupings.first { $0.column == "region" })
        #expect(region.groups.map(\.group) == ["East", "Central", "Northeast", "West"])
        #expect(region.groups.map(\.members.count) == [10, 6, 3, 12])
        let east = region.groups[0]
        let scores = result.units.filter { $0.groups["region"] == "East" }.compactMap(\.score)
        #expect(TestSupport.close(east.meanScore, scores.reduce(0, +) / Double(scores.count), 1e-12))
        #expect(east.tierCounts[0] == 6 && east.best == "440000")
        #expect(region.groups.allSatisfy { $0.tierCounts.reduce(0, +) == $0.members.count })
        // The rising tier is closer together than the leading one: its neighbours are at most 1.7 apart.
        #expect((analysis.spread[1].largestGap ?? .nan) < (analysis.spread[0].largestGap ?? .nan))
    }
}
