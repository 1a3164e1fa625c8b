import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// Issue 22, classes 2 and 3: spreadsheet cells read as the user sees them, and JSON read strictly.
@Suite("Hostile input round 2: cells and JSON")
struct HostileRound2CellsJSONTests {
    // MARK: - Class 2: workbooks written by hand

    static let ns = HostileInputTests.ns
    static let rel = HostileInputTests.rel

    /// A one-sheet workbook (plus optional hidden ones) from the sheet's `<sheetData>` rows and styles.
    static func workbook(rows: String, styles: String? = nil, hidden: [String: String] = [:]) throws -> Data {
        var sheets =
            [("2023", "visible", rows)] + hidden.sorted { $0.key < $1.key }.map { ($0.key, "hidden", $0.value) }
        sheets[sheets.count - 1].1 = hidden.isEmpty ? "visible" : sheets[sheets.count - 1].1
        let entries = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(sheet.0)\" sheetId=\"\(index + 1)\" state=\"\(sheet.1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        let relations = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        var parts: [(String, Data)] = [
            ("xl/workbook.xml", Data("<workbook \(ns) xmlns:r=\"\(rel)\"><sheets>\(entries)</sheets></workbook>".utf8)),
            (
                "xl/_rels/workbook.xml.rels",
                Data(
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relations)</Relationships>"
                        .utf8
                )
            ),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(
                (
                    "xl/worksheets/sheet\(index + 1).xml",
                    Data("<worksheet \(ns)><sheetData>\(sheet.2)</sheetData></worksheet>".utf8)
                )
            )
        }
        if let styles { parts.append(("xl/styles.xml", Data("<styleSheet \(ns)>\(styles)</styleSheet>".utf8))) }
        return try HostileInputTests.workbook(parts)
    }

    static let header =
        #"<row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>"#

    /// Styles: 0 general, 1 `0%`, 2 `0.00%`, 3 custom `0.0"pts"%`, 4 custom `"%"0` (a literal % only), 5 `0.00`.
    static let styles = """
        <numFmts><numFmt numFmtId="164" formatCode="0.0&quot;pts&quot;%"/><numFmt numFmtId="165" formatCode="&quot;%&quot;0"/></numFmts>
        <cellXfs><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="10"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="2"/></cellXfs>
        """

    @Test(arguments: [
        (1, "0.125", "12.5%", 12.5), (2, "0.07", "7%", 7), (3, "1.5E-3", "0.15%", 0.15), (4, "0.25", "", 0.25),
        (5, "0.25", "", 0.25), (0, "-0.5", "", -0.5),
    ])
    func aPercentCellReadsAsTheCSVExcelWritesForIt(style: Int, stored: String, csv: String, value: Double) throws {
        let data = try Self.workbook(
            rows: Self.header
                + #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2" s="\#(style)"><v>\#(stored)</v></c></row>"#,
            styles: Self.styles
        )
        let book = try XLSXReader.read(data: data, file: "p.xlsx")
        let cell = book.sheets[0].rows[1][1]
        #expect(cell == (csv.isEmpty ? .number(value) : .text(csv)))
        // The same table saved as CSV (Excel writes the percentage shown) gives the same number.
        let fromSheet = try DataImporter.read(
            files: [InMemoryFile(name: "2023.xlsx", data: data)],
            specification: ImportSpecification()
        )
        let fromCSV = try DataImporter.read(
            files: [InMemoryFile(name: "2023.csv", data: Data("unit,x\nA,\(csv.isEmpty ? stored : csv)\n".utf8))],
            specification: ImportSpecification()
        )
        #expect(fromSheet.dataset.observations.map(\.value) == [value])
        #expect(fromCSV.dataset.observations.map(\.value) == [value])
    }

    @Test(arguments: [
        (
            #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><f>SUM(C2:D2)</f></c></row>"#,
            "p.xlsx [sheet '2023'] B2: cell B2: the formula =SUM(C2:D2) has no saved value"
        ),
        (
            #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>1</v></c><c r="B2"><v>9</v></c></row>"#,
            "p.xlsx [sheet '2023'] B2: cell B2 is given twice in the sheet"
        ),
        (
            #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>1</v></c></row><row r="2"><c r="B2"><v>9</v></c></row>"#,
            "p.xlsx [sheet '2023']: row 2 is given twice in the sheet"
        ),
        (
            #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B7"><v>1</v></c></row>"#,
            "p.xlsx [sheet '2023']: cell B7 is inside row 2"
        ),
        (
            #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>1e-400</v></c></row>"#,
            "p.xlsx [sheet '2023'] B2: cell B2: '1e-400' is too small for a number"
        ),
    ])
    func cellsTheUserCannotSeeAsStoredAreLocatedErrors(rows: String, message: String) throws {
        let data = try Self.workbook(rows: Self.header + rows)
        let error = try #require(throws: IndexError.self) { try XLSXReader.read(data: data, file: "p.xlsx") }
        #expect(error.description.hasPrefix(message), "\(error)")
    }

    @Test func aHiddenSheetIsReadWithANote() throws {
        let hidden =
            Self.header + #"<row r="2"><c r="A2" t="inlineStr"><is><t>B</t></is></c><c r="B2"><v>2</v></c></row>"#
        let data = try Self.workbook(
            rows: Self.header
                + #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>1</v></c></row>"#,
            hidden: ["2024": hidden]
        )
        let book = try XLSXReader.read(data: data, file: "2023.xlsx")
        #expect(book.sheets.map(\.isHidden) == [false, true])
        let result = try DataImporter.read(
            files: [InMemoryFile(name: "2023.xlsx", data: data)],
            specification: ImportSpecification()
        )
        #expect(result.dataset.observations.count == 2)
        #expect(
            result.notices.map(\.description).contains(
                "2023.xlsx [sheet '2024']: sheet '2024' is hidden in the workbook; its values are read too (unhide it to check them, or delete it)"
            )
        )
    }

    @Test func aValueBeyondTheHeaderOfASheetIsAnError() throws {
        let data = try Self.workbook(
            rows: Self.header
                + #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>1</v></c><c r="D2"><v>5</v></c></row>"#
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read(
                files: [InMemoryFile(name: "2023.xlsx", data: data)],
                specification: ImportSpecification()
            )
        }
        #expect(
            error.errors.map(\.description) == [
                "2023.xlsx [sheet '2023'] D2: a value beyond the header's last column (B): give the column a header or remove the value"
            ]
        )
    }

    // MARK: - Class 3: JSON data files

    @Test(arguments: [
        (
            #"[{"unit": "A", "indicator": "x", "period": "2023", "value": true}]"#,
            "j.json:1:4: value 'true' is not a number"
        ),
        (
            #"[{"unit": "A", "indicator": "x", "period": "2023", "value": false}]"#,
            "j.json:1:4: value 'false' is not a number"
        ),
        (
            #"[{"unit": "A", "indicator": "x", "period": "2023", "value": 1e-400}]"#,
            "j.json:1: number at '[0].value': '1e-400' is too small"
        ),
        (
            #"[{"unit": "A", "indicator": "x", "period": "2023", "value": 1E999}]"#,
            "j.json:1: number at '[0].value': '1E999' is too large"
        ),
        (
            #"{"observations": [{"unit": "A", "indicator": "x", "period": "2023", "value": 1, "value": 2}]}"#,
            "j.json:1: field 'value' is given twice"
        ),
        (
            #"[{"unit": "A", "indicator": "x", "period": 2023, "value": [1]}]"#,
            "j.json:1:4: value '(a list or object)' is not a number"
        ),
    ])
    func jsonDataAreReadStrictly(json: String, message: String) throws {
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read(
                files: [InMemoryFile(name: "j.json", data: Data(json.utf8))],
                specification: ImportSpecification()
            )
        }
        #expect(error.errors.first?.description.hasPrefix(message) == true, "\(error)")
    }

    @Test func jsonNumbersStillRead() throws {
        let json =
            #"[{"unit": "A", "indicator": "x", "period": 2023, "value": -0.0}, {"unit": "B", "indicator": "x", "period": "2023", "value": 2.5e-300}]"#
        let result = try DataImporter.read(
            files: [InMemoryFile(name: "j.json", data: Data(json.utf8))],
            specification: ImportSpecification()
        )
        #expect(result.dataset.observations.map(\.value) == [-0.0, 2.5e-300])
    }

    // MARK: - Class 3: survey answers

    @Test(arguments: [
        (#"{"scores": {"x": true}}"#, "is not a number"),
        (#"{"ahp": {"root": [[1, true], [1, 1]]}}"#, "'true' is not a number"),
        (#"{"scores": {"x": 1e-999}}"#, "number at 'scores.x': '1e-999' is too small"),
        (#"{"scores": {"x": 5, "x": 6}}"#, "indicator 'x' is given twice"),
        (#"{"ahp": {"root": [[1, 3], [0.3, 1]]}, "ahp": {}}"#, "field 'ahp' is given twice"),
    ])
    func surveyAnswersAreReadStrictly(json: String, message: String) throws {
        let error = try #require(throws: IndexError.self) {
            try SurveyAnswersJSON.parse(Data(json.utf8), file: "a.json")
        }
        #expect(error.description.contains(message), "\(error)")
    }

    /// Random documents with numbers, booleans and repeated keys: the scan names the first repeated key
    /// or out-of-range number exactly when there is one.
    @Test func theScanFindsEveryRepeatedKeyAndEveryNumberOutOfRange() {
        var random = SplitMix64(seed: 22_004)
        let scalars = ["1", "true", "false", "null", "\"t\"", "-2.5e3", "1e-400", "9e999", "0e-999", "4.9e-324"]
        for _ in 0..<1_000 {
            var keys: [String] = []
            var values: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                keys.append(["a", "b", "c", "d", "e", "f"].randomElement(using: &random) ?? "a")
                values.append(scalars.randomElement(using: &random) ?? "1")
            }
            let members = zip(keys, values).map { "\"\($0)\": [\($1)]" }.joined(separator: ", ")
            let data = Data("{\"outer\": {\(members)}}".utf8)
            #expect((JSONRepeatedKey(in: data) != nil) == (Set(keys).count < keys.count), "\(members)")
            let bad = values.first { NumberParser.rangeProblem($0) != nil }
            #expect(JSONRepeatedKey.numberOutOfRange(in: data)?.text == bad, "\(members)")
        }
    }
}
