import Foundation
import IndexCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

// The parts of a workbook, each read by its own SAX parser (XMLPartParser).

/// `xl/workbook.xml`: the sheets in order and the date system.
final class WorkbookPart: XMLPartParser {
    struct Entry {
        var name: String
        var relation: String
    }

    var sheets: [Entry] = []
    var date1904 = false

    static func parse(_ data: Data, file: String) throws -> WorkbookPart {
        let part = WorkbookPart()
        try part.run(data, file: file, part: "xl/workbook.xml")
        return part
    }

    override func start(_ name: Substring, attributes: [String: String], _ parser: XMLParser) {
        switch name {
        case "sheet":
            let relation = attributes.first { Self.local($0.key) == "id" && $0.key != "sheetId" }?.value ?? ""
            sheets.append(Entry(name: attributes["name"] ?? "Sheet\(sheets.count + 1)", relation: relation))
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

    override func start(_ name: Substring, attributes: [String: String], _ parser: XMLParser) {
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

    override func start(_ name: Substring, attributes: [String: String], _ parser: XMLParser) {
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

    override func end(_ name: Substring, _ parser: XMLParser) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": phoneticDepth -= 1
        default: break
        }
    }
}

/// `xl/styles.xml`: which cell styles format numbers as dates.
final class StylesPart: XMLPartParser {
    var customFormats: [Int: String] = [:]
    var cellFormats: [Int] = []
    var inCellXfs = false

    static func parse(_ data: Data, file: String) throws -> Set<Int> {
        let part = StylesPart()
        try part.run(data, file: file, part: "xl/styles.xml")
        var dates: Set<Int> = []
        for (index, format) in part.cellFormats.enumerated() {
            if let code = part.customFormats[format] {
                if isDateFormat(code) { dates.insert(index) }
            } else if (14...22).contains(format) || (27...36).contains(format) || (45...47).contains(format)
                || (50...58).contains(format)
            {
                dates.insert(index)
            }
        }
        return dates
    }

    /// Whether a number format code shows a date: it has y, m, d, h or s outside quotes and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false
        var inBrackets = false
        var previous: Character = " "
        for character in code {
            defer { previous = character }
            if previous == "\\" { continue }
            switch character {
            case "\"": inQuotes.toggle()
            case "[": if !inQuotes { inBrackets = true }
            case "]": if !inQuotes { inBrackets = false }
            default:
                if !inQuotes, !inBrackets, "ymdhsYMDHS".contains(character) { return true }
            }
        }
        return false
    }

    override func start(_ name: Substring, attributes: [String: String], _ parser: XMLParser) {
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

    override func end(_ name: Substring, _ parser: XMLParser) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

/// A worksheet part: rows of typed cells.
final class SheetPart: XMLPartParser {
    let file: String
    let sheet: String
    let strings: [String]
    let dateStyles: Set<Int>
    let date1904: Bool
    let limits: XLSXLimits
    var cellBudget: Int

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
        dateStyles: Set<Int>,
        date1904: Bool,
        limits: XLSXLimits,
        cellBudget: Int
    ) {
        self.file = file
        self.sheet = sheet
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.limits = limits
        self.cellBudget = cellBudget
    }

    static func parse(
        _ data: Data,
        file: String,
        sheet: String,
        strings: [String],
        dateStyles: Set<Int>,
        date1904: Bool,
        limits: XLSXLimits,
        cellBudget: inout Int
    ) throws -> [[Cell]] {
        let part = SheetPart(
            file: file,
            sheet: sheet,
            strings: strings,
            dateStyles: dateStyles,
            date1904: date1904,
            limits: limits,
            cellBudget: cellBudget
        )
        do {
            try part.run(data, file: file, part: "sheet '\(sheet)'")
        } catch let error as IndexError {
            var located = error
            if part.failure != nil {
                located = IndexError(part.failure ?? "", file: file, sheet: sheet)
            }
            throw located
        }
        cellBudget = part.cellBudget
        return part.rows
    }

    func fail(_ message: String, _ parser: XMLParser) {
        if failure == nil { failure = message }
        parser.abortParsing()
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

    override func start(_ name: Substring, attributes: [String: String], _ parser: XMLParser) {
        switch name {
        case "row":
            if let number = attributes["r"].flatMap({ Int($0) }), number > 0 {
                rowIndex = number - 1
            } else {
                rowIndex += 1
            }
            columnIndex = -1
            if rowIndex >= limits.maxRows {
                fail("refused: the sheet has more than \(limits.maxRows) rows (an oversized sheet)", parser)
            }
        case "c":
            if let reference = attributes["r"] {
                guard let parsed = Self.reference(reference) else {
                    fail("bad cell reference '\(reference)'", parser)
                    return
                }
                if rowIndex < 0 { rowIndex = parsed.row }
                columnIndex = parsed.column
            } else {
                columnIndex += 1
            }
            if columnIndex >= limits.maxColumns {
                fail("refused: the sheet has more than \(limits.maxColumns) columns (an oversized sheet)", parser)
            }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
            value = ""
            inlineText = ""
            hasValue = false
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
        } else if inInlineText {
            inlineText += string
        }
    }

    override func end(_ name: Substring, _ parser: XMLParser) {
        switch name {
        case "v": inValue = false
        case "t": inInlineText = false
        case "c":
            guard hasValue, rowIndex >= 0, columnIndex >= 0 else { return }
            let reference = IndexError.columnLetters(columnIndex + 1) + "\(rowIndex + 1)"
            let cell: Cell
            switch cellType {
            case "s":
                guard let index = Int(value.trimmingSpaces()), strings.indices.contains(index) else {
                    fail("cell \(reference): shared string '\(value)' is not in the string table", parser)
                    return
                }
                cell = .text(strings[index])
            case "inlineStr": cell = .text(inlineText)
            case "str": cell = .text(value)
            case "b": cell = .bool(value.trimmingSpaces() == "1" || value.lowercased() == "true")
            case "e": cell = .error(value)
            case "d": cell = .date(value)
            default:
                guard let number = NumberParser.decimal(value.trimmingSpaces()) else {
                    fail("cell \(reference): '\(value)' is not a number", parser)
                    return
                }
                cell =
                    dateStyles.contains(cellStyle)
                    ? .date(XLSXReader.isoDate(serial: number, date1904: date1904)) : .number(number)
            }
            store(cell, parser)
        default: break
        }
    }

    func store(_ cell: Cell, _ parser: XMLParser) {
        // Empty cells padded in before this one count too: a cell at XFD1048576 alone is not cheap.
        let row = rowIndex < rows.count ? rows[rowIndex].count : 0
        cellBudget -= max(1, columnIndex + 1 - row) + max(0, rowIndex - rows.count)
        if cellBudget < 0 {
            fail("refused: the workbook has more than \(limits.maxCells) cells (an oversized sheet)", parser)
            return
        }
        while rows.count <= rowIndex { rows.append([]) }
        if rows[rowIndex].count <= columnIndex {
            rows[rowIndex].append(contentsOf: repeatElement(.empty, count: columnIndex + 1 - rows[rowIndex].count))
        }
        rows[rowIndex][columnIndex] = cell
    }
}
