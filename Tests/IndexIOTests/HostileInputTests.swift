import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import RealModule
import Testing
import ZIPFoundation

/// Values read wrongly (issue 11, class 2) and workbooks that lie (class 5): each case listed in the
/// issue, and the unlisted ones of the same class.
@Suite("Hostile input: cells, numbers and workbooks")
struct HostileInputTests {
    // MARK: - Numbers are decimal numbers in the documented forms only

    @Test(arguments: ["12", "-0.5", ".5", "3.", "1e-3", "+2.5E+4", "0", "-0", "1234567890.0123"])
    func decimalNumbersAreRead(text: String) throws {
        let value = try #require(NumberParser.decimal(text))
        let expected = try #require(Double(text))
        #expect(value.isApproximatelyEqual(to: expected, absoluteTolerance: 0))
    }

    @Test(arguments: [
        "0x1p10", "0X1P-2", "inf", "-inf", "Infinity", "nan", "NaN", "1e999", "-1e400", "1\u{0}3.9", "1\u{0}", "１２",
        "1_000", "1e", "e5", ".", "+", "--1", "1.2.3", "0x10", " 1", "1 ", "١٢",
    ])
    func everythingElseIsNotANumber(text: String) {
        #expect(NumberParser.decimal(text) == nil)
        #expect(NumberParser.parse(text) == nil || text.hasPrefix(" ") || text.hasSuffix(" "))
    }

    @Test func cellsThatDoubleWouldTakeAreInvalidOrMissing() {
        #expect(NumberParser.reading("0x1p10") == .invalid)
        #expect(NumberParser.reading("inf") == .invalid)
        #expect(NumberParser.reading("1e999") == .invalid)
        #expect(NumberParser.reading("1e999万") == .invalid)
        #expect(NumberParser.reading("1e301亿") == .invalid)  // 1e309 overflows once scaled
        // `nan` is a documented missing marker: it reads as missing, never as a NaN value.
        #expect(NumberParser.reading("nan") == .missing(marker: "nan"))
        #expect(NumberParser.reading("NA") == .missing(marker: "NA"))
        #expect(
            NumberParser.reading("12,345.5")
                == .converted(12345.5, how: "'12,345.5' read as 12345.5 (thousands separators)")
        )
        #expect(NumberParser.parse("1/0") == nil)
        #expect(NumberParser.parse("1e308/1e-308") == nil)
    }

    // MARK: - Control characters in any cell are an error with the cell's place

    @Test func aNULInsideANumberIsAnErrorAtItsCell() throws {
        let text = "unit,indicator,period,value\nA,x,2023,1\u{0}3.9\nB,x,2023,4\n"
        do {
            _ = try DataTable(text: text, file: "nul.csv")
            Issue.record("a NUL byte was read")
        } catch let errors as IndexErrors {
            #expect(
                errors.description
                    == "nul.csv:2:4: control character U+0000 in a cell; save the table as plain text without it"
            )
        }
    }

    @Test(arguments: [
        ("\u{1B}[31m", "001B"), ("a\u{7F}", "007F"), ("\u{85}x", "0085"), ("\u{8}", "0008"), ("x\u{0}", "0000"),
    ])
    func everyControlCharacterIsRefused(cell: String, code: String) throws {
        let text = "unit,indicator,period,value,note\nA,x,2023,1,ok\nB,x,2023,2,\(cell)\n"
        let error = try #require(throws: IndexErrors.self) { try DataTable(text: text, file: "c.csv") }
        #expect(
            error.errors.map(\.description) == [
                "c.csv:3:5: control character U+\(code) in a cell; save the table as plain text without it"
            ]
        )
    }

    @Test func headersAndQuotedFieldsAreCheckedAndLineBreaksInQuotesAreText() throws {
        let header = try #require(throws: IndexErrors.self) {
            try DataTable(text: "# note\nunit,indi\u{0}cator\nA,1\n", file: "h.csv")
        }
        #expect(
            header.errors.map(\.description) == [
                "h.csv:2:2: control character U+0000 in a cell; save the table as plain text without it"
            ]
        )
        let quoted = try #require(throws: IndexErrors.self) {
            try DataTable(text: "a,b\n\"x\u{0}y\",2\n", file: "q.csv")
        }
        #expect(quoted.errors.first?.line == 2)
        let table = try DataTable(text: "a,b\n\"two\nlines\",\tx\t\n", file: "ok.csv")
        #expect(table.rows.first?.fields == ["two\nlines", "x"])
    }

    @Test func theBuiltInIndexIsNotChangedByANULBytePastTheImporter() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            "unit,indicator,period,value\nA,x,2023,1\u{0} 3.9\n",
            named: "values.csv",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([path], specification: ImportSpecification())
        }
        #expect(
            error.errors.map(\.message) == [
                "control character U+0000 in a cell; save the table as plain text without it"
            ]
        )
        #expect(error.errors.first?.column == 4)
    }

    @Test func jsonObservationsAreCheckedToo() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            #"[{"unit": "A", "indicator": "x", "period": "2023", "value": "1\u0000 3.9"}]"#,
            named: "values.json",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([path], specification: ImportSpecification())
        }
        #expect(
            error.errors.contains { $0.message.hasPrefix("control character U+0000") && $0.line == 1 && $0.column == 4 }
        )
    }

    @Test(arguments: ["0x1p10", "inf", "1e999", "Infinity"])
    func importedCellsInOtherFormsAreRefusedWithTheirPlace(value: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            "unit,indicator,period,value\nA,x,2023,\(value)\n",
            named: "v.csv",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([path], specification: ImportSpecification())
        }
        #expect(
            error.errors.map(\.description) == [
                value == "1e999"
                    ? "\(path):2:4: value '1e999' is too large for a number (beyond ±1.8e308) (indicator 'x', unit 'A')"
                    : "\(path):2:4: value '\(value)' is not a number (indicator 'x', unit 'A')"
            ]
        )
    }

    // MARK: - An unknown column in a long table is an error with a suggestion

    @Test func anUnknownLongColumnIsAnErrorWithASuggestion() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            "unit,indicator,period,value,sorce,remarks\nA,x,2023,1,NBS,\n",
            named: "long.csv",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([path], specification: ImportSpecification())
        }
        #expect(
            error.errors.map(\.description) == [
                "\(path):1:5: unknown column 'sorce' (did you mean 'source'?); a long table has columns unit, indicator, period, value, source, note, status",
                "\(path):1:6: unknown column 'remarks'; a long table has columns unit, indicator, period, value, source, note, status",
            ]
        )
        // The documented columns, in either language, are all accepted.
        let good = try TestSupport.write(
            "unit,indicator,period,value,source,note,status\nA,x,2023,1,NBS,n,reported\n",
            named: "good.csv",
            in: directory
        )
        #expect(try DataImporter.read([good], specification: ImportSpecification()).dataset.observations.count == 1)
        let chinese = try TestSupport.write("地区,指标,年份,数值,来源,备注\nA,x,2023,1,国家统计局,\n", named: "zh.csv", in: directory)
        #expect(try DataImporter.read([chinese], specification: ImportSpecification()).dataset.observations.count == 1)
    }

    @Test func anUnknownFieldInAJSONObservationIsAnErrorWithASuggestion() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            #"[{"unit": "A", "indicator": "x", "period": "2023", "value": 1, "sorce": "NBS"}]"#,
            named: "v.json",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([path], specification: ImportSpecification())
        }
        #expect(
            error.errors.map(\.description) == [
                "\(path):1: unknown column 'sorce' (did you mean 'source'?); a long table has columns unit, indicator, period, value, source, note, status"
            ]
        )
    }

    // MARK: - Workbook limits count the bytes actually inflated and the work across parts

    static let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook from parts, deflated.
    static func workbook(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in parts {
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
        return try #require(archive.data)
    }

    /// The archive with the uncompressed size of one entry rewritten in its local and central headers.
    static func lying(_ data: Data, entry: String, declares size: UInt32) -> Data {
        var bytes = [UInt8](data)
        let name = Array(entry.utf8)
        func le32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(
                bytes[offset + 3]
            ) << 24
        }
        func le16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        func put(_ value: UInt32, at offset: Int) {
            for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }
        var offset = 0
        while offset + 46 < bytes.count {
            let signature = le32(offset)
            if signature == 0x0403_4B50, le16(offset + 26) == name.count,
                Array(bytes[(offset + 30)..<(offset + 30 + name.count)]) == name
            {
                put(size, at: offset + 22)
            }
            if signature == 0x0201_4B50, le16(offset + 28) == name.count,
                Array(bytes[(offset + 46)..<(offset + 46 + name.count)]) == name
            {
                put(size, at: offset + 24)
            }
            offset += 1
        }
        return Data(bytes)
    }

    static func sheetParts(sheets: Int, target: (Int) -> String) -> [(String, Data)] {
        let entries = (1...sheets).map { "<sheet name=\"S\($0)\" sheetId=\"\($0)\" r:id=\"rId\($0)\"/>" }.joined()
        let relations = (1...sheets).map {
            "<Relationship Id=\"rId\($0)\" Type=\"\(rel)/worksheet\" Target=\"\(target($0))\"/>"
        }.joined()
        return [
            ("xl/workbook.xml", Data("<workbook \(ns) xmlns:r=\"\(rel)\"><sheets>\(entries)</sheets></workbook>".utf8)),
            (
                "xl/_rels/workbook.xml.rels",
                Data(
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relations)</Relationships>"
                        .utf8
                )
            ),
        ]
    }

    @Test func aPartThatInflatesPastItsDeclaredSizeIsStoppedThere() throws {
        // 32 MiB of whitespace inside a sheet, declared as 1,000 bytes.
        let sheet = Data(
            ("<worksheet \(Self.ns)><sheetData>" + String(repeating: " ", count: 32 << 20) + "</sheetData></worksheet>")
                .utf8
        )
        let honest = try Self.workbook(
            Self.sheetParts(sheets: 1) { _ in "worksheets/sheet1.xml" } + [("xl/worksheets/sheet1.xml", sheet)]
        )
        let data = Self.lying(honest, entry: "xl/worksheets/sheet1.xml", declares: 1_000)
        #expect(data.count < 1 << 20)
        let error = try #require(throws: IndexError.self) { try XLSXReader.read(data: data, file: "liar.xlsx") }
        #expect(
            error.description
                == "liar.xlsx: refused: part xl/worksheets/sheet1.xml inflates beyond the 1000 bytes it declares; a zip bomb or a damaged workbook"
        )
        #expect(error.kind == .limitExceeded)
    }

    @Test func aThousandSheetsSharingOnePartAreRefusedBeforeAnyIsRead() throws {
        let row = "<row><c><v>1</v></c><c><v>2</v></c></row>"
        let sheet = Data(
            ("<worksheet \(Self.ns)><sheetData>" + String(repeating: row, count: (1 << 20) / row.utf8.count)
                + "</sheetData></worksheet>").utf8
        )
        let data = try Self.workbook(
            Self.sheetParts(sheets: 1_000) { _ in "worksheets/sheet1.xml" } + [("xl/worksheets/sheet1.xml", sheet)]
        )
        let clock = ContinuousClock()
        var thrown: IndexError?
        let elapsed = clock.measure {
            do { _ = try XLSXReader.read(data: data, file: "many.xlsx") } catch let error as IndexError {
                thrown = error
            } catch {}
        }
        let error = try #require(thrown)
        #expect(
            error.description
                == "many.xlsx: refused: sheets 'S1' and 'S2' both point at part xl/worksheets/sheet1.xml; a damaged or hostile workbook"
        )
        #expect(elapsed < .seconds(2))
    }

    @Test func tooManySheetsAreRefusedBeforeAnyIsRead() throws {
        let parts = Self.sheetParts(sheets: 1_001) { "worksheets/sheet\($0).xml" }
        let data = try Self.workbook(parts)
        let error = try #require(throws: IndexError.self) { try XLSXReader.read(data: data, file: "wide.xlsx") }
        #expect(error.description == "wide.xlsx: refused: the workbook has 1001 sheets (limit 1000)")
    }
}
