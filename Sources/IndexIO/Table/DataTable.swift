import Foundation
import IndexCore

/// A table of text cells read from a CSV file or a worksheet: a header and rows, each row knowing
/// where it came from (its line in a CSV file, or its row number in a sheet).
///
/// CSV follows RFC 4180: fields may be quoted, quotes doubled inside quotes, and quoted fields may hold
/// commas and line breaks. CRLF and LF both end a record. Blank lines and lines whose first character
/// is `#` (comments, such as the note that a dataset is illustrative) are skipped; a field that starts
/// with `#` after spaces or inside quotes is data.
public struct DataTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The 1-based line where the record starts (the row number in a sheet).
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }

        /// The field at a column, or "" beyond the end.
        public subscript(_ column: Int) -> String {
            column < fields.count ? fields[column] : ""
        }
    }

    public var file: String
    /// The worksheet's name when the table comes from a workbook.
    public var sheet: String?
    public var header: [String]
    public var rows: [Row]
    /// The line (or sheet row) of the header.
    public var headerLine: Int

    /// A table from its parts; the first row of a sheet is its header.
    ///
    /// Every cell is normalised as ``normalisedCell(_:)`` says (invisible characters dropped, odd
    /// spaces made plain, Unicode form C), as a CSV file's cells are.
    public init(file: String, sheet: String? = nil, header: [String], rows: [Row], headerLine: Int = 1) {
        self.file = file
        self.sheet = sheet
        self.header = header.map(Self.normalisedCell)
        self.rows = rows.map { Row(line: $0.line, fields: $0.fields.map(Self.normalisedCell)) }
        self.headerLine = headerLine
    }

    /// Parses CSV text.
    ///
    /// Every record must have as many fields as the header (``shapeProblems()``), and every cell is
    /// normalised (``normalisedCell(_:)``).
    ///
    /// - Complexity: O(n) in the length of the text; works on its UTF-8 bytes.
    /// - Throws: ``IndexError`` with the line of an unterminated quote or an empty file;
    ///   ``IndexErrors`` naming every row of the wrong shape and every cell with a control character.
    public init(text: String, file: String) throws {
        var records: [Row] = []
        try Self.records(of: text, file: file) { record in
            records.append(record)
            return true
        }
        guard let first = records.first else { throw IndexError("file is empty", file: file) }
        self.file = file
        self.sheet = nil
        self.header = first.fields
        records.removeFirst()
        self.rows = records
        self.headerLine = first.line
        try requireWellFormed()
    }

    /// A table of cells already normalised (a chunk of a CSV file being read).
    private init(parsed file: String, header: Row, rows: [Row]) {
        self.file = file
        self.sheet = nil
        self.header = header.fields
        self.rows = rows
        self.headerLine = header.line
    }

    /// The header of CSV text (its first record), without reading the rest.
    ///
    /// - Throws: ``IndexError`` when the text has no record or its header's quote is not closed.
    public static func header(of text: String, file: String) throws -> [String] {
        var header: [String]?
        try records(of: text, file: file) { record in
            header = record.fields
            return false
        }
        guard let header else { throw IndexError("file is empty", file: file) }
        return header
    }

    /// Parses CSV text as ``init(text:file:)`` does, handing its rows to `body` in tables of at
    /// most `rowsPerChunk` rows (each with the header, `body` called at least once), so that a
    /// file of a million values is never held as a million rows at once.
    ///
    /// The file's checks are the whole file's, as ``init(text:file:)`` makes them, but they are
    /// thrown after the last chunk: a caller that must not act on a malformed file undoes what the
    /// chunks did when this throws.
    ///
    /// - Throws: what ``init(text:file:)`` throws.
    public static func readInChunks(
        text: String,
        file: String,
        rowsPerChunk: Int,
        _ body: (DataTable) -> Void
    ) throws {
        var header: Row?
        var rows: [Row] = []
        var problems: [IndexError] = []
        var chunks = 0
        func flush() {
            guard let header else { return }
            let table = DataTable(parsed: file, header: header, rows: rows)
            problems += table.controlCharacterProblems(includingHeader: chunks == 0) + table.shapeProblems()
            body(table)
            chunks += 1
            rows.removeAll(keepingCapacity: true)
        }
        try records(of: text, file: file) { record in
            if header == nil {
                header = record
            } else {
                rows.append(record)
                if rows.count >= max(rowsPerChunk, 1) { flush() }
            }
            return true
        }
        guard header != nil else { throw IndexError("file is empty", file: file) }
        if chunks == 0 || !rows.isEmpty { flush() }
        if !problems.isEmpty { throw IndexErrors(Self.inReadingOrder(problems)) }
    }

    /// Problems ordered by line and then column, as a reader meets them.
    static func inReadingOrder(_ problems: [IndexError]) -> [IndexError] {
        problems.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    }

    /// The records of CSV text in order, header first, each handed to `record` until it returns
    /// false; every cell normalised.
    ///
    /// - Throws: ``IndexError`` with the line of an unterminated quote (when reading reaches it).
    private static func records(of text: String, file: String, _ record: (Row) -> Bool) throws {
        var stopped = false
        var fields: [String] = []
        var quoted: [UInt8] = []
        var line = 1
        var recordLine = 1
        var unterminated = false
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), hash = UInt8(ascii: "#")
        func trimmed(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> String {
            var start = bytes.startIndex
            var end = bytes.endIndex
            while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
            while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
            return DataTable.normalisedCell(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        // The last unquoted cell of each column, by its bytes in the text: a long table repeats its
        // unit, indicator, period and source down the rows, and a repeated cell is the same string,
        // not decoded and normalised again.
        var previous: [(range: Range<Int>, text: String)] = []
        func cell(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, column: Int) -> String {
            if column < previous.count {
                let last = previous[column].range
                // memcmp: the generic elementsEqual compares a byte at a time.
                if last.count == range.count, let base = bytes.baseAddress,
                    memcmp(base + last.lowerBound, base + range.lowerBound, range.count) == 0
                {
                    return previous[column].text
                }
            }
            let text = trimmed(bytes[range])
            if column < previous.count {
                previous[column] = (range, text)
            } else if column == previous.count {
                previous.append((range, text))
            }
            return text
        }
        // Whether the record is a comment: its line's first byte is `#`. A field that starts with `#`
        // after spaces or inside quotes is data (a unit named "#x" must not vanish).
        var comment = false
        var width = 8
        func endRecord() {
            if !(fields.count == 1 && fields[0].isEmpty) && !comment {
                width = fields.count
                stopped = !record(Row(line: recordLine, fields: fields))
            }
            comment = false
            fields = []
            fields.reserveCapacity(width)
        }
        var text = text
        text.withUTF8 { bytes in
            let count = bytes.count
            var index = 0
            var atRecordStart = true
            while index < count {
                // One field per pass: a comment line, a quoted field, or an unquoted run up to , or a line end.
                // A byte-order mark before the `#` (a file pasted together) still starts a comment.
                var first = index
                while atRecordStart, first + 3 < count, bytes[first] == 0xEF, bytes[first + 1] == 0xBB,
                    bytes[first + 2] == 0xBF
                {
                    first += 3
                }
                if atRecordStart, bytes[first] == hash {
                    while index < count, bytes[index] != lf, bytes[index] != cr { index += 1 }
                    fields = ["#"]
                    comment = true
                } else {
                    var start = index
                    while start < count, bytes[start] == space || bytes[start] == tab { start += 1 }
                    if start < count, bytes[start] == quote {
                        quoted.removeAll(keepingCapacity: true)
                        index = start + 1
                        var closed = false
                        while index < count {
                            let byte = bytes[index]
                            index += 1
                            if byte == quote {
                                if index < count, bytes[index] == quote {
                                    quoted.append(quote)
                                    index += 1
                                } else {
                                    closed = true
                                    break
                                }
                            } else {
                                if byte == lf { line += 1 }
                                quoted.append(byte)
                            }
                        }
                        if !closed {
                            unterminated = true
                            return
                        }
                        // Text after the closing quote, up to the separator, is kept as written.
                        let tail = index
                        while index < count, bytes[index] != comma, bytes[index] != lf, bytes[index] != cr {
                            index += 1
                        }
                        let rest = trimmed(bytes[tail..<index])
                        fields.append(DataTable.normalisedCell(String(decoding: quoted, as: UTF8.self) + rest))
                    } else {
                        start = index
                        while index < count, bytes[index] != comma, bytes[index] != lf, bytes[index] != cr {
                            index += 1
                        }
                        fields.append(cell(bytes, start..<index, column: fields.count))
                    }
                }
                atRecordStart = false
                guard index < count else { break }
                let separator = bytes[index]
                index += 1
                if separator == comma {
                    if index == count { fields.append("") }
                    continue
                }
                if separator == cr, index < count, bytes[index] == lf { index += 1 }
                endRecord()
                if stopped { return }
                line += 1
                recordLine = line
                atRecordStart = true
            }
            if !fields.isEmpty { endRecord() }
        }
        if unterminated { throw IndexError("unterminated quoted field", file: file, line: recordLine) }
    }

    /// Reads and parses a CSV file (UTF-8, UTF-8 with BOM, or GB18030).
    public init(path: String) throws {
        try self.init(text: try TextFile.read(path), file: path)
    }

    /// The column of a header name (case-insensitive), if present.
    public func column(_ name: String) -> Int? {
        let wanted = name.lowercased()
        let bytes = Array(wanted.utf8)
        let isASCII = bytes.allSatisfy { $0 < 0x80 }
        return header.firstIndex { title in
            // Two ASCII names are the same, ignoring case, when their bytes are: compared so, without
            // lowercasing every header at every look-up (a COINr iMeta's rows each looked up a dozen).
            var title = title
            let sameASCII: Bool? = title.withUTF8 { title in
                guard isASCII, title.allSatisfy({ $0 < 0x80 }) else { return nil }
                guard title.count == bytes.count else { return false }
                for (byte, lower) in zip(title, bytes)
                where (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != lower {
                    return false
                }
                return true
            }
            return sameASCII ?? (title.lowercased() == wanted)
        }
    }

    /// The column of a required header name.
    ///
    /// - Throws: ``IndexError`` naming the file and the missing column.
    public func requireColumn(_ name: String) throws -> Int {
        guard let column = column(name) else {
            throw IndexError(
                "missing column '\(name)' (header: \(header.joined(separator: ",")))",
                file: file,
                sheet: sheet,
                line: 1
            )
        }
        return column
    }
}

extension String {
    func trimmingSpaces() -> String {
        // Most cells have nothing to trim: when neither end's byte is a space or a tab, neither end
        // is such a character, and the text is returned as it is (no grapheme breaking, no copy).
        guard let first = utf8.first, let last = utf8.last,
            first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        else { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

/// Parses numbers as people type them in indicator tables.
public enum NumberParser {
    /// A number from text: plain decimals, exponents, fractions such as `1/3`.
    /// Returns `nil` for anything else (see ``reading(_:)`` for data cells).
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces()
        if let value = decimal(trimmed) { return value }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let numerator = decimal(String(parts[0]).trimmingSpaces()),
            let denominator = decimal(String(parts[1]).trimmingSpaces()), denominator != 0
        {
            let quotient = numerator / denominator
            return quotient.isFinite ? quotient : nil
        }
        return nil
    }

    /// A finite decimal number written in ASCII, and nothing else.
    ///
    /// The grammar is `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`: `12`, `-0.5`,
    /// `.5`, `3.`, `1e-3`, `+2.5E+4`. Everything that `Double.init(_:)` would also take but no
    /// statistical table means is refused: hexadecimal floats (`0x1p10`), `inf`, `infinity`, `nan`,
    /// text after a NUL (`1\u{0}3.9`, which a C reader ends at `1`), full-width digits, values
    /// that overflow to infinity (`1e999`, `-2e308`), and non-zero values too small for a normal
    /// double (`1e-400` and `2e-324`, which would read as 0, and the subnormals below
    /// `Double.leastNormalMagnitude` ≈ 2.2e-308, which lose their digits): a non-zero number is never
    /// read as zero. ``rangeProblem(_:)`` says which, for the message.
    ///
    /// This is the one place a cell's text becomes a `Double`: every reader of data goes through it.
    public static func decimal(_ text: some StringProtocol) -> Double? {
        // The grammar is checked on the string's own bytes where it has them (the generic UTF-8
        // view was read through a protocol witness per byte).
        guard text.utf8.withContiguousStorageIfAvailable(isDecimal) ?? isDecimal(text.utf8) else { return nil }
        guard let value = Double(String(text)), value.isFinite else { return nil }
        if value.magnitude < Double.leastNormalMagnitude, hasNonZeroDigit(text.utf8) { return nil }
        return value
    }

    /// Why text in the grammar of ``decimal(_:)`` is still no number: it overflows, or it is a
    /// non-zero number too small to be held (it would read as 0). `nil` for anything else.
    public static func rangeProblem(_ text: some StringProtocol) -> String? {
        guard isDecimal(text.utf8), let value = Double(String(text)) else { return nil }
        if !value.isFinite { return "'\(text)' is too large for a number (beyond ±1.8e308)" }
        if value.magnitude < Double.leastNormalMagnitude, hasNonZeroDigit(text.utf8) {
            return "'\(text)' is too small for a number (below 2.2e-308 it would read as 0 or lose its digits)"
        }
        return nil
    }

    /// Whether the mantissa of a decimal (before any exponent) has a digit other than 0.
    static func hasNonZeroDigit(_ bytes: some Collection<UInt8>) -> Bool {
        for byte in bytes {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return false }
            if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(byte) { return true }
        }
        return false
    }

    /// Whether UTF-8 bytes are a decimal number in the grammar of ``decimal(_:)``.
    static func isDecimal(_ bytes: some Collection<UInt8>) -> Bool {
        let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
        var index = bytes.startIndex
        func digits() -> Int {
            var count = 0
            while index != bytes.endIndex, (zero...nine).contains(bytes[index]) {
                count += 1
                index = bytes.index(after: index)
            }
            return count
        }
        func take(_ allowed: String) -> Bool {
            guard index != bytes.endIndex, allowed.utf8.contains(bytes[index]) else { return false }
            index = bytes.index(after: index)
            return true
        }
        _ = take("+-")
        var mantissa = digits()
        if take(".") { mantissa += digits() }
        guard mantissa > 0 else { return false }
        if take("eE") {
            _ = take("+-")
            guard digits() > 0 else { return false }
        }
        return index == bytes.endIndex
    }

    /// What a data cell holds.
    public enum Reading: Sendable, Hashable {
        /// A plain number.
        case number(Double)
        /// A number written another way, converted; `how` says what was done (for the import report).
        case converted(Double, how: String)
        /// A marker that means "no value" (`—`, `NA`, `…`); `nil` for an empty cell.
        case missing(marker: String?)
        /// Text that is not a number.
        case invalid
    }

    /// Markers that mean "no value" in statistical tables.
    public static let missingMarkers: Set<String> = [
        "na", "n/a", "n.a.", "nan", "null", "none", "-", "--", "—", "——", "–", "－", "…", "...", "/", "无", "暂无",
        "缺失", "x",
    ]

    /// Reads a data cell the way a statistical yearbook writes it.
    ///
    /// - `12,345` and `12,345.6` (thousands separators in groups of three) → 12345, converted;
    /// - `1.2万` → 12000 and `3.5亿` → 350000000 (万 = 10⁴, 亿 = 10⁸), converted;
    /// - `12.5%` → 12.5, converted (the value stays in per cent, as indicator units say `%`);
    /// - `—`, `NA`, `…` and the other ``missingMarkers`` → missing, and the marker is kept;
    /// - anything else that is not a number → invalid. Nothing is silently dropped.
    public static func reading(_ text: String) -> Reading {
        let trimmed = text.trimmingSpaces()
        if trimmed.isEmpty { return .missing(marker: nil) }
        if let value = decimal(trimmed) { return .number(value) }
        if missingMarkers.contains(trimmed.lowercased()) { return .missing(marker: trimmed) }
        if let grouped = withoutThousandsSeparators(trimmed), let value = decimal(grouped) {
            return .converted(value, how: "'\(trimmed)' read as \(Cell.format(value)) (thousands separators)")
        }
        for (suffix, scale, name) in [("万", 1e4, "万 = 10⁴"), ("亿", 1e8, "亿 = 10⁸")] where trimmed.hasSuffix(suffix) {
            let body = String(trimmed.dropLast()).trimmingSpaces()
            if let value = decimal(body) ?? withoutThousandsSeparators(body).flatMap(decimal), (value * scale).isFinite
            {
                let scaled = value * scale
                return .converted(scaled, how: "'\(trimmed)' read as \(Cell.format(scaled)) (\(name))")
            }
        }
        if trimmed.hasSuffix("%"), let value = decimal(String(trimmed.dropLast()).trimmingSpaces()) {
            return .converted(value, how: "'\(trimmed)' read as \(Cell.format(value)) (per cent sign dropped)")
        }
        return .invalid
    }

    /// `12,345.6` → `12345.6` when the commas group digits in threes; otherwise `nil`.
    static func withoutThousandsSeparators(_ text: String) -> String? {
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = String(first)
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let integer = parts.first else { return nil }
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, let head = groups.first, (1...3).contains(head.count),
            groups.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        return sign + groups.joined() + (parts.count == 2 ? "." + parts[1] : "")
    }

    /// Whether a cell means "no value".
    public static func isMissing(_ text: String) -> Bool {
        if case .missing = reading(text) { return true }
        return false
    }
}
