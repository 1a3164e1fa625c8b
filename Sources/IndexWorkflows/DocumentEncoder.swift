import Foundation
import IndexCore

/// Encodes a document as Foundation's `JSONEncoder` does with ``WorkflowJSON``'s formatting
/// (`[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`) and its default strategies: the same
/// bytes, from the same `Codable` conformances.
///
/// Why our own encoder and not Foundation's: Foundation's builds a new encoder object, a coding
/// path and a boxed value for every number it writes, which made writing the results document a
/// third of `iidei run --format json` on COINr's ASEM example (8.5 of 25 ms) and held a county run's
/// 11 MiB document several times over in memory. This one writes a number or a string straight into
/// its container and builds an encoder only for a nested value that is not a number, string or
/// boolean. `DocumentEncoderTests` holds it to Foundation's bytes on every document kind and on a
/// value that uses every container, escape and special type.
///
/// Foundation's rules kept here:
/// - keys sorted by their UTF-8 bytes; a key given twice keeps its last value (and, for keys that
///   differ in bytes but are canonically equal, the first spelling), as a `[String: …]` would;
/// - doubles and floats as their shortest round-trip text without a trailing `.0`, and an error
///   for a non-finite one (`Unable to encode Double.nan directly in JSON.`);
/// - strings escaped for `"`, `\` and control characters (`\b \f \n \r \t`, others `\u00XX`),
///   `/` left as it is;
/// - `Date` as its own encoding (seconds since 2001), `URL` as its absolute string, `Data` as
///   Base64, `Decimal` as a number;
/// - a nested value that encodes nothing as `{}`; an empty array or object as `[` or `{`, an empty
///   line and the closing bracket;
/// - at most 512 levels of arrays and objects.
package struct DocumentEncoder {
    package init() {}

    /// The document's JSON text, without a final line break.
    package func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = DocumentTreeEncoder(parent: nil, key: nil)
        guard let node = try encoder.node(for: value, key: nil) else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [],
                    debugDescription: "Top-level \(Value.self) did not encode any values."
                )
            )
        }
        var writer = DocumentTextWriter()
        do {
            try writer.write(node, depth: 0)
        } catch is DocumentTextWriter.TooDeep {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [],
                    debugDescription: "Unable to encode the given top-level value to JSON."
                )
            )
        }
        return writer.bytes
    }
}

// MARK: - The tree

/// A value as encoded, before it is written.
enum DocumentNode {
    case null
    case bool(Bool)
    case string(String)
    /// An integer's or a `Decimal`'s text.
    case number(String)
    /// A finite double, written as its shortest round-trip text.
    case double(Double)
    case array(DocumentArray)
    case object(DocumentObject)
    /// What a `superEncoder` was given, read when the document is written (the caller encodes into
    /// it after the container returned it).
    case pending(DocumentTreeEncoder)
}

/// An array's elements (a reference: a nested container is filled after it is handed out).
final class DocumentArray {
    var elements: [DocumentNode] = []
}

/// An object's members in the order they were encoded (a reference, as ``DocumentArray``).
final class DocumentObject {
    var keys: [String] = []
    var values: [DocumentNode] = []

    func set(_ key: String, _ value: DocumentNode) {
        keys.append(key)
        values.append(value)
    }

    /// The object most recently encoded under `key`, for a nested container asked for twice.
    func object(at key: String) -> DocumentObject? {
        guard let position = keys.lastIndex(of: key), case .object(let object) = values[position] else { return nil }
        return object
    }

    /// The array most recently encoded under `key`.
    func array(at key: String) -> DocumentArray? {
        guard let position = keys.lastIndex(of: key), case .array(let array) = values[position] else { return nil }
        return array
    }
}

/// A coding key of the encoder's own: `super`, and an array's positions.
struct DocumentKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    static let `super` = DocumentKey(stringValue: "super")
}

// MARK: - The encoder

/// The `Encoder` a nested value is given. Its coding path is read through its parents, only when
/// asked for (an error's context).
final class DocumentTreeEncoder: Encoder {
    /// What the value encoded; `nil` until it asks for a container.
    var node: DocumentNode?
    let parent: DocumentTreeEncoder?
    let key: (any CodingKey)?

    init(parent: DocumentTreeEncoder?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var encoder: DocumentTreeEncoder? = self
        while let current = encoder {
            if let key = current.key { path.append(key) }
            encoder = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: DocumentObject
        if case .object(let existing) = node {
            object = existing
        } else {
            object = DocumentObject()
            node = .object(object)
        }
        return KeyedEncodingContainer(DocumentKeyedContainer<Key>(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: DocumentArray
        if case .array(let existing) = node {
            array = existing
        } else {
            array = DocumentArray()
            node = .array(array)
        }
        return DocumentUnkeyedContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { DocumentSingleValueContainer(encoder: self) }

    /// The node of a value encoded under `key` (`nil` when it encoded nothing).
    ///
    /// Numbers, strings and booleans, optional or not, are written without an encoder of their own;
    /// `T.self ==` compares type metadata, and the cast that follows is then of a value to its own
    /// type.
    func node<T: Encodable>(for value: T, key: (any CodingKey)?) throws -> DocumentNode? {
        if T.self == Double.self { return try double(unsafeBitCast(value, to: Double.self), key: key) }
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Optional<Double>.self {
            guard let double = unsafeBitCast(value, to: Optional<Double>.self) else { return .null }
            return try self.double(double, key: key)
        }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Optional<String>.self {
            return unsafeBitCast(value, to: Optional<String>.self).map { .string($0) } ?? .null
        }
        if T.self == Optional<Int>.self {
            return unsafeBitCast(value, to: Optional<Int>.self).map { .number(String($0)) } ?? .null
        }
        // Foundation's own types, as its encoder writes them. Its encoder casts (`value as? URL`),
        // which also unwraps an optional; an optional's own encoding reaches the same value here,
        // so comparing types gives the same bytes without a cast per new type (each one a search
        // of the program's 12,000 protocol conformances, a sixth of the encoding's time).
        if T.self == URL.self { return .string(unsafeBitCast(value, to: URL.self).absoluteString) }
        if T.self == Decimal.self { return .number(unsafeBitCast(value, to: Decimal.self).description) }
        if T.self == Data.self { return .string(unsafeBitCast(value, to: Data.self).base64EncodedString()) }
        let encoder = DocumentTreeEncoder(parent: self, key: key)
        try value.encode(to: encoder)
        return encoder.node
    }

    /// A nested value's node: `{}` when it encoded nothing, as Foundation writes it.
    func nested<T: Encodable>(_ value: T, key: (any CodingKey)?) throws -> DocumentNode {
        try node(for: value, key: key) ?? .object(DocumentObject())
    }

    func double(_ value: Double, key: (any CodingKey)?) throws -> DocumentNode {
        guard value.isFinite else { throw nonFinite(value, key: key) }
        return .double(value)
    }

    func float(_ value: Float, key: (any CodingKey)?) throws -> DocumentNode {
        guard value.isFinite else { throw nonFinite(value, key: key) }
        return .number(DocumentTextWriter.text(of: value))
    }

    func nonFinite<F: BinaryFloatingPoint>(_ value: F, key: (any CodingKey)?) -> EncodingError {
        EncodingError.invalidValue(
            value,
            EncodingError.Context(
                codingPath: codingPath + (key.map { [$0] } ?? []),
                debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."
            )
        )
    }
}

struct DocumentKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: DocumentTreeEncoder
    let object: DocumentObject

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        object.set(key.stringValue, try encoder.double(value, key: key))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        object.set(key.stringValue, try encoder.float(value, key: key))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        object.set(key.stringValue, .number(String(value)))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        object.set(key.stringValue, .number(String(value)))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        object.set(key.stringValue, .number(String(value)))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try encoder.nested(value, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested: DocumentObject
        if let existing = object.object(at: key.stringValue) {
            nested = existing
        } else {
            nested = DocumentObject()
            object.set(key.stringValue, .object(nested))
        }
        let child = DocumentTreeEncoder(parent: encoder, key: key)
        child.node = .object(nested)
        return KeyedEncodingContainer(DocumentKeyedContainer<NestedKey>(encoder: child, object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested: DocumentArray
        if let existing = object.array(at: key.stringValue) {
            nested = existing
        } else {
            nested = DocumentArray()
            object.set(key.stringValue, .array(nested))
        }
        let child = DocumentTreeEncoder(parent: encoder, key: key)
        child.node = .array(nested)
        return DocumentUnkeyedContainer(encoder: child, array: nested)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(at: DocumentKey.super) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(at: key) }

    private func superEncoder(at key: any CodingKey) -> any Encoder {
        let child = DocumentTreeEncoder(parent: encoder, key: key)
        object.set(key.stringValue, .pending(child))
        return child
    }
}

struct DocumentUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: DocumentTreeEncoder
    let array: DocumentArray

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.elements.count }

    private var nextKey: DocumentKey { DocumentKey(intValue: array.elements.count) }

    mutating func encodeNil() throws { array.elements.append(.null) }
    mutating func encode(_ value: Bool) throws { array.elements.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.elements.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.elements.append(try encoder.double(value, key: nextKey)) }
    mutating func encode(_ value: Float) throws { array.elements.append(try encoder.float(value, key: nextKey)) }
    mutating func encode(_ value: Int) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { array.elements.append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { array.elements.append(.number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(try encoder.nested(value, key: nextKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = DocumentObject()
        let child = DocumentTreeEncoder(parent: encoder, key: nextKey)
        child.node = .object(nested)
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(DocumentKeyedContainer<NestedKey>(encoder: child, object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = DocumentArray()
        let child = DocumentTreeEncoder(parent: encoder, key: nextKey)
        child.node = .array(nested)
        array.elements.append(.array(nested))
        return DocumentUnkeyedContainer(encoder: child, array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let child = DocumentTreeEncoder(parent: encoder, key: nextKey)
        array.elements.append(.pending(child))
        return child
    }
}

struct DocumentSingleValueContainer: SingleValueEncodingContainer {
    let encoder: DocumentTreeEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = try encoder.double(value, key: nil) }
    mutating func encode(_ value: Float) throws { encoder.node = try encoder.float(value, key: nil) }
    mutating func encode(_ value: Int) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int8) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int16) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int32) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .number(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        // The value is the encoder's own (a wrapper that encodes what it wraps): no new coding key.
        encoder.node = try encoder.nested(value, key: nil)
    }
}

// MARK: - The writer

/// Writes a tree as pretty-printed JSON with sorted keys (two spaces a level, `" : "` between a key
/// and its value), as Foundation's writer does.
struct DocumentTextWriter {
    struct TooDeep: Error {}

    static let maximumDepth = 512

    /// The digits of a `\u00XX` escape (lower case, as Foundation writes them).
    static let hexDigits = Array("0123456789abcdef".utf8)

    var bytes: [UInt8] = []
    private var indent = 0

    init() { bytes.reserveCapacity(4_096) }

    mutating func write(_ node: DocumentNode, depth: Int) throws {
        switch node {
        case .null: append("null")
        case .bool(let value): append(value ? "true" : "false")
        case .string(let value): writeString(value)
        case .number(let text): append(text)
        case .double(let value): append(Self.text(of: value))
        case .array(let array): try writeArray(array.elements, depth: depth + 1)
        case .object(let object): try writeObject(object, depth: depth + 1)
        case .pending(let encoder): try write(encoder.node ?? .object(DocumentObject()), depth: depth)
        }
    }

    /// A finite float's or double's text as Foundation writes it: its shortest round-trip
    /// `description` without a trailing ".0" ("1" for 1.0, "1e-07" as it is).
    static func text(of value: some BinaryFloatingPoint & CustomStringConvertible) -> String {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func newLineAndIndent() {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * indent))
    }

    private mutating func writeArray(_ elements: [DocumentNode], depth: Int) throws {
        guard depth < Self.maximumDepth else { throw TooDeep() }
        bytes.append(UInt8(ascii: "["))
        indent += 1
        if elements.isEmpty { bytes.append(0x0A) }
        for (position, element) in elements.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            newLineAndIndent()
            try write(element, depth: depth)
        }
        indent -= 1
        newLineAndIndent()
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: DocumentObject, depth: Int) throws {
        guard depth < Self.maximumDepth else { throw TooDeep() }
        bytes.append(UInt8(ascii: "{"))
        indent += 1
        let members = Self.members(of: object)
        if members.isEmpty { bytes.append(0x0A) }
        for (position, member) in members.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            newLineAndIndent()
            writeString(member.key)
            bytes.append(contentsOf: [0x20, UInt8(ascii: ":"), 0x20])
            try write(member.value, depth: depth)
        }
        indent -= 1
        newLineAndIndent()
        bytes.append(UInt8(ascii: "}"))
    }

    /// The object's members as a `[String: …]` holds them — one per key (canonically equal keys are
    /// one key: the first spelling, the last value) — in the order of their keys' UTF-8 bytes.
    static func members(of object: DocumentObject) -> [(key: String, value: DocumentNode)] {
        let keys = object.keys
        var unique: [(key: String, value: DocumentNode)] = []
        unique.reserveCapacity(keys.count)
        if keys.allSatisfy({ ExactString.allBytes(of: $0) { $0 < 0x80 } }) {
            // ASCII keys are equal exactly when their bytes are, and `String`'s order is then their
            // bytes' order (its ASCII fast path): sort, then keep each run's last value.
            let order = keys.indices.sorted { a, b in keys[a] < keys[b] || (keys[a] == keys[b] && a < b) }
            for (position, index) in order.enumerated() {
                if position + 1 < order.count, keys[index] == keys[order[position + 1]] { continue }
                unique.append((keys[index], object.values[index]))
            }
            return unique
        }
        var slots: [String: Int] = [:]
        for (index, key) in keys.enumerated() {
            if let slot = slots[key] {
                unique[slot].value = object.values[index]
            } else {
                slots[key] = unique.count
                unique.append((key, object.values[index]))
            }
        }
        return unique.sorted { ExactString($0.key) < ExactString($1.key) }
    }

    /// A string in quotes, escaped as Foundation's writer escapes it.
    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { text in
            var start = 0
            for (index, byte) in text.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: text[start..<index])
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: bytes.append(0x22)
                case 0x5C: bytes.append(0x5C)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [
                        UInt8(ascii: "u"), 0x30, 0x30, Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)],
                    ])
                }
            }
            bytes.append(contentsOf: text[start...])
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
