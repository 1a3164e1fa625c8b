import Foundation

/// The shape of a JSON document, as much of JSON Schema (2020-12, OpenAPI 3.1's dialect) as the API's
/// documents need: written next to the Codable types and encoded into the OpenAPI document, so the
/// document is generated from the types rather than by hand.
///
/// An object's properties are closed (`additionalProperties: false`): a property added to a Swift type
/// and not to its schema fails `DocumentSchemaTests`, which validates real encoded documents against
/// these schemas. A property of a Swift optional is `optional` (the synthesised `Encodable` leaves the
/// key out when it is `nil`); ``nullable(_:)`` is for values encoded as `null`, such as a dictionary's
/// `Double?` values.
public indirect enum JSONSchema: Sendable, Hashable {
    /// Text, optionally restricted by a regular expression or to a set of values.
    case string(pattern: String? = nil, values: [String]? = nil, format: String? = nil)
    case number(minimum: Double? = nil, maximum: Double? = nil)
    case integer(minimum: Int64? = nil, maximum: Int64? = nil)
    case boolean
    case array(JSONSchema)
    /// An object with fixed keys: `required` are always present, `optional` may be left out; no other key.
    case object(required: [String: JSONSchema], optional: [String: JSONSchema] = [:])
    /// An object whose keys are data (ids, periods) and whose values all have one shape.
    case map(JSONSchema)
    /// A value or `null`.
    case nullable(JSONSchema)
    /// A named schema of the OpenAPI document's components (``DocumentSchema``).
    case reference(String)
    /// Exactly one of the schemas.
    case oneOf([JSONSchema])
    /// A schema with a sentence for readers.
    case described(String, JSONSchema)

    /// The named schema of a document type.
    public static func ref(_ type: any DocumentSchema.Type) -> JSONSchema {
        .reference(type.schemaName)
    }

    /// The schema as compact JSON with sorted keys.
    public var json: String {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }
}

extension JSONSchema: Encodable {
    struct Key: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init(stringLiteral value: String) { stringValue = value }
        init?(intValue: Int) { nil }
    }

    /// The JSON type of the schema, for `type: [T, "null"]`; `nil` for a combination or a reference.
    var typeName: String? {
        switch self {
        case .string(_, let values, _): values == nil ? "string" : nil
        case .number: "number"
        case .integer: "integer"
        case .boolean: "boolean"
        case .array: "array"
        case .object, .map: "object"
        case .nullable, .reference, .oneOf, .described: nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try write(to: &container, allowingNull: false)
    }

    /// Writes the schema's keywords; with `allowingNull` its `type` also admits `null`.
    func write(to container: inout KeyedEncodingContainer<Key>, allowingNull: Bool) throws {
        if let typeName {
            if allowingNull {
                try container.encode([typeName, "null"], forKey: "type")
            } else {
                try container.encode(typeName, forKey: "type")
            }
        }
        switch self {
        case .string(let pattern, let values, let format):
            if let values {
                try container.encode(values, forKey: "enum")
            }
            try container.encodeIfPresent(pattern, forKey: "pattern")
            try container.encodeIfPresent(format, forKey: "format")
        case .number(let minimum, let maximum):
            try container.encodeIfPresent(minimum, forKey: "minimum")
            try container.encodeIfPresent(maximum, forKey: "maximum")
        case .integer(let minimum, let maximum):
            try container.encodeIfPresent(minimum, forKey: "minimum")
            try container.encodeIfPresent(maximum, forKey: "maximum")
        case .boolean:
            break
        case .array(let items):
            try container.encode(items, forKey: "items")
        case .object(let required, let optional):
            try container.encode(required.merging(optional) { first, _ in first }, forKey: "properties")
            if !required.isEmpty {
                try container.encode(required.keys.sorted(), forKey: "required")
            }
            try container.encode(false, forKey: "additionalProperties")
        case .map(let values):
            try container.encode(values, forKey: "additionalProperties")
        case .nullable(let schema):
            if schema.typeName != nil {
                try schema.write(to: &container, allowingNull: true)
            } else {
                var choices = container.nestedUnkeyedContainer(forKey: "anyOf")
                try choices.encode(schema)
                try choices.encode(["type": "null"])
            }
        case .reference(let name):
            try container.encode("#/components/schemas/\(name)", forKey: "$ref")
        case .oneOf(let schemas):
            try container.encode(schemas, forKey: "oneOf")
        case .described(let text, let schema):
            try schema.write(to: &container, allowingNull: allowingNull)
            try container.encode(text, forKey: "description")
        }
    }
}

/// A type whose encoded documents have a schema in the OpenAPI document.
///
/// ```swift
/// extension ProblemDocument: DocumentSchema {
///     public static var schema: JSONSchema {
///         .object(required: ["error": .string(), "problems": .array(.string())])
///     }
/// }
/// ```
public protocol DocumentSchema {
    /// The name under `components/schemas`.
    static var schemaName: String { get }
    /// The shape of the type's JSON encoding.
    static var schema: JSONSchema { get }
}
