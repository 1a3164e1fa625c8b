import IndexCore
import IndexTestSupport
import Testing

/// The two places the expert panel meets the AHP weights (``PanelMode``), worked by hand on two pillars.
@Suite("Panel mode")
struct PanelModeTests {
    /// Pillar A (weight 0.6) holds a1, a2, a3 at a third each; pillar B (0.4) holds b1 alone. One
    /// expert scores a1 90, a2 60, a3 30, b1 60 (total 240); α = 0.5.
    static func evaluation(_ mode: PanelMode, scores: [Double] = [90, 60, 30, 60]) throws -> Evaluation {
        func leaf(_ id: String) -> FrameworkNode {
            FrameworkNode(indicator: Indicator(id: id, name: LocalisedText(zh: id, en: id)))
        }
        let root = FrameworkNode(
            id: "index",
            name: LocalisedText(zh: "index", en: "index"),
            children: [
                FrameworkNode(
                    id: "A",
                    name: LocalisedText(zh: "A", en: "A"),
                    weight: 0.6,
                    children: ["a1", "a2", "a3"].map(leaf)
                ),
                FrameworkNode(id: "B", name: LocalisedText(zh: "B", en: "B"), weight: 0.4, children: [leaf("b1")]),
            ]
        )
        let panel = try ExpertPanel(experts: ["e"], indicators: ["a1", "a2", "a3", "b1"], scores: [scores])
        return Evaluation(
            id: "two-pillars",
            name: LocalisedText(zh: "t", en: "t"),
            kind: .crossSection,
            normalisation: .minMax100,
            root: root,
            weighting: WeightingSpecification(panel: panel, alpha: 0.5, panelMode: mode)
        )
    }

    /// Global: AHP 20, 20, 20, 40 % and panel 37.5, 25, 12.5, 25 % blend to 28.75, 22.5, 16.25, 32.5;
    /// pillar A drifts from 60 to 67.5 because the panel's weights follow its three indicators.
    @Test func globalBlendMovesThePillarWeights() throws {
        let derived = try Self.evaluation(.global).deriveWeights()
        let expected = ["a1": 28.75, "a2": 22.5, "a3": 16.25, "b1": 32.5, "A": 67.5, "B": 32.5, "index": 100]
        for (id, value) in expected { #expect(TestSupport.close(derived.effective[id] ?? .nan, value, 1e-12)) }
        #expect(derived.panelMode == .global)
    }

    /// Within the parent: A's panel shares are 90/180, 60/180, 30/180 = ½, ⅓, ⅙; blended with ⅓ each
    /// they are 5/12, 1/3, 1/4, times A's 60 % = 25, 20, 15; b1 keeps B's 40 %. Pillar weights are the AHP's.
    @Test func withinParentKeepsThePillarWeights() throws {
        let derived = try Self.evaluation(.withinParent).deriveWeights()
        let expected = ["a1": 25.0, "a2": 20, "a3": 15, "b1": 40, "A": 60, "B": 40, "index": 100]
        for (id, value) in expected { #expect(TestSupport.close(derived.effective[id] ?? .nan, value, 1e-12)) }
        #expect(derived.panelMode == .withinParent)
        // The AHP's own global weights are reported unchanged in both modes.
        #expect(TestSupport.close(derived.initial["a1"] ?? .nan, 20, 1e-12))
        #expect(TestSupport.close(derived.initial["b1"] ?? .nan, 40, 1e-12))
        // Local weights in the tree: a1's share of A.
        let a = try #require(derived.root.node(withID: "A"))
        #expect(TestSupport.close(a.children[0].weight, 5.0 / 12, 1e-12))
    }

    /// A parent whose indicators the panel all scores zero has no panel shares: refused, naming it.
    @Test func aParentScoredZeroIsRefused() throws {
        let evaluation = try Self.evaluation(.withinParent, scores: [90, 60, 30, 0])
        #expect {
            try evaluation.deriveWeights()
        } throws: { error in
            (error as? IndexError)?.message.contains("'B'") == true
        }
    }
}
