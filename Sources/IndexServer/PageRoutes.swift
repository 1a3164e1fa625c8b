import Foundation
import Hummingbird
import IndexCore
import IndexReport
import IndexStore
import IndexWorkflows

/// The dashboard's pages and their downloads: each route reads the query, asks the page's view for
/// markup (``Pages``) and answers through ``API/page(_:_:)``, which checks access and sets the
/// page's Content-Security-Policy.
struct PageRoutes: Sendable {
    let api: API
    let state: DashboardState

    /// The routes, for `router.addRoutes(_:)`.
    var collection: RouteCollection<BasicRequestContext> {
        let routes = RouteCollection(context: BasicRequestContext.self)
        addPages(to: routes)
        addTables(to: routes)
        return routes
    }

    private func addPages(to routes: RouteCollection<BasicRequestContext>) {
        let (api, state) = (api, state)
        routes.get("/") { request, _ in
            try api.snapshotPage(request) { Pages.overview($0, query: Pages.Query(request.uri.query), $1) }
        }
        routes.get("/regions") { request, _ in
            try api.snapshotPage(request) { Pages.regions($0, query: Pages.Query(request.uri.query), $1) }
        }
        routes.get("/regions/:id") { request, context in
            let id = context.pathParameter("id")
            // Levers and intervals are queued when a run is shown (DashboardState.warmUp): a first
            // visit waits for them, a bounded while, rather than saying "computing".
            try api.authoriseRead()
            let shown = state.snapshot
            await state.ready(unit: id, in: shown)
            return try api.page(request) { language in
                let snapshot = shown
                let evaluation = snapshot.latestRegional?.evaluation ?? ""
                // Both are computed in the background (BackgroundWork): the page says so if not ready yet.
                let summary = state.rankComputation(evaluation: evaluation, in: snapshot)
                let levers = state.leverComputation(unit: id, in: snapshot)
                return Pages.province(
                    snapshot,
                    id: id,
                    query: Pages.Query(request.uri.query),
                    summary: summary.value,
                    levers: levers.value,
                    computing: summary.isComputing || levers.isComputing,
                    language
                )
            }
        }
        routes.get("/compare") { request, _ in
            try api.snapshotPage(request) { Pages.compare($0, query: Pages.Query(request.uri.query), $1) }
        }
        routes.get("/framework") { request, _ in
            try api.page(request) {
                let snapshot = state.snapshot
                return Pages.framework(
                    snapshot,
                    surveys: SurveyForm.applications(snapshot: snapshot, store: state.store),
                    $0
                )
            }
        }
        routes.get("/data") { request, _ in
            try api.page(request) {
                Pages.data(
                    state.snapshot,
                    versions: (try? state.store?.datasets()) ?? [],
                    query: Pages.Query(request.uri.query),
                    $0
                )
            }
        }
        routes.get("/runs") { request, _ in
            try api.page(request) { language in
                Pages.runs(
                    (try? state.store?.runs()) ?? [],
                    publications: (try? state.store?.publications()) ?? [],
                    requests: (try? state.store?.reviewRequests()) ?? [],
                    datasets: (try? state.store?.datasets()) ?? [],
                    language
                )
            }
        }
        // A run's robustness: the page at once, the analysis (joined if it runs) and its progress.
        routes.get("/runs/:id/robustness") { request, context in
            let id = context.pathParameter("id")
            return try api.page(request) { language in
                guard let store = state.store, Int64(id) != nil, let record = try? store.run(id) else { return nil }
                return Pages.robustness(record, canCompute: (try? api.authorise(.analyst)) != nil, language)
            }
        }
        routes.get("/runs/:id/robustness/table") { request, context in
            _ = try api.authorise(.analyst)
            guard let run = Int64(context.pathParameter("id")) else { throw APIError(.notFound, "no such run") }
            let language = api.language(request)
            let workflows = Workflows(store: state.store)
            let outcome = try await state.robustnessJobs.outcome(run: run) { progress in
                try workflows.robustness(RobustnessAPIRequest(run: "\(run)"), progress: progress)
            }
            return API.html(Pages.robustnessTable(outcome.document, language).rendered)
        }
        routes.get("/runs/:id/robustness/progress") { _, context in
            _ = try api.authorise(.analyst)
            guard let run = Int64(context.pathParameter("id")), let progress = state.robustnessJobs.progress(run: run)
            else { throw APIError(.notFound, "no robustness analysis of this run was asked for") }
            return try api.respondDocument(status: .ok) { progress }
        }
        // The runs page's compare form: the diff of the two runs chosen, by a redirect to its page.
        routes.get("/runs/compare") { request, _ in
            try api.authoriseRead()
            let query = request.uri.queryParameters
            // Without two runs chosen (a bookmarked or shortened address), back to the form that
            // chooses them, not an error page; a value that is not a run number is refused.
            guard query.get("from") != nil || query.get("to") != nil else {
                let form = Pages.link("/runs", api.language(request)) + "#compare"
                return Response(status: .seeOther, headers: [.location: form])
            }
            guard let from = query.get("from").flatMap({ Int64(String($0)) }),
                let to = query.get("to").flatMap({ Int64(String($0)) })
            else { throw APIError(.badRequest, "choose two runs: /runs/compare?from=ID&to=ID") }
            let target = Pages.link("/runs/\(from)/diff/\(to)", api.language(request))
            return Response(status: .seeOther, headers: [.location: target])
        }
        routes.get("/runs/:id/diff/:other") { request, context in
            let (first, second) = (context.pathParameter("id"), context.pathParameter("other"))
            return try api.page(request) { language in
                guard let store = state.store else { return nil }
                do {
                    let diff = try Workflows(store: store).diffRuns(first, second)
                    return Pages.runDiff(diff, snapshot: state.snapshot, language)
                } catch let error as IndexError where error.kind == .notFound || error.kind == .invalidInput {
                    return nil  // no such run: the page's own 404, in its language
                }
            }
        }
        routes.get("/upload") { request, _ in try api.page(request) { Pages.upload(state.snapshot, $0) } }
        // The upload page's form: the same upload as `POST /api/v1/datasets`, answered as markup in
        // the page's language (a table of every problem, never raw JSON), with the API's status.
        routes.post("/upload") { request, _ in
            let upload = APIRoutes.Upload(request)
            let language = api.language(request)
            let body = try await api.body(request)
            let actor = api.actor()
            let snapshot = state.snapshot
            return try await offloaded {
                do {
                    let outcome = try upload.perform(body, state: state, actor: actor)
                    let status: HTTPResponse.Status = if case .imported = outcome { .created } else { .ok }
                    return API.html(Pages.uploadOutcome(outcome, snapshot: snapshot, language).rendered, status: status)
                } catch {
                    let classified = ErrorDocument.classify(error)
                    return API.html(
                        Pages.uploadRefused(classified.problems, snapshot: snapshot, language).rendered,
                        status: classified.status
                    )
                }
            }
        }
        routes.get("/jump") { request, _ in
            try api.authoriseRead()
            let language = api.language(request)
            let query = Pages.Query(request.uri.query)
            guard let id = Pages.unit(matching: query["q"] ?? "", in: state.snapshot) else {
                let message = language.text(.noRegionMatches(query["q"] ?? ""))
                return API.html(
                    Pages.notFound(message, snapshot: state.snapshot, language),
                    status: .notFound
                )
            }
            return Response(
                status: .seeOther,
                headers: [.location: Pages.link("/regions/" + Pages.pathComponent(id), language)]
            )
        }
    }

    /// Every page table's CSV and XLSX download (`/tables/ranking.csv?period=2022`).
    private func addTables(to routes: RouteCollection<BasicRequestContext>) {
        let (api, state) = (api, state)
        routes.get("/tables/:file") { request, context in
            try api.authoriseRead()
            let file = context.pathParameter("file")
            let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["csv", "xlsx"].contains(parts[1]),
                let table = Pages.table(
                    named: parts[0],
                    state.snapshot,
                    query: Pages.Query(request.uri.query),
                    api.language(request)
                )
            else { throw APIError(.notFound, "no table '\(file)'") }
            let name = "\(ReportBuilder.fileSlug(parts[0])).\(parts[1])"
            return try Download(fileName: name, content: parts[1] == "csv" ? .csv(table.csv) : .xlsx(table.workbook))
                .response()
        }
    }
}
