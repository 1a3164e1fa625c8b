import Foundation
import IndexCatalog
import IndexCore
import IndexTestSupport
import Testing

@testable import IndexStore

/// Stored answers that no longer read (a damaged or hand-edited store) are refused with the store,
/// survey, round and expert they belong to, on SQLite and on PostgreSQL alike.
@Suite("Surveys in a damaged store", .serialized)
struct SurveyStoreDamageTests {
    /// The store as its errors name it: the file's path, or the PostgreSQL location without a password.
    static func named(_ store: any IndexStoring, _ location: String) -> String {
        (store as? PostgresStore)?.location ?? location
    }

    @Test(arguments: Backend.allCases)
    func unreadableStoredAnswersNameTheirSurveyRoundAndExpert(_ backend: Backend) throws {
        let (store, location) = try backend.freshStore()
        let (survey, _) = try store.createSurvey(
            name: "panel",
            source: try Catalog.frameworkSource(),
            kind: .both,
            scale: try ScoreScale(),
            experts: ["Wang", "Li"]
        )
        let values = "(\(survey.id), 1, 'Li', '{\"scores\": {\"r_platforms\": true}}', '2026-01-01T00:00:00Z')"
        try backend.tamper(
            location,
            sqlite: "INSERT INTO surveyResponse (surveyID, round, expert, answers, updatedAt) VALUES \(values)",
            postgres: "INSERT INTO survey_response (survey_id, round, expert, answers, updated_at) VALUES \(values)"
        )
        let expected =
            "\(Self.named(store, location)): survey 'panel', round 1, expert 'Li': the stored answers no longer read: score 'true' is not a number (indicator 'r_platforms')"
        let read = try #require(throws: IndexError.self) { try store.responses(survey: "panel") }
        #expect(read.kind == .integrity)
        #expect(read.description == expected)
        let merged = try #require(throws: IndexError.self) {
            try store.saveResponse(survey: "panel", expert: "Li", answers: SurveyAnswers(judgements: [:], scores: [:]))
        }
        #expect(merged.description == expected)
    }

    @Test(
        arguments: Backend.allCases,
        [
            (
                "UPDATE surveyRound SET number = 0", "UPDATE survey_round SET number = 0",
                "stored round 0 is not a round"
            ),
            ("UPDATE survey SET kind = 'poll'", "UPDATE survey SET kind = 'poll'", "stored kind 'poll' is not known"),
        ]
    )
    func damagedSurveyRowsAreRefusedNotTrusted(_ backend: Backend, damage: (String, String, String)) throws {
        let (store, location) = try backend.freshStore()
        _ = try store.createSurvey(
            name: "panel",
            source: try Catalog.frameworkSource(),
            kind: .both,
            scale: try ScoreScale(),
            experts: ["Wang"]
        )
        try backend.tamper(location, sqlite: damage.0, postgres: damage.1)
        let error = try #require(throws: IndexError.self) { try store.survey("panel") }
        #expect(error.kind == .integrity)
        #expect(error.description == "\(Self.named(store, location)): survey 'panel': \(damage.2)")
    }
}
