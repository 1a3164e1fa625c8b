import Foundation
import Hummingbird

/// A route that takes a request body, with what it needs before a byte of the body is read.
///
/// ``HardenedResponder`` admits a request to such a route (``API/admit(_:to:)``) before the router
/// runs: authorisation, the media type and the declared `Content-Length` against the route's limit.
/// A request with a body to a route that is not one of ``all(maxBodyBytes:)`` is refused
/// ("takes no body"), so a route added later cannot read a body unchecked. Handlers read the body
/// through ``API/body(_:)``, bounded by the same limit.
struct BodyRoute: Sendable {
    /// Who may send the body.
    enum Access: Sendable, Equatable {
        /// An analyst or above: an account's token or session, or the server's own token (`--token-file`).
        case writer
        /// An admin (the account pages' forms).
        case admin
        /// Anyone: the route checks what it needs (signing in and out, whose forms carry their own
        /// anti-forgery token).
        case anyone
        /// An expert's token of the survey named by the path parameter `name` (checked in the store).
        case expert
    }

    /// What the body may be.
    enum Media: Sendable, Equatable {
        /// JSON: a declared `Content-Type` must be `application/json` (or `…+json`); none is allowed.
        case json
        /// A data file (CSV, XLSX, JSON): any type, the reader decides by the file's name and bytes.
        case file
        /// An HTML form: `application/x-www-form-urlencoded`, declared.
        case form
    }

    var method: HTTPRequest.Method
    var path: RouterPath
    var access: Access
    var media: Media
    /// The largest body, in bytes.
    var maxBytes: Int

    /// The largest JSON body a route takes: 1 MiB (a survey's answers, a run's options), or the
    /// server's `--max-body-mib` if that is smaller.
    static let jsonLimit = 1 << 20

    /// The largest form body, and an account route's JSON: a name, a password, a role, a label and an
    /// anti-forgery token.
    static let formLimit = 16 << 10

    /// Every route that takes a body, for a server whose largest body is `maxBodyBytes`.
    static func all(maxBodyBytes: Int) -> [BodyRoute] {
        let json = min(jsonLimit, maxBodyBytes)
        let form = min(formLimit, maxBodyBytes)
        return [
            BodyRoute(method: .post, path: "/api/v1/datasets", access: .writer, media: .file, maxBytes: maxBodyBytes),
            BodyRoute(method: .post, path: "/upload", access: .writer, media: .file, maxBytes: maxBodyBytes),
            BodyRoute(method: .post, path: "/api/v1/runs", access: .writer, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: "/api/v1/robustness", access: .writer, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: "/api/v1/robustness/draws", access: .writer, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: "/api/v1/levers", access: .writer, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: "/api/v1/audit", access: .writer, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: "/api/v1/regions", access: .writer, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: "/api/v1/importance", access: .writer, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: "/api/v1/leave-one-out", access: .writer, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: SurveyRoutes.responsesPath, access: .expert, media: .json, maxBytes: json),
            BodyRoute(method: .post, path: "/api/v1/accounts", access: .admin, media: .json, maxBytes: form),
            BodyRoute(method: .post, path: "/api/v1/accounts/:name/role", access: .admin, media: .json, maxBytes: form),
            BodyRoute(
                method: .post,
                path: "/api/v1/accounts/:name/tokens",
                access: .admin,
                media: .json,
                maxBytes: form
            ),
            BodyRoute(method: .post, path: "/signin", access: .anyone, media: .form, maxBytes: form),
            BodyRoute(method: .post, path: "/signout", access: .anyone, media: .form, maxBytes: form),
            BodyRoute(method: .post, path: "/admin", access: .admin, media: .form, maxBytes: form),
        ]
    }

    /// The path parameters of `segments` (raw, as requested) when this route's path matches them.
    func parameters(method: HTTPRequest.Method, segments: [Substring]) -> [String: String]? {
        guard method == self.method, let captures = path.captures(segments) else { return nil }
        return captures
    }
}

extension RouterPath {
    /// The captured parameters of a path (split into raw segments), decoded once
    /// (``PathSegment/decoded(_:)``), or `nil` when the path does not match.
    func captures(_ segments: [Substring]) -> [String: String]? {
        guard components.count == segments.count,
            zip(components, segments).allSatisfy({ element, segment in element ~= segment })
        else { return nil }
        var captures: [String: String] = [:]
        for (element, segment) in zip(components, segments) {
            if let name = element.parameterName { captures[name] = PathSegment.decoded(segment) }
        }
        return captures
    }
}

extension RouterPath.Element {
    /// The name of the parameter this element captures whole (`:name`, described `{name}`), if it does.
    var parameterName: String? {
        let text = description
        guard text.count > 2, text.hasPrefix("{"), text.hasSuffix("}") else { return nil }
        return String(text.dropFirst().dropLast())
    }
}
