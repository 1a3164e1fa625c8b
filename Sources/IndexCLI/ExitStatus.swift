import ArgumentParser
import IndexCore

/// The command line's exit codes, decided by an error's kind here and nowhere else.
///
/// | kind            | code |
/// |-----------------|------|
/// | invalid input   | 1    |
/// | not found       | 3    |
/// | conflict        | 4    |
/// | integrity       | 5    |
/// | unavailable     | 6    |
/// | limit exceeded  | 7    |
/// | internal        | 70 (`EX_SOFTWARE`) |
///
/// ArgumentParser keeps 64 (`EX_USAGE`) for options it refuses itself.
enum ExitStatus {
    static func code(for kind: IndexError.Kind) -> Int32 {
        switch kind {
        case .notFound: 3
        case .conflict: 4
        case .integrity: 5
        case .unavailable: 6
        case .limitExceeded: 7
        case .internal: 70
        default: 1
        }
    }

    /// The exit code of an error that ends a command.
    static func code(for error: any Error) -> Int32 {
        code(for: IndexError.kind(of: error))
    }

    /// Prints an error the way users read it and returns the exit code to end with. An error that is
    /// not one of the tool's own is unexpected: it is printed in full, with its type and fields.
    static func exit(reporting error: any Error) -> ExitCode {
        switch error {
        case is IndexError, is IndexErrors: printError(report(error))
        default: printError("error: unexpected \(String(reflecting: error))")
        }
        return ExitCode(code(for: error))
    }
}
