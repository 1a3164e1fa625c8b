import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexTestSupport
import IndexWorkflows
import Testing

@testable import IndexCLI

@Suite("iidei robustness", .serialized, .quietOutput)
struct RobustnessCommandTests {
    static func model() throws -> UncertaintyModel {
        let framework = try Catalog.framework()
        return try UncertaintyModel(
            framework: framework,
            dataset: try Catalog.dataset(for: framework),
            specification: .standard(units: 31, tiers: 4)
        )
    }

    @Test func sameSeedSameNumbersWhateverTheThreads() throws {
        let model = try Self.model()
        for method in [RobustnessRun.Method.ua, .sobol] {
            let results = try [1, 2, 3].map { threads in
                try RobustnessRun(
                    model: model,
                    method: method,
                    replications: 600,
                    seed: 11,
                    threads: threads,
                    bootstrap: 50
                ).run()
            }
            #expect(
                results[0].accumulator == results[1].accumulator && results[1].accumulator == results[2].accumulator
            )
            #expect(
                results[0].sensitivity == results[1].sensitivity && results[1].sensitivity == results[2].sensitivity
            )
        }
        let other = try RobustnessRun(model: model, method: .ua, replications: 600, seed: 12, threads: 2, bootstrap: 0)
            .run()
        let first = try RobustnessRun(model: model, method: .ua, replications: 600, seed: 11, threads: 2, bootstrap: 0)
            .run()
        #expect(other.accumulator != first.accumulator)
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let directory = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        try RobustnessCommand.parse([
            "--method", "sobol", "--replications", "64", "--bootstrap", "20", "--format", "json", "--out",
            directory.path,
        ]).run()
        let data = try Data(contentsOf: directory.appendingPathComponent("robustness.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["replications"] as? Int == 64)
        #expect(json["seed"] as? Int == 2024)
        let units = try #require(json["units"] as? [[String: Any]])
        #expect(units.count == 31)
        let first = try #require(units.first)
        for key in ["id", "nominalRank", "medianRank", "q05", "q95", "tierProbabilities"] {
            #expect(first[key] != nil, "\(key)")
        }
        let tiers = try #require(first["tierProbabilities"] as? [String: Double])
        #expect(Set(tiers.keys) == ["1", "2", "3", "4"])
        #expect(abs(tiers.values.reduce(0, +) - 1) < 1e-9)
        let q05 = try #require(first["q05"] as? Int)
        let median = try #require(first["medianRank"] as? Int)
        let q95 = try #require(first["q95"] as? Int)
        #expect(q05 <= median && median <= q95)
        let sensitivity = try #require(json["sensitivity"] as? [[String: Any]])
        #expect(
            sensitivity.compactMap { $0["assumption"] as? String } == [
                "normalisation", "weights", "aggregation", "tiers",
            ]
        )
        for entry in sensitivity {
            for key in ["firstOrder", "total", "firstOrderCI", "totalCI"] { #expect(entry[key] != nil, "\(key)") }
        }
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("sensitivity.csv").path))
    }
}
