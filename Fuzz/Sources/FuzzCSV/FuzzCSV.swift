import Foundation
import IndexCore
import IndexIO

/// CSV bytes through every step a data file takes: decoding, the table, the importer's reading of
/// cells (numbers, markers, control characters, long and wide layouts).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let text = try? TextFile.decode(data, file: "fuzz.csv") else { return 0 }
    guard let table = try? DataTable(text: text, file: "fuzz.csv") else { return 0 }
    for row in table.rows.prefix(64) {
        for field in row.fields {
            _ = NumberParser.reading(field)
            _ = NumberParser.parse(field)
        }
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iidei-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("2023.csv").path
    if FileManager.default.createFile(atPath: path, contents: data) {
        _ = try? DataImporter.read([path], specification: ImportSpecification())
    }
    return 0
}
