import IndexCore

/// HTML or SVG markup whose string interpolation escapes by default.
///
/// Every page and figure — the printed report and every dashboard page — is built from this one
/// type, so text that comes from data (a unit id, a name, a source, a file name) cannot be written
/// as markup by mistake:
///
/// ```swift
/// let id = #"CHE"><svg onload=alert(1)>"#
/// let cell: HTML = "<td data-code=\"\(id)\">\(name)</td>"   // id and name are escaped
/// let row: HTML = "<tr>\(cell)</tr>"                         // HTML nests as it is
/// ```
///
/// Literal text is trusted because it is code: ``StringLiteralType`` is `StaticString`, so a run-time
/// `String` cannot become markup through a literal initialiser. The only way to write a run-time
/// string unescaped is ``init(trusted:)``, for markup this module produced itself (a rendered SVG).
///
/// Interpolated `String`s and other values are escaped for both element text and quoted attribute
/// values (`&`, `<`, `>`, `"`, `'`); integers are written as they are.
public struct HTML: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    public typealias StringLiteralType = StaticString

    /// The markup.
    public private(set) var rendered: String

    /// Empty markup.
    public init() { rendered = "" }

    /// Literal markup written in code.
    public init(stringLiteral value: StaticString) {
        rendered = value.description
    }

    public init(stringInterpolation: StringInterpolation) {
        rendered = stringInterpolation.rendered
    }

    /// Markup this module produced and checked itself, written unescaped.
    ///
    /// Never pass text that came from data: that is what the default interpolation is for.
    public init(trusted markup: String) {
        rendered = markup
    }

    /// Plain text, escaped.
    public init(text: some StringProtocol) {
        rendered = HTML.escape(text)
    }

    public var description: String { rendered }

    public var isEmpty: Bool { rendered.isEmpty }

    /// Appends markup.
    public mutating func append(_ other: HTML) {
        rendered += other.rendered
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(trusted: lhs.rendered + rhs.rendered)
    }

    public static func += (lhs: inout HTML, rhs: HTML) {
        lhs.append(rhs)
    }

    /// Text made safe inside HTML or XML element content and quoted attribute values
    /// (``IndexCore``'s one XML escaping: markup characters as references, characters XML forbids
    /// as U+FFFD).
    public static func escape(_ text: some StringProtocol) -> String {
        XMLText.escape(text)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        public typealias StringLiteralType = StaticString

        var rendered = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            rendered.reserveCapacity(literalCapacity + interpolationCount * 8)
        }

        /// Literal markup from the code.
        public mutating func appendLiteral(_ literal: StaticString) {
            rendered += literal.description
        }

        /// Markup, as it is.
        public mutating func appendInterpolation(_ markup: HTML) {
            rendered += markup.rendered
        }

        /// A list of markup, joined with nothing between.
        public mutating func appendInterpolation(_ items: [HTML]) {
            for item in items { rendered += item.rendered }
        }

        /// Text, escaped.
        public mutating func appendInterpolation(_ text: String) {
            rendered += HTML.escape(text)
        }

        /// Text, escaped.
        public mutating func appendInterpolation(_ text: Substring) {
            rendered += HTML.escape(text)
        }

        /// A whole number.
        public mutating func appendInterpolation(_ value: Int) {
            rendered += String(value)
        }

        /// Any other value, by its description, escaped.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            rendered += HTML.escape(value.description)
        }
    }
}

extension Array where Element == HTML {
    /// The markup of every element with a separator between.
    public func joined(separator: HTML = HTML()) -> HTML {
        var out = HTML()
        for (index, item) in enumerated() {
            if index > 0 { out.append(separator) }
            out.append(item)
        }
        return out
    }
}
