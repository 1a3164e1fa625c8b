import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// A long CSV file is read a chunk of rows at a time; what it reads and what it refuses are what
/// reading it whole gives.
@Suite("Long CSV files read in chunks")
struct ChunkedCSVTests {
    /// Quoted fields across lines, comments, blank lines, a BOM and CRLF, in chunks of every size
    /// from one row up: the same header and rows, in the same order, as one parse.
    @Test func chunksAreTheWholeTablesRows() throws {
        let text =
            "\u{FEFF}unit,indicator,period,value\r\n# a note\r\nA,x,2023,1\r\n\r\n\"B\nC\",x,2023,\"2\"\r\n"
            + (0..<40).map { "U\($0),y,2022,\($0)\n" }.joined() + "Z,y,2022,9"
        let whole = try DataTable(text: text, file: "t.csv")
        for size in [1, 2, 3, 7, 42, 43, 44, 1000] {
            var header: [String] = []
            var rows: [DataTable.Row] = []
            var calls = 0
            try DataTable.readInChunks(text: text, file: "t.csv", rowsPerChunk: size) { table in
                header = table.header
                rows += table.rows
                calls += 1
                #expect(table.rows.count <= size && table.headerLine == whole.headerLine)
            }
            #expect(header == whole.header && rows == whole.rows, "chunks of \(size)")
            #expect(calls == (whole.rows.count + size - 1) / size, "chunks of \(size)")
        }
        #expect(try DataTable.header(of: text, file: "t.csv") == whole.header)
        var calls = 0
        try DataTable.readInChunks(text: "unit,indicator,period,value\n", file: "h.csv", rowsPerChunk: 5) { table in
            #expect(table.rows.isEmpty)
            calls += 1
        }
        #expect(calls == 1)
    }

    /// A file's problems (control characters, rows of the wrong shape, an unterminated quote, no
    /// record at all) are the ones a whole parse throws, wherever the chunks fall.
    @Test(arguments: [
        "unit,indicator,period,value\nA,x,2023,1\nB,x\u{1}y,2023,2\nC,x,2023\nD,x,2023,4,5\n",
        "unit,indi\u{7F}cator,period,value\nA,x,2023,1\nB,x,2023,2\n",
        "unit,indicator,period,value\nA,x,2023,1\nB,x,2023,\"2\n",
        "# only a note\n\n",
        "",
    ])
    func problemsAreTheWholeFilesProblems(text: String) throws {
        let expected: String
        do {
            _ = try DataTable(text: text, file: "p.csv")
            Issue.record("the text should be refused")
            return
        } catch {
            expected = "\(error)"
        }
        for size in [1, 2, 100] {
            do {
                try DataTable.readInChunks(text: text, file: "p.csv", rowsPerChunk: size) { _ in }
                Issue.record("chunks of \(size) should be refused")
            } catch {
                #expect("\(error)" == expected, "chunks of \(size)")
            }
        }
    }

    /// An import of a file longer than a chunk (65,536 rows) that fails its checks on its last row
    /// reports that row's problem alone, as a file refused before any row is read does: nothing
    /// from its earlier chunks (an unknown unit, a duplicate) is kept. A header problem of such a
    /// file is reported once, not once a chunk.
    @Test func aLongFileThatFailsItsChecksLateIsNotHalfRead() throws {
        let directory = try TestSupport.temporaryDirectory()
        let rows = (0..<70_000).map { "U\($0 % 1_000),x\($0 / 1_000),2023,\($0)\n" }.joined()
        let late = try TestSupport.write(
            "unit,indicator,period,value\nAtlantis,x0,2023,1\nU0,x0,2023,2\n" + rows + "U1,x1,2023\n",
            named: "late.csv",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([late], specification: ImportSpecification())
        }
        #expect(
            error.errors.map(\.description) == [
                "\(late):70004: the row has 3 fields but the header has 4: a field is missing (an empty cell still needs its comma)"
            ]
        )
        let sourced = (0..<70_000).map { "U\($0 % 1_000),x\($0 / 1_000),2023,\($0),s\n" }.joined()
        let extra = try TestSupport.write(
            "unit,indicator,period,value,sorce\n" + sourced,
            named: "extra.csv",
            in: directory
        )
        let header = try #require(throws: IndexErrors.self) {
            try DataImporter.read([extra], specification: ImportSpecification())
        }
        #expect(header.errors.count == 1)
        #expect(header.errors.first?.description.contains("unknown column 'sorce' (did you mean 'source'?)") == true)
        let fine = try TestSupport.write("unit,indicator,period,value\n" + rows, named: "fine.csv", in: directory)
        let read = try DataImporter.read([fine], specification: ImportSpecification())
        #expect(read.dataset.observations.count == 70_000)
        #expect(read.dataset.observations[69_999].location?.line == 70_001)
        #expect(read.files.map(\.values) == [70_000])
    }
}
