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
    public func controlCharacterProblems() -> [IndexError] {
        var problems: [IndexError] = []
        func check(_ fields: [String], line: Int) {
            for (column, field) in fields.enumerated() {
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
        check(header, line: headerLine)
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
}
