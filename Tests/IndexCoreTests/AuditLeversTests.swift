import IndexCore
import IndexTestSupport
import Testing

@Suite("Coherence audit and levers")
struct AuditLeversTests {
    @Test func cronbachAlphaHandWorked() {
        // Items 1,2,3,4 and 2,4,6,8: variances 5/3 and 20/3, total 3,6,9,12 has 15:
        // α = 2 · (1 − 25/3 / 15) = 8/9.
        #expect(abs(Audit.cronbachAlpha([[1, 2, 3, 4], [2, 4, 6, 8]]) - 8.0 / 9) < 1e-12)
        #expect(Audit.cronbachAlpha([[1, 2, 3]]).isNaN)
    }

    @Test func auditFlagsAnIndicatorPullingAgainstItsGroup() throws {
        // Pillar p1 is three parts b to one part a, and a runs against b: a correlates negatively
        // with its own pillar. Pillar p2's c and d move together.
        let ids = ["a", "b", "c", "d"]
        let indicators = ids.map { TestSupport.indicator($0) }
        let p1 = FrameworkNode(
            id: "p1",
            name: LocalisedText(zh: "p1", en: "p1"),
            children: [
                FrameworkNode(indicator: indicators[0], weight: 1), FrameworkNode(indicator: indicators[1], weight: 3),
            ]
        )
        let p2 = FrameworkNode(
            id: "p2",
            name: LocalisedText(zh: "p2", en: "p2"),
            children: indicators[2...].map { FrameworkNode(indicator: $0) }
        )
        let framework = TestSupport.crossSection(
            FrameworkNode(id: "index", name: LocalisedText(zh: "i", en: "i"), children: [p1, p2]),
            normalisation: .minMax100
        )
        let rows: [[Double]] = [[9, 1, 1, 2], [1, 9, 4, 5], [5, 6, 2, 2], [7, 2, 5, 6]]
        var observations: [Observation] = []
        for (u, row) in rows.enumerated() {
            for (j, value) in row.enumerated() {
                observations.append(Observation(unit: "u\(u)", indicator: ids[j], period: "1", value: value))
            }
        }
        let dataset = Dataset(
            units: (0..<4).map { AssessedUnit(id: "u\($0)", name: LocalisedText(zh: "u\($0)", en: "u\($0)")) },
            observations: observations
        )
        let results = try IndexEngine.run(
            framework: framework,
            dataset: dataset,
            options: RunOptions(tierMethod: .sizes([2, 2]))
        )
        guard case .crossSection(let section) = results.evaluations[0] else {
            Issue.record("expected a cross-section")
            return
        }
        let audit = Audit(section)
        #expect(audit.indicators.map(\.id) == ids)
        let a = try #require(audit.indicators.first { $0.id == "a" })
        #expect(a.pearsonWithParent < 0 && a.flags.contains("negative with its parent"))
        let group = try #require(audit.groups.first { $0.id == "p1" })
        #expect(group.verdict.hasPrefix("review"))
        #expect(group.againstTheRest.count == 1)
        #expect((group.cronbachAlpha ?? 1) < 0.7)
        let coherent = try #require(audit.groups.first { $0.id == "p2" })
        #expect(abs((coherent.cronbachAlpha ?? 0) - Audit.cronbachAlpha([[0, 75, 25, 100], [0, 75, 0, 100]])) < 1e-9)
    }

    @Test func leversRerunTheIndexAndFindTheTierThreshold() throws {
        let (framework, dataset) = try RobustnessTests.smallCase()
        let options = RunOptions(tierMethod: .sizes([1, 2]))
        let snapshot = try CrossSectionSnapshot(framework: framework, dataset: dataset, options: options)
        let base = try snapshot.evaluate(raw: snapshot.raw)
        let n = snapshot.compiled.nodeCount
        // The best unit of the second tier.
        let second = snapshot.units.indices.filter { base.tiers[$0] == 2 }
        let u = second.max { base.scores[$0 * n + n - 1] < base.scores[$1 * n + n - 1] } ?? 0
        let id = snapshot.units[u].id
        let report = try Levers.report(snapshot, unit: id)
        #expect(report.tier == 2)
        // Every indicator's step is 1 % of its range; the gain is what the rerun gives.
        for lever in report.levers {
            let j = snapshot.compiled.indicators.firstIndex { $0.id == lever.indicator } ?? 0
            var raw = snapshot.raw
            raw[u * n + j] += lever.step
            let moved = try snapshot.evaluate(raw: raw)
            #expect(abs(lever.gainPerStep - (moved.scores[u * n + n - 1] - report.score)) < 1e-9)
            // At the reported value the unit is in tier 1; a hair below it is not.
            if let target = lever.valueForNextTier {
                raw = snapshot.raw
                raw[u * n + j] = target
                #expect(try snapshot.evaluate(raw: raw).tiers[u] == 1)
                raw[u * n + j] = target - lever.step * 1e-3
                #expect(try snapshot.evaluate(raw: raw).tiers[u] == 2)
            }
        }
        #expect(report.levers.contains { $0.valueForNextTier != nil })
        #expect(throws: IndexError.self) { try Levers.report(snapshot, unit: "nowhere") }
    }

    /// Two units with the same data: the lever report ranks the pair as the run does, under each tie rule.
    @Test(arguments: TieRule.allCases)
    func leversRankTiesAsTheRunDoes(ties: TieRule) throws {
        let (framework, smallData) = try RobustnessTests.smallCase()
        var observations = smallData.observations
        for observation in smallData.observations where observation.unit == "u1" {
            var twin = observation
            twin.unit = "u4"
            observations.append(twin)
        }
        let dataset = Dataset(
            units: smallData.units + [AssessedUnit(id: "u4", name: LocalisedText(zh: "u4", en: "u4"))],
            observations: observations
        )
        var options = RunOptions(tierMethod: .sizes([2, 2]))
        options.ties = ties
        let snapshot = try CrossSectionSnapshot(framework: framework, dataset: dataset, options: options)
        let result = try snapshot.result()
        for unit in ["u1", "u4"] {
            let ranked = try #require(result.units.first { $0.id == unit }?.rank)
            #expect(try Levers.report(snapshot, unit: unit).rank == ranked)
        }
    }

    /// An indicator whose range is finite but whose search limit (ten times the range) is not: the
    /// search for the next tier ends where the change overflows instead of doubling infinity for ever;
    /// and one whose range is a few subnormals, whose step (a hundredth of it) underflows to 0: the
    /// search ends at once instead of doubling 0 for ever. The search's loop is bounded (as many
    /// doublings as take the smallest double past the largest), so neither can hang the test.
    @Test(arguments: [[1.7e308, 0, 5], [Double.leastNonzeroMagnitude, 0, 2 * Double.leastNonzeroMagnitude]])
    func leversEndOnARangeTooWideOrTooNarrowToSearch(_ values: [Double]) throws {
        let (framework, smallData) = try RobustnessTests.smallCase()
        let dataset = Dataset(
            units: smallData.units,
            observations: smallData.observations.map { observation in
                guard observation.indicator == "a" else { return observation }
                var changed = observation
                changed.value = ["u1": values[0], "u2": values[1], "u3": values[2]][observation.unit]
                return changed
            }
        )
        let snapshot = try CrossSectionSnapshot(
            framework: framework,
            dataset: dataset,
            options: RunOptions(tierMethod: .sizes([1, 2]))
        )
        let result = try snapshot.result()
        for unit in result.units where unit.tier == 2 {
            let report = try Levers.report(snapshot, unit: unit.id)
            #expect(report.levers.count == 4)
        }
    }
}
