import Foundation
public import IndexCore

extension DataTable {
    /// Whether a character may stand in a cell: every scalar but the C0 and C1 control characters
    /// and DEL; tab, line feed and carriage return are text (a quoted CSV field or a wrapped
    /// spreadsheet cell holds line breaks).
    static func isAllowedInCell(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00...0x1F, 0x7F...0x9F: false
        default: true
        }
    }

    /// Every cell, header included, that holds a control character (a NUL, an escape, a C1 code),
    /// each located by its row and column.
    ///
    /// A NUL inside `1\u{0}3.9` would otherwise end the number at `1` in any C-based reader; no
    /// indicator table means such a byte, so it is an error, never silently dropped or read.
    public func controlCharacterProblems(includingHeader: Bool = true) -> [IndexError] {
        var problems: [IndexError] = []
        func check(_ fields: [String], line: Int) {
            for (column, field) in fields.enumerated() {
                // Printable ASCII (most cells) holds no control character: its bytes say so.
                if ExactString.allBytes(of: field, { $0 >= 0x20 && $0 < 0x7F }) { continue }
                guard let bad = field.unicodeScalars.first(where: { !Self.isAllowedInCell($0) }) else { continue }
                let code = String(bad.value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                problems.append(
                    IndexError(
                        "control character U+\(padded) in a cell; save the table as plain text without it",
                        file: file,
                        sheet: sheet,
                        line: line,
                        column: column + 1
                    )
                )
            }
        }
        if includingHeader { check(header, line: headerLine) }
        for row in rows { check(row.fields, line: row.line) }
        return problems
    }

    /// Throws when any cell holds a control character.
    ///
    /// - Throws: ``IndexErrors`` naming every such cell.
    public func requireNoControlCharacters() throws {
        let problems = controlCharacterProblems()
        if !problems.isEmpty { throw IndexErrors(problems) }
    }

    /// A cell's text as its reader sees it: the one place where every cell of every table (CSV, a
    /// sheet, a JSON observation) is normalised, so names and codes that look the same are the same.
    ///
    /// - Format characters (Unicode category Cf: zero-width space, joiner and non-joiner U+200B–U+200D,
    ///   word joiner U+2060, a byte-order mark U+FEFF anywhere, soft hyphen, bidirectional marks,
    ///   tag characters) are removed: they show as nothing — except the bidi embeddings, overrides
    ///   and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what is shown and are kept for the
    ///   control-character check to refuse;
    /// - space separators (category Zs: no-break space U+00A0, ideographic space U+3000, the
    ///   U+2000–U+200A spaces, narrow no-break space U+202F) become an ordinary space;
    /// - the text is put in Unicode normalisation form C (`e` + U+0301 is `é`);
    /// - spaces and tabs at either end are dropped.
    ///
    /// A key that differs from another only by these is therefore the same key, and a key given
    /// twice this way is caught as a duplicate. (A zero-width joiner inside an emoji sequence is
    /// dropped too; no indicator table means one.)
    ///
    /// - Complexity: O(n) in the length of the text; ASCII text is only trimmed.
    static func normalisedCell(_ text: String) -> String {
        // ASCII text is only trimmed (which returns it as it is when neither end is a space or tab).
        if ExactString.allBytes(of: text, { $0 < 0x80 }) { return text.trimmingSpaces() }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            // Bidi embeddings, overrides and isolates change how the text around them is shown: they
            // are kept, so that the control-character check refuses them with their cell.
            case .format where (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value):
                scalars.append(scalar)
            case .format: continue
            case .spaceSeparator: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping.trimmingSpaces()
    }

    /// Every row whose shape does not match the header, each located by its line.
    ///
    /// In a CSV file (no ``sheet``) every record must have as many fields as the header: an unquoted
    /// decimal comma (`1,5`), a stray field or a missing one would otherwise shift or drop cells
    /// without a word. In a sheet, trailing empty cells are not stored, so a shorter row is fine, but
    /// a value beyond the header's last column has no name and is an error.
    public func shapeProblems() -> [IndexError] {
        var problems: [IndexError] = []
        let width = header.count
        for row in rows where row.fields.count != width {
            if sheet == nil {
                let message =
                    row.fields.count > width
                    ? "the row has \(row.fields.count) fields but the header has \(width): a comma outside quotes "
                        + "(a decimal comma such as 1,5?) or a stray field would shift the cells after it; "
                        + "quote the field or remove the extra one"
                    : "the row has \(row.fields.count) fields but the header has \(width): a field is missing "
                        + "(an empty cell still needs its comma)"
                problems.append(IndexError(message, file: file, sheet: sheet, line: row.line))
            } else if let stray = row.fields.indices.dropFirst(width).first(where: { !row.fields[$0].isEmpty }) {
                problems.append(
                    IndexError(
                        "a value beyond the header's last column (\(IndexError.columnLetters(width))): "
                            + "give the column a header or remove the value",
                        file: file,
                        sheet: sheet,
                        line: row.line,
                        column: stray + 1
                    )
                )
            }
        }
        return problems
    }

    /// Throws when a cell holds a control character or a row's shape does not match the header.
    ///
    /// - Throws: ``IndexErrors`` naming every such cell and row, in reading order.
    public func requireWellFormed() throws {
        let problems = Self.inReadingOrder(controlCharacterProblems() + shapeProblems())
        if !problems.isEmpty { throw IndexErrors(problems) }
    }
}
