public import Foundation

/// A key that an object of a JSON document gives twice, and where that object is.
///
/// JSON readers (Foundation's `JSONDecoder` and `JSONSerialization` alike) keep one of the two values
/// without a word, so every strict reader scans a document for this before it decodes it.
///
/// ```swift
/// if let repeated = JSONRepeatedKey(in: data) {
///     throw IndexError("field '\(repeated.key)' is given twice", file: path)
/// }
/// ```
public struct JSONRepeatedKey: Sendable, Hashable {
    /// One step from the document's top towards the object that repeats the key.
    public enum Step: Sendable, Hashable {
        /// The member of an object with this key.
        case key(String)
        /// The element of an array at this 0-based index.
        case index(Int)
    }

    /// The steps from the top of the document to the object that repeats ``key`` (empty: the top).
    public var path: [Step]
    /// The key given twice.
    public var key: String

    /// The key of the member the repeating object is, when it is one (`nil` at the top or in an array).
    public var parent: String? {
        guard case .key(let parent) = path.last else { return nil }
        return parent
    }

    /// A key given twice in the object at `path`.
    public init(path: [Step], key: String) {
        self.path = path
        self.key = key
    }

    /// An open container while scanning. An object's keys so far are `keys[start...]` of the scan's one
    /// key buffer, so reading an object allocates nothing of its own.
    private struct Frame {
        var isObject: Bool
        var start = 0
        var expectsKey = true
        /// The key of the member being read (objects) or the element's index (arrays).
        var current: String?
        var index = 0

        var step: Step? { isObject ? current.map(Step.key) : .index(index) }
    }

    /// Above this many keys an object's keys are also kept in a set, so a huge object is scanned in
    /// linear time; below it a linear search of the buffer is cheaper than hashing.
    private static let linearSearchLimit = 32

    /// The first key that an object of `data` repeats, or `nil` when none does.
    ///
    /// The scan follows only strings, brackets and commas: a document that is not JSON may give `nil`
    /// or a key, and is refused by the decoder that reads it next. Keys are compared as the decoder
    /// compares them, after their escapes (`"\u0061"` is `"a"`).
    ///
    /// - Complexity: O(*n*) in the document's length.
    public init?(in data: Data) {
        guard case .repeatedKey(let path, let key)? = Self.scan(data, checkingNumbers: false) else { return nil }
        self.path = path
        self.key = key
    }

    /// A number literal that no double holds as written, and where it is.
    public struct NumberOutOfRange: Sendable, Hashable, CustomStringConvertible {
        /// The steps from the top of the document to the number (its key or index last).
        public var path: [Step]
        /// The literal as written (`1e-400`).
        public var text: String
        /// Why it is refused (``NumberParser/rangeProblem(_:)``).
        public var reason: String

        /// `number 1e-400 at 'scores.x': …`, the path written as keys and `[index]`.
        public var description: String {
            let place = path.map { step -> String in
                switch step {
                case .key(let key): ".\(key)"
                case .index(let index): "[\(index)]"
                }
            }.joined()
            return (place.isEmpty ? "" : "at '\(place.hasPrefix(".") ? String(place.dropFirst()) : place)': ") + reason
        }
    }

    /// The first number of `data` that overflows to infinity or is a non-zero number read as zero
    /// (or as a subnormal): `1e400`, `1e-400`. Foundation's readers give `inf`, `0` or refuse with no
    /// place; this scan is the one that finds it, as it finds repeated keys.
    ///
    /// - Complexity: O(*n*) in the document's length.
    public static func numberOutOfRange(in data: Data) -> NumberOutOfRange? {
        guard case .number(let path, let text, let reason)? = scan(data, checkingNumbers: true) else { return nil }
        return NumberOutOfRange(path: path, text: text, reason: reason)
    }

    /// What the scan finds first.
    private enum Finding {
        case repeatedKey([Step], String)
        case number([Step], String, String)
    }

    /// The one scan of a document: the first repeated key, or (when asked) the first number out of range.
    private static func scan(_ data: Data, checkingNumbers: Bool) -> Finding? {
        data.withUnsafeBytes { raw -> Finding? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var frames: [Frame] = []
            var keys: [String] = []
            // The sets of the open objects with more than `linearSearchLimit` keys, by depth.
            var large: [Int: Set<String>] = [:]
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    var end = index + 1
                    var isEscaped = false
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                        let isBackslash = bytes[end] == UInt8(ascii: "\\")
                        isEscaped = isEscaped || isBackslash
                        end += isBackslash ? 2 : 1
                    }
                    if let top = frames.last, top.isObject, top.expectsKey {
                        let text = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<min(end, bytes.count)])
                        let key = isEscaped ? Self.unescaped(text) : String(decoding: text, as: UTF8.self)
                        let depth = frames.count - 1
                        let count = keys.count - top.start
                        let isRepeated: Bool
                        if count < Self.linearSearchLimit {
                            isRepeated = keys[top.start...].contains(key)
                        } else {
                            if large[depth] == nil { large[depth] = Set(keys[top.start...]) }
                            isRepeated = !large[depth, default: []].insert(key).inserted
                        }
                        if isRepeated, !checkingNumbers {
                            return .repeatedKey(frames.dropLast().compactMap(\.step), key)
                        }
                        keys.append(key)
                        frames[depth].current = key
                        frames[depth].expectsKey = false
                    }
                    index = end
                case UInt8(ascii: "{"):
                    frames.append(Frame(isObject: true, start: keys.count))
                case UInt8(ascii: "["):
                    frames.append(Frame(isObject: false))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if let top = frames.popLast(), top.isObject {
                        keys.removeSubrange(top.start...)
                        large[frames.count] = nil
                    }
                case UInt8(ascii: ","):
                    if !frames.isEmpty {
                        frames[frames.count - 1].expectsKey = true
                        frames[frames.count - 1].index += 1
                    }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    var end = index
                    while end < bytes.count, Self.isNumberByte(bytes[end]) { end += 1 }
                    if checkingNumbers {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                        if let reason = NumberParser.rangeProblem(text) {
                            return .number(frames.compactMap(\.step), text, reason)
                        }
                    }
                    index = end - 1
                default:
                    break
                }
                index += 1
            }
            return nil
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    /// A key with escapes, as a decoder reads it; its raw text when it is no valid JSON string.
    private static func unescaped(_ text: UnsafeBufferPointer<UInt8>) -> String {
        let quoted = Data([UInt8(ascii: "\"")] + Array(text) + [UInt8(ascii: "\"")])
        let value = try? JSONSerialization.jsonObject(with: quoted, options: .fragmentsAllowed) as? String
        return value ?? String(decoding: text, as: UTF8.self)
    }
}
