public import Foundation
import IndexCore

/// Reads text files written by Excel and friends: UTF-8 with or without BOM, or GB18030/GBK.
public enum TextFile {
    /// GB18030, which Chinese Excel uses by default for CSV.
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Reads a file as text.
    ///
    /// - Throws: ``IndexError`` naming the file when it cannot be read or decoded.
    public static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IndexError("cannot read file", file: path)
        }
        return try decode(data, file: path)
    }

    /// Decodes bytes as UTF-8 (dropping a BOM), falling back to GB18030.
    public static func decode(_ data: Data, file: String) throws -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        if let text = String(data: bytes, encoding: gb18030) { return text }
        throw IndexError("file is neither UTF-8 nor GB18030 text", file: file)
    }
}
