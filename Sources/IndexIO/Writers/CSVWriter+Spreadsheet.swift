extension CSVWriter {
    /// A field for a CSV file that people open in a spreadsheet: escaped, and neutralised against
    /// formula injection (OWASP "CSV injection").
    ///
    /// A field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
    /// formula by Excel or LibreOffice (`=HYPERLINK(…)`, `@SUM(…)`), so it gets a leading `'`, which
    /// spreadsheets show as text. A number (`-1.5`, `+2`) is left alone: it is data, not a formula.
    public static func escapeForSpreadsheet(_ field: String) -> String {
        escape(neutralised(field))
    }

    /// The field with a leading `'` when a spreadsheet would read it as a formula.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        if NumberParser.decimal(field) != nil { return field }
        return "'" + field
    }
}
