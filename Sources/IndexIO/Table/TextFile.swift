public import Foundation
import IndexCore

/// Reads text files written by Excel and friends: UTF-8 with or without BOM, UTF-16 or UTF-32 with a
/// BOM, or GB18030 when the bytes are plainly Chinese.
///
/// Anything else is refused with the place of its first byte that is not UTF-8: a file saved in a
/// single-byte Western encoding (Latin-1, Windows-1252) or UTF-8 with one damaged byte would otherwise
/// decode as GB18030 and every accented name would become other characters without a word.
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

    /// Decodes the bytes of a text file.
    ///
    /// In order:
    /// 1. a byte-order mark says the encoding: UTF-8 (`EF BB BF`), UTF-32 (`FF FE 00 00`, `00 00 FE FF`),
    ///    UTF-16 (`FF FE`, `FE FF`); the text must then decode cleanly in it;
    /// 2. bytes that are valid UTF-8 are UTF-8;
    /// 3. bytes that are plainly Chinese (``isPlausiblyGB2312(_:)``) are GB18030;
    /// 4. anything else is an error naming the first byte that is not UTF-8 by line, column and offset.
    ///
    /// - Throws: ``IndexError`` naming the file, and the place of the first bad byte.
    public static func decode(_ data: Data, file: String) throws -> String {
        let boms: [([UInt8], String.Encoding, String)] = [
            ([0xEF, 0xBB, 0xBF], .utf8, "UTF-8"),
            ([0xFF, 0xFE, 0x00, 0x00], .utf32LittleEndian, "UTF-32"),
            ([0x00, 0x00, 0xFE, 0xFF], .utf32BigEndian, "UTF-32"),
            ([0xFF, 0xFE], .utf16LittleEndian, "UTF-16"),
            ([0xFE, 0xFF], .utf16BigEndian, "UTF-16"),
        ]
        for (bom, encoding, name) in boms where data.starts(with: bom) {
            let body = data.dropFirst(bom.count)
            if encoding == .utf8 { return try utf8(Data(body), file: file) }
            guard let text = String(data: Data(body), encoding: encoding) else {
                throw IndexError("the file starts with a \(name) byte-order mark but is not \(name) text", file: file)
            }
            return text
        }
        if let text = String(validating: data, as: UTF8.self) { return text }
        if isPlausiblyGB2312(data), let text = String(data: data, encoding: gb18030) { return text }
        return try utf8(data, file: file)
    }

    /// The bytes as UTF-8, or the error that names the first bad byte.
    static func utf8(_ data: Data, file: String) throws -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        let bytes = [UInt8](data)
        let offset = firstInvalidUTF8Offset(bytes) ?? 0
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        let byte = String(bytes[offset], radix: 16, uppercase: true)
        throw IndexError(
            "byte 0x\(byte.count == 1 ? "0" : "")\(byte) at offset \(offset) is not UTF-8 (a file saved as "
                + "Latin-1/Windows-1252, or damaged); save the file as UTF-8 (Excel: CSV UTF-8)",
            file: file,
            line: line,
            column: column
        )
    }

    /// The offset of the first byte that does not begin or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0x00...0x7F:
                index += 1
                continue
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                let (min, max) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= min, byte <= max else { return index }
            }
            index += length
        }
        return nil
    }

    /// Whether bytes that are not UTF-8 are plainly Chinese text in GB2312/GBK as Chinese Excel writes it.
    ///
    /// A byte string can be valid in several encodings (Latin-1 `é` followed by a letter is a GBK
    /// character), so GB18030 is taken only when every run of non-ASCII bytes is whole two-byte
    /// characters of GB2312's symbol or Han rows (lead `A1`–`A9` or `B0`–`F7`, trail `A1`–`FE`), at
    /// least half of those runs are two or more characters long (names, not a letter inside a
    /// word), and more of its Han characters are level 1 (the 3,755 common ones, lead `B0`–`D7`)
    /// than level 2 (lead `D8`–`F7`). Latin-1 text has its accented letters one or two at a time
    /// between ASCII letters and fails the first or second test, and its lower-case accented letters
    /// (`E0`–`FF`) fall in level 2 or outside GB2312, failing the third. Bytes that pass all three are
    /// ambiguous in principle (four accented capitals in a row); real Western text does not do that.
    /// Chinese files written only with single characters, or mostly with rare characters, are refused
    /// and must be saved as UTF-8.
    public static func isPlausiblyGB2312(_ data: Data) -> Bool {
        var runs = 0
        var longRuns = 0
        var levelOne = 0
        var levelTwo = 0
        var index = data.startIndex
        while index < data.endIndex {
            guard data[index] >= 0x80 else {
                index += 1
                continue
            }
            var characters = 0
            while index < data.endIndex, data[index] >= 0x80 {
                let lead = data[index]
                let next = data.index(after: index)
                guard next < data.endIndex else { return false }
                let trail = data[next]
                guard (0xA1...0xA9).contains(lead) || (0xB0...0xF7).contains(lead), (0xA1...0xFE).contains(trail)
                else { return false }
                if (0xB0...0xD7).contains(lead) { levelOne += 1 } else if lead >= 0xD8 { levelTwo += 1 }
                characters += 1
                index = data.index(after: next)
            }
            runs += 1
            if characters >= 2 { longRuns += 1 }
        }
        return runs > 0 && levelOne > levelTwo && longRuns * 2 >= runs
    }
}
