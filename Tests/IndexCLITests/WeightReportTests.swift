import IndexCore
import IndexIO
import Testing

@testable import IndexCLI

/// How `iidei weights` writes the judgements of a framework's AHP matrices.
@Suite("iidei weights: judgements as written")
struct WeightReportTests {
    @Test(arguments: [(3.0, "3"), (1.0 / 5, "1/5"), (2.5, "2.500"), (0.3, "0.300")])
    func judgementsReadAsPeopleWriteThem(value: Double, text: String) {
        #expect(WeightReport.fraction(value) == text)
    }

    /// A framework's matrix need only be positive and reciprocal: `1e20` and `1e-20` pass, and
    /// writing them must not convert a number beyond `Int` to an `Int`.
    @Test func judgementsTooLargeForAnIntAreWrittenAsNumbers() throws {
        let matrix = try JudgementMatrix([[1, 1e20], [1e-20, 1]])
        #expect(WeightReport.fraction(matrix.entries[0][1]) == NumberFormat.fixed(1e20, 3))
        #expect(WeightReport.fraction(matrix.entries[1][0]) == NumberFormat.fixed(1e-20, 3))
    }
}
