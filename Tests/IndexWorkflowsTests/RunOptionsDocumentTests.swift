import Foundation
import IndexCore
import IndexTestSupport
import IndexWorkflows
import Testing

/// The options document: one reader for the command line, the API and stored runs.
@Suite struct RunOptionsDocumentTests {
    @Test func optionsRoundTripThroughTheirDocument() throws {
        let options = try RunOptions.parse([
            "period": "2021,2022", "normalise": "zscore", "scale": "10,2", "aggregate": "power:2",
            "tiers": "sizes:6,11,10,4",
            "impute": "group-mean:region", "outliers": "coinr:2,3.5,4", "weights": "entropy", "weightAlpha": "0.5",
            "weightCombination": "multiplicative", "minCoverage": "0.75", "screen": "0.5:after-imputation",
            "normalisationScope": "panel",
        ])
        #expect(options.normalisation == .zScore(mean: 10, sd: 2, ddof: nil))
        #expect(options.weightAlpha == 0.5)
        let text = try WorkflowJSON.text(options)
        let back = try JSONDecoder().decode(RunOptions.self, from: Data(text.utf8))
        #expect(back == options)
        // Typed values: numbers as numbers.
        #expect(text.contains(#""weightAlpha" : 0.5"#))
        #expect(text.contains(#""scale" : "10,2""#))
        #expect(try WorkflowJSON.text(RunOptions()) == "{\n\n}\n")
    }

    @Test func unknownAndInconsistentOptionsAreNamed() throws {
        #expect(throws: IndexError("unknown run option 'normalize' (did you mean 'normalise'?)")) {
            try RunOptions.parse(["normalize": "minmax"])
        }
        #expect(throws: IndexError("--scale needs --normalise (the range or mean,sd of which normalisation?)")) {
            try RunOptions.parse(["scale": "1,100"])
        }
        #expect(throws: IndexError.self) { try RunOptions.parse(["weightAlpha": "0.5"]) }
        #expect(throws: IndexError.self) { try RunOptions.parse(["tiers": "sizes:0"]) }
        // A boolean is no number.
        #expect(throws: IndexError.self) {
            try JSONDecoder().decode(RunOptions.self, from: Data(#"{"weights": "equal", "weightAlpha": true}"#.utf8))
        }
    }

    @Test func methodNamesReadBackAsTheSameValue() throws {
        let methods: [NormalisationMethod] = [
            .minMax100, .minMax(lower: 1, upper: 100), .zScore(mean: 10, sd: 2, ddof: 0), .rank(),
            .percentileRank(lower: 0, upper: 100), .goalposts(lower: 0, upper: 1),
            .distanceToTarget(lower: 0, upper: 10),
            .none,
        ]
        for method in methods { #expect(try NormalisationMethod(name: method.name) == method) }
        #expect(NormalisationMethod.minMax(lower: 1, upper: 100).name == "minmax:1,100")
        for name in ["jenks:4", "sizes:6,11,10,4", "thresholds:60,30.5,10"] {
            #expect(try TierMethod(name: TierMethod(name: name).name) == TierMethod(name: name))
        }
        for name in ["none", "log", "coinr", "coinr:2.5,3,4"] {
            #expect(try OutlierMethod(name: OutlierMethod(name: name).name) == OutlierMethod(name: name))
        }
    }

    @Test func aRunRequestIsReadStrictly() throws {
        let request = try RunRequest.parse(Data(#"{"dataset": "d@2", "options": {"impute": "mean"}}"#.utf8))
        #expect(request.dataset == "d@2")
        #expect(request.options.imputation == .mean)
        #expect(throws: IndexError.self) { try RunRequest.parse(Data(#"{"dataset": "d", "extra": 1}"#.utf8)) }
        #expect(throws: IndexError.self) { try RunRequest.parse(Data(#"{"dataset": ""}"#.utf8)) }
        #expect(throws: IndexError.self) { try RunRequest.parse(Data("not json".utf8)) }
    }
}

/// The tie rule, by hand: scores 9, 7, 7, 5 and a missing one.
/// The values a form suggests for each option (the workbench's datalists) are values the one reader
/// of options takes, with the option each depends on where it has one.
@Suite struct OptionExamplesTests {
    /// An option a value needs beside it (a range needs its normalisation; α, a combination and a
    /// level need objective weights).
    static let context: [RunOptions.Key: [String: String]] = [
        .scale: ["normalise": "minmax"], .weightAlpha: ["weights": "entropy"],
        .weightCombination: ["weights": "entropy", "weightAlpha": "0.5"], .weightsLevel: ["weights": "entropy"],
    ]

    @Test(arguments: RunOptions.Key.allCases)
    func everySuggestedValueIsRead(key: RunOptions.Key) throws {
        #expect(!key.examples.isEmpty)
        for example in key.examples {
            var object = Self.context[key] ?? [:]
            object[key.rawValue] = example
            let data = try JSONEncoder().encode(object)
            #expect(throws: Never.self, "\(key.rawValue) = \(example)") {
                try JSONDecoder().decode(RunOptions.self, from: data)
            }
        }
    }
}

@Suite struct TieRuleTests {
    @Test func tiedScoresRankAsTheRuleSays() throws {
        let scores = [7, 9, .nan, 7, 5.0]
        #expect(Ranking.ranked(scores).ranks == [2, 1, nil, 2, 4])
        #expect(Ranking.ranked(scores, ties: .max).ranks == [3, 1, nil, 3, 4])
        #expect(Ranking.ranked(scores, ties: .first).ranks == [2, 1, nil, 3, 4])
        #expect(try RunOptions.parse(["ties": "max"]).ties == .max)
        #expect(try RunOptions.parse([:]).ties == .min)
        #expect(throws: IndexError("unknown tie rule 'average' (min, max, first)")) {
            try RunOptions.parse(["ties": "average"])
        }
    }

    @Test func theRunRanksTiesByTheRule() throws {
        // Every province but the first four has 0 on many indicators: ties at indicator nodes.
        for rule in TieRule.allCases {
            var options = RunOptions()
            options.ties = rule
            let results = try Workflows().run(RunInputs(), options: options).results
            for case .crossSection(let section) in results.evaluations {
                for node in section.nodes where node.isIndicator {
                    let scores = section.units.map { $0.nodes[node.id]?.score ?? .nan }
                    let ranks = section.units.map { $0.nodes[node.id]?.rank }
                    if rule == .first {
                        // Consecutive ranks; tied units in the units' order, which the results do not keep.
                        #expect(Set(ranks.compactMap { $0 }).count == ranks.compactMap { $0 }.count)
                        for (a, b) in zip(scores.indices, scores.indices.dropFirst()) where scores[a] > scores[b] {
                            #expect((ranks[a] ?? 0) < (ranks[b] ?? 0))
                        }
                    } else {
                        #expect(ranks == Ranking.ranked(scores, ties: rule).ranks, "\(node.id) \(rule)")
                    }
                }
            }
        }
    }
}

/// Request bodies are read strictly: a key given twice is refused, not silently resolved.
@Suite struct RepeatedKeyTests {
    @Test func aKeyGivenTwiceInABodyIsRefusedWithItsPlace() throws {
        #expect(throws: IndexError("the body: 'dataset' is given twice")) {
            try WorkflowJSON.decode(
                RunRequest.self,
                from: Data(#"{"dataset": "a", "dataset": "b"}"#.utf8),
                what: "the body"
            )
        }
        #expect(throws: IndexError("the body: 'weights' is given twice in 'options'")) {
            try WorkflowJSON.decode(
                RunRequest.self,
                from: Data(#"{"dataset": "a", "options": {"weights": "equal", "weights": "entropy"}}"#.utf8),
                what: "the body"
            )
        }
        #expect(try RunRequest.parse(Data(#"{"dataset": "a", "options": {"weights": "equal"}}"#.utf8)).dataset == "a")
    }
}
