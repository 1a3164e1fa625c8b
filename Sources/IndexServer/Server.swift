import Foundation
public import Hummingbird
import IndexCore
import IndexIO
import IndexReport
import IndexStore
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

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        token: String? = nil,
        privateReads: Bool = false,
        maxBodyBytes: Int = 64 << 20,
        idleTimeoutSeconds: Int = 10
    ) {
        self.idleTimeoutSeconds = idleTimeoutSeconds
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
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorDocumentMiddleware())
    let api = API(configuration: configuration, state: state)

    router.get("/health") { _, _ in "ok" }
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
        try api.authoriseRead(request)
        let rows = state.snapshot.dataset.observations.map { o in
            [o.unit, o.indicator, o.period, o.value.map(Cell.format) ?? "", o.status.rawValue, o.source, o.note].map(
                CSVWriter.escapeForSpreadsheet
            ).joined(separator: ",")
        }
        let csv = (["unit,indicator,period,value,status,source,note"] + rows).joined(separator: "\n") + "\n"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"values.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv))
        )
    }
    router.get("/data/values.xlsx") { request, _ in
        try api.authoriseRead(request)
        let snapshot = state.snapshot
        let workbook = ResultsWorkbook.make(
            results: snapshot.results,
            dataset: snapshot.dataset,
            about: [("run", snapshot.run.map { "#\($0.id)" } ?? "built-in")]
        )
        let data = try XLSXWriter.encode(workbook)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: "attachment; filename=\"iidei.xlsx\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    // JSON API.
    router.get("/api/v1/frameworks") { request, _ in
        try api.json(request) {
            let stored = (try state.store?.frameworks()) ?? []
            let current = state.snapshot.framework
            return .object([
                (
                    "current",
                    .object([
                        ("id", .string(current.id)),
                        ("name", .object([("zh", .string(current.name.zh)), ("en", .string(current.name.en))])),
                    ])
                ),
                (
                    "stored",
                    .array(
                        stored.map {
                            .object([
                                ("id", .string($0.frameworkID)), ("hash", .string($0.hash)),
                                ("createdAt", .string($0.createdAt)),
                            ])
                        }
                    )
                ),
            ])
        }
    }
    router.get("/api/v1/datasets") { request, _ in
        try api.json(request) { .array(((try state.store?.datasets()) ?? []).map(API.version)) }
    }
    router.get("/api/v1/runs") { request, _ in
        try api.json(request) { .array(((try state.store?.runs()) ?? []).map(API.run)) }
    }
    router.get("/api/v1/runs/latest/national") { request, _ in
        try api.raw(request) { state.current.withLock { $0.nationalJSON } }
    }
    router.get("/api/v1/runs/latest/regional") { request, _ in
        try api.raw(request) { state.regionalJSON() }
    }
    router.get("/api/v1/runs/latest/units/:unit") { request, context in
        let unit = context.parameters.get("unit") ?? ""
        return try api.json(request) { try API.unit(state.snapshot, id: unit) }
    }
    router.get("/api/v1/runs/:id") { request, context in
        let id = context.parameters.get("id") ?? ""
        return try api.raw(request) {
            guard let store = state.store else { throw APIError(.notFound, "no run '\(id)': the server has no store") }
            let run = try store.run(id)
            return try store.results(of: run)
        }
    }
    router.get("/api/v1/runs/:id/diff/:other") { request, context in
        let (first, second) = (context.parameters.get("id") ?? "", context.parameters.get("other") ?? "")
        return try api.json(request) {
            guard let store = state.store else { throw APIError(.notFound, "no runs: the server has no store") }
            let a = try store.run(first)
            let b = try store.run(second)
            let changes = Diff.runs(try store.scores(of: a), try store.scores(of: b))
            return .object([
                ("from", .number(Double(a.id))), ("to", .number(Double(b.id))),
                (
                    "changes",
                    .array(
                        changes.map { c in
                            .object([
                                ("evaluation", .string(c.evaluation)), ("period", .string(c.period)),
                                ("unit", .string(c.unit)), ("node", .string(c.node)),
                                ("scoreChange", .number(c.scoreChange)),
                                ("rankChange", c.rankChange.map { .number(Double($0)) } ?? .null),
                                ("oldTier", c.old?.tier.map { .number(Double($0)) } ?? .null),
                                ("newTier", c.new?.tier.map { .number(Double($0)) } ?? .null),
                            ])
                        }
                    )
                ),
            ])
        }
    }
    router.get("/api/v1/weights") { request, _ in
        try api.json(request) {
            let results = state.snapshot.results
            return .object(
                results.evaluations.compactMap { evaluation in
                    results.weights[evaluation.id].map { derived in
                        (evaluation.id, .object(evaluation.nodes.map { ($0.id, .number(derived.effective[$0.id])) }))
                    }
                }
            )
        }
    }
    router.post("/api/v1/datasets") { request, _ in
        try api.authoriseWrite(request)
        let name = request.uri.queryParameters.get("name") ?? ""
        let file =
            request.uri.queryParameters.get("file")
            ?? (request.headers[.contentType]?.contains("sheet") == true ? "upload.xlsx" : "upload.csv")
        let body = try await api.body(request)
        if request.uri.queryParameters.get("review") == "true" {
            return try api.respond(status: .ok) {
                let result = try state.review(fileName: file, data: body)
                return .object([
                    ("valid", .bool(true)), ("importable", .bool(result.warnings.isEmpty)),
                    ("values", .number(Double(result.dataset.observations.count))),
                    ("units", .number(Double(Set(result.dataset.observations.map(\.unit)).count))),
                    ("periods", .array(result.dataset.periods.map { .string($0) })),
                    ("notices", .array(result.notices.map { .string($0.description) })),
                    ("warnings", .array(result.warnings.map { .string($0.description) })),
                    ("illustrative", .bool(result.dataset.isIllustrative)),
                ])
            }
        }
        return try api.respond(status: .created) {
            guard !name.isEmpty else {
                throw APIError(.badRequest, "name the dataset: POST /api/v1/datasets?name=NAME")
            }
            let (version, run) = try state.importAndRun(name: name, fileName: file, data: body)
            return .object([("dataset", API.version(version)), ("run", API.run(run))])
        }
    }
    SurveyRoutes(api: api, state: state).register(on: router)
    router.post("/api/v1/runs") { request, _ in
        try api.authoriseWrite(request)
        let body = try await api.body(request)
        return try api.respond(status: .created) {
            guard let store = state.store else {
                throw APIError(.conflict, "the server has no store (start it with --db FILE)")
            }
            let request = try RunRequest.parse(body)
            let run = try state.runAndRecord(
                try store.datasetVersion(request.dataset),
                specification: request.specification
            )
            return API.run(run)
        }
    }
    return Application(
        responder: HardenedResponder(router: router, configuration: configuration, api: api),
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "iidei"),
        logger: logger
    )
}

extension DashboardState {
    /// The latest regional results as JSON, rendered once per snapshot.
    func regionalJSON() -> String {
        current.withLock { $0.regionalJSON }
    }
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

    /// Constant-time comparison of the presented bearer token with the configured one.
    func isAuthorised(_ request: Request) -> Bool {
        guard let token = configuration.token, let header = request.headers[.authorization], header.hasPrefix("Bearer ")
        else { return false }
        let presented = Array(header.dropFirst(7).utf8)
        let expected = Array(token.utf8)
        var difference = UInt8(presented.count == expected.count ? 0 : 1)
        for index in 0..<max(presented.count, expected.count) {
            difference |=
                (index < presented.count ? presented[index] : 0) ^ (index < expected.count ? expected[index] : 0)
        }
        return difference == 0
    }

    func authoriseWrite(_ request: Request) throws {
        guard configuration.token != nil else {
            throw APIError(.forbidden, "writes are disabled: start the server with --token-file FILE")
        }
        guard isAuthorised(request) else {
            throw APIError(.unauthorized, "a valid Authorization: Bearer token is required")
        }
    }

    func authoriseRead(_ request: Request) throws {
        if configuration.privateReads, !isAuthorised(request) {
            throw APIError(.unauthorized, "reads are private: a valid Authorization: Bearer token is required")
        }
    }

    func language(_ request: Request) -> ReportLanguage {
        let requested: String = request.uri.queryParameters.get("lang").map { String($0) } ?? ""
        return ReportLanguage(rawValue: requested) ?? .zh
    }

    func page(_ request: Request, _ render: (ReportLanguage) throws -> String?) throws -> Response {
        try authoriseRead(request)
        guard let html = try render(language(request)) else { throw HTTPError(.notFound, message: "no such page") }
        return Self.html(html)
    }

    func body(_ request: Request) async throws -> Data {
        do {
            var copy = request
            let buffer = try await copy.collectBody(upTo: configuration.maxBodyBytes)
            return Data(buffer.readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, "the request body is larger than \(configuration.maxBodyBytes) bytes")
        }
    }

    func json(_ request: Request, _ make: () throws -> JSONValue) throws -> Response {
        try authoriseRead(request)
        return try respond(status: .ok, make)
    }

    func raw(_ request: Request, _ make: () throws -> String) throws -> Response {
        try authoriseRead(request)
        do {
            return Self.json(try make(), status: .ok)
        } catch {
            return Self.failure(error)
        }
    }

    func respond(status: HTTPResponse.Status, _ make: () throws -> JSONValue) throws -> Response {
        do {
            return Self.json(try make().rendered(), status: status)
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

    static func version(_ v: DatasetVersion) -> JSONValue {
        .object([
            ("name", .string(v.name)), ("version", .number(Double(v.version))), ("reference", .string(v.reference)),
            ("sha256", .string(v.hash)),
            ("values", .number(Double(v.valueCount))), ("illustrative", .bool(v.isIllustrative)),
            ("createdAt", .string(v.createdAt)),
        ])
    }

    static func run(_ r: RunRecord) -> JSONValue {
        .object([
            ("id", .number(Double(r.id))), ("createdAt", .string(r.createdAt)),
            ("dataset", .string(r.dataset.reference)),
            ("framework", .string(r.frameworkID)),
            ("options", .object(r.specification.fields.map { ($0.0, .string($0.1)) })),
            ("engineVersion", .string(r.engineVersion)), ("resultsSha256", .string(r.resultsHash)),
        ])
    }

    static func evaluation(_ snapshot: DashboardSnapshot, kind: EvaluationKind) throws -> JSONValue {
        let full = ResultsJSON.encode(snapshot.results)
        guard case .object(let fields) = full,
            case .object(let evaluations)? = fields.first(where: { $0.0 == "evaluations" })?.1
        else {
            throw APIError(.notFound, "no results")
        }
        let wanted = snapshot.results.evaluations.filter { result in
            switch result {
            case .series: kind == .basePeriod
            case .crossSection: kind == .crossSection
            }
        }.map(\.id)
        guard let entry = evaluations.first(where: { wanted.contains($0.0) }) else {
            throw APIError(.notFound, "no \(kind.rawValue) evaluation")
        }
        return .object([
            ("evaluation", .string(entry.0)), ("run", snapshot.run.map { .number(Double($0.id)) } ?? .null),
            ("illustrative", .bool(snapshot.results.isIllustrative)), ("results", entry.1),
        ])
    }

    static func unit(_ snapshot: DashboardSnapshot, id: String) throws -> JSONValue {
        for case .crossSection(let section) in snapshot.results.evaluations {
            guard let unit = section.units.first(where: { $0.id == id }) else { continue }
            return .object([
                ("id", .string(unit.id)),
                ("name", .object([("zh", .string(unit.name.zh)), ("en", .string(unit.name.en))])),
                ("period", .string(section.period)), ("score", .number(unit.score)),
                ("rank", unit.rank.map { .number(Double($0)) } ?? .null),
                ("tier", unit.tier.map { .number(Double($0)) } ?? .null),
                (
                    "nodes",
                    .object(
                        section.nodes.map { node in
                            (
                                node.id,
                                .object([
                                    ("score", .number(unit.nodes[node.id]?.score ?? nil)),
                                    ("rank", unit.nodes[node.id]?.rank.map { .number(Double($0)) } ?? .null),
                                ])
                            )
                        }
                    )
                ),
            ])
        }
        throw APIError(.notFound, "no unit '\(id)' in the latest results")
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
