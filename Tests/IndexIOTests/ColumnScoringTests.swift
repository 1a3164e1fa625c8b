import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// `scores` normalises each block straight into the column-major block the aggregation kernel
/// reads when every node is an arithmetic or geometric mean. The general path normalises into the
/// row-major matrix and aggregates from there. Both must give the same bits, the same warnings and
/// the same renormalisation notes, on data with missing values, panels and every option that
/// chooses between them.
@Suite("Scoring by columns")
struct ColumnScoringTests {
    /// The general path: normalise into the matrix, then aggregate it.
    static func rowPath(
        _ pipeline: CrossSectionPipeline
    ) throws -> (
        scores: [Double], warnings: [String], notes: [String]
    ) {
        var warnings: [Normaliser.Warning] = []
        var matrix = try pipeline.normalised(pipeline.raw, warnings: &warnings)
        var found: [(Int, Int, [Int])] = []
        try pipeline.aggregate(&matrix) { found.append(($0, $1, $2)) }
        let notes = found.map { "\($0.0) \($0.1) \($0.2)" }
        return (matrix, warnings.map { "\($0.indicator): \($0.message)" }, notes)
    }

    /// `scores`, with its notes as row, slot and missing slots.
    static func scored(
        _ pipeline: CrossSectionPipeline
    ) throws -> (
        scores: [Double], warnings: [String], notes: [String]
    ) {
        var warnings: [Normaliser.Warning] = []
        var notes: [RenormalisationNote] = []
        let matrix = try pipeline.scores(warnings: &warnings, notes: &notes)
        let slots = Dictionary(
            pipeline.compiled.nodeIDs.enumerated().map { ($1, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let rendered = notes.map { note -> String in
            let row = pipeline.blocks.first { $0.period == note.period }.flatMap { block in
                block.units.firstIndex { $0.id == note.unit }.map { block.rows.lowerBound + $0 }
            }
            return "\(row ?? -1) \(slots[note.node] ?? -1) \(note.missing.map { slots[$0] ?? -1 })"
        }
        return (matrix, warnings.map { "\($0.indicator): \($0.message)" }, rendered)
    }

    static func expectSame(_ pipeline: CrossSectionPipeline, _ label: String) throws {
        let byColumns = try scored(pipeline)
        let byRows = try rowPath(pipeline)
        #expect(byColumns.scores.count == byRows.scores.count, "\(label)")
        let differing = zip(byColumns.scores, byRows.scores).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(label): \(differing) values differ in their bits")
        #expect(byColumns.warnings == byRows.warnings, "\(label)")
        #expect(byColumns.notes == byRows.notes, "\(label)")
    }

    @Test(arguments: [
        [:],
        ["normalise": "zscore", "scale": "10,2"],
        ["normalise": "minmax", "scale": "1,100", "aggregate": "geometric"],
        ["impute": "mean"],
        ["minCoverage": "0.9"],
        ["period": "all"],
        ["period": "all", "normalisationScope": "panel"],
        ["period": "all", "normalise": "minmax", "scale": "1,100", "aggregate": "geometric"],
        ["normalise": "minmax", "scale": "1,100", "aggregate": "harmonic"],
    ])
    func asemGivesTheSameBitsBothWays(_ fields: [String: String]) throws {
        let (framework, dataset) = try COINrReferenceTests.asem(data: "ASEM_iData_p.csv")
        let pipeline = try CrossSectionPipeline(
            framework: framework,
            dataset: dataset,
            options: try RunOptions.parse(fields)
        )
        try Self.expectSame(pipeline, "\(fields)")
    }

    /// An indicator every unit shares (a warning from each period's block) and missing values
    /// (renormalisation notes), over two periods.
    @Test func warningsAndNotesOfEveryBlockAreKept() throws {
        let framework = try PipelineTests.framework()
        let dataset = PipelineTests.dataset([
            ("P", "2022", [1, 5, 7, 2]), ("Q", "2022", [2, nil, 7, 4]), ("R", "2022", [3, 1, 7, 9]),
            ("P", "2023", [4, 2, 1, 3]), ("Q", "2023", [nil, nil, 2, 3]), ("R", "2023", [6, 3, 3, 3]),
        ])
        let pipeline = try CrossSectionPipeline(
            framework: framework,
            dataset: dataset,
            options: try RunOptions.parse(["period": "all"])
        )
        let scored = try Self.scored(pipeline)
        #expect(scored.warnings.contains { $0.hasPrefix("z:") && $0.contains("2022") })
        #expect(scored.warnings.contains { $0.hasPrefix("v:") && $0.contains("2023") })
        #expect(!scored.notes.isEmpty)
        try Self.expectSame(pipeline, "two periods")
    }

    /// A geometric mean over a zero: the kernel declines, and the general path names the unit.
    @Test func aZeroUnderAGeometricMeanIsRefusedByName() throws {
        let framework = try PipelineTests.framework()
        let dataset = PipelineTests.dataset([
            ("P", "2023", [1, 5, 7, 2]), ("Q", "2023", [2, 3, 8, 4]), ("R", "2023", [3, 1, 9, 9]),
        ])
        let pipeline = try CrossSectionPipeline(
            framework: framework,
            dataset: dataset,
            options: try RunOptions.parse(["aggregate": "geometric"])
        )
        // Min-max 0–100 gives each indicator's lowest unit 0.
        #expect {
            _ = try pipeline.scores()
        } throws: { error in
            guard let error = error as? IndexError else { return false }
            return error.unit != nil && error.message.contains("geometric")
        }
    }
}
