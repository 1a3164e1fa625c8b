import Foundation
import IndexCore
import IndexWorkflows
import Testing

/// Issue 22, class 3: the run API's body is read strictly — a boolean is never a number, a number no
/// double holds is refused, a key given twice is an error (``WorkflowJSON/decode(_:from:what:)``).
@Suite("Hostile input round 2: the run API's JSON")
struct HostileRound2RunJSONTests {
    @Test(arguments: [
        (
            #"{"dataset": "d", "options": {"weights": "entropy", "weightAlpha": true}}"#,
            "option 'weightAlpha' must be a number"
        ),
        (#"{"dataset": "d", "options": {"minCoverage": false}}"#, "option 'minCoverage' must be a number"),
        (#"{"dataset": "d", "options": {"denominate": 1}}"#, "denominate must be true or false"),
        (#"{"dataset": "d", "options": {"minCoverage": 1e-400}}"#, "at 'options.minCoverage': '1e-400' is too small"),
        (#"{"dataset": "d", "options": {"weights": "entropy", "weightAlpha": 1e999}}"#, "'1e999' is too large"),
        (
            #"{"dataset": "d", "options": {"minCoverage": 0.5, "minCoverage": 0.9}}"#,
            "'minCoverage' is given twice in 'options'"
        ),
        (#"{"dataset": "d", "dataset": "e"}"#, "'dataset' is given twice"),
    ])
    func runBodiesAreReadStrictly(body: String, message: String) throws {
        let error = try #require(throws: IndexError.self) { try RunRequest.parse(Data(body.utf8)) }
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func aPlainBodyStillReads() throws {
        let request = try RunRequest.parse(
            Data(#"{"dataset": "d", "options": {"minCoverage": 0.5, "denominate": true}}"#.utf8)
        )
        #expect(request.options.minCoverage == 0.5)
        #expect(request.options.denominate == true)
    }
}
