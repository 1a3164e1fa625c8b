/// A problem found while building an index, with where it happened.
///
/// `description` reads `file:line:column: message`, naming the indicator and unit when known,
/// so a user can go straight to the cell. In a workbook it reads `file [sheet 'S'] C5: message`,
/// the cell reference a spreadsheet user types.
public struct IndexError: Error, Hashable, CustomStringConvertible {
    /// What is wrong, in words.
    public var message: String
    /// The input file, when the problem is in one.
    public var file: String?
    /// The worksheet, when the file is a workbook.
    public var sheet: String?
    /// The 1-based line (row) in the file.
    public var line: Int?
    /// The 1-based column in the file.
    public var column: Int?
    /// The indicator concerned.
    public var indicator: String?
    /// The unit concerned.
    public var unit: String?
    /// What sort of problem it is: decides the CLI's exit code and the server's HTTP status.
    public var kind: Kind

    /// An error with its message and whatever is known of where it happened.
    public init(
        _ message: String,
        file: String? = nil,
        sheet: String? = nil,
        line: Int? = nil,
        column: Int? = nil,
        indicator: String? = nil,
        unit: String? = nil,
        kind: Kind = .invalidInput
    ) {
        self.kind = kind
        self.message = message
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
        self.indicator = indicator
        self.unit = unit
    }

    /// `file:line:column: message (indicator 'I', unit 'U')`, each part when known.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let sheet {
                location += " [sheet '\(sheet)']"
                if let line { location += " " + (column.map(IndexError.columnLetters) ?? "row ") + "\(line)" }
            } else if let line {
                location += ":\(line)"
                if let column { location += ":\(column)" }
            }
            location += ": "
        }
        var context: [String] = []
        if let indicator { context.append("indicator '\(indicator)'") }
        if let unit { context.append("unit '\(unit)'") }
        let suffix = context.isEmpty ? "" : " (\(context.joined(separator: ", ")))"
        return location + message + suffix
    }

    /// A spreadsheet column's letters: 1 → `A`, 27 → `AA`.
    public static func columnLetters(_ column: Int) -> String {
        var letters: [Character] = []
        var n = column
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + remainder))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters)
    }

    /// The same error located in a file.
    public func located(file: String, line: Int? = nil, column: Int? = nil) -> IndexError {
        var copy = self
        copy.file = copy.file ?? file
        copy.line = copy.line ?? line
        copy.column = copy.column ?? column
        return copy
    }
}

extension IndexError {
    /// What sort of problem an error is, independent of its words.
    ///
    /// The CLI maps a kind to its exit code and the server to its HTTP status, each in one place, so
    /// no caller reads a message to decide what it means. The set can grow: it is a struct over a
    /// private enum (as Hummingbird's `PersistError`), and callers switch on the static members.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case invalidInput = "invalid input"
            case notFound = "not found"
            case conflict
            case integrity
            case unavailable
            case limitExceeded = "limit exceeded"
            case `internal`
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The input (a file, an option, a request) is wrong; the default.
        public static let invalidInput = Kind(.invalidInput)
        /// A named thing (a dataset, run, framework, unit, evaluation) does not exist.
        public static let notFound = Kind(.notFound)
        /// The request contradicts the current state (it exists already, the store is busy or absent).
        public static let conflict = Kind(.conflict)
        /// Stored data are damaged or no longer match their hash.
        public static let integrity = Kind(.integrity)
        /// Something the tool needs is not there (a file it cannot read or write, a missing program).
        public static let unavailable = Kind(.unavailable)
        /// The input is larger than the tool accepts (a zip bomb, a body, a workbook's cells).
        public static let limitExceeded = Kind(.limitExceeded)
        /// A bug: an invariant of the tool itself failed.
        public static let `internal` = Kind(.internal)

        /// The kind in words (`invalid input`, `not found`, …).
        public var description: String { value.rawValue }
    }

    /// The kind of any error: an ``IndexError``'s own, the first of ``IndexErrors``, otherwise internal.
    public static func kind(of error: any Error) -> Kind {
        switch error {
        case let error as IndexError: error.kind
        case let errors as IndexErrors: errors.errors.first?.kind ?? .invalidInput
        default: .internal
        }
    }
}

/// Several problems at once: validation reports all of them, not just the first.
public struct IndexErrors: Error, Hashable, CustomStringConvertible {
    /// Every problem found, in the order found.
    public var errors: [IndexError]

    /// Several problems.
    public init(_ errors: [IndexError]) {
        self.errors = errors
    }

    /// One problem per line, at most ``reportLimit`` of them, then how many more there are.
    public var description: String {
        Self.capped(errors.map(\.description)).joined(separator: "\n")
    }

    /// The most problems a report shows (the command line, an error document, ``description``); the
    /// rest are counted in one last line. A file of a million bad columns is a million problems,
    /// which nobody reads and whose printing alone took longer than finding them.
    public static let reportLimit = 20

    /// The lines of a report of problems: the first ``reportLimit``, then `… and N more problems (M in all)`.
    ///
    /// This is the one place where a list of problems is cut for showing; every report goes through it.
    public static func capped(_ lines: [String]) -> [String] {
        guard lines.count > reportLimit else { return lines }
        let rest = lines.count - reportLimit
        return Array(lines.prefix(reportLimit)) + [
            "… and \(rest) more problem\(rest == 1 ? "" : "s") (\(lines.count) in all)"
        ]
    }
}
