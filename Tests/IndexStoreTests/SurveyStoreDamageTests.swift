import Foundation
import GRDB
import IndexCatalog
import IndexCore
import IndexTestSupport
import Testing

@testable import IndexStore

/// Stored answers that no longer read (a damaged or hand-edited store) are refused with the store,
/// survey, round and expert they belong to.
@Suite("Surveys in a damaged store")
struct SurveyStoreDamageTests {
    @Test func unreadableStoredAnswersNameTheirSurveyRoundAndExpert() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let store = try Store(path: path)
        let (survey, _) = try store.createSurvey(
            name: "panel",
            source: try Catalog.frameworkSource(),
            kind: .both,
            scale: try ScoreScale(),
            experts: ["Wang", "Li"]
        )
        try store.database.write { db in
            try SurveyResponseRow(
                surveyID: survey.id,
                round: 1,
                expert: "Li",
                answers: #"{"scores": {"r_platforms": true}}"#,
                updatedAt: "2026-01-01T00:00:00Z"
            )
            .insert(db)
        }
        let expected =
            "\(path): survey 'panel', round 1, expert 'Li': the stored answers no longer read: score 'true' is not a number (indicator 'r_platforms')"
        let read = try #require(throws: IndexError.self) { try store.responses(survey: "panel") }
        #expect(read.kind == .integrity)
        #expect(read.description == expected)
        let merged = try #require(throws: IndexError.self) {
            try store.saveResponse(survey: "panel", expert: "Li", answers: SurveyAnswers(judgements: [:], scores: [:]))
        }
        #expect(merged.description == expected)
    }

    @Test(arguments: [
        ("UPDATE surveyRound SET number = 0", "stored round 0 is not a round"),
        ("UPDATE survey SET kind = 'poll'", "stored kind 'poll' is not known"),
    ])
    func damagedSurveyRowsAreRefusedNotTrusted(update: String, message: String) throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let store = try Store(path: path)
        _ = try store.createSurvey(
            name: "panel",
            source: try Catalog.frameworkSource(),
            kind: .both,
            scale: try ScoreScale(),
            experts: ["Wang"]
        )
        try store.database.write { db in try db.execute(sql: update) }
        let error = try #require(throws: IndexError.self) { try store.survey("panel") }
        #expect(error.kind == .integrity)
        #expect(error.description == "\(path): survey 'panel': \(message)")
    }
}
