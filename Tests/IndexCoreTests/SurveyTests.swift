import IndexCore
import IndexTestSupport
import RealModule
import Testing

@Suite("Weighting surveys: scale, checks, Harker completion, Delphi rounds")
struct SurveyTests {
    /// A two-level framework: the index over three pillars; pillar `a` over two indicators, `b` over
    /// three, `c` over one (not asked: one child).
    static func framework() -> Framework {
        func leaf(_ id: String) -> FrameworkNode { FrameworkNode(indicator: TestSupport.indicator(id)) }
        let root = FrameworkNode(
            id: "index",
            name: LocalisedText(zh: "指数", en: "Index"),
            children: [
                FrameworkNode(id: "a", name: LocalisedText(zh: "甲", en: "A"), children: [leaf("a1"), leaf("a2")]),
                FrameworkNode(
                    id: "b",
                    name: LocalisedText(zh: "乙", en: "B"),
                    children: [leaf("b1"), leaf("b2"), leaf("b3")]
                ),
                FrameworkNode(id: "c", name: LocalisedText(zh: "丙", en: "C"), children: [leaf("c1")]),
            ]
        )
        let evaluation = Evaluation(
            id: "main",
            name: LocalisedText(zh: "主", en: "Main"),
            kind: .crossSection,
            normalisation: .minMax100,
            root: root
        )
        return Framework(id: "toy", name: LocalisedText(zh: "玩具", en: "Toy"), evaluations: [evaluation])
    }

    @Test func theDesignAsksEveryNodeWithTwoOrMoreChildrenAndEveryIndicator() throws {
        let design = try SurveyDesign(framework: Self.framework())
        #expect(design.nodes.map(\.key) == ["index", "a", "b"])
        #expect(design.node("b")?.pairs.map { [$0.0, $0.1] } == [[0, 1], [0, 2], [1, 2]])
        #expect(design.indicators.map(\.id) == ["a1", "a2", "b1", "b2", "b3", "c1"])
        #expect(try SurveyDesign(framework: Self.framework(), kind: .ahp).indicators.isEmpty)
        #expect(try SurveyDesign(framework: Self.framework(), kind: .delphi).nodes.isEmpty)
    }

    @Test func saatyScaleReadsFractionsSnapsDecimalsAndRefusesTheRest() {
        #expect(SaatyScale.values.count == 17)
        #expect(SaatyScale.number("1/5") == 0.2)
        #expect(SaatyScale.number(" 3 ") == 3)
        #expect(SaatyScale.number("x") == nil)
        #expect(SaatyScale.snapped(0.333) == 1.0 / 3)
        #expect(SaatyScale.snapped(10) == nil)
        #expect(SaatyScale.snapped(0.1) == nil)
        #expect(SaatyScale.snapped(2.5) == nil)
        #expect(SaatyScale.label(1.0 / 7) == "1/7")
        #expect(SaatyScale.nearest(13.7) == 9)
        #expect(SaatyScale.nearest(0.58) == 0.5)
        #expect(SaatyScale.describe(5, language: .en) == "the first is strongly more important")
        #expect(SaatyScale.describe(0.2, language: .zh) == "后者明显重要")
    }

    /// Harker by hand on a 3 × 3 matrix.
    ///
    /// a12 = 2, a23 = 3, a13 missing. C = [[2, 2, 0], [1/2, 1, 3], [0, 1/3, 2]] and
    /// C (6, 3, 1)ᵀ = 3 · (6, 3, 1)ᵀ, so w = (0.6, 0.3, 0.1), a13 = w1/w3 = 6 = 2 · 3 and CR = 0.
    @Test func harkerCompletesAThreeByThreeByHand() throws {
        let (matrix, completions) = try IncompleteJudgements.complete([[1, 2, nil], [0.5, 1, 3], [nil, 1.0 / 3, 1]])
        #expect(completions.count == 1)
        #expect(completions[0].row == 0 && completions[0].column == 2)
        #expect(completions[0].value.isApproximatelyEqual(to: 6, relativeTolerance: 1e-12))
        #expect(matrix.entries[2][0].isApproximatelyEqual(to: 1.0 / 6, relativeTolerance: 1e-12))
        let result = try AHP.analyse(matrix)
        for (w, expected) in zip(result.weights, [0.6, 0.3, 0.1]) {
            #expect(w.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
        }
        #expect(result.cr.isApproximatelyEqual(to: 0, absoluteTolerance: 1e-12))
    }

    /// A consistent matrix with entries removed is completed back to itself.
    @Test(arguments: [[(0, 3)], [(0, 2), (1, 3)], [(0, 1), (0, 2), (2, 3)]])
    func harkerRecoversAConsistentMatrix(_ removed: [(Int, Int)]) throws {
        let weights = [0.4, 0.3, 0.2, 0.1]
        var entries: [[Double?]] = weights.map { wi in weights.map { wj in wi / wj } }
        for (i, j) in removed {
            entries[i][j] = nil
            entries[j][i] = nil
        }
        let (matrix, completions) = try IncompleteJudgements.complete(entries)
        #expect(completions.count == removed.count)
        for i in 0..<4 {
            for j in 0..<4 {
                #expect(
                    matrix.entries[i][j].isApproximatelyEqual(to: weights[i] / weights[j], relativeTolerance: 1e-10)
                )
            }
        }
    }

    @Test func disconnectedJudgementsAreRefused() {
        #expect(
            throws: IndexError(
                "the judgements do not connect child 1 with child 3: judge at least one pair linking them"
            )
        ) {
            try IncompleteJudgements.complete([
                [1, 2, nil, nil], [0.5, 1, nil, nil], [nil, nil, 1, 3], [nil, nil, 1.0 / 3, 1],
            ])
        }
    }

    /// Saaty (1990)'s matrix (CR 0.145): ε_ij = a_ij w_j / w_i is furthest from 1 at (1, 4), where
    /// a = 7 but w1/w4 = 13.7255 (numpy: w = 0.61867, 0.23532, 0.10093, 0.04507); the suggestion is 9,
    /// and taking it lowers CR.
    @Test func anInconsistentMatrixNamesTheJudgementToRevisit() throws {
        let design = try SurveyDesign(
            framework: TestSupport.crossSection(
                FrameworkNode(
                    id: "index",
                    name: LocalisedText(zh: "i", en: "i"),
                    children: ["p", "q", "r", "s"].map { FrameworkNode(indicator: TestSupport.indicator($0)) }
                ),
                normalisation: .minMax100
            ),
            kind: .ahp
        )
        let saaty: [[Double?]] = [
            [1, 5, 6, 7], [1.0 / 5, 1, 4, 6], [1.0 / 6, 1.0 / 4, 1, 4], [1.0 / 7, 1.0 / 6, 1.0 / 4, 1],
        ]
        let checked = try design.check(SurveyAnswers(judgements: ["index": saaty]), expert: "Li")
        let matrix = try #require(checked.matrix("index"))
        #expect(matrix.result.cr.isApproximatelyEqual(to: 0.1447148957689637, absoluteTolerance: 1e-9))
        let revision = try #require(matrix.revision)
        #expect(revision.row == 0 && revision.column == 3)
        #expect(revision.current == 7)
        #expect(revision.implied.isApproximatelyEqual(to: 13.72549440843481, relativeTolerance: 1e-8))
        #expect(revision.suggested == 9)
        var repaired = saaty
        repaired[0][3] = 9
        repaired[3][0] = 1.0 / 9
        let after = try #require(
            try design.check(SurveyAnswers(judgements: ["index": repaired]), expert: "Li").matrix("index")
        )
        #expect(after.result.cr < matrix.result.cr)
        // A consistent matrix has nothing to revisit.
        let fine = try design.check(
            SurveyAnswers(judgements: [
                "index": [[1, 2, 4, 8], [0.5, 1, 2, 4], [0.25, 0.5, 1, 2], [0.125, 0.25, 0.5, 1]]
            ]),
            expert: "Li"
        )
        #expect(fine.matrix("index")?.revision == nil)
    }

    @Test func badAnswersAreRefusedNamingExpertNodeAndPair() throws {
        let design = try SurveyDesign(framework: Self.framework())
        func problems(_ answers: SurveyAnswers) -> [String] {
            do {
                _ = try design.check(answers, expert: "Zhang")
                return []
            } catch let error as IndexErrors {
                return error.errors.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(
            problems(SurveyAnswers(judgements: ["b": [[1, 10, nil], [nil, 1, nil], [nil, nil, 1]]]))
                == ["expert 'Zhang': node 'b', pair (b1, b2): 10.0 is not on Saaty's 1–9 scale (1/9 … 9)"]
        )
        #expect(
            problems(SurveyAnswers(judgements: ["b": [[1, 3, nil], [3, 1, nil], [nil, nil, 1]]]))
                == [
                    "expert 'Zhang': node 'b', pair (b1, b2): not reciprocal: a = 3 but the mirror entry is 3, expected 1/3"
                ]
        )
        #expect(
            problems(SurveyAnswers(judgements: ["zz": [[1, 2], [0.5, 1]]]))
                == ["expert 'Zhang': node 'zz' is not in this survey (its nodes: index, a, b)"]
        )
        #expect(
            problems(SurveyAnswers(judgements: ["a": [[1, 2, 3], [0.5, 1, 1], [1.0 / 3, 1, 1]]]))
                == ["expert 'Zhang': node 'a': the matrix must be 2 × 2 over [a1, a2]"]
        )
        #expect(
            problems(SurveyAnswers(scores: ["a1": 101])) == [
                "expert 'Zhang': score 101 is outside the panel's scale 0–100 (indicator 'a1')"
            ]
        )
        #expect(
            problems(SurveyAnswers(scores: ["zz": 50])) == [
                "expert 'Zhang': indicator 'zz' is not scored in this survey (indicator 'zz')"
            ]
        )
        #expect(
            problems(SurveyAnswers(judgements: ["b": [[1, 2, nil], [nil, 1, nil], [nil, nil, 1]]]))
                == [
                    "expert 'Zhang': node 'b': the judgements do not connect child 1 with child 3: judge at least one pair linking them"
                ]
        )
    }

    @Test func quartilesFollowLinearInterpolation() {
        // h = 3 · 0.25 = 0.75 → 1 + 0.75 · (2 − 1); h = 2.25 → 3 + 0.25 · (4 − 3).
        #expect(Delphi.quantile([4, 1, 3, 2], 0.25) == 1.75)
        #expect(Delphi.quantile([4, 1, 3, 2], 0.75) == 3.25)
        #expect(Delphi.quantile([7], 0.75) == 7)
        #expect(Delphi.quantile([], 0.5).isNaN)
        #expect(Delphi.quantile([1, 2], .nan).isNaN)
        #expect(Delphi.quantile([1, 2], 7) == 2)
    }

    /// A two-round Delphi with eight simulated experts.
    ///
    /// Eight simulated experts score six indicators around a shared view; in round two each moves
    /// halfway towards the group's round-one median (the feedback a Delphi round gives), so every
    /// indicator's CV falls and the panel agrees more (W rises). The stopping rule stops after round 2
    /// at CV < 0.25 and not after round 1.
    @Test func aTwoRoundDelphiWithEightExpertsConverges() throws {
        let design = try SurveyDesign(framework: Self.framework(), kind: .delphi)
        let truth: [String: Double] = ["a1": 85, "a2": 70, "b1": 60, "b2": 90, "b3": 50, "c1": 75]
        var generator = SplitMix64(seed: 20_241_126)
        func noise(_ spread: Double) -> Double {
            // The mean of four uniforms on [−1, 1], scaled: bounded, roughly normal.
            (0..<4).reduce(0.0) { total, _ in total + Double.random(in: -1...1, using: &generator) } / 4 * spread
        }
        let experts = (1...8).map { "E\($0)" }
        let first = try experts.map { expert in
            try design.check(
                // Drawn in the indicators' order, so the simulation is the same in every process (a
                // dictionary's own order is not).
                SurveyAnswers(
                    scores: Dictionary(
                        uniqueKeysWithValues: truth.sorted { $0.key < $1.key }.map { key, value in
                            (key, min(100, max(0, (value + noise(40)).rounded())))
                        }
                    )
                ),
                expert: expert
            )
        }
        let one = try design.delphiStatistics(first, round: 1)
        let second = try first.map { answers in
            try design.check(
                SurveyAnswers(
                    scores: answers.scores.sorted { $0.key < $1.key }.reduce(into: [:]) { scores, entry in
                        let median = one.indicator(entry.key)?.median ?? entry.value
                        scores[entry.key] = min(100, max(0, ((entry.value + median) / 2 + noise(4)).rounded()))
                    }
                ),
                expert: answers.expert
            )
        }
        let two = try design.delphiStatistics(second, round: 2)
        #expect(one.experts.count == 8 && two.experts.count == 8)
        for indicator in one.indicators {
            let after = try #require(two.indicator(indicator.id))
            #expect(after.cv < indicator.cv, "\(indicator.id): CV \(indicator.cv) → \(after.cv)")
            #expect(after.lowerQuartile <= after.median && after.median <= after.upperQuartile)
        }
        #expect(two.kendallW > one.kendallW)
        // Statistics agree with a hand computation on one column.
        let column = second.map { $0.scores["b2"] ?? 0 }
        let mean = column.reduce(0, +) / 8
        let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 7).squareRoot()
        #expect(two.indicator("b2")?.cv.isApproximatelyEqual(to: sd / mean, relativeTolerance: 1e-12) == true)
        #expect(two.indicator("b2")?.fullScoreFrequency == Double(column.filter { $0 == 100 }.count) / 8)
        let rule = DelphiStoppingRule(maximumCV: 0.25)
        #expect(one.maximumCV >= 0.25)
        #expect(rule.decision(after: one).stop == false)
        #expect(rule.decision(after: two).stop == true)
        #expect(DelphiStoppingRule(maximumCV: 0.01, maximumRounds: 2).decision(after: two).stop == true)
    }

    /// Group weights per node are AHP's own group aggregation over the experts who answered the node,
    /// and the weighted framework's final weights total 100.
    @Test func answersBecomeTheFrameworksWeighting() throws {
        let framework = Self.framework()
        let design = try SurveyDesign(framework: framework)
        let index: [[[Double?]]] = [
            [[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]], [[1, 3, 5], [1.0 / 3, 1, 2], [0.2, 0.5, 1]],
        ]
        let scores: [[String: Double]] = [
            ["a1": 90, "a2": 70, "b1": 60, "b2": 80, "b3": 50, "c1": 40],
            ["a1": 80, "a2": 80, "b1": 70, "b2": 90, "b3": 60, "c1": 50],
        ]
        let answers = try (0..<2).map { e in
            try design.check(
                SurveyAnswers(
                    judgements: [
                        "index": index[e], "a": [[1, 2], [0.5, 1]],
                        "b": [[1, nil, 3], [nil, 1, 2], [1.0 / 3, 0.5, 1]],
                    ],
                    scores: scores[e]
                ),
                expert: "E\(e + 1)"
            )
        }
        let weighting = try design.weighting(of: framework, answers: answers)
        let group = try AHP.analyseGroup(answers.map { try #require($0.matrix("index")).matrix }, aggregation: .aij)
        let indexWeights = try #require(weighting.nodes["index"]?.weights)
        #expect(indexWeights.count == 3)
        for (w, expected) in zip(indexWeights, group.weights) {
            #expect(w.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-15))
        }
        #expect(weighting.provenance.ahpExperts == ["E1", "E2"])
        let derived = try #require(try weighting.framework.evaluations.first?.deriveWeights())
        #expect(derived.effective["index"]?.isApproximatelyEqual(to: 100, absoluteTolerance: 1e-9) == true)
        let leaves = ["a1", "a2", "b1", "b2", "b3", "c1"].compactMap { derived.effective[$0] }
        #expect(leaves.reduce(0, +).isApproximatelyEqual(to: 100, absoluteTolerance: 1e-9))
        #expect(derived.panel?.indicators.count == 6)
        // An expert who has not answered every node is left out, and says so.
        let partial = try design.check(
            SurveyAnswers(judgements: ["a": [[1, 3], [1.0 / 3, 1]]], scores: scores[0]),
            expert: "E3"
        )
        let withPartial = try design.weighting(of: framework, answers: answers + [partial])
        #expect(withPartial.provenance.ahpExperts == ["E1", "E2"])
        #expect(withPartial.provenance.excluded.first?.hasPrefix("E3: judgements — not answered: index, b") == true)
        #expect(withPartial.nodes["a"]?.experts.count == 3)
    }
}

extension SurveyTests {
    /// In a 3 × 3 matrix every judgement deviates equally; the first pair in reading order is named.
    @Test func aThreeByThreeTieNamesTheFirstPair() throws {
        let design = try SurveyDesign(framework: Self.framework(), kind: .ahp)
        let checked = try design.check(
            SurveyAnswers(judgements: ["index": [[1, 9, 1.0 / 9], [1.0 / 9, 1, 9], [9, 1.0 / 9, 1]]]),
            expert: "Li"
        )
        let revision = try #require(checked.matrix("index")?.revision)
        #expect(revision.row == 0 && revision.column == 1)
        #expect(revision.current == 9)
        // w = (1/3, 1/3, 1/3), so the ratio implied is 1 and the suggestion is 1.
        #expect(revision.implied.isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12))
        #expect(revision.suggested == 1)
    }
}
