import Foundation
import Hummingbird
import IndexCore
import IndexIO
import IndexStore

/// The survey routes: the expert's form at `/survey/<token>` and
/// `POST /api/v1/surveys/NAME/responses` with the expert's token as the bearer.
struct SurveyRoutes: Sendable {
    let api: API
    let state: DashboardState

    func register(on router: Router<BasicRequestContext>) {
        router.get("/survey/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            let page: String? = request.uri.queryParameters.get("page").map { String($0) }
            return try html { try form(token: token, page: page) }
        }
        router.post("/api/v1/surveys/:name/responses") { request, context in
            let name = context.parameters.get("name") ?? ""
            let body = try await api.body(request)
            let replace = request.uri.queryParameters.get("replace") == "true"
            return try api.respond(status: .created) {
                try respond(request, survey: name, body: body, replace: replace)
            }
        }
    }

    func store() throws -> Store {
        guard let store = state.store else {
            throw APIError(.notFound, "this server has no store, so no surveys (start it with --db FILE)")
        }
        return store
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
        guard let found = try store().surveyExpert(token: token) else {
            throw APIError(.notFound, "no survey form at this address: check the link you were sent")
        }
        let (survey, expert) = found
        let design = try survey.design()
        let responses = try store().responses(survey: survey.name)
        let stored = responses.first { $0.expert == expert }?.answers
        let checked = try stored.map { try design.check($0, expert: expert) }
        var feedback = QuestionnaireFeedback()
        if survey.round > 1 {
            let previous = try store().responses(survey: survey.name, round: survey.round - 1)
            feedback.previousAnswers = previous.first { $0.expert == expert }?.answers
            if !design.indicators.isEmpty {
                let all = try previous.map { try design.check($0.answers, expert: $0.expert) }
                feedback.previousRound = try? design.delphiStatistics(all, round: survey.round - 1)
            }
        }
        guard
            let html = SurveyForm.page(
                survey: survey,
                expert: expert,
                design: design,
                page: page,
                answers: checked,
                stored: stored,
                feedback: feedback
            )
        else { throw APIError(.notFound, "survey '\(survey.name)' has no page '\(page ?? "")'") }
        return html
    }

    /// The bearer token of a request, if any.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return String(header.dropFirst(7))
    }

    func respond(_ request: Request, survey name: String, body: Data, replace: Bool) throws -> JSONValue {
        let store = try store()
        guard let token = Self.bearer(request), let found = try store.surveyExpert(token: token) else {
            throw APIError(.unauthorized, "an expert's survey token is required: Authorization: Bearer <token>")
        }
        let (survey, expert) = found
        guard survey.name == name else {
            throw APIError(
                .forbidden,
                "this token is expert '\(expert)'s in survey '\(survey.name)', not in survey '\(name)'"
            )
        }
        let answers = try SurveyAnswersJSON.parse(body, file: "request body", survey: name)
        let checked = try store.saveResponse(survey: name, expert: expert, answers: answers, merging: !replace)
        let design = try survey.design()
        return .object([
            ("survey", .string(name)), ("expert", .string(expert)), ("round", .number(Double(survey.round))),
            (
                "matrices",
                .object(
                    checked.matrices.map { matrix -> (String, JSONValue) in
                        let children = design.node(matrix.node)?.children ?? []
                        return (
                            matrix.node,
                            .object([
                                ("cr", .number(matrix.result.cr)),
                                ("lambdaMax", .number(matrix.result.lambdaMax)),
                                ("consistent", .bool(matrix.result.isConsistent)),
                                (
                                    "weights",
                                    .object(zip(children, matrix.result.weights).map { ($0, .number($1)) })
                                ),
                                (
                                    "completed",
                                    .array(
                                        matrix.completions.map { c -> JSONValue in
                                            .object([
                                                ("first", .string(children[c.row])),
                                                ("second", .string(children[c.column])),
                                                ("value", .number(c.value)),
                                            ])
                                        }
                                    )
                                ),
                                (
                                    "revisit",
                                    matrix.revision.map { r -> JSONValue in
                                        .object([
                                            ("first", .string(children[r.row])),
                                            ("second", .string(children[r.column])),
                                            ("current", .string(SaatyScale.label(r.current))),
                                            ("implied", .number(r.implied)),
                                            ("suggested", .string(SaatyScale.label(r.suggested))),
                                        ])
                                    } ?? .null
                                ),
                            ])
                        )
                    }
                )
            ),
            ("scores", .number(Double(checked.scores.count))),
        ])
    }
}
