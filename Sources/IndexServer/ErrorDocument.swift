import Foundation
import Hummingbird
import IndexCore
import IndexIO
import IndexWorkflows
import Logging

/// Every error the server answers, in one JSON shape, with its HTTP status decided by the error's
/// kind here and nowhere else.
///
/// The shape is `{"error": "first problem", "problems": ["…", …]}`, for 404 and 405 as for 422.
/// No message carries a path of the server's own: a located error names its file by its last
/// component, and the temporary, working and home folders are removed from the text. An error that
/// is not one of the tool's own is unexpected: it is logged in full and answered as "internal error".
enum ErrorDocument {
    /// The HTTP status of an error kind.
    static func status(for kind: IndexError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .notFound: .notFound
        case .conflict: .conflict
        case .limitExceeded: .contentTooLarge
        case .unavailable: .serviceUnavailable
        case .integrity, .internal: .internalServerError
        default: .unprocessableContent
        }
    }

    static let logger = Logger(label: "iidei.server.errors")

    /// An error as answers show it: its status, its problems (located ones keep their file — by its
    /// last component — sheet, row, column, indicator and unit), and headers it brings.
    struct Classified {
        var status: HTTPResponse.Status
        var problems: [IndexError]
        var headers = HTTPFields()

        /// The problems as text, the server's folders removed.
        var messages: [String] { problems.map { ErrorDocument.scrubbed($0.description) } }
    }

    /// What an error is, decided here for the JSON answer and for a page alike.
    static func classify(_ error: any Error) -> Classified {
        switch error {
        case let error as APIError:
            return Classified(status: error.status, problems: [IndexError(error.message)], headers: error.headers)
        case let error as HTTPError:
            return Classified(
                status: error.status,
                problems: [IndexError(error.body ?? error.status.reasonPhrase)],
                headers: error.headers
            )
        case let errors as IndexErrors:
            // Cut by the one rule (``IndexErrors/capped(_:)``): the first problems located, then its count of the rest.
            let lines = IndexErrors.capped(errors.errors.map { withoutPaths($0).description })
            let located = errors.errors.prefix(IndexErrors.reportLimit).map(withoutPaths)
            return Classified(
                status: status(for: IndexError.kind(of: errors)),
                problems: located + lines.dropFirst(located.count).map { IndexError($0) }
            )
        case let error as IndexError:
            if error.kind == .internal || error.kind == .integrity {
                logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            return Classified(status: status(for: error.kind), problems: [withoutPaths(error)])
        case is CancellationError:
            // The request's task was cancelled — its client went away, or the server is stopping —
            // so nothing failed: no "unexpected error" in the log, and an answer that says so.
            return Classified(status: .serviceUnavailable, problems: [IndexError("the request was cancelled")])
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return Classified(status: .internalServerError, problems: [IndexError("internal error")])
        }
    }

    /// The response for any error.
    static func response(for error: any Error) -> Response {
        response(for: classify(error))
    }

    /// The answer for an error: the page `page` gives for this request, else the JSON document.
    static func response(
        for error: any Error,
        request: Request,
        page: (Request, Classified) -> Response?
    ) -> Response {
        let classified = classify(error)
        return page(request, classified) ?? response(for: classified)
    }

    /// The JSON answer for an error already classified.
    static func response(for classified: Classified) -> Response {
        let cleaned = classified.messages
        let document = ProblemDocument(error: cleaned.first ?? classified.status.reasonPhrase, problems: cleaned)
        var response = API.json(
            (try? WorkflowJSON.text(document).dropLast()).map(String.init) ?? #"{"error": "internal error"}"#,
            status: classified.status
        )
        for field in classified.headers where response.headers[field.name] == nil { response.headers.append(field) }
        return response
    }

    /// The error with its file named by its last component only, and only when the error is about
    /// the data in that file: a missing run or a conflict is about a name, and its `file` is the
    /// server's own store, which no answer names.
    static func withoutPaths(_ error: IndexError) -> IndexError {
        var copy = error
        copy.file = error.kind == .invalidInput ? error.file.map { URL(fileURLWithPath: $0).lastPathComponent } : nil
        if copy.file == nil { copy.sheet = nil; copy.line = nil; copy.column = nil }
        return copy
    }

    /// The folders whose paths never appear in an answer.
    static let hiddenFolders: [String] = {
        let folders = [
            FileManager.default.temporaryDirectory.path, FileManager.default.currentDirectoryPath, NSHomeDirectory(),
            "/tmp",
        ]
        // Longest first, so a folder inside another is removed whole.
        return Array(Set(folders.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.filter { $0.count > 1 }))
            .sorted { $0.count > $1.count }
    }()

    /// Text with the server's own folders removed (`/tmp/x/store.sqlite` → `x/store.sqlite`).
    static func scrubbed(_ text: String) -> String {
        var text = text
        for folder in hiddenFolders { text = text.replacingOccurrences(of: folder + "/", with: "") }
        return text
    }
}

/// Turns an error thrown anywhere below it into the one error document. Added first, so it wraps
/// every route (Hummingbird would otherwise answer an `HTTPError` in its own shape).
struct ErrorDocumentMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The error as a page, where the request is a reader's (`nil`: the JSON document).
    var page: @Sendable (Request, ErrorDocument.Classified) -> Response? = { _, _ in nil }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return ErrorDocument.response(for: error, request: request, page: page)
        }
    }
}
