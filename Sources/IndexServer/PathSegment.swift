import Foundation
import Hummingbird

/// A name as one segment of a URL path (or one query value), and back: the one place a name is
/// percent-encoded for a link or a form's action, and the one place a route's path parameters are
/// decoded.
///
/// Every route compares names after ``decoded(_:)``, so `/api/v1/surveys/%E4%B8%AD/responses` is the
/// survey `中`, and `a%2520b` is the survey `a%20b`.
enum PathSegment {
    /// RFC 3986's unreserved characters, the only ones ``encoded(_:)`` leaves as they are.
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    /// A name as a path segment or a query value: every byte but the unreserved ones percent-encoded
    /// (so `a b` → `a%20b`, `a+b` → `a%2Bb`, `中` → `%E4%B8%AD`), and the names `.` and `..` as
    /// `%2E` and `%2E%2E`, which no client or proxy removes as dot segments.
    static func encoded(_ name: String) -> String {
        if name == "." || name == ".." { return String(repeating: "%2E", count: name.count) }
        return name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? name
    }

    /// A path segment as the name it encodes, decoded once; a segment that is not percent-encoded
    /// UTF-8 stays as sent (and so names nothing stored).
    static func decoded(_ segment: some StringProtocol) -> String {
        String(segment).removingPercentEncoding ?? String(segment)
    }
}

extension RequestContext {
    /// A path parameter of the route, percent-decoded once (``PathSegment/decoded(_:)``): the name
    /// every route compares with stored names. Empty when the route has no such parameter.
    func pathParameter(_ name: String) -> String {
        PathSegment.decoded(parameters.get(name) ?? "")
    }
}
