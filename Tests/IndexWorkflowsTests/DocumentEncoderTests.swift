import Foundation
import IndexCore
import IndexTestSupport
import Testing

@testable import IndexWorkflows

/// ``WorkflowJSON`` writes documents with its own encoder (``DocumentEncoder``), which must give
/// Foundation's `JSONEncoder`'s bytes: on every document kind the workflows produce, and on values
/// built to reach every container, escape, number form and special type.
@Suite("Document encoder: Foundation's JSONEncoder's bytes, faster")
struct DocumentEncoderTests {
    /// Foundation's encoding with ``WorkflowJSON``'s formatting: the reference.
    static func foundation(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func ours(_ value: some Encodable) throws -> Data { Data(try DocumentEncoder().encode(value)) }

    /// The two encodings as text, for a readable difference when they part.
    static func expectSame(_ value: some Encodable, _ comment: String = "") throws {
        let expected = String(decoding: try foundation(value), as: UTF8.self)
        let actual = String(decoding: try ours(value), as: UTF8.self)
        #expect(actual == expected, "\(comment)")
    }

    @Test func everyDocumentKindTheWorkflowsWriteIsFoundationsBytes() throws {
        let samples = try DocumentSchemaTests.shared.get().filter { $0.foundation != nil }
        #expect(samples.count > 100)
        for sample in samples {
            #expect(
                String(decoding: sample.document, as: UTF8.self)
                    == String(decoding: sample.foundation ?? Data(), as: UTF8.self),
                "\(sample.label)"
            )
        }
    }

    /// Every number form: integers at their limits, doubles from random bit patterns (every
    /// exponent, subnormals, ±0), whole doubles that lose their ".0", floats.
    @Test func numbersAreWrittenAsFoundationWritesThem() throws {
        var random = SplitMix64(seed: 20)
        var doubles: [Double] = [0, -0.0, 1, -1, 0.1, 1e-7, 1e15, 1e16, 1e17, 123_456_789_012_345_680, 2.5e-308]
        doubles += [.leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .ulpOfOne]
        while doubles.count < 3_000 {
            let value = Double(bitPattern: random.next())
            if value.isFinite { doubles.append(value) }
        }
        doubles += (0..<500).map { _ in (random.uniform(-1e6, 1e6) * 100).rounded() / 100 }
        try Self.expectSame(doubles, "doubles")
        try Self.expectSame(doubles.map { Optional($0) } + [nil], "optional doubles")
        try Self.expectSame(doubles.map { Float($0) }.filter(\.isFinite), "floats")
        try Self.expectSame([Int.min, Int.max, 0, -1], "Int")
        try Self.expectSame([Int8.min, Int8.max], "Int8")
        try Self.expectSame([Int16.min, Int16.max], "Int16")
        try Self.expectSame([Int32.min, Int32.max], "Int32")
        try Self.expectSame([Int64.min, Int64.max], "Int64")
        try Self.expectSame([UInt.max, 0], "UInt")
        try Self.expectSame([UInt8.max], "UInt8")
        try Self.expectSame([UInt16.max], "UInt16")
        try Self.expectSame([UInt32.max], "UInt32")
        try Self.expectSame([UInt64.max], "UInt64")
        try Self.expectSame(Everything.Scalars(random: &random), "every scalar in a keyed container")
    }

    /// Strings with every byte Foundation escapes (and the ones it does not: `/`, DEL, non-ASCII),
    /// as values and as keys; keys that sort by bytes, not by characters; a key given twice; keys
    /// equal as strings but spelt with other code points.
    @Test func stringsAndKeysAreEscapedAndSortedAsFoundationDoes() throws {
        let awkward = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }.joined() + "/é\u{65}\u{301}中文😀\u{7F}"
        try Self.expectSame([awkward, "", "\"", "\\", "a/b", "\u{0}\u{1F}"], "strings")
        let keys = ["b", "a", "B", "é", "\u{65}\u{301}", "z", "aa", "a\u{0}", "中", "\u{212A}", "K", "\"key\"", "a/b"]
        var members: [String: Int] = [:]
        for (index, key) in keys.enumerated() { members[key] = index }
        try Self.expectSame(members, "keys as a dictionary's")
        try Self.expectSame(RepeatedKeys(keys: keys), "keys given more than once")
        try Self.expectSame(RepeatedKeys(keys: ["b", "a", "b", "a", "c"]), "ASCII keys given more than once")
        // "K" then KELVIN SIGN, equal as strings, the second given again: the first spelling stays.
        try Self.expectSame(RepeatedKeys(keys: ["\u{E9}", "e\u{301}", "K", "\u{212A}", "k"]), "equal keys spelt twice")
    }

    /// Every container: nested keyed and unkeyed containers (asked for twice), super encoders,
    /// single values wrapping structures, empty arrays and objects, a value that encodes nothing,
    /// dictionaries with string, integer and other keys, Foundation's own types.
    @Test func everyContainerIsWrittenAsFoundationWritesIt() throws {
        var random = SplitMix64(seed: 7)
        try Self.expectSame(Everything(random: &random))
        try Self.expectSame([Everything(random: &random), Everything(random: &random)] as [Everything], "in an array")
        try Self.expectSame([String: [Int]](), "an empty object at the top")
        try Self.expectSame([[Int]](), "an empty array at the top")
        try Self.expectSame("text", "a string at the top")
        try Self.expectSame(2.5, "a number at the top")
        try Self.expectSame(Optional<Int>.none, "null at the top")
    }

    /// The errors Foundation throws are thrown too: a non-finite number (with its coding path), a
    /// top-level value that encodes nothing, more than 512 levels.
    @Test func whatFoundationRefusesIsRefused() throws {
        for value in [Double.nan, .infinity, -.infinity] {
            let document = ["outer": [["inner": value]]]
            let expected = try #require(throws: EncodingError.self) { try Self.foundation(document) }
            let actual = try #require(throws: EncodingError.self) { try Self.ours(document) }
            #expect(Self.describe(actual) == Self.describe(expected))
            #expect(Self.describe(actual).contains("directly in JSON"))
        }
        #expect(throws: EncodingError.self) { try Self.foundation(Nothing()) }
        #expect(throws: EncodingError.self) { try Self.ours(Nothing()) }
        var deep = Deep.leaf
        for _ in 0..<600 { deep = .node([deep]) }
        #expect(throws: EncodingError.self) { try Self.foundation(deep) }
        #expect(throws: EncodingError.self) { try Self.ours(deep) }
        var allowed = Deep.leaf
        for _ in 0..<500 { allowed = .node([allowed]) }
        try Self.expectSame(allowed, "500 levels")
    }

    static func describe(_ error: EncodingError) -> String {
        guard case .invalidValue(_, let context) = error else { return "\(error)" }
        return context.debugDescription + " at " + context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}

// MARK: - Values that reach every part of an encoder

/// Nested arrays `[[[…]]]` of a given depth.
private indirect enum Deep: Encodable {
    case leaf
    case node([Deep])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .leaf: try [Int]().encode(to: encoder)
        case .node(let children): try children.encode(to: encoder)
        }
    }
}

/// A value that asks for no container.
private struct Nothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

/// An object whose keys are encoded in the given order, some more than once.
private struct RepeatedKeys: Encodable {
    var keys: [String]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DocumentKey.self)
        for (index, key) in keys.enumerated() { try container.encode(index, forKey: DocumentKey(stringValue: key)) }
        for (index, key) in keys.enumerated().reversed() where index.isMultiple(of: 3) {
            try container.encode("again \(index)", forKey: DocumentKey(stringValue: key))
        }
    }
}

private struct Everything: Encodable {
    struct Scalars: Encodable {
        var bool = true
        var string = "s"
        var double: Double
        var float: Float
        var int: Int
        var int8: Int8 = -8
        var int16: Int16 = -16
        var int32: Int32 = -32
        var int64: Int64 = .min
        var uint: UInt = .max
        var uint8: UInt8 = 8
        var uint16: UInt16 = 16
        var uint32: UInt32 = 32
        var uint64: UInt64 = .max
        var missing: Double?
        var present: Int? = 3
        var none: String?

        init(random: inout SplitMix64) {
            double = random.uniform(-1e9, 1e9)
            float = Float(random.uniform(-1e3, 1e3))
            int = Int(bitPattern: UInt(random.next()))
        }

        enum CodingKeys: String, CodingKey {
            case bool, string, double, float, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64
            case missing, present, none
        }

        // Every primitive through the keyed container's own methods, and `nil` written as null
        // once and left out once, as documents do.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(bool, forKey: .bool)
            try container.encode(string, forKey: .string)
            try container.encode(double, forKey: .double)
            try container.encode(float, forKey: .float)
            try container.encode(int, forKey: .int)
            try container.encode(int8, forKey: .int8)
            try container.encode(int16, forKey: .int16)
            try container.encode(int32, forKey: .int32)
            try container.encode(int64, forKey: .int64)
            try container.encode(uint, forKey: .uint)
            try container.encode(uint8, forKey: .uint8)
            try container.encode(uint16, forKey: .uint16)
            try container.encode(uint32, forKey: .uint32)
            try container.encode(uint64, forKey: .uint64)
            try container.encode(missing, forKey: .missing)
            try container.encodeIfPresent(present, forKey: .present)
            try container.encodeIfPresent(none, forKey: .none)
        }
    }

    /// Every primitive through an unkeyed container's own methods.
    struct Unkeyed: Encodable {
        var scalars: Scalars

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(scalars.bool)
            try container.encode(scalars.string)
            try container.encode(scalars.double)
            try container.encode(scalars.float)
            try container.encode(scalars.int)
            try container.encode(scalars.int8)
            try container.encode(scalars.int16)
            try container.encode(scalars.int32)
            try container.encode(scalars.int64)
            try container.encode(scalars.uint)
            try container.encode(scalars.uint8)
            try container.encode(scalars.uint16)
            try container.encode(scalars.uint32)
            try container.encode(scalars.uint64)
            try container.encodeNil()
            var nested = container.nestedContainer(keyedBy: DocumentKey.self)
            try nested.encode(container.count, forKey: DocumentKey(stringValue: "count"))
            var list = container.nestedUnkeyedContainer()
            try list.encode(scalars)
            let parent = container.superEncoder()
            var single = parent.singleValueContainer()
            try single.encode("super")
            _ = container.superEncoder()
            try container.encode(Nothing())
        }
    }

    /// Every primitive through a single-value container's own methods, one per element.
    struct Single: Encodable {
        var value: Int
        var scalars: Scalars

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case 0: try container.encode(scalars.bool)
            case 1: try container.encode(scalars.string)
            case 2: try container.encode(scalars.double)
            case 3: try container.encode(scalars.float)
            case 4: try container.encode(scalars.int)
            case 5: try container.encode(scalars.int8)
            case 6: try container.encode(scalars.int16)
            case 7: try container.encode(scalars.int32)
            case 8: try container.encode(scalars.int64)
            case 9: try container.encode(scalars.uint)
            case 10: try container.encode(scalars.uint8)
            case 11: try container.encode(scalars.uint16)
            case 12: try container.encode(scalars.uint32)
            case 13: try container.encode(scalars.uint64)
            case 14: try container.encodeNil()
            case 15: try container.encode(scalars)
            default: try container.encode(Nothing())
            }
        }
    }

    var scalars: Scalars
    var unkeyed: Unkeyed
    var singles: [Single]
    var stringKeys: [String: [Double?]]
    var intKeys: [Int: String]
    var otherKeys: [Double: String]
    var date = Date(timeIntervalSinceReferenceDate: 123_456.789)
    var url = URL(string: "https://example.org/a/b?c=d&e=f")
    var data = Data([0, 1, 2, 250, 255])
    var decimal = Decimal(string: "12345.678900")
    var empty: [String] = []
    var emptyObject: [String: Int] = [:]
    var nothing = Nothing()

    init(random: inout SplitMix64) {
        let scalars = Scalars(random: &random)
        self.scalars = scalars
        unkeyed = Unkeyed(scalars: Scalars(random: &random))
        singles = (0..<17).map { Single(value: $0, scalars: scalars) }
        stringKeys = ["b": [1, nil, 2.5], "a": [], "c": [nil]]
        intKeys = [3: "three", -1: "minus one", 10: "ten"]
        otherKeys = [1.5: "one and a half"]
    }

    enum CodingKeys: String, CodingKey {
        case scalars, unkeyed, singles, stringKeys, intKeys, otherKeys, date, url, data, decimal, empty, emptyObject
        case nothing, nested, list, base
    }

    // The synthesised members, then the same nested container asked for twice, a nested list, and
    // the container's super encoders (the default key and a named one).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scalars, forKey: .scalars)
        try container.encode(unkeyed, forKey: .unkeyed)
        try container.encode(singles, forKey: .singles)
        try container.encode(stringKeys, forKey: .stringKeys)
        try container.encode(intKeys, forKey: .intKeys)
        try container.encode(otherKeys, forKey: .otherKeys)
        try container.encode(date, forKey: .date)
        try container.encode(url, forKey: .url)
        try container.encode(data, forKey: .data)
        try container.encode(decimal, forKey: .decimal)
        try container.encode(empty, forKey: .empty)
        try container.encode(emptyObject, forKey: .emptyObject)
        try container.encode(nothing, forKey: .nothing)
        var first = container.nestedContainer(keyedBy: DocumentKey.self, forKey: .nested)
        try first.encode(1, forKey: DocumentKey(stringValue: "first"))
        var second = container.nestedContainer(keyedBy: DocumentKey.self, forKey: .nested)
        try second.encode(2, forKey: DocumentKey(stringValue: "second"))
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try list.encode("item")
        try scalars.encode(to: container.superEncoder())
        var base = container.superEncoder(forKey: .base).unkeyedContainer()
        try base.encode(true)
    }
}
