public import Foundation
import IndexCore
import IndexIO

/// The one JSON configuration of every document IIDEI writes or reads — results, run records,
/// diffs, survey status, robustness, errors — on the command line (`--format json`), in files and
/// over the API alike, so the same thing is the same bytes everywhere.
///
/// Keys are sorted and doubles written as the shortest text that reads back as the same double
/// (Foundation's encoder does this); non-finite numbers are not JSON, and documents carry them as
/// `null` (optional numbers), never as text.
public enum WorkflowJSON {
    /// Encodes a document: pretty-printed, sorted keys, `/` unescaped — Foundation's `JSONEncoder`
    /// with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, byte for byte, written by
    /// ``DocumentEncoder`` (see there why).
    public static func encode(_ value: some Encodable) throws -> Data {
        Data(try DocumentEncoder().encode(value))
    }

    /// The document as text, with a final line break.
    public static func text(_ value: some Encodable) throws -> String {
        var bytes = try DocumentEncoder().encode(value)
        bytes.append(0x0A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes a document or request body; errors the type throws itself (``IndexCore/IndexError``)
    /// pass through, Foundation's are said in a sentence that names the field.
    /// A key given twice anywhere in the document is an error: Foundation's decoder would keep one of the
    /// two values without a word (``IndexIO/JSONRepeatedKey``, the scan every strict reader uses); so is
    /// a number that overflows or a non-zero number that would read as 0 (`1e-400`).
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, what: String) throws -> Value {
        if let repeated = JSONRepeatedKey(in: data) {
            throw IndexError(
                "\(what): '\(repeated.key)' is given twice" + (repeated.parent.map { " in '\($0)'" } ?? "")
            )
        }
        // A boolean where a number belongs is refused by the decoder itself (unlike JSONSerialization,
        // it never reads `true` as 1); a number no double holds is found by the same scan.
        if let number = JSONRepeatedKey.numberOutOfRange(in: data) {
            throw IndexError("\(what): \(number)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw IndexError(message(error, what: what))
        }
    }

    /// A decoding error as a sentence: where in the document, and what was wrong.
    static func message(_ error: DecodingError, what: String) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? what : "\(what): '\(keys.dropFirst(keys.hasPrefix(".") ? 1 : 0))'"
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "\(what) is not JSON" : "\(path(context)) is not understood: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context)) lacks '\(key.stringValue)'"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context)) must be \(Self.describe(type))"
        @unknown default:
            return "\(what) is not understood"
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".hasPrefix("Array") ? "a list" : "an object"
        }
    }
}
