import ArgumentParser
import IndexCore
public import IndexReport
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

    /// The language of names in printed tables (`--lang`); `nil` = both, Chinese first.
    @TaskLocal public static var language: ReportLanguage?

    /// A name as tables print it in the chosen language.
    static func label(_ name: LocalisedText) -> String {
        switch language {
        case .zh?: name.zh.isEmpty ? name.en : name.zh
        case .en?: name.en.isEmpty ? name.zh : name.en
        case nil: name.zh == name.en ? name.en : "\(name.zh) \(name.en)"
        }
    }

    /// A short name (tier names, top lists): one language, Chinese unless English is chosen.
    static func short(_ name: LocalisedText) -> String {
        language == .en ? (name.en.isEmpty ? name.zh : name.en) : (name.zh.isEmpty ? name.en : name.zh)
    }
}

/// `--lang zh|en` for commands that print tables: names and tier labels in that language.
struct LanguageOption: ParsableArguments {
    @Option(help: "Names in tables: zh or en (default: both).")
    var lang: ReportLanguage?

    /// Runs a command's body with its tables in the chosen language.
    func apply(_ body: () throws -> Void) throws {
        try Console.$language.withValue(lang, operation: body)
    }
}

extension Console {
    /// Text as the terminal may receive it: every control character (``ControlCharacters``: C0, DEL,
    /// C1, bidi overrides, line separators) shown as `\u{1B}` except the line feed, which the output
    /// itself uses. Names come from data, so an escape sequence in one would otherwise move the
    /// cursor, recolour or retitle the terminal, and a carriage return overwrite what is shown.
    ///
    /// Every write to standard output (``print(_:separator:terminator:)``) and standard error
    /// (``printError(_:)``) goes through it.
    static func terminalSafe(_ text: String) -> String {
        guard ControlCharacters.containsForbidden(text, allowingLineFeeds: true) else {
            return text
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(ControlCharacters.visible)
            .joined(separator: "\n")
    }
}

/// Writes to standard output, or to ``Console/capture`` when a caller captures the output; control
/// characters are shown, not sent (``Console/terminalSafe(_:)``).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = Console.terminalSafe(items.map { "\($0)" }.joined(separator: separator)) + terminator
    if let buffer = Console.capture {
        buffer.append(text)
    } else {
        Swift.print(text, terminator: "")
    }
}
