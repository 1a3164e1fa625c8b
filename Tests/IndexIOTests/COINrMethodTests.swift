import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The methods issue 17 adds, against COINr 1.1.14 on ASEM (`COINrReference/coinr-1.1.14-asem-methods.csv`,
/// made by the R script beside it): every indicator value after the step and every aggregate within
/// 1e-9, every rank equal — under a COINr iMeta with no flag beyond the method's name, as a COINr user
/// would run it.
@Suite("COINr 1.1.14 methods")
struct COINrMethodTests {
    /// `spec → stage → (unit, time, code) → value and rank`.
    static let references: [String: [String: [String: COINrReferenceTests.Reference]]] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("COINrReference/coinr-1.1.14-asem-methods.csv").path
        guard let table = try? DataTable(path: path) else { return [:] }
        var result: [String: [String: [String: COINrReferenceTests.Reference]]] = [:]
        for row in table.rows {
            result[row[0], default: [:]][row[1], default: [:]]["\(row[2])|\(row[3])|\(row[4])"] =
                COINrReferenceTests.Reference(value: Double(row[5]), rank: Int(row[6]))
        }
        return result
    }()

    /// The normalisation specs and the `--normalise` that says each (COINr's defaults — the sample SD,
    /// ties `min` — come from the iMeta).
    static let normalisations: [(spec: String, normalise: String)] = [
        ("zscore", "zscore"), ("zscore:100:10", "zscore:100,10"), ("rank", "rank"), ("rank:average", "rank:average"),
        ("rank:max", "rank:max"), ("borda", "borda"), ("prank", "percentile:0,1"),
        ("prank:average", "percentile:0,1:average"),
    ]

    @Test(arguments: normalisations)
    func normalisationEqualsCOINr(spec: String, normalise: String) throws {
        let stages = try #require(Self.references[spec], "no reference for \(spec)")
        let result = try COINrReferenceTests.run(
            data: "ASEM_iData.csv",
            try COINrReferenceTests.options(["normalise": normalise, "aggregate": "arithmetic"])
        )
        #expect(stages["score"]?.count == 51 * 11)
        for (stage, reference) in stages {
            #expect(Self.check(result, against: reference) == reference.count, "\(spec) \(stage)")
        }
    }

    /// Every value within 1e-9 and every rank equal — where two units' values are equal within 1e-9
    /// (means of ranks tie exactly, and which way the last bit falls differs between R and Swift),
    /// the rank may be any of the tie's.
    static func check(_ result: CrossSectionResult, against reference: [String: COINrReferenceTests.Reference]) -> Int {
        var byNode: [String: [(unit: String, value: Double)]] = [:]
        for (key, expected) in reference {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            if let value = expected.value { byNode[parts[2], default: []].append((parts[0], value)) }
        }
        var compared = 0
        for (key, expected) in reference {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let node = result.units.first { $0.id == parts[0] }?.nodes[parts[2]]
            compared += 1
            guard let value = expected.value else {
                #expect(node?.score == nil, "\(key): COINr gives no value")
                continue
            }
            #expect(
                TestSupport.close(node?.score ?? nil, value, 1e-9),
                "\(key): \(String(describing: node?.score)) vs \(value)"
            )
            let tied = (byNode[parts[2]] ?? []).filter { abs($0.value - value) <= 1e-9 * max(1, abs(value)) }
            let better = (byNode[parts[2]] ?? []).filter { $0.value > value + 1e-9 * max(1, abs(value)) }.count
            let allowed = (better + 1)...(better + tied.count)
            #expect(
                node?.rank.map(allowed.contains) == true,
                "\(key): rank \(String(describing: node?.rank)), COINr \(String(describing: expected.rank)) of \(allowed)"
            )
            if tied.count == 1 { #expect(node?.rank == expected.rank, "\(key): rank") }
        }
        return compared
    }
}
