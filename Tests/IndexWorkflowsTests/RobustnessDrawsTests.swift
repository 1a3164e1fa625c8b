import Foundation
import IndexCore
import IndexIO
import IndexWorkflows
import Testing

/// `iidei robustness --draws`: every replication's choices and ranks, enough to run it again.
@Suite("Robustness draws")
struct RobustnessDrawsTests {
    /// The built-in index with weights, normalisation, aggregation and inclusion varied.
    static func outcome(_ method: RobustnessRun.Method, replications: Int) throws -> RobustnessOutcome {
        let inputs = try Workflows().load(RunInputs())
        return try Workflows().robustness(
            RobustnessRequest(
                method: method,
                replications: replications,
                seed: 9,
                threads: 2,
                varyWeights: "uniform:0.3",
                varyNormalisation: "minmax:1,100;zscore:10,2",
                varyAggregation: "arithmetic;geometric",
                bootstrap: 0,
                varyInclusion: "indicators"
            ),
            inputs: inputs,
            options: RunOptions()
        )
    }

    /// Rerunning each row from its parameters as written in the CSV (choices by name, weights and the
    /// node left out as text) gives the row's ranks exactly; the rows' ranks are those the analysis
    /// counted (their histogram is the accumulator's).
    @Test func rowsRerunToTheirRanks() throws {
        let outcome = try Self.outcome(.ua, replications: 40)
        let model = outcome.report.run.model
        let document = try outcome.report.run.draws()
        #expect(document.draws.count == 40)
        #expect(document.groups == ["normalisation", "weights", "aggregation", "inclusion"])
        #expect(Set(document.draws.compactMap(\.leftOut)).count > 3)
        let table = try DataTable(text: document.csv, file: "draws.csv")
        #expect(table.rows.count == 40)
        func cell(_ row: DataTable.Row, _ name: String) throws -> String {
            row[try #require(table.column(name), "column \(name)")]
        }
        var scratch = model.makeScratch()
        let units = model.units.count
        let rootOffset = (model.reportedNodeIDs.count - 1) * units
        for (row, written) in zip(table.rows, document.draws) {
            let parsed = RobustnessDrawsDocument.Row(
                replication: Int(try cell(row, "replication")) ?? -1,
                treatment: nil,
                normalisation: try cell(row, "normalisation"),
                aggregation: try cell(row, "aggregation"),
                tiers: nil,
                leftOut: try cell(row, "left_out").isEmpty ? nil : try cell(row, "left_out"),
                weights: try document.weightNodes.map { Double(try cell(row, "weight:\($0)")) ?? .nan },
                ranks: [],
                scores: []
            )
            #expect(parsed.replication == written.replication)
            let draw = try RobustnessDrawsDocument.draw(parsed, model: model)
            let rerun = try model.evaluate(draw: draw, scratch: &scratch)
            let ranks = (0..<units).map { rerun.ranks[rootOffset + $0] }
            let csvRanks = try model.units.map { Int(try cell(row, "rank:\($0.id)")) ?? 0 }
            #expect(ranks == csvRanks, "replication \(parsed.replication)")
            // And the seeds' own outcome, as the analysis counted it.
            let seeded = try model.evaluate(
                seeds: model.seeds(replication: parsed.replication, seed: 9),
                scratch: &scratch
            )
            #expect(seeded.ranks == rerun.ranks)
        }
        // The JSON form holds the same rows.
        let json = try WorkflowJSON.text(document)
        let decoded = try JSONDecoder().decode(RobustnessDrawsDocument.self, from: Data(json.utf8))
        #expect(decoded == document)
    }

    /// A Sobol design's rows are numbered by run: N (k + 2) of them.
    @Test func sobolDrawsCoverTheDesign() throws {
        let outcome = try Self.outcome(.sobol, replications: 6)
        let document = try outcome.report.run.draws()
        #expect(document.method == "sobol")
        #expect(document.draws.count == 6 * (4 + 2))
        #expect(document.draws.map(\.replication) == Array(0..<(6 * 6)))
        #expect(outcome.report.result.runs == document.draws.count)
    }
}
