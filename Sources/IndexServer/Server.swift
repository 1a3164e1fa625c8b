import Foundation
import HTTPTypes
public import Hummingbird
import IndexCore
import IndexIO
import IndexReport
import IndexStore
import IndexWorkflows
public import Logging
import NIOCore
public import Prometheus
import Synchronization

/// How `iidei serve` runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The bearer token for writes (and for reads when `privateReads`); `nil` = writes refused.
    public var token: String?
    public var privateReads: Bool
    /// Request bodies beyond this are refused with 413.
    public var maxBodyBytes: Int
    /// A connection that has not sent a whole request head within this many seconds of opening (or
    /// of its last response) is closed: the header and idle timeout for slow clients.
    public var idleTimeoutSeconds: Int
    /// A request body must arrive whole within this many seconds of its request's head, authorised
    /// or not; the connection is closed otherwise (``RequestBodyGuard``).
    public var bodyTimeoutSeconds: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        token: String? = nil,
        privateReads: Bool = false,
        maxBodyBytes: Int = 64 << 20,
        idleTimeoutSeconds: Int = 10,
        bodyTimeoutSeconds: Int = 60
    ) {
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.host = host
        self.port = port
        self.token = token
        self.privateReads = privateReads
        self.maxBodyBytes = maxBodyBytes
    }
}

/// Builds the web application: pages, the JSON API under `/api/v1`, `/health`, `/metrics`.
public func buildApplication(
    configuration: ServerConfiguration,
    state: DashboardState,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger: Logger = Logger(label: "iidei.server")
) -> some ApplicationProtocol {
    let router = Router(options: .autoGenerateHeadEndpoints)
    let api = API(configuration: configuration, state: state)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorDocumentMiddleware { api.errorPage($0, $1) })

    router.get("/health") { _, _ in "ok" }
    // Readiness, beside liveness: the store answers within a few seconds with its schema current. A
    // load balancer takes a server whose database is gone out of rotation (503) while /health still
    // answers, and puts it back once the database does.
    router.get("/ready") { _, _ in
        let readiness = try await offloaded { () -> ReadinessDocument in
            guard let store = state.store else { return ReadinessDocument(status: "ready", store: "none") }
            return ReadinessDocument(status: "ready", store: try store.readiness(within: API.readinessDeadline))
        }
        return try api.respondDocument(status: .ok) { readiness }
    }
    router.get("/metrics") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(string: registry.emitToString()))
        )
    }
    router.get("/api/openapi.yaml") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml))
        )
    }

    // Pages.
    router.addRoutes(PageRoutes(api: api, state: state).collection)
    router.get("/data/values.csv") { request, _ in
        try api.authoriseRead()
        let csv = ResultsWorkbook.csv(ResultsWorkbook.data(state.snapshot.dataset, locations: false))
        return try Download(fileName: "values.csv", content: .csv(csv)).response()
    }
    router.get("/data/values.xlsx") { request, _ in
        try api.authoriseRead()
        let snapshot = state.snapshot
        let workbook = ResultsWorkbook.make(
            results: snapshot.results,
            dataset: snapshot.dataset,
            about: [("run", snapshot.run.map { "#\($0.id)" } ?? "built-in")]
        )
        return try Download(fileName: "iidei.xlsx", content: .xlsx(workbook)).response()
    }
    // The blank form of the shown framework for its units (``DataTemplate``), in the page's language,
    // for `?period=` (default: the data's latest).
    for format in ["csv", "xlsx"] {
        router.get("/data/template.\(format)") { request, _ in
            try api.authoriseRead()
            let snapshot = state.snapshot
            let period = request.uri.queryParameters.get("period").map { String($0) }
            let template = try DataTemplate(framework: snapshot.framework, dataset: snapshot.dataset, period: period)
            let chinese = api.language(request) == .zh
            let name = "iidei-template-\(template.period).\(format)"
            return try Download(
                fileName: name,
                content: format == "csv"
                    ? .csv(template.csv(chinese: chinese)) : .xlsx(template.workbook(chinese: chinese))
            )
            .response()
        }
    }

    // JSON API: every route reads its input, calls one workflow and answers with its document.
    APIRoutes(api: api, state: state).register(on: router)
    SurveyRoutes(api: api, state: state).register(on: router)
    SessionRoutes(api: api, state: state).register(on: router)
    AccountRoutes(api: api, state: state).register(on: router)
    return Application(
        responder: HardenedResponder(router: router, configuration: configuration, api: api),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [
                    RequestBodyGuard(bodyTimeout: .seconds(Int64(configuration.bodyTimeoutSeconds)))
                ],
                idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds))
            )
        ),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "iidei"),
        logger: logger
    )
}

/// An error with an HTTP status and the CLI's message, answered as the API's JSON error document.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        API.failure(self)
    }
}

/// Handlers shared by the routes: authorisation, JSON responses, error mapping (once, here).
struct API: Sendable {
    let configuration: ServerConfiguration
    let state: DashboardState
    /// Every route that takes a body (``BodyRoute``).
    let bodyRoutes: [BodyRoute]

    init(configuration: ServerConfiguration, state: DashboardState) {
        self.configuration = configuration
        self.state = state
        bodyRoutes = BodyRoute.all(maxBodyBytes: configuration.maxBodyBytes)
    }

    /// Who sent a request (``RequestIdentity``): the bearer token is the server's own (`--token-file`,
    /// acting as an admin), compared in constant time, or an account's API token looked up in the
    /// store by its hash (off the event loops). Any other token, or none, is anonymous.
    ///
    /// Without an `Authorization` header, a sign-in session's cookie (``Session/cookieName``) is
    /// looked up the same way; the identity then keeps the session's token, from which
    /// ``CrossSiteGuard`` derives the anti-forgery token every write with it must carry.
    func identify(_ request: Request, peer: SocketAddress?) async throws -> RequestIdentity {
        let address = RequestIdentity.clientAddress(request, peer: peer)
        let secure = RequestIdentity.isSecure(request, peer: peer)
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            guard let session = request.cookies[Session.cookieName]?.value, session.hasPrefix("iidei_"),
                let store = state.store
            else { return RequestIdentity(principal: nil, address: address, isSecure: secure) }
            let principal = try await offloaded(on: .survey) { try store.principal(token: session) }
            return RequestIdentity(
                principal: principal,
                address: address,
                isSecure: secure,
                session: principal == nil ? nil : session
            )
        }
        let presented = String(header.dropFirst(7))
        if let token = configuration.token, PasswordHash.constantTimeEqual(presented, token) {
            return RequestIdentity(principal: API.serviceToken, address: address, isSecure: secure)
        }
        // Account tokens say what they are (`iidei_…`); an expert's survey token is checked by its route.
        guard presented.hasPrefix("iidei_"), let store = state.store else {
            return RequestIdentity(principal: nil, address: address, isSecure: secure)
        }
        let principal = try await offloaded(on: .survey) { try store.principal(token: presented) }
        return RequestIdentity(principal: principal, address: address, isSecure: secure)
    }

    /// The principal the server's own token (`--token-file`) acts as.
    static let serviceToken = Principal(name: "service-token", role: .admin)

    /// Whether the request's sender is known (any role): what private reads need.
    func isAuthorised() -> Bool {
        RequestIdentity.current.principal != nil
    }

    /// The sender, when their role is `needed` or above; else the refusal: 401 without a known
    /// sender, 403 for one whose role is too low (or a server that accepts no credential at all).
    @discardableResult
    func authorise(_ needed: Role) throws -> Principal {
        guard let principal = RequestIdentity.current.principal else {
            guard configuration.token != nil || state.store != nil else {
                throw APIError(
                    .forbidden,
                    "writes are disabled: start the server with --token-file FILE, or with a store (--db) whose accounts have tokens"
                )
            }
            throw APIError(.unauthorized, "a valid Authorization: Bearer token is required")
        }
        guard principal.role >= needed else {
            throw APIError(
                .forbidden,
                "'\(principal.name)' acts as \(principal.role.rawValue); this needs \(needed.rawValue) or above"
            )
        }
        return principal
    }

    /// Reads: anyone, or with `--private` a known sender (``RequestIdentity/current``).
    func authoriseRead() throws {
        if configuration.privateReads, !isAuthorised() {
            throw APIError(.unauthorized, "reads are private: a valid Authorization: Bearer token is required")
        }
    }

    /// Who a write is recorded as in the audit log: the sender and their address.
    func actor() -> Actor {
        let identity = RequestIdentity.current
        return Actor(name: identity.principal?.name ?? "anonymous", address: identity.address)
    }

    func language(_ request: Request) -> ReportLanguage {
        Self.language(named: request.uri.queryParameters.get("lang").map { String($0) })
    }

    /// A page's language from its `lang` (the query's, or a form's field): Chinese unless English is asked for.
    static func language(named name: String?) -> ReportLanguage {
        ReportLanguage(rawValue: name ?? "") ?? .zh
    }

    /// A page that is a function of the shown snapshot and its URL alone (the overview, a period's
    /// ranking, a comparison), rendered from one snapshot taken once. An anonymous reader's copy is
    /// kept (``PageCache``) under the snapshot's run and publication and the URL, so the public
    /// dashboard is rendered once per page and run, not once per request; a signed-in page (its
    /// header names the account and carries an anti-forgery token) is rendered every time.
    ///
    /// Benchmark note (release build, this 2-core machine, wrk 2 × 32 connections): the overview page
    /// rendered per request answered 59–71 requests a second (its HTML 7 ms, its policy's hashes 13 ms).
    func snapshotPage(
        _ request: Request,
        _ render: (DashboardSnapshot, ReportLanguage) throws -> String?
    ) throws -> Response {
        try authoriseRead()
        let snapshot = state.snapshot
        let identity = RequestIdentity.current
        let key =
            identity.principal == nil && identity.session == nil
            ? "\(snapshot.run?.id ?? 0)/\(snapshot.publication?.id ?? 0) \(request.uri.description)" : nil
        if let key, let kept = state.pages.page(key) { return Self.html(kept) }
        guard let key else { return try page(request) { try render(snapshot, $0) } }
        guard let html = try render(snapshot, language(request)) else {
            return try page(request) { _ in nil }
        }
        let rendered = RenderedPage(html)
        state.pages.keep(rendered, as: key)
        return Self.html(rendered)
    }

    /// An error as a page in the reader's language, for a browser's request outside the API: an
    /// address that does not exist, a page asked for without what it needs. The API, the health,
    /// readiness and metrics endpoints, and clients that do not ask for HTML (scripts, `fetch`)
    /// keep the JSON document; the status and headers (`Retry-After`, `WWW-Authenticate`) are the
    /// same either way.
    func errorPage(_ request: Request, _ classified: ErrorDocument.Classified) -> Response? {
        let path = request.uri.path
        guard !path.hasPrefix("/api/"), !["/health", "/ready", "/metrics"].contains(path),
            request.headers[.accept]?.contains("text/html") == true
        else { return nil }
        let language = language(request)
        // The page's header lists the regions (the jump box): only for a reader who may read.
        let snapshot = (try? authoriseRead()) == nil ? nil : state.snapshot
        let html =
            classified.status == .notFound
            ? Pages.notFound(language.text(.noSuchPage), snapshot: snapshot, language)
            : Pages.problem(
                title: language.text(.requestRefused),
                status: Int(classified.status.code),
                message: classified.messages.first ?? classified.status.reasonPhrase,
                snapshot: snapshot,
                language
            )
        var response = Self.html(html, status: classified.status)
        for field in classified.headers where response.headers[field.name] == nil { response.headers.append(field) }
        return response
    }

    func page(_ request: Request, _ render: (ReportLanguage) throws -> String?) throws -> Response {
        try authoriseRead()
        let language = language(request)
        guard let html = try render(language) else {
            // A page, in the page's language, not the API's JSON error.
            return Self.html(
                Pages.notFound(language.text(.noSuchPage), snapshot: state.snapshot, language),
                status: .notFound
            )
        }
        return Self.html(html)
    }

    /// The body route a request goes to, with its path parameters (decoded), if it is one.
    func bodyRoute(for request: Request) -> (route: BodyRoute, parameters: [String: String])? {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        for route in bodyRoutes {
            if let parameters = route.parameters(method: request.method, segments: segments) {
                return (route, parameters)
            }
        }
        return nil
    }

    /// Admits a request to a body route before a byte of its body is read: who sends it (the
    /// route's ``BodyRoute/Access``), then its declared `Content-Type` and `Content-Length` against
    /// the route's media and limit. Throws the refusal (401, 403, 404, 413, 415).
    func admit(_ request: Request, to route: BodyRoute, parameters: [String: String]) async throws {
        switch route.access {
        case .writer:
            try authorise(.analyst)
        case .admin:
            try authorise(.admin)
        case .anyone:
            break
        case .expert:
            guard SurveyRoutes.bearer(request) != nil else { throw SurveyRoutes.missingToken }
            let name = parameters["name"] ?? ""
            _ = try await offloaded(on: .survey) {
                try SurveyRoutes(api: self, state: state).expert(request, survey: name)
            }
        }
        let type = request.headers[.contentType]
        let media = type?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        switch route.media {
        case .json:
            if let type, !(media == "application/json" || media?.hasSuffix("+json") == true) {
                throw APIError(.unsupportedMediaType, "the request body must be application/json, not '\(type)'")
            }
        case .form:
            guard media == "application/x-www-form-urlencoded" else {
                throw APIError(
                    .unsupportedMediaType,
                    "the request body must be an HTML form (application/x-www-form-urlencoded), not '\(type ?? "none")'"
                )
            }
        case .file:
            break
        }
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > route.maxBytes {
            throw APIError(
                .contentTooLarge,
                "\(route.method.rawValue) \(route.path) takes at most \(route.maxBytes) bytes (Content-Length \(declared))"
            )
        }
    }

    /// The body of a request to a body route, admitted already (``admit(_:to:parameters:)``),
    /// read up to the route's limit.
    func body(_ request: Request) async throws -> Data {
        guard let (route, _) = bodyRoute(for: request) else {
            throw IndexError("\(request.method.rawValue) \(request.uri.path) is not a body route", kind: .internal)
        }
        var copy = request
        do {
            let buffer = try await copy.collectBody(upTo: route.maxBytes)
            return Data(buffer.readableBytesView)
        } catch let error as RequestBodyTimeout {
            throw APIError(.requestTimeout, error.description)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the request body is larger than \(route.maxBytes) bytes")
        }
    }

    func raw(_ request: Request, _ make: () throws -> String) throws -> Response {
        try authoriseRead()
        do {
            var text = try make()
            // Documents end in a line break already (WorkflowJSON.text); the response adds one.
            if text.hasSuffix("\n") { text.removeLast() }
            return Self.json(text, status: .ok)
        } catch {
            return Self.failure(error)
        }
    }

    /// A document encoded once, as its response's bytes (``DashboardSnapshot/regionalBody``): sent
    /// as they are, readers authorised.
    func encoded(_ request: Request, _ make: () throws -> ByteBuffer) throws -> Response {
        try authoriseRead()
        do {
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: try make())
            )
        } catch {
            return Self.failure(error)
        }
    }

    /// A document through the one JSON configuration (``WorkflowJSON``), readers authorised.
    func document(_ request: Request, _ make: () throws -> some Encodable) throws -> Response {
        try authoriseRead()
        return try respondDocument(status: .ok, make)
    }

    func respondDocument(status: HTTPResponse.Status, _ make: () throws -> some Encodable) throws -> Response {
        do {
            return Response(
                status: status,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: Array(try WorkflowJSON.encode(make())) + [0x0A]))
            )
        } catch {
            return Self.failure(error)
        }
    }

    static func json(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n"))
        )
    }

    /// Errors as JSON with the CLI's messages (no file paths of the server's own): ``ErrorDocument``.
    static func failure(_ error: any Error) -> Response {
        ErrorDocument.response(for: error)
    }
}

/// Runs the server until SIGTERM or SIGINT, then shuts down gracefully.
public func serve(
    configuration: ServerConfiguration,
    state: DashboardState,
    registry: PrometheusCollectorRegistry,
    logger: Logger
) async throws {
    let app = buildApplication(configuration: configuration, state: state, registry: registry, logger: logger)
    try await app.runService()
}

extension API {
    /// How long `/ready` waits for the store: a probe must answer well within a load balancer's interval.
    static let readinessDeadline = 3
}

/// Who sent the request being answered and from where, set by ``HardenedResponder`` for the whole
/// of its answer (a task-local value: routes read it before they hand work to a thread pool).
struct RequestIdentity: Sendable {
    var principal: Principal?
    /// The client's IP address, as the audit log records it.
    var address: String
    /// Whether the client reached the server over TLS (through a proxy on this machine that says
    /// so): a session cookie is then marked `Secure`.
    var isSecure = false
    /// The sign-in session's token, when the principal came from the session cookie rather than
    /// an `Authorization` header.
    var session: String?

    @TaskLocal static var current = RequestIdentity(principal: nil, address: "unknown")

    /// Whether the request came over TLS: the server itself speaks plain HTTP, so only a proxy on
    /// this machine (nginx in `deploy/`) can say so, with `X-Forwarded-Proto: https`.
    static func isSecure(_ request: Request, peer: SocketAddress?) -> Bool {
        guard isProxy(peer), let name = HTTPField.Name("X-Forwarded-Proto") else { return false }
        return request.headers[name]?.lowercased() == "https"
    }

    /// Whether the peer is on this machine: the only sender whose `X-Forwarded-…` headers are believed.
    static func isProxy(_ peer: SocketAddress?) -> Bool {
        peer?.ipAddress == "127.0.0.1" || peer?.ipAddress == "::1"
    }

    /// The peer's address; behind a proxy on this machine (nginx in `deploy/`), the last address
    /// the proxy appended to `X-Forwarded-For`. A remote peer's header is not believed.
    static func clientAddress(_ request: Request, peer: SocketAddress?) -> String {
        let direct = peer?.ipAddress ?? "unknown"
        guard isProxy(peer), let name = HTTPField.Name("X-Forwarded-For"), let forwarded = request.headers[name] else {
            return direct
        }
        let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return last.isEmpty || last.count > 64 ? direct : last
    }
}
