import Foundation
import IndexTestSupport
import Testing

/// The API keeps its own contract (issue 11, class 10): Schemathesis, run against the document the
/// server serves, with a token and every check, finds no failure.
@Suite("iidei serve: the API against its OpenAPI document", .serialized, .timeLimit(.minutes(10)))
struct ContractTests {
    @Test func schemathesisFindsNoFailure() throws {
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/schemathesis.sh").path
        let (output, _) = try TestSupport.runCapturing("/bin/bash", [script, TestSupport.executable, "15"])
        let summary = output.split(separator: "\n").last { $0.contains("generated") } ?? ""
        print("schemathesis: \(summary)")
        #expect(summary.contains("passed"), "\(output.suffix(4_000))")
        #expect(!summary.contains("failure") && !summary.contains("error"), "\(output.suffix(4_000))")
    }
}
