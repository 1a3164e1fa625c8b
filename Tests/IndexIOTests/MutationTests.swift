import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import PropertyBased
import Testing
import ZIPFoundation

/// Damaged files never crash the readers: they parse, or they fail with an error. A crash here
/// would end the test process, so reaching the end is the property.
@Suite("Mutated CSV and XLSX bytes")
struct MutationTests {
    static let csv = Data(
        #"""
        # comment
        地区,年份,R&D经费,"note, with comma"
        江苏省,2023,"12,345",ok
        广东,2023,1.2万,"say ""hi"""
        广西,2023,—,
        """#.utf8
    )

    /// Overwrites bytes at positions (taken modulo the length) and cuts the end off.
    static func mutate(_ data: Data, positions: [Int], bytes: [UInt8], keep: Double) -> Data {
        var copy = [UInt8](data)
        for (position, byte) in zip(positions, bytes) where !copy.isEmpty { copy[position % copy.count] = byte }
        return Data(copy.prefix(Int(Double(copy.count) * keep)))
    }

    static let specification = ImportSpecification(
        framework: ImportTests.framework,
        units: ImportTests.units,
        period: "2023",
        requiresCoverage: false
    )

    @Test func mutatedCSVParsesOrFails() async throws {
        let directory = try TestSupport.temporaryDirectory()
        await propertyCheck(
            count: 300,
            input: Gen.int(in: 0...100_000).array(of: 1...12),
            Gen.uint8().array(of: 1...12),
            Gen.double(in: 0.3...1.0)
        ) { positions, bytes, keep in
            let data = Self.mutate(Self.csv, positions: positions, bytes: bytes, keep: keep)
            let path = directory.appendingPathComponent("m-\(UUID().uuidString).csv").path
            try data.write(to: URL(fileURLWithPath: path))
            do {
                _ = try DataImporter.read([path], specification: Self.specification)
            } catch is IndexErrors {
            } catch is IndexError {
            }
        }
    }

    @Test func mutatedWorkbookBytesParseOrFail() async throws {
        let book = try XLSXTests.handMadeWorkbook()
        await propertyCheck(
            count: 300,
            input: Gen.int(in: 0...100_000).array(of: 1...6),
            Gen.uint8().array(of: 1...6),
            Gen.double(in: 0.5...1.0)
        ) { positions, bytes, keep in
            let data = Self.mutate(book, positions: positions, bytes: bytes, keep: keep)
            do {
                _ = try XLSXReader.read(data: data, file: "m.xlsx")
            } catch is IndexError {
            }
        }
    }

    /// The smallest input found that made Foundation's XML parser trap: an element name that is
    /// not UTF-8. It must be refused, not parsed.
    @Test func nonUTF8PartIsRefusedNotParsed() throws {
        let archive = try Archive(data: Data(), accessMode: .create)
        let bytes = Data([0x3C, 0x72, 0xB4, 0x3C, 0xE6, 0xE8])  // <r\xb4<\xe6\xe8
        try archive.addEntry(with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(bytes.count)) {
            position,
            size in
            bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count))
        }
        let data = try #require(archive.data)
        #expect(throws: IndexError("damaged workbook: xl/workbook.xml is not UTF-8 text", file: "bad.xlsx")) {
            try XLSXReader.read(data: data, file: "bad.xlsx")
        }
    }

    @Test func mutatedSheetXMLParsesOrFails() async throws {
        let sheet = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>地区</t></is></c><c r="B1" t="inlineStr"><is><t>R&amp;D经费</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>江苏</t></is></c><c r="B2"><v>12.5</v></c><c r="C2" t="b"><v>1</v></c></row>
            </sheetData></worksheet>
            """
        await propertyCheck(
            count: 1_000,
            input: Gen.int(in: 0...100_000).array(of: 1...6),
            Gen.uint8().array(of: 1...6),
            Gen.double(in: 0.6...1.0)
        ) { positions, bytes, keep in
            let xml = Self.mutate(Data(sheet.utf8), positions: positions, bytes: bytes, keep: keep)
            let archive = try Archive(data: Data(), accessMode: .create)
            let parts: [(String, Data)] = [
                (
                    "xl/workbook.xml",
                    Data("<workbook><sheets><sheet name=\"2023\" r:id=\"rId1\"/></sheets></workbook>".utf8)
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    Data("<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/s.xml\"/></Relationships>".utf8)
                ),
                ("xl/worksheets/s.xml", xml),
            ]
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
            guard let data = archive.data else { return }
            do {
                let workbook = try XLSXReader.read(data: data, file: "m.xlsx")
                if let table = workbook.sheets.first?.table(file: "m.xlsx") { _ = table.rows.count }
            } catch is IndexError {
            }
        }
    }
}
