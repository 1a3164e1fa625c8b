import IndexCore

/// The page: one self-contained HTML file, inline CSS, no scripts needed to read it, A4 in print
/// with a cover, contents, running header, page numbers and the illustrative note in the margins.
enum Page {
    /// Text as a CSS string literal: every character outside letters, digits and space is a hex
    /// escape, so nothing in it can end the string or the style element.
    static func cssString(_ text: String) -> HTML {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == " " {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\" + String(scalar.value, radix: 16) + " "
            }
        }
        // Built here from escaped scalars only.
        return HTML(trusted: out + "\"")
    }

    static func html(
        title: String,
        language l: ReportLanguage,
        headline: String,
        years: [String],
        preface: HTML,
        sections: [HTML],
        entries: [ReportEntry],
        details: ReportDetails,
        isIllustrative: Bool
    ) -> HTML {
        let note = isIllustrative ? l.text(.illustrativeNote) : ""
        let banner: HTML = isIllustrative ? "<div class=\"illustrative\" role=\"note\">\(note)</div>" : HTML()
        let span = years.count == 2 ? l.text(.yearSpan(from: years[0], to: years[1])) : ""
        var cover: HTML = "<section class=\"cover\"><h1>\(title)</h1>"
        if !span.isEmpty { cover += "<p class=\"subtitle\">\(span)</p>" }
        if let organisation = details.organisation { cover += "<p class=\"organisation\">\(organisation)</p>" }
        if let date = details.date { cover += "<p class=\"date\">\(date)</p>" }
        if isIllustrative { cover += "<p class=\"cover-note\">\(note)</p>" }
        cover += "</section>"
        let front = contents(entries, details: details, language: l)
        return """
            <!DOCTYPE html>
            <html lang="\(l == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>
            @page {
              size: A4; margin: 20mm 16mm 20mm 16mm;
              @top-left { content: \(cssString(title)); font-size: 8pt; color: #52606d; vertical-align: bottom; padding-bottom: 3mm; }
              @top-right { content: \(cssString(span)); font-size: 8pt; color: #52606d; vertical-align: bottom; padding-bottom: 3mm; }
              @bottom-right { content: counter(page); font-size: 9pt; color: #1f2933; width: 16mm; text-align: right; }
              @bottom-left { content: \(cssString(note)); font-size: 7pt; color: #7a4b00; width: 150mm; text-align: left; }
            }
            \(Asset.reportCSS.markup)</style>
            </head>
            <body>
            \(banner)
            \(cover)
            \(preface)
            \(front)
            \(sections.joined(separator: "\n"))
            </body>
            </html>
            """
    }

    /// 目录, 图目录 and 表目录 (Contents, List of figures, List of tables), with page numbers when a
    /// first print supplied them.
    static func contents(_ entries: [ReportEntry], details: ReportDetails, language l: ReportLanguage) -> HTML {
        func list(_ kinds: Set<ReportEntry.Kind>) -> HTML {
            var html: HTML = "<ol>"
            for entry in entries where kinds.contains(entry.kind) {
                let page: HTML =
                    details.pageNumbers[entry.id].map {
                        "<span class=\"leader\"></span><span class=\"page\">\($0)</span>"
                    } ?? HTML()
                let printed =
                    l == .zh && (entry.kind == .section || entry.kind == .subsection)
                    ? entry.number + entry.text : entry.printed
                html +=
                    "<li class=\"\(entry.kind.rawValue)\"><a href=\"#\(entry.id)\"><span>\(printed)</span>\(page)</a></li>"
            }
            return html + "</ol>"
        }
        var html: HTML =
            "<nav class=\"front\" id=\"contents\" aria-label=\"\(l.text(.contents))\"><h2>\(l.text(.contents))</h2>"
        html += list([.section, .subsection]) + "</nav>"
        html += "<nav class=\"front\" id=\"list-of-figures\"><h2>\(l.text(.listOfFigures))</h2>"
        html += list([.figure, .appendixFigure]) + "</nav>"
        if entries.contains(where: { $0.kind == .table }) {
            html += "<nav class=\"front\" id=\"list-of-tables\"><h2>\(l.text(.listOfTables))</h2>"
            html += list([.table]) + "</nav>"
        }
        return html
    }

    /// The page on which each entry starts in a printed copy, from its pages' text (`pdftotext`,
    /// pages separated by form feeds): the first page after the front matter whose text, spaces
    /// removed, contains the entry's heading or caption.
    static func pageNumbers(entries: [ReportEntry], pages: [String], language l: ReportLanguage) -> [String: Int] {
        let squeezed = pages.map { $0.filter { !$0.isWhitespace } }
        // The body starts after the page that holds the last list's heading, and its continuation.
        let lastList = l.text(entries.contains { $0.kind == .table } ? .listOfTables : .listOfFigures).filter {
            !$0.isWhitespace
        }
        var start = (squeezed.lastIndex { $0.contains(lastList) } ?? -1) + 1
        if let first = entries.first?.printed.filter({ !$0.isWhitespace }) {
            start = (start..<squeezed.count).first { squeezed[$0].contains(first) } ?? start
        }
        var numbers: [String: Int] = [:]
        var cursor = start
        for entry in entries {
            let needle = entry.printed.filter { !$0.isWhitespace }
            let alternative = (entry.number + entry.text).filter { !$0.isWhitespace }
            if let found = (cursor..<squeezed.count).first(where: {
                squeezed[$0].contains(needle) || squeezed[$0].contains(alternative)
            }) {
                numbers[entry.id] = found + 1
                cursor = found
            }
        }
        return numbers
    }
}
