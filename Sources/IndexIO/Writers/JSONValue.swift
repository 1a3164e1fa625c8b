/// A JSON value with ordered object keys, so output is stable and diff-able.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// A number exactly as computed, or `null` for `nil` and non-finite values (NaN never leaks into
    /// JSON). It is written as the shortest text that reads back as the same double.
    public static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// Pretty-printed JSON text.
    public func rendered(indent: String = "") -> String {
        var out = ""
        render(into: &out, indent: indent)
        return out
    }

    /// Appends the rendering to one string: rendering each level into its own string and joining
    /// copies a document once per level of nesting (a county run's results are ten megabytes).
    func render(into out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value):
            out += Cell.format(value)
        case .string(let text): out += Self.quoted(text)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
            } else if items.allSatisfy({ if case .number = $0 { true } else if case .null = $0 { true } else { false } }
            ) {
                out += "["
                for (index, item) in items.enumerated() {
                    if index > 0 { out += ", " }
                    item.render(into: &out, indent: "")
                }
                out += "]"
            } else {
                let inner = indent + "  "
                out += "[\n"
                for (index, item) in items.enumerated() {
                    if index > 0 { out += ",\n" }
                    out += inner
                    item.render(into: &out, indent: inner)
                }
                out += "\n" + indent + "]"
            }
        case .object(let members):
            if members.isEmpty {
                out += "{}"
            } else {
                let inner = indent + "  "
                out += "{\n"
                for (index, member) in members.enumerated() {
                    if index > 0 { out += ",\n" }
                    out += inner
                    out += Self.quoted(member.0)
                    out += ": "
                    member.1.render(into: &out, indent: inner)
                }
                out += "\n" + indent + "}"
            }
        }
    }

    static func quoted(_ text: String) -> String {
        // Most strings (ids, names) need no escape: one scan of the bytes instead of a scalar-by-scalar copy.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
