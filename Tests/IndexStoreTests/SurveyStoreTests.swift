import Foundation
import IndexCatalog
import IndexCore
import IndexTestSupport
import Synchronization
import Testing

@testable import IndexStore

@Suite("Surveys in the store: tokens, rounds, refusals (SQLite and PostgreSQL)", .serialized)
struct SurveyStoreTests {
    /// Row counts of the survey tables, whichever the backend.
    static func rowCounts(_ store: any IndexStoring) throws -> [String: Int] {
        if let store = store as? Store { return try store.surveyRowCounts() }
        if let store = store as? PostgresStore { return try store.surveyRowCounts() }
        throw IndexError("no row counts for \(type(of: store))")
    }

    @Test(arguments: Backend.allCases)
    func tokensAreKeptOnlyAsHashes(_ backend: Backend) throws {
        let (store, location) = try backend.freshStore()
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
        // No token appears in what the store holds (the file and its write-ahead log, or a dump of
        // the database), while each one's hash does.
        let bytes = try backend.contents(location)
        #expect(bytes.range(of: Data(Store.tokenHash(tokens[0].token).utf8)) != nil)
        for (_, token) in tokens {
            #expect(bytes.range(of: Data(token.utf8)) == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func badSurveysAndRoundsAreRefusedAndChangeNothing(_ backend: Backend) throws {
        let (store, _) = try backend.freshStore()
        let source = try Catalog.frameworkSource()
        _ = try store.createSurvey(
            name: "panel",
            source: source,
            kind: .both,
            scale: try ScoreScale(),
            experts: ["Wang"]
        )
        let counts = try Self.rowCounts(store)
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
        #expect(try Self.rowCounts(store) == counts)
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

    /// Ten experts save their scores indicator by indicator, all at once, through two connections to
    /// the store (as two servers would): every save is kept, none overwrites another — the same
    /// expert's saves merge one after the other, different experts' do not wait for one another.
    @Test(arguments: Backend.allCases)
    func concurrentAnswersLoseNothing(_ backend: Backend) throws {
        let (first, location) = try backend.freshStore()
        let second = try StoreLocation.open(location)
        let experts = (1...10).map { "expert \($0)" }
        let (survey, _) = try first.createSurvey(
            name: "panel",
            source: try Catalog.frameworkSource(),
            kind: .delphi,
            scale: try ScoreScale(),
            experts: experts
        )
        let indicators = Array(try survey.design().indicators.prefix(4).map(\.id))
        #expect(indicators.count == 4)
        let saves = experts.flatMap { expert in indicators.enumerated().map { (expert, $0.offset, $0.element) } }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: saves.count) { index in
            let (expert, position, indicator) = saves[index]
            let store = index.isMultiple(of: 2) ? first : second
            // A score each save can be traced to: the expert's number times ten plus the indicator's.
            let score = Double((experts.firstIndex(of: expert) ?? 0) * 10 + position)
            do {
                try store.saveResponse(
                    survey: "panel",
                    expert: expert,
                    answers: SurveyAnswers(scores: [indicator: score])
                )
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let responses = try second.responses(survey: "panel")
        #expect(responses.map(\.expert) == experts)
        for (number, response) in responses.enumerated() {
            let expected = Dictionary(
                uniqueKeysWithValues: indicators.enumerated().map { ($0.element, Double(number * 10 + $0.offset)) }
            )
            #expect(response.answers.scores == expected, "\(response.expert)")
        }
    }
}
