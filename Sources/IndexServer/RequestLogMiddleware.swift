import Hummingbird
import Logging

/// The request log: each request's method and path, as Hummingbird's request log has them, with
/// every secret left out. Written by ``HardenedResponder`` for every request, refused ones included,
/// so it is the one place a request reaches a log.
///
/// - A path segment that is a token (a route's `:token` parameter, the expert's survey form
///   `/survey/TOKEN`) is written `[token]`, and what follows it, the query included, is left out. The route is recognised however
///   the path is spelt (`//survey/…`, `/survey//…`, `/Survey/…`, `%73urvey`, `/survey%2F…`), so no
///   spelling leaks it.
/// - A query parameter whose name holds `token`, `key`, `secret`, `password`, `passwd`, `auth`,
///   `session` or `signature` (in any case) is written `name=[redacted]`.
/// - No header is logged, so neither `Authorization` nor `Cookie` is.
enum RequestLog {
    /// The words that make a query parameter secret.
    static let secretWords = ["token", "key", "secret", "password", "passwd", "auth", "session", "signature"]

    /// Logs one request.
    static func record(_ request: Request, tokenRoutes: [RouterPath], logger: Logger) {
        logger.info(
            "Request",
            metadata: [
                "hb.request.method": .string(request.method.rawValue),
                "hb.request.path": .string(
                    logged(request.uri.path, query: request.uri.query, tokenRoutes: tokenRoutes)
                ),
            ]
        )
    }

    /// The path and query as logged, secrets redacted.
    static func logged(
        _ path: String,
        query: String?,
        tokenRoutes: [RouterPath] = [SurveyRoutes.formPath]
    ) -> String {
        let redactedPath = redacted(path: path, tokenRoutes: tokenRoutes)
        // A token's path is logged without its query too: nothing after the token is shown.
        guard let query, !query.isEmpty, redactedPath == path else { return redactedPath }
        return redactedPath + "?" + redacted(query: query)
    }

    /// The path with every token segment, and what follows it, written `[token]`.
    static func redacted(path: String, tokenRoutes: [RouterPath]) -> String {
        // Compare as any normalisation might: decoded first (`%2F` is a separator too, as is `\`),
        // segments non-empty, without `;…`, case folded, and the route's literal prefix anywhere in
        // the path (`/x/../survey/TOKEN`).
        let segments = PathSegment.decoded(path).lowercased().split { $0 == "/" || $0 == "\\" }.map { segment in
            segment.split(separator: ";", omittingEmptySubsequences: false)[0]
        }.filter { $0 != "." }
        for route in tokenRoutes {
            let components = route.components
            guard let tokenIndex = components.firstIndex(where: { $0.parameterName == "token" }) else { continue }
            let prefix = components[..<tokenIndex]
            for start in segments.indices where segments.count > start + tokenIndex {
                let matches = zip(prefix, segments[start...]).allSatisfy { element, segment in
                    element.parameterName != nil || element.description.lowercased() == segment
                }
                guard matches else { continue }
                let literal = prefix.map { $0.parameterName == nil ? $0.description : "[name]" }
                return (start > 0 ? "/…/" : "/") + (literal + ["[token]"]).joined(separator: "/")
            }
        }
        return path
    }

    /// The query with the value of every secret-named parameter written `[redacted]`.
    static func redacted(query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PathSegment.decoded(parts[0]).lowercased()
            guard parts.count == 2, secretWords.contains(where: { name.contains($0) }) else { return String(pair) }
            return "\(parts[0])=[redacted]"
        }.joined(separator: "&")
    }
}
