import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import Testing

@testable import IndexCLI

@Suite("Store commands: CSV → store → run → XLSX → openpyxl", .serialized, .quietOutput)
struct StoreCommandTests {
    @Test func roundTripThroughTheStoreToAWorkbook() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let data = try Catalog.dataPath
        try ImportCommand.parse([data, "--dataset", "provinces", "--db", db]).run()
        try RunCommand.parse(["--dataset", "provinces", "--db", db, "--format", "json"]).run()
        try RunCommand.parse([
            "--dataset", "provinces@1", "--db", db, "--impute", "median", "--outliers", "coinr", "--format", "json",
        ]).run()
        let store = try Store(path: db)
        let runs = try store.runs()
        #expect(runs.map(\.id) == [2, 1])
        #expect(try runs[0].options == RunOptions.parse(["impute": "median", "outliers": "coinr"]))
        try RerunCommand.parse(["1", "--db", db]).run()

        let workbook = directory.appendingPathComponent("run-1.xlsx").path
        try ExportCommand.parse(["1", "--db", db, "--out", workbook]).run()
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            # Floats travel as repr text: Foundation's JSON parser may round the last bit on Linux.
            cell = lambda v: {"float": repr(v)} if isinstance(v, float) else v
            print(json.dumps({ws.title: [[cell(v) for v in r] for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}, ensure_ascii=False))
            """
        /// A cell's number: an integer, or a float sent as its exact repr.
        func number(_ value: Any) -> Double? {
            if let object = value as? [String: String], let text = object["float"] { return Double(text) }
            return (value as? NSNumber)?.doubleValue
        }
        let sheets = try #require(
            try JSONSerialization.jsonObject(with: Data(try TestSupport.python(script, [workbook]).utf8))
                as? [String: [[Any]]]
        )
        #expect(Set(sheets.keys) == ["about", "national", "regional", "weights", "data", "treatment"])

        // Every regional score in the workbook is the recorded score, to the last bit.
        let scores = try store.scores(of: try store.run("1")).filter {
            $0.evaluation == "regional" && $0.node == "index"
        }
        let regional = try #require(sheets["regional"])
        let header = try #require(regional.first as? [String])
        let unitColumn = try #require(header.firstIndex(of: "unit"))
        let scoreColumn = try #require(header.firstIndex(of: "score"))
        #expect(regional.count == 32)
        for row in regional.dropFirst() {
            let unit = try #require(row[unitColumn] as? String)
            let recorded = try #require(scores.first { $0.unit == unit }?.score)
            #expect(number(row[scoreColumn]) == recorded, "\(unit)")
        }
        // Every value of the data sheet is the CSV's, with its status and source.
        let dataset = try Catalog.dataset()
        let dataSheet = try #require(sheets["data"])
        #expect(dataSheet.count == dataset.observations.count + 1)
        for (row, observation) in zip(dataSheet.dropFirst(), dataset.observations) {
            #expect(row[0] as? String == observation.unit)
            #expect(row[1] as? String == observation.indicator)
            #expect(number(row[3]) == observation.value)
            #expect(row[4] as? String == observation.status.rawValue)
        }
        let about = try #require(sheets["about"])
        #expect(about.contains { ($0.first as? String) == "illustrative" })
        #expect(about.contains { ($0.first as? String) == "reproduced" && ($0.last as? String) == "yes, exactly" })

        // CSV and JSON exports, and both kinds of diff.
        let folder = directory.appendingPathComponent("run-2").path
        try ExportCommand.parse(["2", "--db", db, "--format", "csv", "--out", folder]).run()
        let treatment = try String(contentsOfFile: folder + "/treatment.csv", encoding: .utf8)
        #expect(treatment.contains("winsorised-high"))
        try DiffCommand.parse(["1", "2", "--db", db]).run()
        #expect(throws: (any Error).self) { try DiffCommand.parse(["1", "provinces@1", "--db", db]).run() }
    }
}
