import Foundation
import Hummingbird
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows

/// The survey routes: the expert's form at `/survey/<token>`,
/// `POST /api/v1/surveys/NAME/responses` with the expert's token as the bearer, and the survey's status
/// at `GET /api/v1/surveys/NAME`; each calls one of the ``IndexWorkflows/SurveyWorkflows``.
///
/// Each handler reads or writes the store and checks every matrix it loads, so it runs the workflow
/// through ``offloaded(on:_:)`` on the survey's own ``Lane``: an answer waiting for the store's write
/// lock must not hold an event loop, nor wait for a thread behind an analyst's import.
struct SurveyRoutes: Sendable {
    let api: API
    let state: DashboardState

    /// The expert's form: the token in the path is the credential (also under `--private`).
    static let formPath: RouterPath = "/survey/:token"
    /// Where an expert's answers go; admitted before its body is read (``BodyRoute``).
    static let responsesPath: RouterPath = "/api/v1/surveys/:name/responses"

    /// Where the answers of survey `name` go: the form's save address, percent-encoded once (``PathSegment``).
    static func responsesAddress(survey name: String) -> String {
        "/api/v1/surveys/\(PathSegment.encoded(name))/responses"
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get(Self.formPath) { request, context in
            let token = context.pathParameter("token")
            let page: String? = request.uri.queryParameters.get("page").map { String($0) }
            return try await offloaded(on: .survey) { try html { try form(token: token, page: page) } }
        }
        // The expert's token has been checked against the survey before the body is read (``API/admit``).
        router.post(Self.responsesPath) { request, context in
            let name = context.pathParameter("name")
            let body = try await api.body(request)
            let replace = request.uri.queryParameters.get("replace") == "true"
            let address = RequestIdentity.current.address
            return try await offloaded(on: .survey) {
                try api.respondDocument(status: .created) {
                    try respond(request, survey: name, body: body, replace: replace, address: address)
                }
            }
        }
        router.get("/api/v1/surveys/:name") { request, context in
            let name = context.pathParameter("name")
            return try await offloaded(on: .survey) { try api.document(request) { try status(request, survey: name) } }
        }
    }

    /// The survey workflows on the server's store, acting for `actor` (an expert answering).
    func surveys(actor: Actor = Actor(name: "anonymous", address: "unknown")) throws -> SurveyWorkflows {
        guard let store = state.store else {
            throw APIError(.notFound, "this server has no store, so no surveys (start it with --db FILE)")
        }
        return SurveyWorkflows(store: store, actor: actor)
    }

    /// A form page, with the policy that allows its own inline script and styles only (``API/html(_:status:)``).
    func html(_ make: () throws -> String) throws -> Response {
        do {
            return API.html(try make())
        } catch let error as APIError {
            return API.html(SurveyForm.message(error.message), status: error.status)
        }
    }

    func form(token: String, page: String?) throws -> String {
        guard let form = try surveys().form(token: token) else {
            throw APIError(.notFound, "no survey form at this address: check the link you were sent")
        }
        guard
            let html = SurveyForm.page(
                survey: form.survey,
                expert: form.expert,
                design: form.design,
                page: page,
                answers: form.checked,
                stored: form.stored,
                feedback: form.feedback
            )
        else { throw APIError(.notFound, "survey '\(form.survey.name)' has no page '\(page ?? "")'") }
        return html
    }

    /// The bearer token of a request, if any.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return String(header.dropFirst(7))
    }

    static let missingToken = APIError(
        .unauthorized,
        "an expert's survey token is required: Authorization: Bearer <token>"
    )

    /// The expert whose bearer token this is, when the token is one of survey `name`'s (401 when it
    /// is no expert's, 403 when it is another survey's).
    func expert(_ request: Request, survey name: String) throws -> String {
        guard let token = Self.bearer(request), let (survey, expert) = try surveys().expert(token: token) else {
            throw Self.missingToken
        }
        guard survey.name == name else {
            throw APIError(
                .forbidden,
                "this token is expert '\(expert)'s in survey '\(survey.name)', not in survey '\(name)'"
            )
        }
        return expert
    }

    /// Stores an expert's answers: the token names the expert, and must be one of this survey's.
    func respond(
        _ request: Request,
        survey name: String,
        body: Data,
        replace: Bool,
        address: String
    ) throws -> SurveyResponseReceipt {
        let expert = try expert(request, survey: name)
        return try surveys(actor: Actor(name: "expert:\(expert)", address: address)).respond(
            survey: name,
            expert: expert,
            answers: .json(body, origin: "request body"),
            replace: replace
        ).receipt
    }

    /// A survey's status, with the Delphi stopping rules of the query (`maxCv`, `alpha`, `maxRounds`).
    func status(_ request: Request, survey name: String) throws -> SurveyStatusDocument {
        func value<Value>(_ key: String, _ read: (String) -> Value?) throws -> Value? {
            guard let text = request.uri.queryParameters.get(key).map({ String($0) }) else { return nil }
            guard let value = read(text) else {
                throw IndexError("the query parameter '\(key)' must be a number, not '\(text)'")
            }
            return value
        }
        let rule = DelphiStoppingRule(
            maximumCV: try value("maxCv") { Double($0).flatMap { $0.isFinite ? $0 : nil } },
            significance: try value("alpha") { Double($0).flatMap { $0.isFinite ? $0 : nil } },
            maximumRounds: try value("maxRounds") { Int($0) }
        )
        return try surveys().status(survey: name, rule: rule).document
    }
}
