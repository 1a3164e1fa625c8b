import Foundation
import IndexStore
import Testing

/// Background work shared by the processes on one store (issue 19): each piece claimed once,
/// computed by its claimant, read by everyone after — the same on SQLite and PostgreSQL.
@Suite struct SharedWorkStoreTests {
    @Test(arguments: Backend.allCases)
    func aPieceOfWorkIsClaimedOnceAndReadByAll(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        let key = "levers-v1-run-1-320000"
        #expect(try store.claimWork(key, worker: "a", staleAfter: 600) == .yours)
        // Another worker waits; the claimant asking again keeps it.
        #expect(try store.claimWork(key, worker: "b", staleAfter: 600) == .elsewhere(worker: "a"))
        #expect(try store.claimWork(key, worker: "a", staleAfter: 600) == .yours)
        let result = Data("{\"unit\":\"320000\"}".utf8)
        try store.finishWork(key, worker: "a", result: result)
        for worker in ["a", "b", "c"] {
            #expect(try store.claimWork(key, worker: worker, staleAfter: 600) == .done(result))
        }
        // A second hand-in does not replace the first.
        try store.finishWork(key, worker: "b", result: Data("{}".utf8))
        #expect(try store.claimWork(key, worker: "c", staleAfter: 600) == .done(result))
        // Another key is another piece.
        #expect(try store.claimWork("ranks-v1-run-1-regional", worker: "b", staleAfter: 600) == .yours)
    }

    @Test(arguments: Backend.allCases)
    func aStaleClaimIsTakenOver(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        #expect(try store.claimWork("k", worker: "gone", staleAfter: 600) == .yours)
        // Older than the stale time (here: any claim at all), the piece is the next worker's.
        #expect(try store.claimWork("k", worker: "next", staleAfter: -1) == .yours)
        #expect(try store.claimWork("k", worker: "third", staleAfter: 600) == .elsewhere(worker: "next"))
        // The worker that came back too late hands in the same result; the first hand-in stays.
        try store.finishWork("k", worker: "next", result: Data([1]))
        try store.finishWork("k", worker: "gone", result: Data([2]))
        #expect(try store.claimWork("k", worker: "third", staleAfter: 600) == .done(Data([1])))
        // A piece handed in without a claim (the store was unreachable when it started) is kept.
        try store.finishWork("unclaimed", worker: "x", result: Data())
        #expect(try store.claimWork("unclaimed", worker: "y", staleAfter: 600) == .done(Data()))
    }
}
