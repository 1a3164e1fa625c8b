import IndexCore

/// A parsed CSV file: a header and rows, each row knowing its line in the file.
///
/// Follows RFC 4180: fields may be quoted, quotes doubled inside quotes, and quoted fields may hold
/// commas and line breaks. CRLF and LF both end a record. Blank lines and lines starting with `#`
/// (comments, such as the note that a dataset is illustrative) are skipped.
public struct CSVTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The 1-based line where the record starts.
        public var line: Int
        public var fields: [String]

        /// The field at a column, or "" beyond the end.
        public subscript(_ column: Int) -> String {
            column < fields.count ? fields[column] : ""
        }
    }

    public var file: String
    public var header: [String]
    public var rows: [Row]

    /// Parses CSV text.
    ///
    /// - Throws: ``IndexError`` with the line of an unterminated quote or an empty file.
    public init(text: String, file: String) throws {
        var records: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        func endRecord() {
            fields.append(field)
            let isComment = fields.first?.hasPrefix("#") ?? false
            if !(fields.count == 1 && fields[0].isEmpty) && !isComment {
                records.append(Row(line: recordLine, fields: fields.map { $0.trimmingSpaces() }))
            }
            fields = []
            field = ""
            fieldStarted = false
        }
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where !fieldStarted || field.allSatisfy({ $0 == " " }):
                inQuotes = true
                field = ""
                fieldStarted = true
            case ",":
                fields.append(field)
                field = ""
                fieldStarted = false
            case "\r":
                if pending == "\n" { pending = iterator.next() }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        if inQuotes { throw IndexError("unterminated quoted field", file: file, line: recordLine) }
        if fieldStarted || !fields.isEmpty { endRecord() }
        guard let first = records.first else { throw IndexError("file is empty", file: file) }
        self.file = file
        self.header = first.fields
        self.rows = Array(records.dropFirst())
    }

    /// Reads and parses a CSV file (UTF-8, UTF-8 with BOM, or GB18030).
    public init(path: String) throws {
        try self.init(text: try TextFile.read(path), file: path)
    }

    /// The column of a header name (case-insensitive), if present.
    public func column(_ name: String) -> Int? {
        header.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// The column of a required header name.
    ///
    /// - Throws: ``IndexError`` naming the file and the missing column.
    public func requireColumn(_ name: String) throws -> Int {
        guard let column = column(name) else {
            throw IndexError(
                "missing column '\(name)' (header: \(header.joined(separator: ",")))", file: file, line: 1)
        }
        return column
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

/// Parses numbers as people type them in indicator tables.
public enum NumberParser {
    /// A number from text: plain decimals, exponents, fractions such as `1/3`.
    /// Returns `nil` for anything else (thousands separators, units, dashes are not guessed at).
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces()
        if let value = Double(trimmed), value.isFinite { return value }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let numerator = Double(String(parts[0]).trimmingSpaces()),
            let denominator = Double(String(parts[1]).trimmingSpaces()), denominator != 0
        {
            return numerator / denominator
        }
        return nil
    }

    /// Whether a cell means "no value".
    public static func isMissing(_ text: String) -> Bool {
        ["", "na", "n/a", "nan", "null"].contains(text.trimmingSpaces().lowercased())
    }
}
