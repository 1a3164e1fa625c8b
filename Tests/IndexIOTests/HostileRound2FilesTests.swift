import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// Issue 22, classes 1–3: ordinary files misread with no word (CSV shape, underflowing numbers,
/// encodings, invisible differences in keys), spreadsheet cells read differently from what the user
/// sees, and JSON read loosely. Each class with members of our own and, where open-ended, a seeded
/// property test.
@Suite("Hostile input round 2: files read as the user sees them")
struct HostileRound2FilesTests {
    // MARK: - Class 1: CSV rows of the wrong width

    @Test(arguments: [
        ("unit,period,x,y\nA,2023,1,5,2\n", "the row has 5 fields but the header has 4"),  // decimal comma
        ("unit,period,x,y\nA,2023,1,2,\n", "the row has 5 fields but the header has 4"),  // stray empty field
        ("unit,period,x,y\nA,2023,1\n", "the row has 3 fields but the header has 4"),  // missing trailing field
        ("unit,period,x\nA,2023,\"1,5\",\"a\"\"b\"\n", "the row has 4 fields but the header has 3"),
    ])
    func aRowOfTheWrongWidthIsALocatedError(csv: String, message: String) throws {
        let error = try #require(throws: IndexErrors.self) { try DataTable(text: csv, file: "d.csv") }
        #expect(error.errors.count == 1)
        #expect(error.errors[0].line == 2)
        #expect(error.errors[0].description.hasPrefix("d.csv:2: \(message)"))
    }

    @Test func everyRowOfTheWrongWidthIsListedAndTheImportStops() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            "unit,period,x,y\nA,2023,1,2\nB,2023,1,5,2\nC,2023,3\n",
            named: "2023.csv",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([path], specification: ImportSpecification())
        }
        #expect(error.errors.map(\.line) == [3, 4])
    }

    /// Random tables, written with quoted commas, doubled quotes and line breaks in quotes, some rows
    /// given a field too many or too few: a table reads back exactly as written, or fails naming
    /// exactly the rows of the wrong width. Never a silent shift.
    @Test func randomTablesReadExactlyOrNameTheirBadRows() throws {
        var random = SplitMix64(seed: 22_001)
        let pieces = ["a", "1", "2.5", "x,y", "q\"q", "line\nbreak", "", "中文", "-3e2", " "]
        for _ in 0..<300 {
            let width = Int.random(in: 1...6, using: &random)
            let header = (0..<width).map { "c\($0)" }
            var lines = [header.joined(separator: ",")]
            var expected: [[String]] = []
            var bad: [Int] = []
            var line = 2
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                var count = width
                let roll = Int.random(in: 0..<10, using: &random)
                if roll == 0 { count += Int.random(in: 1...2, using: &random) }
                if roll == 1, width > 1 { count -= 1 }
                let fields = (0..<count).map { _ in pieces.randomElement(using: &random) ?? "" }
                // A record made of one empty field is a blank line, which CSV skips.
                guard !(count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) else { continue }
                lines.append(fields.map(Self.quoted).joined(separator: ","))
                if count != width { bad.append(line) }
                expected.append(fields.map { $0.trimmingCharacters(in: .whitespaces) })
                line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
            }
            let text = lines.joined(separator: "\n") + "\n"
            if bad.isEmpty {
                let table = try DataTable(text: text, file: "r.csv")
                #expect(table.rows.map(\.fields) == expected, "\(text)")
            } else {
                let error = try #require(throws: IndexErrors.self, "\(text)") {
                    try DataTable(text: text, file: "r.csv")
                }
                #expect(error.errors.map(\.line) == bad, "\(text)")
            }
        }
    }

    static func quoted(_ field: String) -> String {
        field.contains(where: { ",\"\n".contains($0) }) || field.hasPrefix(" ")
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    // MARK: - Class 1: a non-zero number is never read as 0

    @Test(arguments: ["1e-400", "2e-324", "-4.9e-324", "1e-310", "0.000001e-305", "1e309", "-2e308"])
    func numbersOutOfRangeAreRefusedWithTheReason(text: String) throws {
        #expect(NumberParser.decimal(text) == nil)
        #expect(NumberParser.parse(text) == nil)
        let reason = try #require(NumberParser.rangeProblem(text))
        #expect(reason.contains(text.hasPrefix("1e3") || text.hasPrefix("-2e3") ? "too large" : "too small"))
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            "unit,indicator,period,value\nA,x,2023,\(text)\n",
            named: "v.csv",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([path], specification: ImportSpecification())
        }
        #expect(error.errors.map(\.description) == ["\(path):2:4: value \(reason) (indicator 'x', unit 'A')"])
    }

    @Test(arguments: ["0", "0.0e-999", "-0", "2.3e-308", "1e308", "0.00000"])
    func zerosAndNormalNumbersStillRead(text: String) {
        #expect(NumberParser.decimal(text) == Double(text))
        #expect(NumberParser.rangeProblem(text) == nil)
    }

    // MARK: - Class 1: encodings

    @Test func westernSingleByteTextIsRefusedAtItsFirstBadByte() throws {
        // "Zürich" in Latin-1: ü (FC) then r is a valid GBK pair, so GB18030 would have read it.
        let bytes = Data("unit,name\nZH,Z".utf8) + Data([0xFC]) + Data("rich\n".utf8)
        #expect(String(data: bytes, encoding: TextFile.gb18030) != nil)
        let error = try #require(throws: IndexError.self) { try TextFile.decode(bytes, file: "u.csv") }
        #expect(
            error.description
                == "u.csv:2:5: byte 0xFC at offset 14 is not UTF-8 (a file saved as Latin-1/Windows-1252, or damaged); save the file as UTF-8 (Excel: CSV UTF-8)"
        )
    }

    @Test func utf8WithOneBadByteIsRefusedAndNotReadAsGB18030() throws {
        var bytes = Data("地区,值\n江苏,1\n".utf8)
        bytes[bytes.count - 4] = 0x41  // the last byte of 苏 (E8 8B 8F) damaged
        let error = try #require(throws: IndexError.self) { try TextFile.decode(bytes, file: "d.csv") }
        #expect(error.line == 2)
        #expect(error.column == 2)
    }

    @Test func byteOrderMarksAndPlainChineseAreRead() throws {
        let text = "地区,值\n江苏省,1\n北京市,2\n"
        for (bom, encoding) in [
            ([UInt8](), String.Encoding.utf8), ([0xEF, 0xBB, 0xBF], .utf8), ([0xFF, 0xFE], .utf16LittleEndian),
            ([0xFE, 0xFF], .utf16BigEndian), ([0xFF, 0xFE, 0, 0], .utf32LittleEndian),
            ([0, 0, 0xFE, 0xFF], .utf32BigEndian),
            ([], TextFile.gb18030),
        ] {
            let bytes = Data(bom) + (try #require(text.data(using: encoding)))
            #expect(try TextFile.decode(bytes, file: "t.csv") == text)
        }
    }

    /// Random Latin-1 words (accented letters among ASCII ones): never decoded as GB18030 into other
    /// characters; always refused, naming the first accented letter.
    @Test func randomLatin1TextIsNeverReadAsGB18030() throws {
        var random = SplitMix64(seed: 22_002)
        let accented = Array(UInt8(0xC0)...UInt8(0xFF)).filter { $0 != 0xD7 && $0 != 0xF7 }
        let ascii = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        var accepted = 0
        for _ in 0..<2_000 {
            var bytes: [UInt8] = Array("id,name\n".utf8)
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                for _ in 0..<Int.random(in: 2...9, using: &random) {
                    let isAccented = Int.random(in: 0..<4, using: &random) == 0
                    bytes.append(
                        (isAccented ? accented.randomElement(using: &random) : ascii.randomElement(using: &random))
                            ?? 0x61
                    )
                }
                bytes.append(Int.random(in: 0..<3, using: &random) == 0 ? 0x0A : 0x2C)
            }
            guard let first = bytes.firstIndex(where: { $0 >= 0x80 }) else { continue }
            do {
                let text = try TextFile.decode(Data(bytes), file: "l.csv")
                Issue.record("read as \(text): \(bytes.map { String($0, radix: 16) })")
                accepted += 1
            } catch let error as IndexError {
                #expect(error.description.contains("at offset \(first) is not UTF-8"))
            }
        }
        #expect(accepted == 0)
    }

    /// Random bytes: a text, or an error inside the file; never a trap.
    @Test func randomBytesDecodeOrFailInsideTheFile() {
        var random = SplitMix64(seed: 22_003)
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            do {
                _ = try TextFile.decode(Data(bytes), file: "b.csv")
            } catch let error as IndexError {
                #expect((error.line ?? 1) <= bytes.count + 1)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    // MARK: - Class 1: keys that look the same are the same

    @Test(arguments: [
        "BJ\u{200B}", "\u{FEFF}BJ", "B\u{200D}J", "BJ\u{00A0}", "\u{3000}BJ", "B\u{2060}J", "BJ\u{202F}", "B\u{00AD}J",
    ])
    func invisibleCharactersInAUnitIdMakeADuplicate(id: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write("id,zh,en\nBJ,北京,Beijing\n\(id),北京,Beijing\n", named: "u.csv", in: directory)
        let error = try #require(throws: IndexErrors.self) { try DatasetReader.readUnits(path: path) }
        #expect(error.errors.map(\.description) == ["\(path):3:1: duplicate unit (first at line 2) (unit 'BJ')"])
    }

    @Test func decomposedAndComposedNamesAreOneKey() throws {
        let composed = "Caf\u{E9}", decomposed = "Cafe\u{301}"
        let table = try DataTable(text: "unit,period,x\n\(composed),2023,1\n\(decomposed),2023,2\n", file: "n.csv")
        #expect(table.rows[0].fields[0].unicodeScalars.elementsEqual(table.rows[1].fields[0].unicodeScalars))
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            "unit,indicator,period,value\n\(composed),x,2023,1\n\(decomposed)\u{200B},x,2023,2\n",
            named: "n.csv",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([path], specification: ImportSpecification())
        }
        #expect(error.errors.count == 1)
        #expect(error.errors[0].description.contains("duplicate value for Café / x / 2023"))
    }

    @Test func aBOMAtTheStartOfALineDoesNotHideAComment() throws {
        let table = try DataTable(text: "unit,x\n\u{FEFF}# illustrative\nA,1\n", file: "c.csv")
        #expect(table.rows.map(\.fields) == [["A", "1"]])
    }

    // MARK: - Class 1: the report of problems is capped

    @Test func aMillionProblemsAreReportedInTwentyOneLines() {
        let errors = IndexErrors((0..<100_000).map { IndexError("problem \($0)", file: "f.csv", line: $0 + 1) })
        let lines = errors.description.split(separator: "\n")
        #expect(lines.count == IndexErrors.reportLimit + 1)
        #expect(lines.last == "… and 99980 more problems (100000 in all)")
        #expect(IndexErrors(Array(errors.errors.prefix(20))).description.split(separator: "\n").count == 20)
    }
}

/// Only a line whose first character is `#` is a comment: a unit named "#x" — quoted, or after
/// spaces — is data, not a row dropped in silence.
@Suite("CSV comments")
struct CSVCommentTests {
    @Test func onlyALineStartingWithHashIsAComment() throws {
        let table = try DataTable(text: "# a note\nid,value\n\"#x\",1\n #y,2\n#z,3\nw,4\n", file: "t.csv")
        #expect(table.rows.map { $0[0] } == ["#x", "#y", "w"])
        #expect(table.rows.map(\.line) == [3, 4, 6])
    }
}
