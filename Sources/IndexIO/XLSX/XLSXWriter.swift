public import Foundation
import IndexCore
import ZIPFoundation

/// Writes Office Open XML workbooks (`.xlsx`) that Excel, LibreOffice and openpyxl open.
///
/// The parts are the minimum a strict reader asks for: content types, package and workbook
/// relations, the workbook, styles (a bold header and an ISO date format), a shared string table
/// and one part per sheet. The first row of every sheet is frozen as its header.
public enum XLSXWriter {
    /// Writes a workbook to a file, replacing it only once the whole workbook is written
    /// (``AtomicFile``).
    ///
    /// - Throws: ``IndexError`` naming the file when it cannot be written.
    public static func write(_ workbook: Workbook, to path: String) throws {
        try AtomicFile.write(try encode(workbook), to: path)
    }

    /// The workbook's bytes.
    public static func encode(_ workbook: Workbook) throws -> Data {
        let names = sheetNames(workbook.sheets.map(\.name))
        var strings = SharedStrings()
        var sheetParts: [String] = []
        for sheet in workbook.sheets { sheetParts.append(sheetXML(sheet, strings: &strings)) }

        var parts: [(String, String)] = []
        parts.append(("[Content_Types].xml", contentTypes(sheetCount: workbook.sheets.count)))
        parts.append(
            (
                "_rels/.rels",
                header + "<Relationships xmlns=\"\(packageRelationships)\">"
                    + "<Relationship Id=\"rId1\" Type=\"\(officeRelationships)/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>"
            )
        )
        var sheetsXML = ""
        var relations = ""
        for (index, name) in names.enumerated() {
            sheetsXML += "<sheet name=\"\(escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            relations +=
                "<Relationship Id=\"rId\(index + 1)\" Type=\"\(officeRelationships)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        let count = names.count
        relations +=
            "<Relationship Id=\"rId\(count + 1)\" Type=\"\(officeRelationships)/styles\" Target=\"styles.xml\"/>"
        relations +=
            "<Relationship Id=\"rId\(count + 2)\" Type=\"\(officeRelationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        parts.append(
            (
                "xl/workbook.xml",
                header + "<workbook xmlns=\"\(spreadsheetML)\" xmlns:r=\"\(officeRelationships)\">"
                    + "<sheets>\(sheetsXML)</sheets></workbook>"
            )
        )
        parts.append(
            (
                "xl/_rels/workbook.xml.rels",
                header + "<Relationships xmlns=\"\(packageRelationships)\">\(relations)</Relationships>"
            )
        )
        parts.append(("xl/styles.xml", styles))
        parts.append(("xl/sharedStrings.xml", strings.xml))
        for (index, xml) in sheetParts.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", xml)) }

        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
            for (path, text) in parts {
                let bytes = Data(text.utf8)
                try archive.addEntry(
                    with: path,
                    type: .file,
                    uncompressedSize: Int64(bytes.count),
                    modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                    compressionMethod: .deflate
                ) { position, size in
                    bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count))
                }
            }
        } catch {
            throw IndexError("cannot assemble workbook (\(error))")
        }
        guard let data = archive.data else { throw IndexError("cannot assemble workbook") }
        return data
    }

    /// Sheet names as Excel accepts them: at most 31 characters, none of `[]:*?/\`, unique.
    static func sheetNames(_ names: [String]) -> [String] {
        var used: Set<String> = []
        return names.enumerated().map { index, name in
            var clean = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if clean.isEmpty { clean = "Sheet\(index + 1)" }
            var candidate = clean
            var suffix = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(clean.prefix(28)) + "-\(suffix)"
                suffix += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    static func sheetXML(_ sheet: Sheet, strings: inout SharedStrings) -> String {
        var xml = header + "<worksheet xmlns=\"\(spreadsheetML)\" xmlns:r=\"\(officeRelationships)\">"
        if sheet.rows.count > 1 {
            xml +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        if !sheet.columnWidths.isEmpty {
            xml += "<cols>"
            for (index, width) in sheet.columnWidths.enumerated() where width.isFinite && width > 0 {
                xml +=
                    "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(Cell.format(min(width, 255)))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            let number = rowIndex + 1
            xml += "<row r=\"\(number)\">"
            for (columnIndex, cell) in row.enumerated() {
                let reference = IndexError.columnLetters(columnIndex + 1) + "\(number)"
                let style = rowIndex == 0 ? " s=\"1\"" : ""
                switch cell {
                case .empty:
                    continue
                case .number(let value):
                    guard value.isFinite else { continue }
                    let digits = columnIndex < sheet.decimals.count ? sheet.decimals[columnIndex] : nil
                    let rounded = rowIndex == 0 ? style : digits.flatMap { decimalStyles[$0] } ?? ""
                    xml += "<c r=\"\(reference)\"\(rounded)><v>\(Cell.format(value))</v></c>"
                case .text(let text):
                    guard !text.isEmpty else { continue }
                    xml += "<c r=\"\(reference)\"\(style) t=\"s\"><v>\(strings.index(of: text))</v></c>"
                case .bool(let flag):
                    xml += "<c r=\"\(reference)\"\(style) t=\"b\"><v>\(flag ? 1 : 0)</v></c>"
                case .date(let iso):
                    if let serial = serial(iso) {
                        xml += "<c r=\"\(reference)\" s=\"2\"><v>\(Cell.format(serial))</v></c>"
                    } else {
                        xml += "<c r=\"\(reference)\"\(style) t=\"s\"><v>\(strings.index(of: iso))</v></c>"
                    }
                case .error(let code):
                    xml += "<c r=\"\(reference)\" t=\"e\"><v>\(escape(code))</v></c>"
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData></worksheet>"
        return xml
    }

    /// The 1900-system serial of an ISO date `yyyy-mm-dd` (from 1900-03-01 on), or `nil`.
    public static func serial(_ iso: String) -> Double? {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard iso.count == 10, parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
            return nil
        }
        let days =
            XLSXReader.civilDays(year: parts[0], month: parts[1], day: parts[2])
            - XLSXReader.civilDays(year: 1899, month: 12, day: 30)
        return days >= 61 ? Double(days) : nil
    }

    /// Text made safe for XML: the one XML escaping (``XMLText``; characters XML 1.0 forbids become U+FFFD).
    static func escape(_ text: String) -> String {
        XMLText.escape(text)
    }

    struct SharedStrings {
        var indices: [String: Int] = [:]
        var ordered: [String] = []
        var references = 0

        mutating func index(of text: String) -> Int {
            references += 1
            if let index = indices[text] { return index }
            indices[text] = ordered.count
            ordered.append(text)
            return ordered.count - 1
        }

        var xml: String {
            var xml =
                header + "<sst xmlns=\"\(spreadsheetML)\" count=\"\(references)\" uniqueCount=\"\(ordered.count)\">"
            for text in ordered {
                let preserve =
                    text.first == " " || text.last == " " || text.contains("\n") ? " xml:space=\"preserve\"" : ""
                xml += "<si><t\(preserve)>\(escape(text))</t></si>"
            }
            return xml + "</sst>"
        }
    }

    static func contentTypes(sheetCount: Int) -> String {
        var xml = header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        let ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(ml).sheet.main+xml\"/>"
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(ml).styles+xml\"/>"
        xml += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(ml).sharedStrings+xml\"/>"
        for index in 1...max(sheetCount, 1) where sheetCount > 0 {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"\(ml).worksheet+xml\"/>"
        }
        return xml + "</Types>"
    }

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let spreadsheetML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// Style 0 plain, 1 bold header, 2 ISO date.
    /// The cell styles that show a number with 0, 1 or 2 decimals (cellXfs 3–5).
    static let decimalStyles = [0: " s=\"3\"", 1: " s=\"4\"", 2: " s=\"5\""]

    static let styles =
        header + "<styleSheet xmlns=\"\(spreadsheetML)\">"
        + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/><numFmt numFmtId=\"165\" formatCode=\"0.0\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"6\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"2\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"
}
