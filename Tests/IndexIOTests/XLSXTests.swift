import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing
import ZIPFoundation

@Suite("XLSX reader and writer")
struct XLSXTests {
    /// A workbook assembled part by part, the way Excel writes one: shared strings with a rich-text
    /// run, an inline string, a boolean, an error, a date by style, cached formula values, gaps.
    static func handMadeWorkbook() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let parts: [(String, String)] = [
            (
                "xl/workbook.xml",
                "<workbook \(ns) xmlns:r=\"\(rel)\"><sheets><sheet name=\"2023\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>"
            ),
            (
                "xl/sharedStrings.xml",
                "<sst \(ns)><si><t>地区</t></si><si><r><t>R&amp;D </t></r><r><rPr><b/></rPr><t>经费</t></r><rPh><t>ignored</t></rPh></si><si><t>江苏</t></si></sst>"
            ),
            (
                "xl/styles.xml",
                "<styleSheet \(ns)><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"10\"/></cellXfs></styleSheet>"
            ),
            (
                "xl/worksheets/sheet1.xml",
                """
                <worksheet \(ns)><sheetData>
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>flag</t></is></c></row>
                <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><f>B3*2</f><v>2468.5</v></c><c r="C2" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="D2" t="b"><v>1</v></c></row>
                <row r="4"><c r="A4" s="1"><v>45291</v></c><c r="B4" s="2"><v>45292.5</v></c><c r="C4" t="e"><v>#DIV/0!</v></c><c r="D4" s="3"><v>0.25</v></c></row>
                </sheetData></worksheet>
                """
            ),
            (
                "xl/worksheets/sheet2.xml",
                "<worksheet \(ns)><sheetData><row><c t=\"inlineStr\"><is><t>only</t></is></c><c><v>-1.5E-3</v></c></row></sheetData></worksheet>"
            ),
        ]
        for (path, text) in parts {
            let bytes = Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + text).utf8)
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(bytes.count),
                compressionMethod: .deflate
            ) {
                position,
                size in bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count))
            }
        }
        guard let data = archive.data else { throw IndexError("no archive data") }
        return data
    }

    @Test func readsEveryKindOfCell() throws {
        let book = try XLSXReader.read(data: try Self.handMadeWorkbook(), file: "hand.xlsx")
        #expect(book.sheets.map(\.name) == ["2023", "Notes"])
        let rows = book.sheets[0].rows
        #expect(rows[0] == [.text("地区"), .text("R&D 经费"), .empty, .text("flag")])
        #expect(rows[1] == [.text("江苏"), .number(2468.5), .text("xy"), .bool(true)])
        #expect(rows[2].isEmpty)
        #expect(rows[3][0] == .date("2023-12-31"))
        #expect(rows[3][1] == .date("2024-01-01T12:00:00"))
        #expect(rows[3][2] == .error("#DIV/0!"))
        // A percentage format is not a date, and the cell reads as the percentage shown, as in CSV.
        #expect(rows[3][3] == .text("25%"))
        #expect(book.sheets[1].rows == [[.text("only"), .number(-0.0015)]])
        let table = try #require(book.sheets[0].table(file: "hand.xlsx"))
        #expect(table.sheet == "2023")
        #expect(table.rows.map(\.line) == [2, 4])
    }

    @Test func serialDatesFollowExcel() {
        #expect(XLSXReader.isoDate(serial: 1) == "1900-01-01")
        #expect(XLSXReader.isoDate(serial: 61) == "1900-03-01")
        #expect(XLSXReader.isoDate(serial: 45291) == "2023-12-31")
        #expect(XLSXReader.isoDate(serial: 0, date1904: true) == "1904-01-01")
        #expect(XLSXWriter.serial("2023-12-31") == 45291)
    }

    @Test func writtenWorkbookReadsBackIdentically() throws {
        let book = Workbook(sheets: [
            Sheet(
                name: "data",
                rows: [
                    [.text("unit"), .text("value"), .text("ok"), .text("when")],
                    [.text("江苏 <&> \"q\""), .number(1234.5678), .bool(false), .date("2023-06-30")],
                    [.text(" padded "), .number(-1e-7), .empty, .text("line\nbreak")],
                ]
            ),
            Sheet(name: "a/b:c", rows: [[.number(1)]]),
        ])
        let read = try XLSXReader.read(data: try XLSXWriter.encode(book), file: "w.xlsx")
        #expect(read.sheets[0] == book.sheets[0])
        #expect(read.sheets[1].name == "a_b_c")
    }

    @Test func openpyxlReadsEveryValueWeWrite() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("ours.xlsx").path
        var rows: [[Cell]] = [[.text("unit"), .text("indicator"), .text("value"), .text("flag"), .text("date")]]
        for i in 0..<50 {
            rows.append([
                .text("单位\(i)"), .text("r_\(i % 7)"), .number(Double(i) * 1.25 - 3), .bool(i % 2 == 0),
                .date("2023-01-\(10 + i % 20)"),
            ])
        }
        let book = Workbook(sheets: [
            Sheet(name: "values", rows: rows), Sheet(name: "说明", rows: [[.text("illustrative")]]),
        ])
        try XLSXWriter.write(book, to: path)
        let script = """
            import json, sys, openpyxl, datetime
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for ws in wb.worksheets:
                rows = []
                for row in ws.iter_rows(values_only=True):
                    rows.append([v.strftime('%Y-%m-%d') if isinstance(v, datetime.datetime) else v for v in row])
                out[ws.title] = rows
            print(json.dumps(out, ensure_ascii=False))
            """
        let output = try TestSupport.python(script, [path])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [[Any]]])
        #expect(Set(parsed.keys) == ["values", "说明"])
        let values = try #require(parsed["values"])
        #expect(values.count == rows.count)
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() {
                let theirs = values[r][c]
                switch cell {
                case .text(let text), .date(let text):
                    #expect(theirs as? String == text, "row \(r + 1) column \(c + 1)")
                case .number(let number):
                    #expect((theirs as? NSNumber)?.doubleValue == number, "row \(r + 1) column \(c + 1)")
                case .bool(let flag): #expect((theirs as? NSNumber)?.boolValue == flag, "row \(r + 1) column \(c + 1)")
                default: Issue.record("unexpected cell")
                }
            }
        }
    }

    @Test func readsWhatOpenpyxlWrites() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("theirs.xlsx").path
        _ = try TestSupport.python(
            """
            import sys, openpyxl, datetime
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = '2022'
            ws.append(['地区', '5G基站数', 'ok', 'when'])
            ws.append(['广东省', 12.5, True, datetime.date(2022, 12, 31)])
            ws.append(['Jiangsu', None, False, None])
            ws2 = wb.create_sheet('2023')
            ws2['C3'] = 7
            wb.save(sys.argv[1])
            """,
            [path]
        )
        let book = try XLSXReader.read(path: path)
        #expect(book.sheets.map(\.name) == ["2022", "2023"])
        #expect(book.sheets[0].rows[1] == [.text("广东省"), .number(12.5), .bool(true), .date("2022-12-31")])
        #expect(book.sheets[0].rows[2][0] == .text("Jiangsu"))
        #expect(book.sheets[1].rows[2] == [.empty, .empty, .number(7)])
    }

    @Test func zipBombsAndOversizedSheetsAreRefused() throws {
        // 64 MiB of one repeated row deflates to a few hundred KiB: refused by the ratio, before inflating.
        let row = "<row><c><v>1</v></c></row>"
        let body = String(repeating: row, count: (64 << 20) / row.utf8.count)
        let bomb = try Archive(data: Data(), accessMode: .create)
        for (path, text) in [
            (
                "xl/workbook.xml",
                "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
            ),
            ("xl/worksheets/sheet1.xml", "<worksheet><sheetData>" + body + "</sheetData></worksheet>"),
        ] {
            let bytes = Data(text.utf8)
            try bomb.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(bytes.count),
                compressionMethod: .deflate
            ) {
                position,
                size in bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count))
            }
        }
        let data = try #require(bomb.data)
        #expect(data.count < 2 << 20)
        do {
            _ = try XLSXReader.read(data: data, file: "bomb.xlsx")
            Issue.record("a zip bomb was read")
        } catch let error as IndexError {
            #expect(error.description.hasPrefix("bomb.xlsx: refused: part xl/worksheets/sheet1.xml is compressed"))
        }
        // An ordinary workbook over a cell limit is refused as oversized, naming the sheet.
        let small = try Self.handMadeWorkbook()
        do {
            _ = try XLSXReader.read(data: small, file: "big.xlsx", limits: XLSXLimits(maxCells: 5))
            Issue.record("an oversized sheet was read")
        } catch let error as IndexError {
            #expect(error.description.contains("big.xlsx [sheet '2023']"))
            #expect(error.description.contains("more than 5 cells"))
        }
        #expect(throws: IndexError("not an .xlsx workbook (not a zip archive)", file: "x.xlsx")) {
            try XLSXReader.read(data: Data("a,b\n".utf8), file: "x.xlsx")
        }
    }
}
