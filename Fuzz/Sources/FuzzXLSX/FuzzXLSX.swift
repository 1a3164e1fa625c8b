import Foundation
import IndexCore
import IndexIO

/// Workbook bytes through the XLSX reader (zip, inflation limits, XML parts) and each sheet's table.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let limits = XLSXLimits(maxPartBytes: 8 << 20, maxTotalBytes: 32 << 20, maxCells: 200_000)
    guard let workbook = try? XLSXReader.read(data: data, file: "fuzz.xlsx", limits: limits) else { return 0 }
    for sheet in workbook.sheets {
        guard let table = sheet.table(file: "fuzz.xlsx") else { continue }
        _ = table.controlCharacterProblems()
    }
    return 0
}
