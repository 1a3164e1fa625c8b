import IndexCore
import RealModule
import Testing

/// The block aggregation's column-major path (every node an arithmetic or geometric mean) against
/// the row path it replaces, to the last bit: scores, and the missing children it reports.
@Suite("Aggregation across rows")
struct ColumnAggregationTests {
    /// Three pillars of four, five and three indicators under an index, with the given methods,
    /// coverage rules and outputs; random weights, some of them negative if `negativeWeights`.
    static func compiled(
        methods: [AggregationMethod?],
        coverage: Double?,
        output: NodeOutput,
        negativeWeights: Bool = false,
        random: inout SplitMix64
    ) throws -> CompiledEvaluation {
        var next = 0
        let pillars = [4, 5, 3].enumerated().map { p, size in
            FrameworkNode(
                id: "p\(p)",
                name: LocalisedText(zh: "p\(p)", en: "p\(p)"),
                weight: random.uniform(0.2, 2),
                aggregation: methods[p],
                children: (0..<size).map { _ in
                    defer { next += 1 }
                    return FrameworkNode(
                        indicator: Indicator(id: "i\(next)", name: LocalisedText(zh: "i\(next)", en: "i\(next)")),
                        // Some negative where asked (PCA's loadings can be): a weight sum may then be below 0.
                        weight: random.uniform(negativeWeights ? -0.4 : 0.2, 2)
                    )
                },
                minCoverage: coverage,
                output: output
            )
        }
        let root = FrameworkNode(
            id: "index",
            name: LocalisedText(zh: "i", en: "i"),
            aggregation: methods[3],
            children: pillars,
            output: output
        )
        return try CompiledEvaluation.bare(root)
    }

    @Test func columnsGiveTheRowPathsBits() throws {
        var random = SplitMix64(seed: 20)
        var compared = 0
        var logged = 0
        for trial in 0..<120 {
            let methods: [AggregationMethod?] = (0..<4).map { _ in
                random.uniform(0, 1) < 0.5 ? .arithmetic : .geometric
            }
            let coverage: Double? = trial % 3 == 0 ? nil : random.uniform(0.3, 0.9)
            let output = trial % 4 == 0 ? NodeOutput(floor: 5, cap: 90, decimals: 1) : NodeOutput()
            let override: AggregationMethod? = trial % 7 == 0 ? .geometric : nil
            // Negative weights where every mean is arithmetic (a geometric mean needs positive scores).
            let compiled = try Self.compiled(
                methods: methods,
                coverage: coverage,
                output: output,
                negativeWeights: override == nil && methods.allSatisfy { $0 == .arithmetic },
                random: &random
            )
            let n = compiled.nodeCount
            let m = compiled.indicatorCount
            let rows = 1 + trial % 40
            var matrix = [Double](repeating: .nan, count: rows * n)
            for i in 0..<rows {
                for j in 0..<m where random.uniform(0, 1) > 0.15 {
                    // Positive values, some tied, a few tiny; signed zeros are never scores here.
                    matrix[i * n + j] = trial % 5 == 0 ? random.uniform(0, 5).rounded() + 1 : random.uniform(1e-6, 100)
                }
            }
            // The row path, one row at a time, as before the column path existed.
            var byRow = matrix
            var rowMissing: [String] = []
            try byRow.withUnsafeMutableBufferPointer { buffer in
                for i in 0..<rows {
                    try compiled.aggregate(
                        UnsafeMutableBufferPointer(rebasing: buffer[(i * n)..<((i + 1) * n)]),
                        methodOverride: override
                    ) { slot, absent in rowMissing.append("\(i) \(slot) \(absent)") }
                }
            }
            var byColumn = matrix
            var columnMissing: [String] = []
            try compiled.aggregate(&byColumn, rows: 0..<rows, methodOverride: override, unitOfRow: { "u\($0)" }) {
                columnMissing.append("\($0) \($1) \($2)")
            }
            #expect(byRow.map(\.bitPattern) == byColumn.map(\.bitPattern), "trial \(trial)")
            #expect(rowMissing == columnMissing, "trial \(trial)")
            // Given the leaves' logarithms, as the robustness replications give them: the same bits.
            if rows > 1, compiled.aggregatesByColumns(methodOverride: override) {
                var leaves = [Double](repeating: .nan, count: m * rows)
                for i in 0..<rows {
                    for j in 0..<m { leaves[j * rows + i] = matrix[i * n + j] }
                }
                let logs = leaves.map { Double.log($0) }
                var scores = [Double](repeating: 0, count: (n - m) * rows)
                var work = [Double](
                    repeating: .nan,
                    count: CompiledEvaluation.columnWork(aggregates: n - m, count: rows)
                )
                let scored = leaves.withUnsafeBufferPointer { leaves in
                    logs.withUnsafeBufferPointer { logs in
                        scores.withUnsafeMutableBufferPointer { scores in
                            work.withUnsafeMutableBufferPointer { work in
                                compiled.childWeights.withUnsafeBufferPointer { weights in
                                    compiled.aggregateColumns(
                                        leaves: leaves.baseAddress!,
                                        leafLogs: logs.baseAddress!,
                                        into: scores.baseAddress!,
                                        work: work.baseAddress!,
                                        count: rows,
                                        methodOverride: override,
                                        weights: weights
                                    )
                                }
                            }
                        }
                    }
                }
                #expect(scored)
                for i in 0..<rows {
                    for slot in m..<n where byRow[i * n + slot].bitPattern != scores[(slot - m) * rows + i].bitPattern {
                        Issue.record(
                            "trial \(trial): row \(i) slot \(slot) \(byRow[i * n + slot]) ≠ \(scores[(slot - m) * rows + i])"
                        )
                    }
                }
                logged += 1
            }
            compared += byColumn.filter { !$0.isNaN }.count
        }
        // Most values are scores, not missing (the comparison is not between two empty matrices).
        #expect(compared > 10_000)
        #expect(logged > 100)
    }

    /// A child that a geometric mean cannot take is refused by name, as the row path refuses it,
    /// and the matrix is left as it was up to the refusing row.
    @Test func aNonPositiveChildOfAGeometricMeanIsRefusedByName() throws {
        var random = SplitMix64(seed: 4)
        let compiled = try Self.compiled(
            methods: [.geometric, .arithmetic, .arithmetic, .arithmetic],
            coverage: nil,
            output: NodeOutput(),
            random: &random
        )
        let n = compiled.nodeCount
        var matrix = [Double](repeating: 10, count: 3 * n)
        matrix[1 * n + 2] = 0
        #expect {
            try compiled.aggregate(&matrix, rows: 0..<3, unitOfRow: { "u\($0)" })
        } throws: { error in
            let message = "\(error)"
            return message.contains("'p0'") && message.contains("'i2'") && message.contains("u1")
        }
    }
}
