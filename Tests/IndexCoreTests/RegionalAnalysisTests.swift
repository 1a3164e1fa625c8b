import IndexCore
import IndexTestSupport
import Testing

/// The regional chapter's analyses (``RegionalAnalysis``) on six hand-made regions whose score is
/// indicator a's raw value (no normalisation, b weighs nothing), cut into tiers of 2, 3 and 1.
@Suite("Regional analysis")
struct RegionalAnalysisTests {
    static func result() throws -> CrossSectionResult {
        var a = TestSupport.indicator("a")
        a.isAdditive = true
        var b = TestSupport.indicator("b")
        b.isAdditive = true
        let evaluation = Evaluation(
            id: "r",
            name: LocalisedText(zh: "r", en: "r"),
            kind: .crossSection,
            normalisation: NormalisationMethod.none,
            root: FrameworkNode(
                id: "index",
                name: LocalisedText(zh: "i", en: "i"),
                children: [FrameworkNode(indicator: a, weight: 1), FrameworkNode(indicator: b, weight: 0)]
            ),
            tierNames: ["T1", "T2", "T3"].map { LocalisedText(zh: $0, en: $0) }
        )
        // unit, a, b, region, basin; U6 has no region.
        let rows: [(String, Double, Double, String?, String)] = [
            ("U1", 90, 10, "East", "Y"), ("U2", 86, 30, "West", "N"), ("U3", 60, 20, "East", "Y"),
            ("U4", 55, 20, "West", "Y"), ("U5", 52, 10, "West", "N"), ("U6", 20, 10, nil, "N"),
        ]
        let units = rows.map { row in
            var groups = ["level": "province", "basin": row.4]
            if let region = row.3 { groups["region"] = region }
            return AssessedUnit(id: row.0, name: LocalisedText(zh: row.0, en: row.0), groups: groups)
        }
        let observations = rows.flatMap { row in
            [
                Observation(unit: row.0, indicator: "a", period: "1", value: row.1),
                Observation(unit: row.0, indicator: "b", period: "1", value: row.2),
            ]
        }
        let results = try IndexEngine.run(
            framework: Framework(id: "f", name: evaluation.name, evaluations: [evaluation]),
            dataset: Dataset(units: units, observations: observations),
            options: RunOptions(tierMethod: .sizes([2, 3, 1]))
        )
        guard case .crossSection(let result) = try #require(results.evaluations.first) else {
            throw IndexError("no cross-section")
        }
        return result
    }

    /// Every tier's share of b's total of 100 is its members' sum: 10 + 30, 20 + 20 + 10, 10; of a's
    /// 363: 176, 167, 20. The first tier's shares are the leading shares.
    @Test func everyTierHoldsItsMembersShare() throws {
        let result = try Self.result()
        let analysis = RegionalAnalysis(result)
        #expect(analysis.concentration.map(\.members) == [["U1", "U2"], ["U3", "U4", "U5"], ["U6"]])
        for (tier, (b, a)) in zip(analysis.concentration, [(40.0, 176.0), (50, 167), (10, 20)]) {
            #expect(TestSupport.close(tier.shares["b"], b, 1e-12))
            #expect(TestSupport.close(tier.shares["a"], 100 * a / 363, 1e-12))
        }
        #expect(TestSupport.close(analysis.concentration[1].unitShare, 50, 1e-12))
        #expect(result.tierShares[0] == result.leadingShare)
    }

    /// Tier 1: 90, 86 → range 4, SD √8, one gap of 4, 26 above tier 2's 60. Tier 2: 60, 55, 52 → range
    /// 8, SD √(32⅔ / 2), gaps 5 and 3, 32 above 20. Tier 3 alone has no SD, gaps or next tier.
    @Test func spreadInsideEachTier() throws {
        let spread = RegionalAnalysis(try Self.result()).spread
        #expect(spread.map(\.count) == [2, 3, 1])
        #expect(TestSupport.close(spread[0].range, 4, 1e-12))
        #expect(TestSupport.close(spread[0].sd, 8.0.squareRoot(), 1e-12))
        #expect(spread[0].gaps == [4])
        #expect(TestSupport.close(spread[0].gapToNext, 26, 1e-12))
        #expect(TestSupport.close(spread[1].range, 8, 1e-12))
        #expect(TestSupport.close(spread[1].mean, 167.0 / 3, 1e-12))
        #expect(TestSupport.close(spread[1].sd, (98.0 / 3 / 2).squareRoot(), 1e-12))
        #expect(spread[1].gaps == [5, 3])
        #expect(spread[1].largestGap == 5)
        #expect(TestSupport.close(spread[1].meanGap, 4, 1e-12))
        #expect(TestSupport.close(spread[1].gapToNext, 32, 1e-12))
        #expect(spread[2].sd == nil && spread[2].gaps.isEmpty && spread[2].gapToNext == nil)
    }

    /// Groups from every extra column that splits the units in two or more (`level` does not): by
    /// region, East (90, 60) before West (86, 55, 52), U6 left out; by the user's basin column, Y
    /// (90, 60, 55) before N (86, 52, 20).
    @Test func groupsFromTheUnitList() throws {
        let groupings = RegionalAnalysis(try Self.result()).groupings
        #expect(groupings.map(\.column) == ["basin", "region"])
        let region = try #require(groupings.first { $0.column == "region" })
        #expect(region.groups.map(\.group) == ["East", "West"])
        #expect(TestSupport.close(region.groups[0].meanScore, 75, 1e-12))
        #expect(TestSupport.close(region.groups[1].meanScore, 193.0 / 3, 1e-12))
        #expect(TestSupport.close(region.groups[1].medianScore, 55, 1e-12))
        #expect(region.groups[0].tierCounts == [1, 1, 0])
        #expect(region.groups[1].tierCounts == [1, 2, 0])
        #expect(region.groups[1].best == "U2" && region.groups[1].bestRank == 2)
        let basin = try #require(groupings.first { $0.column == "basin" })
        #expect(basin.groups.map(\.group) == ["Y", "N"])
        #expect(TestSupport.close(basin.groups[0].meanScore, 205.0 / 3, 1e-12))
        #expect(basin.groups[1].tierCounts == [1, 1, 1])
    }
}
