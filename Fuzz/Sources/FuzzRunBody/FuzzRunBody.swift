import Foundation
import IndexCore
import IndexIO

/// The JSON body of `POST /api/v1/runs`, read as the server reads it, then its options interpreted.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunBody(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let request = try? RunRequest.parse(data) else { return 0 }
    _ = try? request.specification.options()
    return 0
}
