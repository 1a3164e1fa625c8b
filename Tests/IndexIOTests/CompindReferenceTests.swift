import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The non-compensatory aggregations against Compind's formulas on COINr's ASEM example: every
/// level-2 group (indicators of weight 1, normalised to 0–100 as COINr does) scored by MPI, AMPI and
/// benefit of the doubt, against the values R computes from Compind's formulas with lpSolve solving
/// the programs (`COINrReference/compind-asem-noncompensatory.R` says how).
@Suite("Compind's non-compensatory formulas on ASEM")
struct CompindReferenceTests {
    /// `spec → "unit|group" → value`.
    static func references() throws -> [String: [String: Double]] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("COINrReference/compind-asem-noncompensatory.csv").path
        var result: [String: [String: Double]] = [:]
        for row in try DataTable(path: path).rows {
            result[row[0], default: [:]]["\(row[1])|\(row[2])"] = Double(row[3])
        }
        return result
    }

    /// Compind spells the direction of the penalty differently in its two functions: `ci_mpi`'s
    /// "POS" and `ci_ampi`'s "NEG" (its default) both subtract it, and both are iidei's `mpi`/`ampi`.
    @Test(arguments: [("mpi", "mpi"), ("ampi", "ampi"), ("bod", "bod"), ("bod_0.05_0.5", "bod:0.05,0.5")])
    func groupsEqualCompind(spec: String, aggregate: String) throws {
        let reference = try #require(try Self.references()[spec])
        let result = try COINrReferenceTests.run(
            data: "ASEM_iData.csv",
            try RunOptions.parse(["normalise": "minmax", "scale": "0,100", "aggregate": aggregate])
        )
        var compared = 0
        for (key, value) in reference {
            let parts = key.split(separator: "|").map(String.init)
            let score = result.units.first { $0.id == parts[0] }?.nodes[parts[1]]?.score ?? nil
            #expect(TestSupport.close(score, value, 1e-9), "\(spec) \(key): \(String(describing: score)) vs \(value)")
            compared += 1
        }
        #expect(compared == 362)
    }
}
