import Foundation
import HTTPTypes
import Hummingbird
import IndexCore
import IndexStore
import NIOCore

/// Wraps the whole router: what every request gets before any route runs, and what every response
/// carries after — one place, not per page.
///
/// Before a route, in this order:
/// 1. the request is logged, secrets redacted (``RequestLog``);
/// 2. a path that is not canonical (``CanonicalPath``) is a 404: no page is served under another
///    spelling of its address;
/// 3. an oversized or malformed `Content-Length` is refused before a byte of the body is read (413/400);
/// 4. a path no route has is a JSON 404; a method the path does not have is a 405 with `Allow`;
/// 5. a body sent to a route that takes none is refused (413);
/// 6. with `--private`, every path but `/health`, `/ready` and signing in needs a credential (so
///    `/metrics` and `/api/openapi.yaml` too) — except an expert's own form (its token is in its path)
///    and the survey answer route (its bearer is the expert's token, checked next); a page asked for
///    without any credential (a browser's) is sent to `/signin`, and comes back after it;
/// 7. a write a page on another site could have made the browser send is refused (403,
///    ``CrossSiteGuard``);
/// 8. a request to a body route is admitted (``API/admit(_:to:parameters:)``: who, media type,
///    declared length against the route's limit) before its body is read.
///
/// After: ``SecurityHeaders`` on every response, errors included; a refusal of a request that has
/// a body says `Connection: close`, and ``RequestBodyGuard`` closes the connection without reading it.
struct HardenedResponder: HTTPResponder {
    typealias Context = ServerRequestContext

    let inner: RouterResponder<BasicRequestContext>
    /// Each route's path and the methods it answers (HEAD included wherever GET is).
    let routes: [(path: RouterPath, methods: Set<HTTPRequest.Method>)]
    /// The routes with a `:token` parameter, whose token the log never shows.
    let tokenRoutes: [RouterPath]
    let configuration: ServerConfiguration
    let api: API
    /// Where pages render, one at a time.
    let pages = SerialTaskExecutor(label: "iidei.pages")

    init(router: Router<BasicRequestContext>, configuration: ServerConfiguration, api: API) {
        inner = router.buildResponder()
        var methods: [String: (RouterPath, Set<HTTPRequest.Method>)] = [:]
        for route in router.routes {
            methods[route.path.description, default: (route.path, [])].1.insert(route.method)
        }
        routes = methods.values.map { (path: $0.0, methods: $0.1) }
        tokenRoutes = routes.map(\.path).filter { $0.components.contains { $0.parameterName == "token" } }
        self.configuration = configuration
        self.api = api
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        RequestLog.record(request, tokenRoutes: tokenRoutes, logger: context.routed.logger)
        var response = await answer(request, context: context)
        SecurityHeaders.apply(to: &response.headers)
        if Self.hasBody(request), response.status.code >= 400 { response.headers[.connection] = "close" }
        if request.method == .head { response = response.createHeadResponse() }
        return response
    }

    /// Whether a request says it has a body (a `Content-Length` above 0, or a transfer coding).
    static func hasBody(_ request: Request) -> Bool {
        if request.headers[.transferEncoding] != nil { return true }
        return request.headers[.contentLength].map { $0 != "0" } ?? false
    }

    /// A refusal before any route runs, as the middleware answers an error: a page for a
    /// reader's browser (``API/errorPage(_:_:)``), else the JSON document.
    func refusal(_ request: Request, _ error: any Error) -> Response {
        ErrorDocument.response(for: error, request: request, page: api.errorPage)
    }

    func answer(_ request: Request, context: Context) async -> Response {
        if let problem = CanonicalPath.problem(in: request.uri.path) {
            return refusal(request, APIError(.notFound, "no such path: \(problem)"))
        }
        if let declared = request.headers[.contentLength] {
            guard let length = Int(declared), length >= 0 else {
                return refusal(
                    request,
                    APIError(.badRequest, "Content-Length '\(declared)' is not a byte count")
                )
            }
            if length > configuration.maxBodyBytes {
                return refusal(
                    request,
                    APIError(
                        .contentTooLarge,
                        "the request body is larger than \(configuration.maxBodyBytes) bytes (Content-Length \(length))"
                    )
                )
            }
        }
        let allowed = methods(for: request.uri.path)
        guard !allowed.isEmpty else {
            return refusal(request, APIError(.notFound, "no such path: \(Self.shown(request.uri.path))"))
        }
        guard allowed.contains(request.method) else {
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            var headers = HTTPFields()
            headers[.allow] = allow
            return refusal(
                request,
                APIError(
                    .methodNotAllowed,
                    "\(request.method.rawValue) is not allowed on \(Self.shown(request.uri.path)) (allowed: \(allow))",
                    headers: headers
                )
            )
        }
        let bodyRoute = api.bodyRoute(for: request)
        if bodyRoute == nil, Self.hasBody(request) {
            return refusal(
                request,
                APIError(
                    .contentTooLarge,
                    "\(request.method.rawValue) \(Self.shown(request.uri.path)) takes no request body"
                )
            )
        }
        let identity: RequestIdentity
        do {
            identity = try await api.identify(request, peer: context.peer)
        } catch {
            return refusal(request, error)
        }
        return await RequestIdentity.$current.withValue(identity) {
            await answer(request, bodyRoute: bodyRoute, context: context.routed)
        }
    }

    /// The rest of ``answer(_:context:)``, once the sender is known (``RequestIdentity/current``).
    func answer(
        _ request: Request,
        bodyRoute: (route: BodyRoute, parameters: [String: String])?,
        context: BasicRequestContext
    ) async -> Response {
        if configuration.privateReads, !isOpenUnderPrivate(request, bodyRoute: bodyRoute?.route),
            !api.isAuthorised()
        {
            // A browser's page request (no bearer: a script that sent a wrong one gets its 401).
            if request.method == .get, request.headers[.authorization] == nil, Self.rendersPage(request),
                !request.uri.path.hasPrefix("/data/"),
                !request.uri.path.hasPrefix("/tables/")
            {
                let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Response(
                    status: .seeOther,
                    headers: [.location: Pages.link("/signin", api.language(request), ["next": back])]
                )
            }
            return ErrorDocument.response(
                for: APIError(.unauthorized, "reads are private: a valid Authorization: Bearer token is required")
            )
        }
        if let problem = CrossSiteGuard.problem(request, identity: RequestIdentity.current, route: bodyRoute?.route) {
            return ErrorDocument.response(for: APIError(.forbidden, problem))
        }
        do {
            if let (route, parameters) = bodyRoute { try await api.admit(request, to: route, parameters: parameters) }
            guard Self.rendersPage(request) else { return try await inner.respond(to: request, context: context) }
            return try await withTaskExecutorPreference(pages) {
                try await inner.respond(to: request, context: context)
            }
        } catch {
            return ErrorDocument.response(for: error)
        }
    }

    /// Whether a request needs no bearer token under `--private`: `/health`, `/ready`, signing in and
    /// out, and an expert's own
    /// survey form and answers, whose credential is the expert's token (checked by the form's route
    /// and by ``API/admit(_:to:parameters:)``, and good for that expert's survey only).
    func isOpenUnderPrivate(_ request: Request, bodyRoute: BodyRoute?) -> Bool {
        if request.uri.path == "/health" || request.uri.path == "/ready" { return true }
        // Signing in is how a reader of a private server becomes known.
        if request.uri.path == "/signin" || request.uri.path == "/signout" { return true }
        if bodyRoute?.access == .expert { return true }
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        return request.method == .get || request.method == .head
            ? SurveyRoutes.formPath.captures(segments) != nil : false
    }

    /// Whether a request renders a page or a download (HTML, CSV, XLSX): work that grows with the
    /// number of units, run on ``pages`` so it never holds the threads `/health` and the API need.
    static func rendersPage(_ request: Request) -> Bool {
        let path = request.uri.path
        return !(path == "/health" || path == "/ready" || path == "/metrics" || path.hasPrefix("/api/"))
    }

    /// The methods the routes answer on a path; empty when no route has it.
    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods: Set<HTTPRequest.Method> = []
        for route in routes where route.path.captures(segments) != nil { methods.formUnion(route.methods) }
        return methods
    }

    /// A request path as it may appear in a message: at most 200 characters.
    static func shown(_ path: String) -> String {
        path.count > 200 ? String(path.prefix(200)) + "…" : path
    }
}

/// The one rule against cross-site request forgery, for every method that may write (all but GET,
/// HEAD and OPTIONS):
///
/// - a request the browser marks as sent by another site (`Sec-Fetch-Site: cross-site`), or whose
///   `Origin` is another host (or `null`), is refused whatever its credential;
/// - a request whose credential is the sign-in session's cookie must carry the session's
///   anti-forgery token (``SessionRules/csrfToken(session:)``): in the `X-CSRF-Token` header, which
///   the pages' scripts send from the page's `csrf-token` meta element, or, for an HTML form's route
///   (``BodyRoute/Media/form``), in its `csrf` field, which that route checks once it has the body.
///
/// A bearer token needs no more: a browser never adds an `Authorization` header by itself, and a
/// cross-site script cannot add one without a CORS preflight this server never grants.
enum CrossSiteGuard {
    static let headerName = "X-CSRF-Token"

    /// Why the request is refused, or `nil` when it may go on.
    static func problem(_ request: Request, identity: RequestIdentity, route: BodyRoute?) -> String? {
        guard ![.get, .head, .options].contains(request.method) else { return nil }
        if let name = HTTPField.Name("Sec-Fetch-Site"), request.headers[name]?.lowercased() == "cross-site" {
            return "a write sent by a page on another site is refused"
        }
        if let origin = request.headers[.origin] {
            let host = request.head.authority.map { String($0.split(separator: ":").first ?? "").lowercased() }
            guard let originHost = URLComponents(string: origin)?.host?.lowercased(), originHost == host else {
                return "a write from another origin (\(String(origin.prefix(100)))) is refused"
            }
        }
        guard identity.session != nil, route?.media != .form else { return nil }
        guard Session.isGenuine(HTTPField.Name(headerName).flatMap { request.headers[$0] }, identity: identity) else {
            return "a write with the sign-in cookie needs the page's anti-forgery token (\(headerName))"
        }
        return nil
    }
}

/// The one path normalisation policy: a path that is not in canonical form is refused (404), never
/// served under its canonical meaning, so no protected page has an unchecked alias.
///
/// A path is canonical when it is `/` or a `/`-separated list of segments none of which is empty
/// (no `//`, no trailing `/`), `.` or `..` (spelt out; `%2E` and `%2E%2E` are those names), holds an
/// encoded `/` (`%2F`: no name on any route holds one), a raw `\` (browsers read it as `/`), or percent-encodes a character that needs no encoding (an
/// unreserved one: `%73urvey`, `%41`). Literal segments are compared case-sensitively by the router
/// (`/SURVEY/…` is no route). Names with other characters arrive percent-encoded and are decoded
/// once, by ``PathSegment``.
enum CanonicalPath {
    /// Why `path` is not canonical, or `nil` when it is.
    static func problem(in path: String) -> String? {
        guard path != "/" else { return nil }
        guard path.hasPrefix("/") else { return "a path must start with '/'" }
        for segment in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return "the path has an empty segment ('//' or a trailing '/')" }
            if segment.contains("\\") { return "the path has a '\\'" }
            if segment == "." || segment == ".." { return "the path has a '.' or '..' segment" }
            // `%2E` and `%2E%2E` are the names `.` and `..` (``PathSegment/encoded(_:)``), not dot
            // segments: the router matches segments as sent, so they alias nothing.
            if segment == "%2E" || segment == "%2E%2E" { continue }
            var rest = segment[...]
            while let percent = rest.firstIndex(of: "%") {
                let code = rest[rest.index(after: percent)...].prefix(2)
                if let byte = UInt8(code, radix: 16), code.count == 2 {
                    if byte == UInt8(ascii: "/") { return "the path has an encoded '/'" }
                    if byte < 0x80, PathSegment.unreserved.contains(Unicode.Scalar(byte)) {
                        return "the path percent-encodes a character that needs no encoding"
                    }
                }
                rest = rest[rest.index(after: percent)...]
            }
        }
        return nil
    }
}

/// The headers every response carries.
enum SecurityHeaders {
    /// The policy of a response that is not a page: it may load nothing and be framed by nobody.
    static let strictPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    static func apply(to headers: inout HTTPFields) {
        headers[.xContentTypeOptions] = "nosniff"
        if let referrer = HTTPFields.Element.Name("Referrer-Policy") { headers[referrer] = "no-referrer" }
        if let frames = HTTPFields.Element.Name("X-Frame-Options") { headers[frames] = "DENY" }
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = strictPolicy }
        if headers[.cacheControl] == nil {
            let isHTML = headers[.contentType]?.hasPrefix("text/html") ?? false
            headers[.cacheControl] = isHTML ? "no-cache, private" : "no-cache"
        }
    }
}

/// The Content-Security-Policy of a page: its own inline scripts and styles, by hash, and nothing
/// else — a script injected from data does not run, even if markup escaped the escaping.
enum ContentSecurityPolicy {
    /// The policy for an HTML page.
    ///
    /// Every `<script>` and `<style>` element's text, and every `style="…"` and `on…="…"` attribute's
    /// value, is allowed by its SHA-256 (attributes through `'unsafe-hashes'`, CSP level 3).
    /// Requests go to the page's own origin only (`fetch` of the JSON API).
    static func forPage(_ html: String) -> String {
        let scripts = Set(elements("script", in: html) + attributes(prefix: " on", in: html)).sorted()
        let styles = Set(elements("style", in: html) + attributes(prefix: " style=", in: html)).sorted()
        func sources(_ texts: [String]) -> String {
            guard !texts.isEmpty else { return "'none'" }
            return (["'unsafe-hashes'"] + texts.map { "'sha256-\(base64SHA256($0))'" }).joined(separator: " ")
        }
        return [
            "default-src 'none'", "script-src \(sources(scripts))", "style-src \(sources(styles))",
            "img-src 'self' data:",
            "connect-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// The text of every inline `<name …>…</name>` element (those with a `src` load nothing inline).
    static func elements(_ name: String, in html: String) -> [String] {
        var texts: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<\(name)") {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let tag = rest[open.upperBound..<tagEnd]
            guard let close = rest[tagEnd...].range(of: "</\(name)>") else { break }
            if !tag.contains("src=") { texts.append(String(rest[rest.index(after: tagEnd)..<close.lowerBound])) }
            rest = rest[close.upperBound...]
        }
        return texts
    }

    /// The values of double-quoted attributes whose name starts with `prefix` (` on` for handlers).
    static func attributes(prefix: String, in html: String) -> [String] {
        var values: [String] = []
        var rest = html[...]
        while let start = rest.range(of: prefix) {
            rest = rest[start.upperBound...]
            guard let equals = rest.range(of: "=\""),
                rest[..<equals.lowerBound].allSatisfy({ $0.isLetter }) || prefix.hasSuffix("=")
            else { continue }
            let valueStart = prefix.hasSuffix("=") ? rest.index(after: rest.startIndex) : equals.upperBound
            if prefix.hasSuffix("=") { guard rest.first == "\"" else { continue } }
            guard let end = rest[valueStart...].firstIndex(of: "\"") else { break }
            values.append(String(rest[valueStart..<end]))
            rest = rest[end...]
        }
        return values
    }

    static func base64SHA256(_ text: String) -> String {
        var hash = SHA256()
        hash.update(text)
        return Data(hash.digest()).base64EncodedString()
    }
}

extension API {
    /// A page: HTML with the policy that allows its own inline scripts and styles only
    /// (``ContentSecurityPolicy``); ``SecurityHeaders`` adds the rest.
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Self.html(RenderedPage(html), status: status)
    }

    /// A page whose policy was computed with it (a kept page's, ``PageCache``).
    static func html(_ page: RenderedPage, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: page.policy],
            body: .init(byteBuffer: page.body)
        )
    }
}

/// A page's HTML as the response's bytes, with its Content-Security-Policy: the policy hashes every
/// inline script and style, which took most of a page's time (about 13 ms for the 160-KB overview
/// in a release build) when the HTML itself was kept.
struct RenderedPage: Sendable {
    let body: ByteBuffer
    let policy: String

    init(_ html: String) {
        body = ByteBuffer(string: html)
        policy = ContentSecurityPolicy.forPage(html)
    }
}

/// The context ``HardenedResponder`` answers in: the router's own (``BasicRequestContext``) and the
/// connection's peer address, which the basic context does not keep (the audit log records it).
struct ServerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The context the routes run in.
    let routed: BasicRequestContext
    let peer: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        routed = BasicRequestContext(source: source)
        peer = source.channel.remoteAddress
    }
}
