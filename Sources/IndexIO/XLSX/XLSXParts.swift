import Foundation
import IndexCore

// The parts of a workbook, each read by its own SAX parser (XMLPartParser).

/// `xl/workbook.xml`: the sheets in order and the date system.
final class WorkbookPart: XMLPartParser {
    struct Entry {
        var name: String
        var relation: String
        /// `hidden` or `veryHidden` (only a macro can show it) when the sheet is not shown.
        var isHidden = false
    }

    var sheets: [Entry] = []
    var date1904 = false

    static func parse(_ data: Data, file: String) throws -> WorkbookPart {
        let part = WorkbookPart()
        try part.run(data, file: file, part: "xl/workbook.xml")
        return part
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "sheet":
            let relation =
                attributes.first { XMLScanner.local(Substring($0.key)) == "id" && $0.key != "sheetId" }?.value ?? ""
            let state = attributes["state"] ?? "visible"
            sheets.append(
                Entry(
                    name: attributes["name"] ?? "Sheet\(sheets.count + 1)",
                    relation: relation,
                    isHidden: state == "hidden" || state == "veryHidden"
                )
            )
        case "workbookPr":
            let flag = attributes["date1904"]?.lowercased()
            date1904 = flag == "1" || flag == "true"
        default: break
        }
    }
}

/// `xl/_rels/workbook.xml.rels`: relation ids to part paths.
final class RelationsPart: XMLPartParser {
    var targets: [String: String] = [:]

    static func parse(_ data: Data, file: String) throws -> [String: String] {
        let part = RelationsPart()
        try part.run(data, file: file, part: "xl/_rels/workbook.xml.rels")
        return part.targets
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
    }
}

/// `xl/sharedStrings.xml`: the string table, rich-text runs joined, phonetic runs left out.
final class SharedStringsPart: XMLPartParser {
    var strings: [String] = []
    var current = ""
    var inText = false
    var phoneticDepth = 0

    static func parse(_ data: Data, file: String) throws -> [String] {
        let part = SharedStringsPart()
        try part.run(data, file: file, part: "xl/sharedStrings.xml")
        return part.strings
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "t": inText = phoneticDepth == 0
        case "rPh": phoneticDepth += 1
        default: break
        }
    }

    override func characters(_ string: String) {
        if inText { current += string }
    }

    override func end(_ name: Substring) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": phoneticDepth -= 1
        default: break
        }
    }
}

/// What a cell style's number format shows, by style index (the cell's `s`).
struct CellFormats: Sendable, Hashable {
    /// Styles that show a number as a date.
    var dates: Set<Int> = []
    /// Styles that show a number as a percentage (`0%`, `0.00%`, a custom format with `%`): the
    /// stored 0.125 is shown as 12.5%.
    var percents: Set<Int> = []
}

/// `xl/styles.xml`: which cell styles format numbers as dates or percentages.
final class StylesPart: XMLPartParser {
    var customFormats: [Int: String] = [:]
    var cellFormats: [Int] = []
    var inCellXfs = false

    static func parse(_ data: Data, file: String) throws -> CellFormats {
        let part = StylesPart()
        try part.run(data, file: file, part: "xl/styles.xml")
        var formats = CellFormats()
        for (index, format) in part.cellFormats.enumerated() {
            if let code = part.customFormats[format] {
                if isDateFormat(code) {
                    formats.dates.insert(index)
                } else if isPercentFormat(code) {
                    formats.percents.insert(index)
                }
            } else if (14...22).contains(format) || (27...36).contains(format) || (45...47).contains(format)
                || (50...58).contains(format)
            {
                formats.dates.insert(index)
            } else if format == 9 || format == 10 {
                formats.percents.insert(index)
            }
        }
        return formats
    }

    /// Whether a number format code shows a date: it has y, m, d, h or s outside quotes and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        outsideQuotes(code).contains { "ymdhsYMDHS".contains($0) }
    }

    /// Whether a number format code shows a percentage: its first section (the one for positive
    /// numbers) has `%` outside quotes and brackets. Excel multiplies the value by 100 for it.
    static func isPercentFormat(_ code: String) -> Bool {
        outsideQuotes(code).prefix { $0 != ";" }.contains("%")
    }

    /// The characters of a format code that are format, not literal text: outside `"…"`, `[…]`
    /// and not escaped by `\\`.
    static func outsideQuotes(_ code: String) -> [Character] {
        var inQuotes = false
        var inBrackets = false
        var previous: Character = " "
        var result: [Character] = []
        for character in code {
            defer { previous = character }
            if previous == "\\" { continue }
            switch character {
            case "\"": inQuotes.toggle()
            case "[": if !inQuotes { inBrackets = true }
            case "]": if !inQuotes { inBrackets = false }
            case "\\": break
            default:
                if !inQuotes, !inBrackets { result.append(character) }
            }
        }
        return result
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }) {
                customFormats[id] = attributes["formatCode"] ?? ""
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    override func end(_ name: Substring) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

/// A worksheet part: rows of typed cells.
final class SheetPart: XMLPartParser {
    let file: String
    let sheet: String
    let strings: [String]
    let formats: CellFormats
    let date1904: Bool
    let limits: XLSXLimits
    var cellBudget: Int
    /// The cell (row, column, zero-based) a failure is about, for its location.
    var failureCell: (row: Int, column: Int)?
    /// The rows read so far and the columns read so far in the current row: a row or a cell given
    /// twice would otherwise have its later copy win without a word.
    var seenRows: Set<Int> = []
    var seenColumns: Set<Int> = []
    var formula = ""
    var inFormula = false
    var hasFormula = false

    var rows: [[Cell]] = []
    var rowIndex = -1
    var columnIndex = -1
    var cellType = "n"
    var cellStyle = 0
    var value = ""
    var inlineText = ""
    var inValue = false
    var inInlineText = false
    var hasValue = false

    init(
        file: String,
        sheet: String,
        strings: [String],
        formats: CellFormats,
        date1904: Bool,
        limits: XLSXLimits,
        cellBudget: Int
    ) {
        self.file = file
        self.sheet = sheet
        self.strings = strings
        self.formats = formats
        self.date1904 = date1904
        self.limits = limits
        self.cellBudget = cellBudget
    }

    static func parse(
        _ data: Data,
        file: String,
        sheet: String,
        strings: [String],
        formats: CellFormats,
        date1904: Bool,
        limits: XLSXLimits,
        cellBudget: inout Int
    ) throws -> [[Cell]] {
        let part = SheetPart(
            file: file,
            sheet: sheet,
            strings: strings,
            formats: formats,
            date1904: date1904,
            limits: limits,
            cellBudget: cellBudget
        )
        do {
            try part.run(data, file: file, part: "sheet '\(sheet)'")
        } catch let error as IndexError {
            var located = error
            if part.failure != nil {
                located = IndexError(
                    part.failure ?? "",
                    file: file,
                    sheet: sheet,
                    line: part.failureCell.map { $0.row + 1 },
                    column: part.failureCell.map { $0.column + 1 }
                )
            }
            throw located
        }
        cellBudget = part.cellBudget
        return part.rows
    }

    /// Fails at the current cell, which the error then locates.
    func failAtCell(_ message: String) {
        if failure == nil { failureCell = (rowIndex, columnIndex) }
        fail(message)
    }

    /// A value without XML's white space (space, tab, line feed) at either end, as a reader of the
    /// number in `<v>\n84.3\n</v>` takes it (openpyxl does).
    static func trimmedXML(_ value: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let first = value.first, let last = value.last, isSpace(first) || isSpace(last) else { return value }
        return String(value.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }

    /// `B12` → (row 11, column 1), zero-based.
    static func reference(_ text: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var sawDigit = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 65...90 where !sawDigit: column = column * 26 + Int(scalar.value - 64)
            case 97...122 where !sawDigit: column = column * 26 + Int(scalar.value - 96)
            case 48...57:
                sawDigit = true
                row = row * 10 + Int(scalar.value - 48)
                if row > 10_000_000 { return nil }
            case 36: continue  // `$A$1`
            default: return nil
            }
            if column > 100_000 { return nil }
        }
        guard column > 0, row > 0 else { return nil }
        return (row - 1, column - 1)
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "row":
            if let number = attributes["r"].flatMap({ Int($0) }), number > 0 {
                rowIndex = number - 1
            } else {
                rowIndex += 1
            }
            columnIndex = -1
            seenColumns.removeAll(keepingCapacity: true)
            if rowIndex >= limits.maxRows {
                fail("refused: the sheet has more than \(limits.maxRows) rows (an oversized sheet)")
            } else if !seenRows.insert(rowIndex).inserted {
                fail(
                    "row \(rowIndex + 1) is given twice in the sheet (a damaged or hand-made workbook): "
                        + "which copy the user sees is not known"
                )
            }
        case "c":
            if let reference = attributes["r"] {
                guard let parsed = Self.reference(reference) else {
                    fail("bad cell reference '\(XMLScanner.shown(reference))'")
                    return
                }
                if rowIndex < 0 { rowIndex = parsed.row }
                guard parsed.row == rowIndex else {
                    fail("cell \(reference) is inside row \(rowIndex + 1) (a damaged or hand-made workbook)")
                    return
                }
                columnIndex = parsed.column
            } else {
                columnIndex += 1
            }
            if columnIndex >= limits.maxColumns {
                fail("refused: the sheet has more than \(limits.maxColumns) columns (an oversized sheet)")
            } else if !seenColumns.insert(columnIndex).inserted {
                failAtCell(
                    "cell \(IndexError.columnLetters(columnIndex + 1))\(rowIndex + 1) is given twice in the sheet "
                        + "(a damaged or hand-made workbook): which value the user sees is not known"
                )
            }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
            value = ""
            inlineText = ""
            hasValue = false
            formula = ""
            hasFormula = false
        case "f":
            inFormula = true
            hasFormula = true
        case "v":
            inValue = true
            hasValue = true
        case "t" where cellType == "inlineStr":
            inInlineText = true
            hasValue = true
        default: break
        }
    }

    override func characters(_ string: String) {
        if inValue {
            value += string
        } else if inFormula {
            formula += string
        } else if inInlineText {
            inlineText += string
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "v": inValue = false
        case "f": inFormula = false
        case "t": inInlineText = false
        case "c":
            let reference = IndexError.columnLetters(columnIndex + 1) + "\(rowIndex + 1)"
            if hasFormula, !hasValue {
                // A program that writes formulas without computing them (a script, some exporters)
                // leaves no value: the user sees a number in Excel that the file does not hold.
                let shown = formula.isEmpty ? "" : " =\(formula.prefix(60))"
                failAtCell(
                    "cell \(reference): the formula\(shown) has no saved value; open the workbook in Excel or "
                        + "LibreOffice, let it calculate, and save it again"
                )
                return
            }
            guard hasValue, rowIndex >= 0, columnIndex >= 0 else { return }
            let cell: Cell
            switch cellType {
            case "s":
                guard let index = Int(Self.trimmedXML(value)), strings.indices.contains(index) else {
                    fail("cell \(reference): shared string '\(XMLScanner.shown(value))' is not in the string table")
                    return
                }
                cell = .text(strings[index])
            case "inlineStr": cell = .text(inlineText)
            case "str": cell = .text(value)
            case "b": cell = .bool(Self.trimmedXML(value) == "1" || Self.trimmedXML(value).lowercased() == "true")
            case "e": cell = .error(value)
            case "d": cell = .date(value)
            default:
                let text = Self.trimmedXML(value)
                guard let number = NumberParser.decimal(text) else {
                    let reason = NumberParser.rangeProblem(text) ?? "'\(XMLScanner.shown(value))' is not a number"
                    failAtCell("cell \(reference): \(reason)")
                    return
                }
                if formats.dates.contains(cellStyle) {
                    cell = .date(XLSXReader.isoDate(serial: number, date1904: date1904))
                } else if formats.percents.contains(cellStyle), let percent = Self.percent(text) {
                    cell = .text(percent)
                } else {
                    cell = .number(number)
                }
            }
            store(cell)
        default: break
        }
    }

    /// A stored fraction as the percentage a percent format shows: `0.125` → `12.5%`.
    ///
    /// The decimal point is moved two places in the text (`0.07` → `7`, not `0.07 × 100` =
    /// 7.000000000000001), so the cell reads as the same number as the `12.5%` that Excel writes
    /// when it saves the sheet as CSV: ``NumberParser/reading(_:)`` reads both as 12.5 and says so.
    static func percent(_ text: String) -> String? {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "e" || $0 == "E" }
        guard let mantissa = parts.first, parts.count <= 2 else { return nil }
        let exponent = parts.count == 2 ? Int(parts[1].hasPrefix("+") ? parts[1].dropFirst() : parts[1]) : 0
        guard let exponent, exponent < 400, exponent > -400,
            let shifted = NumberParser.decimal("\(mantissa)e\(exponent + 2)")
        else { return nil }
        return Cell.format(shifted) + "%"
    }

    func store(_ cell: Cell) {
        // Empty cells padded in before this one count too: a cell at XFD1048576 alone is not cheap.
        let row = rowIndex < rows.count ? rows[rowIndex].count : 0
        cellBudget -= max(1, columnIndex + 1 - row) + max(0, rowIndex - rows.count)
        if cellBudget < 0 {
            fail("refused: the workbook has more than \(limits.maxCells) cells (an oversized sheet)")
            return
        }
        while rows.count <= rowIndex { rows.append([]) }
        if rows[rowIndex].count <= columnIndex {
            rows[rowIndex].append(contentsOf: repeatElement(.empty, count: columnIndex + 1 - rows[rowIndex].count))
        }
        rows[rowIndex][columnIndex] = cell
    }
}
