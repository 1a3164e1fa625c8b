import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The workbook `iidei export` writes, as a spreadsheet user meets it (read back by openpyxl):
/// columns as wide as their text, results shown rounded while each cell keeps every digit, the data
/// as given; and every CSV file starts with the byte-order mark Excel needs.
@Suite("The results workbook as opened")
struct ResultsWorkbookTests {
    @Test func widthsRoundedDisplayAndExactValues() throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        guard case .crossSection(let section) = try #require(results.evaluations.last) else {
            Issue.record("the built-in framework's last evaluation is regional")
            return
        }
        let workbook = ResultsWorkbook.make(results: results, dataset: dataset, about: [("run", "test")])
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("export.xlsx").path
        try XLSXWriter.write(workbook, to: path)
        let script = """
            import json, sys, openpyxl
            from openpyxl.utils import get_column_letter
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for ws in wb.worksheets:
                header = [c.value for c in ws[1]]
                columns = {}
                for i, title in enumerate(header, start=1):
                    letter = get_column_letter(i)
                    cells = [ws.cell(row=r, column=i) for r in range(2, ws.max_row + 1)]
                    numbers = [c for c in cells if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
                    columns[str(title)] = {
                        'width': ws.column_dimensions[letter].width if letter in ws.column_dimensions else None,
                        'formats': sorted({c.number_format for c in numbers}),
                        'first': numbers[0].value if numbers else None,
                        'longest': max((len(str(c.value)) for c in cells if c.value is not None), default=0),
                    }
                out[ws.title] = columns
            print(json.dumps(out, ensure_ascii=False))
            """
        let output = try TestSupport.python(script, [path])
        let sheets = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: [String: Any]]]
        )
        let regional = try #require(sheets[section.evaluation])
        // Scores shown to two decimals, ranks and tiers whole; the cell holds the exact score.
        #expect(regional["score"]?["formats"] as? [String] == ["0.00"])
        #expect(regional["rank"]?["formats"] as? [String] == ["0"])
        #expect(regional["tier"]?["formats"] as? [String] == ["0"])
        let first = try #require(section.units.first { $0.rank == 1 })
        #expect((regional["score"]?["first"] as? NSNumber)?.doubleValue == first.score)
        // Every column has a width, wide enough for a Chinese name (two units a character).
        for (title, column) in regional {
            let width = column["width"] as? Double ?? 0
            #expect(width >= 6 && width <= 40, "\(title): width \(width)")
        }
        let longestName = section.units.map { TextTable.displayWidth($0.name.zh) }.max() ?? 0
        #expect((regional["name_zh"]?["width"] as? Double ?? 0) >= Double(longestName))
        // The data as given: no rounded display, so 0.0012 is not shown as 0.00.
        let data = try #require(sheets["data"])
        #expect(data["value"]?["formats"] as? [String] == ["General"])
        #expect((data["unit"]?["width"] as? Double ?? 0) >= 6)
    }

    /// The one rule: a CSV file carries the mark, once, whatever it is given.
    @Test func csvFilesStartWithOneByteOrderMark() {
        #expect(CSVWriter.file("a,b\n").unicodeScalars.first == "\u{FEFF}")
        #expect(CSVWriter.file(CSVWriter.file("a,b\n")) == "\u{FEFF}a,b\n")
    }
}
