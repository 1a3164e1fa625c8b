/// A plain-text table that lines up Chinese and Latin text (CJK characters take two columns).
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int>

    public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// The display width of text in a terminal.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let isWide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return width + (isWide ? 2 : 1)
        }
    }

    /// The table as lines of text.
    public func rendered() -> String {
        let all = [header] + rows
        let count = all.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in
            all.map { column < $0.count ? Self.displayWidth($0[column]) : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            (0..<count).map { column in
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - Self.displayWidth(cell))
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).map { $0.trimmingTrailingSpaces() }.joined(separator: "\n")
    }

    /// The table as CSV.
    public func csv() -> String {
        ([header] + rows).map { row in row.map(CSVWriter.escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

/// Writes CSV fields.
///
/// It is the one CSV field policy of the product: every CSV file the command line or the server
/// writes (`run --out`, `export --format csv`, `robustness`, `mcda --format csv`, the dashboard's
/// downloads) writes its fields through ``escape(_:)``.
public enum CSVWriter {
    /// A field for a CSV file: neutralised against formula injection (``neutralised(_:)``: a text
    /// field a spreadsheet would run as a formula gets a leading `'`; numbers stay as they are), then
    /// quoted when it holds a comma, quote or line break.
    public static func escape(_ field: String) -> String {
        let field = neutralised(field)
        // Scalars, not characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }

    /// CSV text as a file's contents: a UTF-8 byte-order mark first, without which Excel reads the
    /// file in the system's code page and shows Chinese as 鍦板尯…. The one rule for every CSV file
    /// IIDEI writes (`run --out`, `robustness --out`, `export --format csv`, `template FILE.csv`, the
    /// dashboard's downloads); CSV printed to standard output has none, for pipes. IIDEI's own
    /// readers skip the mark.
    public static func file(_ csv: String) -> String {
        csv.hasPrefix("\u{FEFF}") ? csv : "\u{FEFF}" + csv
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = Substring(self)
        while copy.last == " " { copy = copy.dropLast() }
        return String(copy)
    }

    /// Every `target` scalar replaced, compared as scalars: a quote followed by a combining mark is
    /// one `Character` but still a quote to a CSV reader.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        var result = ""
        for scalar in unicodeScalars {
            if scalar == target { result += replacement } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}

/// Fixed-precision number formatting without Foundation.
public enum NumberFormat {
    /// Exactly (the shortest text that reads back as the same double), or "" for `nil`: for
    /// machine-readable files.
    public static func exact(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return Cell.format(value)
    }

    /// `value` with `digits` decimals, or "—" for `nil`.
    public static func fixed(_ value: Double?, _ digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        // Beyond what fits a 64-bit whole number the shortest exact text is the only honest one.
        guard abs(value) * scale < 9e15 else { return Cell.format(value) }
        let rounded = (abs(value) * scale).rounded()
        let negative = value < 0 && rounded > 0
        let whole = Int64(rounded / scale)
        var text = String(whole)
        if digits > 0 {
            let fraction = Int64(rounded) - whole * Int64(scale)
            let digitsText = String(fraction)
            text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
        }
        return (negative ? "-" : "") + text
    }
}
