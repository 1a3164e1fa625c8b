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

        init(_ text: String, link: String? = nil, number: Double? = nil, markup: HTML? = nil) {
            self.text = text
            self.link = link
            self.number = number
            self.markup = markup
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

    /// The table in a box that scrolls sideways on a narrow screen, with its caption and headers.
    func html(id: String? = nil) -> HTML {
        let idAttribute: HTML = id.map { " id=\"\($0)\"" } ?? HTML()
        let sortable: HTML = isSortable ? " class=\"sortable\"" : HTML()
        var html: HTML =
            "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"\(caption)\"><table\(idAttribute)\(sortable)><caption>\(caption)</caption><thead><tr>"
        for title in header { html += "<th scope=\"col\">\(title)</th>" }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
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

    /// The table as CSV (header first), fields quoted as the CLI's CSV is.
    var csv: String {
        ([header] + rows.map { $0.map(\.text) }).map { $0.map(CSVWriter.escape).joined(separator: ",") }.joined(
            separator: "\n"
        ) + "\n"
    }

    /// The table as a one-sheet workbook, numbers as numbers.
    func xlsx() throws -> Data {
        let sheet = Sheet(
            name: String(name.prefix(31)),
            rows: [header.map { IndexIO.Cell.text($0) }]
                + rows.map { row in row.map { $0.number.map(IndexIO.Cell.number) ?? .text($0.text) } }
        )
        return try XLSXWriter.encode(Workbook(sheets: [sheet]))
    }
}
