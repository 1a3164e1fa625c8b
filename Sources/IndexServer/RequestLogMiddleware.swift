import Hummingbird
import Logging

/// Logs each request's method and path, as Hummingbird's request log does, with the secret part of a
/// path left out: a survey form's address holds the expert's token (`/survey/TOKEN`), and a token in a
/// log file would let anyone who reads the log answer for the expert.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        context.logger.info(
            "Request",
            metadata: [
                "hb.request.method": .string(request.method.rawValue),
                "hb.request.path": .string(Self.logged(request.uri.path, query: request.uri.query)),
            ]
        )
        return try await next(request, context)
    }

    /// The path as logged: `/survey/…` without its token (and query), anything else as requested.
    static func logged(_ path: String, query: String?) -> String {
        if path.hasPrefix("/survey/") { return "/survey/[token]" }
        return query.map { path + "?" + $0 } ?? path
    }
}
