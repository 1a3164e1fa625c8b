extension CSVWriter {
    /// The characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"): `=`,
    /// `+`, `-`, `@` and their full-width forms `＝`, `＋`, `－`, `＠`, which some spreadsheets fold to
    /// the ASCII ones.
    static let formulaTriggers: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]

    /// The field with a leading `'` when a spreadsheet would read it as a formula.
    ///
    /// A text field is neutralised when it starts with a tab or carriage return, or when its first
    /// character after any leading white space is a formula trigger (``formulaTriggers``):
    /// `=HYPERLINK(…)`, `@SUM(…)`, ` -2+3`, `＝1+1`. The `'` makes spreadsheets show the field as text.
    /// A number (`-1.5`, `+2`, `-1e-05`) is left alone: it is data, not a formula, and must stay a
    /// number.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first else { return field }
        let trigger: Bool
        if first == "\t" || first == "\r" {
            trigger = true
        } else if let start = field.unicodeScalars.first(where: { !$0.properties.isWhitespace }) {
            trigger = formulaTriggers.contains(start)
        } else {
            trigger = false
        }
        guard trigger else { return field }
        if NumberParser.decimal(field) != nil { return field }
        return "'" + field
    }
}
