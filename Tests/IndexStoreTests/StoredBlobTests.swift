import IndexCatalog
import IndexCore
import Testing

@testable import IndexStore

/// The compact blobs a store keeps: exact round trips, and bytes that are not a blob refused
/// without a trap (they reach the decoder only if their hash matched, but it must hold anyway).
@Suite("Stored blobs: datasets and scores")
struct StoredBlobTests {
    @Test func cutOrAlteredDatasetBlobsAreRefusedNeverTrapped() throws {
        let blob = DatasetContent(StoreIntegrityTests.sample()).encoded()
        let whole = try blob.withUnsafeBytes { try DatasetContent.decode($0, isIllustrative: true) }
        #expect(whole == StoreIntegrityTests.sample())
        for length in 0..<blob.count {
            #expect(throws: IndexError.self) {
                try blob[0..<length].withUnsafeBytes { try DatasetContent.decode($0, isIllustrative: true) }
            }
        }
        for index in blob.indices {
            var altered = blob
            altered[index] ^= 0xFF
            // Either an error or some dataset: never a trap, never a read past the end.
            _ = try? altered.withUnsafeBytes { try DatasetContent.decode($0, isIllustrative: true) }
        }
    }

    @Test func scoresComeBackExactlyWithTheirGaps() throws {
        let framework = try Catalog.framework()
        let results = try IndexEngine.run(framework: framework, dataset: try Catalog.dataset(for: framework))
        let scores = Store.scores(results)
        #expect(scores.contains { $0.rank == nil } && scores.contains { $0.tier != nil })
        let blob = ScoreContent.encoded(scores)
        #expect(try blob.withUnsafeBytes { try ScoreContent.decode($0) } == scores)
        // Written from the results as they are visited: the same bytes as from the list.
        #expect(ScoreContent.encoded(results) == blob)
        // The count the blob reserves room for is the count visited (the built-in run has series
        // scores and cross-section scores).
        #expect(Store.scoreCount(results) == scores.count)
        #expect(scores.contains { $0.rank == nil && $0.tier == nil } && scores.contains { $0.rank != nil })
        for length in stride(from: 0, to: blob.count, by: max(1, blob.count / 200)) {
            #expect(throws: IndexError.self) { try blob[0..<length].withUnsafeBytes { try ScoreContent.decode($0) } }
        }
    }
}
