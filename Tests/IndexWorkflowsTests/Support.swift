import ArgumentParser

@testable import IndexCLI

/// A parsed command that can run in-process (every command of the CLI is synchronous here).
protocol ParsableCommandRunnable {
    func runCommand() throws
}

extension ParsableCommandRunnable {
    /// What the command prints.
    func printed() throws -> String {
        let buffer = Console.Buffer()
        try Console.$capture.withValue(buffer) { try runCommand() }
        return buffer.contents
    }
}

extension RunCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension ImportCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension DiffCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension RerunCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension ExportCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension RobustnessCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension LeversCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension AuditCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension RegionsCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
extension WeightsCommand: ParsableCommandRunnable { func runCommand() throws { try run() } }
