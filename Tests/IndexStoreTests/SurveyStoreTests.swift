import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

@Suite("Surveys in the store: tokens, rounds, refusals")
struct SurveyStoreTests {
    static func store() throws -> (Store, String) {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("s.sqlite").path
        return (try Store(path: path), path)
    }

    @Test func tokensAreKeptOnlyAsHashes() throws {
        let (store, path) = try Self.store()
        let (survey, tokens) = try store.createSurvey(
            name: "panel",
            source: try Catalog.frameworkSource(),
            kind: .ahp,
            scale: try ScoreScale(),
            experts: ["Wang", "Li"]
        )
        #expect(survey.experts == ["Wang", "Li"])
        #expect(survey.round == 1 && !survey.isFinished)
        #expect(Set(tokens.map(\.token)).count == 2)
        for (expert, token) in tokens {
            #expect(token.count == 32)
            #expect(try store.surveyExpert(token: token)?.expert == expert)
        }
        #expect(try store.surveyExpert(token: "0123456789abcdef0123456789abcdef") == nil)
        // No token appears in the file (main database or write-ahead log).
        let bytes = [path, path + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
        #expect(!bytes.isEmpty)
        for (_, token) in tokens {
            #expect(!bytes.contains { $0.range(of: Data(token.utf8)) != nil })
        }
    }

    @Test func badSurveysAndRoundsAreRefusedAndChangeNothing() throws {
        let (store, _) = try Self.store()
        let source = try Catalog.frameworkSource()
        _ = try store.createSurvey(
            name: "panel",
            source: source,
            kind: .both,
            scale: try ScoreScale(),
            experts: ["Wang"]
        )
        let counts = try store.surveyRowCounts()
        #expect(throws: IndexError("a survey named 'panel' already exists")) {
            _ = try store.createSurvey(
                name: "panel",
                source: source,
                kind: .both,
                scale: try ScoreScale(),
                experts: ["Li"]
            )
        }
        #expect(throws: IndexError("expert 'Li' is named twice")) {
            _ = try store.createSurvey(
                name: "other",
                source: source,
                kind: .both,
                scale: try ScoreScale(),
                experts: ["Li", "Li"]
            )
        }
        #expect(throws: IndexError("survey 'other' needs at least one expert")) {
            _ = try store.createSurvey(name: "other", source: source, kind: .both, scale: try ScoreScale(), experts: [])
        }
        #expect(try store.surveyRowCounts() == counts)
        #expect(throws: IndexError("the panel's score scale must be LOWER-UPPER with LOWER < UPPER, not 5.0-5.0")) {
            _ = try ScoreScale(lower: 5, upper: 5)
        }
        try store.closeRound(survey: "panel", finish: false)
        try store.closeRound(survey: "panel", finish: true)
        let finished = try store.survey("panel")
        #expect(finished.round == 2 && finished.isFinished)
        #expect(throws: IndexError("survey 'panel' is already finished (round 2 is closed)")) {
            try store.closeRound(survey: "panel", finish: false)
        }
        #expect(throws: (any Error).self) { try store.survey("nowhere") }
    }
}
