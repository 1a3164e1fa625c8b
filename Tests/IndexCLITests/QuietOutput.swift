import IndexCLI
import Testing

/// Runs a suite's commands with their output captured, so `swift test` prints results, not the
/// tables and JSON the commands write.
struct QuietOutput: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        try await Console.$capture.withValue(Console.Buffer()) { try await function() }
    }
}

extension Trait where Self == QuietOutput {
    /// Captures what commands print.
    static var quietOutput: Self { QuietOutput() }
}
