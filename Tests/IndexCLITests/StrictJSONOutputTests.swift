import Foundation
import IndexTestSupport
import Testing

/// Every JSON document a command prints is JSON a strict parser reads — no `nan`, no `inf` — with
/// a missing value written as `null` where a reader looks for it. Run on inputs that have missing
/// values and unscored units: COINr's raw ASEM data (29 missing cells, a power mean that leaves a
/// unit with a missing child unscored), besides the built-in index.
@Suite("Strict JSON from every command")
struct StrictJSONOutputTests {
    static let meta = TestSupport.shared("data/reference/coinr-asem/ASEM_iMeta.csv")
    static let data = TestSupport.shared("data/reference/coinr-asem/ASEM_iData.csv")

    static let commands: [[String]] = [
        ["run", "--framework", meta, "--data", data, "--outliers", "coinr", "--aggregate", "power:2"],
        ["run", "--framework", meta, "--data", data, "--normalise", "zscore:sample", "--impute", "mean"],
        ["run"],
        ["validate", "--framework", meta, "--data", data],
        ["validate"],
        ["audit"],
        ["audit", "--framework", meta, "--data", data],
        ["levers", "江苏"],
        ["robustness", "--replications", "40", "--threads", "1"],
        ["robustness", "--framework", meta, "--data", data, "--replications", "40", "--threads", "1"],
        ["weights"],
        ["importance"],
        ["robustness", "--leave-one-out"],
        ["robustness", "--framework", meta, "--data", data, "--leave-one-out"],
        ["importance", "--framework", meta, "--data", data],
        ["run", "--optimise-weights", "importance:target=stated"],
        [
            "run", "--framework", meta, "--data", data, "--aggregate", "arithmetic", "--optimise-weights",
            "balance:level=2",
        ],
    ]

    @Test(arguments: commands)
    func outputIsStrictJSON(arguments: [String]) throws {
        let output = try TestSupport.run(TestSupport.executable, arguments + ["--format", "json"])
        // Foundation's parser refuses NaN and Infinity tokens, as RFC 8259 does.
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8))
        #expect(parsed is [String: Any], "\(arguments.joined(separator: " "))")
        for token in ["nan", "NaN", "inf", "Infinity"] {
            #expect(!output.contains(": \(token)") && !output.contains(":\(token)"), "\(token) in \(arguments)")
        }
    }

    /// A unit the power mean leaves unscored (a missing child) has `null` for its score, rank and
    /// tier, and for each node it has no score at; a missing cell is `null` among its indicators.
    @Test func missingValuesAreNull() throws {
        let output = try TestSupport.run(
            TestSupport.executable,
            ["run", "--framework", Self.meta, "--data", Self.data, "--aggregate", "power:2", "--format", "json"]
        )
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let evaluation = try #require((document["evaluations"] as? [String: Any])?["Index"] as? [String: Any])
        let units = try #require(evaluation["units"] as? [[String: Any]])
        let unscored = units.filter { $0["score"] is NSNull }
        #expect(!unscored.isEmpty)
        for unit in unscored {
            #expect(unit["rank"] is NSNull)
            #expect(unit["tier"] is NSNull)
        }
        let nodes = units.compactMap { $0["nodes"] as? [String: [String: Any]] }.flatMap(\.values)
        #expect(nodes.allSatisfy { $0.keys.sorted() == ["rank", "score"] })
        #expect(nodes.contains { $0["score"] is NSNull && $0["rank"] is NSNull })
        let indicators = units.compactMap { $0["indicators"] as? [String: Any] }.flatMap(\.values)
        #expect(indicators.contains { $0 is NSNull })
    }
}
