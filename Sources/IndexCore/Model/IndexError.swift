/// A problem found while building an index, with where it happened.
///
/// `description` reads `file:line:column: message`, naming the indicator and unit when known,
/// so a user can go straight to the cell. In a workbook it reads `file [sheet 'S'] C5: message`,
/// the cell reference a spreadsheet user types.
public struct IndexError: Error, Hashable, CustomStringConvertible {
    public var message: String
    public var file: String?
    /// The worksheet, when the file is a workbook.
    public var sheet: String?
    public var line: Int?
    public var column: Int?
    public var indicator: String?
    public var unit: String?

    public init(
        _ message: String,
        file: String? = nil,
        sheet: String? = nil,
        line: Int? = nil,
        column: Int? = nil,
        indicator: String? = nil,
        unit: String? = nil
    ) {
        self.message = message
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
        self.indicator = indicator
        self.unit = unit
    }

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

/// Several problems at once: validation reports all of them, not just the first.
public struct IndexErrors: Error, Hashable, CustomStringConvertible {
    public var errors: [IndexError]

    public init(_ errors: [IndexError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
