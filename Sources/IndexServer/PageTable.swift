import Foundation
import IndexIO
import IndexReport

/// A table shown on a page and offered for download: one value, three renderings (HTML, CSV, XLSX),
/// so the download is always what the page shows.
struct PageTable: Sendable {
    struct Item: Sendable {
        var text: String
        /// A link for the cell's text (a province page).
        var link: String?
        /// The number behind the text, for sorting and the workbook.
        var number: Double?
        /// Markup for the page instead of the text (a tier badge); the downloads use the text.
        var markup: HTML?
        /// A rank shown beside the number ("61.2 (3)"): the workbook gives it a column of its own.
        var rank: Int?
        /// Whether the workbook holds the text, not the number (a tier's name, not its 1–4).
        var isTextInWorkbook = false

        init(_ text: String, link: String? = nil, number: Double? = nil, markup: HTML? = nil, rank: Int? = nil) {
            self.text = text
            self.link = link
            self.number = number
            self.markup = markup
            self.rank = rank
        }
    }

    /// The file name of the downloads (`ranking`, `compare`, `values`, `province`).
    var name: String
    var caption: String
    var header: [String]
    var rows: [[Item]]
    /// The first column names the row (`<th scope="row">`).
    var hasRowHeaders = true
    var isSortable = false
    /// The workbook's titles of a column whose cells carry a rank: the score's and the rank's.
    var rankColumns: [Int: (score: String, rank: String)] = [:]
    /// A line the workbook ends with (the illustrative-data note).
    var note: String?
    /// A class for some rows (by index), for the page's style: a run diff's ranks that moved.
    var rowClasses: [Int: String] = [:]
    /// Whether the caption is shown; a table under a heading that names it keeps the caption for
    /// screen readers only.
    var isCaptionShown = true

    /// The table in a box that scrolls sideways on a narrow screen, with its caption and headers.
    func html(id: String? = nil) -> HTML {
        let idAttribute: HTML = id.map { " id=\"\($0)\"" } ?? HTML()
        let sortable: HTML = isSortable ? " class=\"sortable\"" : HTML()
        let captionClass: HTML = isCaptionShown ? HTML() : " class=\"visually-hidden\""
        var html: HTML =
            "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"\(caption)\"><table\(idAttribute)\(sortable)><caption\(captionClass)>\(caption)</caption><thead><tr>"
        // A column whose every filled cell is a number is right-aligned, its header with it.
        for (column, title) in header.enumerated() {
            let cells = rows.compactMap { $0.indices.contains(column) ? $0[column] : nil }.filter { !$0.text.isEmpty }
            let isNumeric =
                !(column == 0 && hasRowHeaders) && !cells.isEmpty && cells.allSatisfy { $0.number != nil }
            html += isNumeric ? "<th scope=\"col\" class=\"num\">\(title)</th>" : "<th scope=\"col\">\(title)</th>"
        }
        html += "</tr></thead><tbody>"
        for (number, row) in rows.enumerated() {
            let rowClass: HTML = rowClasses[number].map { " class=\"\($0)\"" } ?? HTML()
            html += "<tr\(rowClass)>"
            for (index, cell) in row.enumerated() {
                var content: HTML = cell.markup ?? HTML(text: cell.text)
                if let link = cell.link { content = "<a href=\"\(link)\">\(content)</a>" }
                let sort: HTML = cell.number.map { " data-sort=\"\($0)\"" } ?? HTML()
                let numeric: HTML = cell.number != nil ? " class=\"num\"" : HTML()
                if index == 0 && hasRowHeaders {
                    html += "<th scope=\"row\"\(sort)>\(content)</th>"
                } else {
                    html += "<td\(numeric)\(sort)>\(content)</td>"
                }
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    /// The table as CSV (header first), fields quoted as the CLI's CSV is; the download adds the
    /// byte-order mark (``Download``, `CSVWriter.file`).
    var csv: String {
        ([header] + rows.map { $0.map(\.text) }).map { $0.map(CSVWriter.escape).joined(separator: ",") }.joined(
            separator: "\n"
        ) + "\n"
    }

    /// The table as a one-sheet workbook: numbers as numbers, shown rounded (whole numbers without
    /// decimals, others to two) while the cell keeps the exact value; a rank beside a score in a
    /// column of its own; tiers by name; columns as wide as their text; the note, if any, last.
    var workbook: Workbook {
        var titles: [String] = []
        for (index, title) in header.enumerated() {
            if let split = rankColumns[index] { titles += [split.score, split.rank] } else { titles.append(title) }
        }
        var body: [[IndexIO.Cell]] = []
        for row in rows {
            var cells: [IndexIO.Cell] = []
            for (index, item) in row.enumerated() {
                let value: IndexIO.Cell =
                    item.isTextInWorkbook
                    ? .text(item.text) : (item.number.map(IndexIO.Cell.number) ?? .text(item.text))
                cells.append(value)
                if rankColumns[index] != nil { cells.append(item.rank.map { .number(Double($0)) } ?? .empty) }
            }
            body.append(cells)
        }
        var sheet = Sheet(name: String(name.prefix(31)), rows: [titles.map { IndexIO.Cell.text($0) }] + body)
        sheet.fitColumns()
        if let note { sheet.rows += [[], [.text(note)]] }
        return Workbook(sheets: [sheet])
    }
}
