import Foundation
import IndexCore
import IndexStore
import Testing

/// An analyst's request for review, the step between a draft and a publication: one per run,
/// replaced when asked again, refused for a run that is not there or is published — the same on
/// SQLite and PostgreSQL.
@Suite struct ReviewRequestStoreTests {
    @Test(arguments: Backend.allCases)
    func aRequestIsKeptPerRunAndRefusedWhereItMakesNoSense(_ backend: Backend) throws {
        let (store, runs) = try AccountStoreTests.storeWithTwoRuns(backend)
        let (first, second) = (runs[0].id, runs[1].id)
        #expect(try store.reviewRequests().isEmpty)
        let asked = try store.requestReview(run: first, by: "ana", note: "new 2023 data")
        #expect(asked.run == first && asked.requestedBy == "ana" && asked.note == "new 2023 data")
        _ = try store.requestReview(run: second, by: "bo", note: "")
        // Asked again: the one request of the run, with the new note.
        _ = try store.requestReview(run: first, by: "ana", note: "2023 data, corrected")
        let requests = try store.reviewRequests()
        #expect(requests.count == 2)
        #expect(requests.first { $0.run == first }?.note == "2023 data, corrected")
        #expect(Set(requests.map(\.requestedBy)) == ["ana", "bo"])

        let missing = try #require(throws: IndexError.self) { try store.requestReview(run: 999, by: "ana", note: "") }
        #expect(missing.kind == .notFound)
        _ = try store.publish(run: second, by: "rev")
        let published = try #require(throws: IndexError.self) {
            try store.requestReview(run: second, by: "ana", note: "")
        }
        #expect(published.kind == .conflict)
        #expect(try store.reviewRequests().count == 2, "a refused request changed the list")
    }
}
