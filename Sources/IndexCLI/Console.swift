import Synchronization

/// Where the commands' output goes: standard output, or a buffer a caller (a test) captures it in.
///
/// Every `print` in this module goes through here (the function below shadows the standard
/// library's), so a test can run a command in-process without filling the test log with tables and
/// JSON: `Console.$capture.withValue(buffer) { try command.run() }`.
public enum Console {
    /// Collected output.
    public final class Buffer: Sendable {
        let text = Mutex("")

        public init() {}

        /// Everything written so far.
        public var contents: String { text.withLock { $0 } }

        func append(_ piece: String) { text.withLock { $0 += piece } }
    }

    /// The buffer that receives output in this task; `nil` = standard output.
    @TaskLocal public static var capture: Buffer?
}

/// Writes to standard output, or to ``Console/capture`` when a caller captures the output.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    if let buffer = Console.capture {
        buffer.append(text)
    } else {
        Swift.print(text, terminator: "")
    }
}
