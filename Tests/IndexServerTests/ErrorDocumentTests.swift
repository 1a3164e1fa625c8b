import Foundation
import Hummingbird
import IndexCore
import Testing

@testable import IndexServer

/// Errors get kinds: the HTTP status comes from the kind, in one place, never from a message's words.
@Suite("Error kinds to HTTP")
struct ErrorDocumentTests {
    @Test func theStatusComesFromTheKindNotTheWords() {
        #expect(ErrorDocument.status(for: .invalidInput) == .unprocessableContent)
        #expect(ErrorDocument.status(for: .notFound) == .notFound)
        #expect(ErrorDocument.status(for: .conflict) == .conflict)
        #expect(ErrorDocument.status(for: .limitExceeded) == .contentTooLarge)
        #expect(ErrorDocument.status(for: .unavailable) == .serviceUnavailable)
        #expect(ErrorDocument.status(for: .integrity) == .internalServerError)
        // A message that starts with "no " is no longer a 404 by its words, and a 404 needs no such words.
        #expect(ErrorDocument.response(for: IndexError("no data for evaluation 'x'")).status == .unprocessableContent)
        #expect(ErrorDocument.response(for: IndexError("run 9 is gone", kind: .notFound)).status == .notFound)
        struct Unexpected: Error {}
        #expect(ErrorDocument.response(for: Unexpected()).status == .internalServerError)
        // A cancelled request (the client gone) is not an internal error.
        #expect(ErrorDocument.response(for: CancellationError()).status == .serviceUnavailable)
    }

    @Test func messagesNameNoPathOfTheServers() {
        let located = IndexError(
            "value 'abc' is not a number",
            file: "/home/someone/uploads/bad.csv",
            line: 2,
            column: 4
        )
        #expect(ErrorDocument.withoutPaths(located).description == "bad.csv:2:4: value 'abc' is not a number")
        let stored = IndexError("no run '9' in the store", file: "/srv/iidei/store.sqlite", kind: .notFound)
        #expect(ErrorDocument.withoutPaths(stored).description == "no run '9' in the store")
        #expect(
            ErrorDocument.scrubbed("cannot open \(FileManager.default.temporaryDirectory.path)/x/store.sqlite")
                == "cannot open x/store.sqlite"
        )
    }
}
