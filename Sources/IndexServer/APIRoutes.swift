import Foundation
import Hummingbird
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows
import NIOPosix
import Synchronization

/// The JSON API under `/api/v1`: each route reads its input, calls one workflow (the command
/// line's) and answers with the workflow's document, encoded by the one JSON configuration.
struct APIRoutes: Sendable {
    let api: API
    let state: DashboardState

    var workflows: Workflows { Workflows(store: state.store) }

    func register(on router: Router<BasicRequestContext>) {
        let group = router.group("/api/v1")
        group.get("frameworks") { request, _ in
            let current = state.snapshot.framework
            return try await read(request) {
                FrameworksDocument(current: current, stored: (try state.store?.frameworks()) ?? [])
            }
        }
        group.get("datasets") { request, _ in
            try await read(request) { ((try state.store?.datasets()) ?? []).map(DatasetVersionDocument.init) }
        }
        group.get("datasets/:first/diff/:second") { request, context in
            let (first, second) = (context.pathParameter("first"), context.pathParameter("second"))
            return try await read(request) { try workflows.diffDatasets(first, second) }
        }
        group.get("runs") { request, _ in
            try await read(request) { ((try state.store?.runs()) ?? []).map(RunRecordDocument.init) }
        }
        group.get("runs/latest/national") { request, _ in
            try api.encoded(request) { state.current.withLock { $0.nationalBody } }
        }
        group.get("runs/latest/regional") { request, _ in
            try api.encoded(request) { state.current.withLock { $0.regionalBody } }
        }
        // What a reviewer published, and only that: 404 while no run is published (the dashboard and
        // runs/latest/… then show the newest run as a draft).
        group.get("published/national") { request, _ in
            try api.encoded(request) { try published { $0.nationalBody } }
        }
        group.get("published/regional") { request, _ in
            try api.encoded(request) { try published { $0.regionalBody } }
        }
        group.get("publications") { request, _ in
            try await read(request) { try workflows.publications() }
        }
        // Review before publish: a reviewer (or an admin) decides what readers see.
        group.post("runs/:id/publish") { request, context in
            let id = context.pathParameter("id")
            try api.authorise(.reviewer)
            let document = try await state.publish(id, actor: api.actor())
            return try api.respondDocument(status: .ok) { document }
        }
        // An analyst asks a reviewer to look at a run, with `?note=` saying what changed.
        group.post("runs/:id/review-request") { request, context in
            let id = context.pathParameter("id")
            try api.authorise(.analyst)
            let note = request.uri.queryParameters.get("note").map { String($0) } ?? ""
            let workflows = Workflows(store: state.store, actor: api.actor())
            return try await offloaded {
                try api.respondDocument(status: .ok) { try workflows.requestReview(id, note: note) }
            }
        }
        group.post("publications/withdraw") { request, _ in
            try api.authorise(.reviewer)
            let document = try await state.withdrawPublication(actor: api.actor())
            return try api.respondDocument(status: .ok) { document }
        }
        group.get("audit-log") { request, _ in
            try api.authorise(.admin)
            let requested =
                request.uri.queryParameters.get("limit").map { String($0) } ?? "\(AuditLogDocument.defaultLimit)"
            guard let limit = Int(requested), (1...AuditLogDocument.requestLimit).contains(limit) else {
                throw APIError(
                    .badRequest,
                    "limit must be a whole number from 1 to \(AuditLogDocument.requestLimit), not '\(requested)'"
                )
            }
            return try await read(request) { try workflows.auditLog(limit: limit) }
        }
        group.get("runs/latest/units/:unit") { request, context in
            let unit = context.pathParameter("unit")
            return try api.document(request) {
                guard let document = UnitScoresDocument(state.snapshot.results, unit: unit) else {
                    throw APIError(.notFound, "no unit '\(unit)' in the latest results")
                }
                return document
            }
        }
        group.get("runs/:id") { request, context in
            let id = context.pathParameter("id")
            // A stored document, served as stored (county scale: megabytes read from the store), read
            // off the event loops; `raw` authorises the reader.
            return try await offloaded {
                try api.raw(request) {
                    guard let store = state.store else {
                        throw APIError(.notFound, "no run '\(id)': the server has no store")
                    }
                    return try store.results(of: try store.run(id))
                }
            }
        }
        group.get("runs/:id/diff/:other") { request, context in
            let (first, second) = (context.pathParameter("id"), context.pathParameter("other"))
            return try await read(request) { try workflows.diffRuns(first, second) }
        }
        group.post("runs/:id/rerun") { request, context in
            let id = context.pathParameter("id")
            return try await read(request) { try workflows.rerun(id).document }
        }
        group.get("runs/:id/export") { request, context in
            let id = context.pathParameter("id")
            try api.authoriseRead()
            // The format is checked before the run is recomputed.
            let requested = request.uri.queryParameters.get("format").map { String($0) } ?? "json"
            guard let format = ExportFormat(rawValue: requested) else {
                throw APIError(.badRequest, "format must be json or xlsx, not '\(requested)'")
            }
            return try await offloaded { try export(run: id, format: format) }
        }
        group.post("robustness") { request, _ in
            try await compute(request, RobustnessAPIRequest.self) { try workflows.robustness($0).document }
        }
        group.post("robustness/draws") { request, _ in
            try await compute(request, RobustnessAPIRequest.self) { try workflows.robustnessDraws($0) }
        }
        group.post("levers") { request, _ in
            try await compute(request, AnalysisAPIRequest.self) { try workflows.levers($0).document }
        }
        group.post("audit") { request, _ in
            try await compute(request, AnalysisAPIRequest.self) { try workflows.audit($0).document }
        }
        group.post("regions") { request, _ in
            try await compute(request, AnalysisAPIRequest.self) { try workflows.regions($0).document }
        }
        group.post("importance") { request, _ in
            try await compute(request, AnalysisAPIRequest.self) { try workflows.importance($0).document }
        }
        group.post("leave-one-out") { request, _ in
            try await compute(request, AnalysisAPIRequest.self) { try workflows.leaveOneOut($0).document }
        }
        group.get("weights") { request, _ in
            try api.document(request) { ResultsDocument.weights(state.snapshot.results) }
        }
        group.get("weights/derivation") { request, _ in
            let framework = state.snapshot.framework
            return try await read(request) { try workflows.weightDerivation(framework).document }
        }
        // Body routes: admitted (the write token, the limit) before the body is read (``BodyRoute``).
        group.post("datasets") { request, _ in
            let upload = Upload(request)
            let body = try await api.body(request)
            let actor = api.actor()
            return try await offloaded {
                switch try upload.perform(body, state: state, actor: actor) {
                case .reviewed(let review): try api.respondDocument(status: .ok) { review.document }
                case .imported(let document): try api.respondDocument(status: .created) { document }
                }
            }
        }
        group.post("runs") { request, _ in
            let body = try await api.body(request)
            let actor = api.actor()
            return try await offloaded {
                try api.respondDocument(status: .created) {
                    guard let store = state.store else {
                        throw APIError(.conflict, "the server has no store (start it with --db FILE)")
                    }
                    let request = try RunRequest.parse(body)
                    return RunRecordDocument(
                        try state.runAndRecord(
                            try store.datasetVersion(request.dataset),
                            options: request.options,
                            actor: actor
                        )
                    )
                }
            }
        }
    }

    /// An upload as `POST /api/v1/datasets` and the upload page send it: the dataset's name, the
    /// file's name (its extension decides the reader) and whether to review only. One reading of the
    /// query and one call of the workflows for both, so the page shows what the API answers.
    struct Upload: Sendable {
        var name: String
        var file: String
        var reviewOnly: Bool

        /// What became of it.
        enum Outcome: Sendable {
            case reviewed(UploadReview)
            case imported(ImportedRunDocument)
        }

        init(_ request: Request) {
            let query = request.uri.queryParameters
            name = query.get("name").map { String($0) } ?? ""
            file =
                query.get("file").map { String($0) }
                ?? (request.headers[.contentType]?.contains("sheet") == true ? "upload.xlsx" : "upload.csv")
            reviewOnly = query.get("review") == "true"
        }

        /// Reviews the file (nothing stored), or imports and runs it (one transaction: a refused upload stores nothing).
        func perform(_ body: Data, state: DashboardState, actor: Actor) throws -> Outcome {
            if reviewOnly { return .reviewed(try state.review(fileName: file, data: body)) }
            guard !name.isEmpty else {
                throw APIError(.badRequest, "name the dataset: POST /api/v1/datasets?name=NAME")
            }
            let (version, run) = try state.importAndRun(name: name, fileName: file, data: body, actor: actor)
            return .imported(ImportedRunDocument(dataset: DatasetVersionDocument(version), run: RunRecordDocument(run)))
        }
    }

    /// A document of the published snapshot, or 404 while no run is published.
    func published(_ document: (DashboardSnapshot) -> ByteBuffer) throws -> ByteBuffer {
        let snapshot = state.snapshot
        guard snapshot.publication != nil else {
            throw APIError(.notFound, "no run is published (a reviewer publishes one: POST /api/v1/runs/ID/publish)")
        }
        return document(snapshot)
    }

    /// A read of the store or a computation on it: readers authorised, then off the event loops.
    func read(
        _ request: Request,
        _ make: @escaping @Sendable () throws -> some Encodable & Sendable
    ) async throws -> Response {
        try api.authoriseRead()
        return try await offloaded { try api.respondDocument(status: .ok, make) }
    }

    /// An analysis of a recorded run or a stored dataset, its body read strictly: heavy, so it needs
    /// the write token (a ``BodyRoute``, admitted before the body is read), and it runs off the event loops.
    func compute<Body: Decodable & Sendable>(
        _ request: Request,
        _ body: Body.Type,
        _ analyse: @escaping @Sendable (Body) throws -> some Encodable & Sendable
    ) async throws -> Response {
        let data = try await api.body(request)
        return try await offloaded {
            try api.respondDocument(status: .ok) {
                try analyse(try WorkflowJSON.decode(Body.self, from: data, what: "the body"))
            }
        }
    }

    enum ExportFormat: String {
        case json, xlsx
    }

    /// A recorded run as `iidei export` writes it: the results document (json) or the workbook (xlsx).
    func export(run id: String, format: ExportFormat) throws -> Response {
        do {
            let export = try workflows.export(id)
            switch format {
            case .json:
                return API.json(String(export.json.dropLast()), status: .ok)
            case .xlsx:
                return try Download(fileName: "run-\(export.rerun.record.id).xlsx", content: .xlsx(export.workbook))
                    .response()
            }
        } catch {
            return API.failure(error)
        }
    }
}

/// The thread pools blocking work runs on, off the event loops and the cooperative pool that serve
/// other requests.
enum Lane: Sendable {
    /// Imports, runs, exports, analyses and snapshots: NIO's shared pool.
    case analysis
    /// An expert's requests: the token's admission, the form and the answers. A pool of their own, so
    /// an answer never queues for a thread behind an analyst's import or a snapshot (it still waits
    /// for the store's write lock like any writer).
    case survey

    /// Two threads: an expert's request is one indexed lookup or one small write.
    private static let surveyPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    var pool: NIOThreadPool {
        switch self {
        case .analysis: NIOThreadPool.singleton
        case .survey: Self.surveyPool
        }
    }
}

/// Runs blocking work (the store, the engine, workbooks) on a ``Lane``'s thread pool, with the
/// request's sender (``RequestIdentity/current``) carried over: a pool thread does not inherit the
/// task's values, and the work may authorise.
func offloaded<Value: Sendable>(
    on lane: Lane = .analysis,
    _ work: @escaping @Sendable () throws -> Value
) async throws -> Value {
    let identity = RequestIdentity.current
    return try await lane.pool.runIfActive { try RequestIdentity.$current.withValue(identity) { try work() } }
}
