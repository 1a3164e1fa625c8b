import Foundation
import IndexCore
import IndexIO
import IndexWorkflows

/// The JSON body of `POST /api/v1/runs`, read as the server reads it (options included).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunBody(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    _ = try? RunRequest.parse(data)
    return 0
}
