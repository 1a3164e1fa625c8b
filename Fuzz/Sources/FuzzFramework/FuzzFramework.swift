import Foundation
import IndexCore
import IndexIO

/// Framework YAML text through the reader and the framework's own checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFramework(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? FrameworkReader.parse(text, file: "fuzz.yaml")
    return 0
}
