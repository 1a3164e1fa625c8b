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
        sections: [HTML],
        entries: [ReportEntry],
        details: ReportDetails,
        isIllustrative: Bool
    ) -> HTML {
        let note = isIllustrative ? Dataset.illustrativeNote : ""
        let banner: HTML = isIllustrative ? "<div class=\"illustrative\" role=\"note\">\(note)</div>" : HTML()
        let span = years.count == 2 ? l.pick(zh: "（\(years[0])—\(years[1]) 年）", en: "\(years[0])–\(years[1])") : ""
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
            @page :first { @top-left { content: none; } @top-right { content: none; } @bottom-right { content: none; } @bottom-left { content: none; } }
            :root { color: #1f2933; font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif; }
            body { max-width: 760px; margin: 0 auto; padding: 24px 16px 48px; line-height: 1.6; font-size: 14px; text-spacing-trim: space-all; }
            h1 { font-size: 24px; margin: 0 0 4px; }
            h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid #0072B2; padding-bottom: 4px; break-after: avoid-page; }
            h3 { font-size: 16px; margin: 18px 0 6px; break-after: avoid-page; }
            p.lead { font-size: 15px; font-weight: 600; }
            .keep { break-inside: avoid-page; }
            figure { margin: 12px 0 20px; break-inside: avoid-page; }
            figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
            figcaption { font-size: 13px; font-weight: 600; text-align: center; margin-top: 4px; }
            p.source { font-size: 11px; color: #52606d; text-align: center; margin: 2px 0 0; }
            .number { margin-right: 0.5em; }
            table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 12px 0 20px; }
            caption { font-size: 13px; font-weight: 600; padding: 4px 0 6px; caption-side: top; }
            thead { display: table-header-group; } tr { break-inside: avoid; }
            th, td { border: 1px solid #d9dee3; padding: 3px 6px; text-align: left; vertical-align: middle; }
            thead th { background: #eef3f8; } tbody th { font-weight: 400; } th.level1 { font-weight: 600; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            .profiles { display: grid; grid-template-columns: 1fr 1fr; column-gap: 16px; }
            article.profile { break-inside: avoid-page; border-top: 1px solid #d9dee3; font-size: 12px; }
            article.profile h3 { margin: 8px 0 2px; } article.profile figure { margin: 4px 0 8px; }
            .illustrative { background: #fff7e0; color: #7a4b00; font-size: 12px; padding: 3px 10px; text-align: center; border: 1px solid #E69F00; }
            .cover { text-align: center; padding: 120px 0 40px; }
            .cover h1 { font-size: 30px; } .cover .subtitle { font-size: 20px; margin: 8px 0 160px; }
            .cover .organisation { font-size: 18px; letter-spacing: 0.2em; } .cover .date { font-size: 16px; }
            .cover-note { font-size: 12px; color: #7a4b00; margin-top: 60px; }
            nav.front h2 { text-align: center; border: none; } html[lang="zh-CN"] nav.front h2 { letter-spacing: 0.5em; }
            nav.front ol { list-style: none; padding: 0; margin: 0; }
            nav.front li { margin: 2px 0; } nav.front li.subsection { padding-left: 2em; }
            nav.front a { display: flex; gap: 4px; color: inherit; text-decoration: none; }
            nav.front .leader { flex: 1; border-bottom: 1px dotted #9aa5b1; margin-bottom: 6px; }
            @media print {
              body { max-width: none; padding: 0; font-size: 13px; }
              .illustrative { display: none; }
              .cover, nav.front, section.part { break-before: page; }
              .cover { break-before: auto; }
            }
            </style>
            </head>
            <body>
            \(banner)
            \(cover)
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
            "<nav class=\"front\" id=\"contents\" aria-label=\"\(l.pick(zh: "目录", en: "Contents"))\"><h2>\(l.pick(zh: "目录", en: "Contents"))</h2>"
        html += list([.section, .subsection]) + "</nav>"
        html += "<nav class=\"front\" id=\"list-of-figures\"><h2>\(l.pick(zh: "图目录", en: "List of figures"))</h2>"
        html += list([.figure, .appendixFigure]) + "</nav>"
        if entries.contains(where: { $0.kind == .table }) {
            html += "<nav class=\"front\" id=\"list-of-tables\"><h2>\(l.pick(zh: "表目录", en: "List of tables"))</h2>"
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
        let lastList =
            entries.contains { $0.kind == .table }
            ? l.pick(zh: "表目录", en: "Listoftables") : l.pick(zh: "图目录", en: "Listoffigures")
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
