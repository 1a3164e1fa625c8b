import IndexCore

/// A spreadsheet workbook: named sheets of typed cells, as IIDEI reads and writes `.xlsx` files.
public struct Workbook: Sendable, Hashable {
    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// The sheet with a name.
    public func sheet(named name: String) -> Sheet? {
        sheets.first { $0.name == name }
    }
}

/// One worksheet: rows of cells, the first row at index 0 (spreadsheet row 1).
public struct Sheet: Sendable, Hashable {
    public var name: String
    public var rows: [[Cell]]
    /// Whether the workbook hides the sheet (`hidden` or `veryHidden`): its values are not what the
    /// user sees when they look at the workbook.
    public var isHidden: Bool
    /// Column widths in Excel's character units, first column first (none: Excel's default).
    public var columnWidths: [Double] = []
    /// Decimals each column's numbers are shown with (0, 1 or 2; `nil` or absent: as stored). The
    /// cell keeps the exact value; only its display is rounded.
    public var decimals: [Int?] = []

    public init(name: String, rows: [[Cell]], isHidden: Bool = false) {
        self.name = name
        self.rows = rows
        self.isHidden = isHidden
    }

    /// The rows below the header whose text ``fitColumns(roundingNumbers:)`` measures.
    public static let widthSample = 1_000

    /// Sets how the sheet's columns show: each as wide as its widest text as shown (a Chinese
    /// character counts two; 6 to 40 characters), and, when `roundingNumbers`, a column's numbers
    /// shown whole if all are whole, else to two decimals, while each cell keeps its exact value.
    /// The one rule of every workbook IIDEI writes for people to read (`iidei export`, the
    /// dashboard's tables); call it before adding a trailing note, which should not widen a column.
    /// Widths are measured on the header and the first ``widthSample`` rows: a data sheet at county
    /// scale has millions of cells, and formatting every one to measure it is work a width does not need.
    ///
    /// - Complexity: O(numbers) to choose the decimals, O(columns × ``widthSample``) to measure.
    public mutating func fitColumns(roundingNumbers: Bool = true) {
        let count = rows.map(\.count).max() ?? 0
        decimals = (0..<count).map { column in
            guard roundingNumbers else { return nil }
            var numbers = 0
            var allWhole = true
            for row in rows.dropFirst() where column < row.count {
                guard case .number(let value) = row[column] else { continue }
                numbers += 1
                if value != value.rounded() { allWhole = false }
            }
            return numbers == 0 ? nil : (allWhole ? 0 : 2)
        }
        let measured = rows.prefix(Self.widthSample + 1)
        columnWidths = (0..<count).map { column in
            var widest = 0
            for row in measured where column < row.count {
                let shown: String
                if case .number(let value) = row[column], let digits = decimals[column] {
                    shown = NumberFormat.fixed(value, digits)
                } else {
                    shown = row[column].text
                }
                widest = max(widest, TextTable.displayWidth(shown))
            }
            return min(40, max(6, Double(widest) + 2))
        }
    }

    /// The sheet as a table of text: the first non-empty row is the header; a row's `line` is its
    /// spreadsheet row number. Numbers print as the shortest text that reads back to the same value.
    public func table(file: String) -> DataTable? {
        guard let headerIndex = rows.firstIndex(where: { $0.contains { !$0.isEmpty } }) else { return nil }
        let header = rows[headerIndex].map(\.text)
        var body: [DataTable.Row] = []
        for index in rows.indices where index > headerIndex {
            let cells = rows[index]
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            body.append(DataTable.Row(line: index + 1, fields: cells.map(\.text)))
        }
        return DataTable(file: file, sheet: name, header: header, rows: body, headerLine: headerIndex + 1)
    }
}

/// A cell's value.
public enum Cell: Sendable, Hashable {
    case empty
    case number(Double)
    case text(String)
    case bool(Bool)
    /// A date or date-time, as ISO 8601 text (`2023-12-31` or `2023-12-31T08:30:00`).
    case date(String)
    /// An error value such as `#DIV/0!`.
    case error(String)

    public var isEmpty: Bool {
        if case .empty = self { return true }
        if case .text(let text) = self { return text.isEmpty }
        return false
    }

    /// The value as text: numbers without a trailing `.0` when whole, booleans as `TRUE`/`FALSE`.
    public var text: String {
        switch self {
        case .empty: ""
        case .number(let value): Cell.format(value)
        case .text(let text): text
        case .bool(let flag): flag ? "TRUE" : "FALSE"
        case .date(let iso): iso
        case .error(let code): code
        }
    }

    /// The shortest text that reads back to the same number; whole numbers have no decimal point.
    public static func format(_ value: Double) -> String {
        NameNumber.text(value)
    }
}
