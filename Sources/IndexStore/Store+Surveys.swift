import Foundation
import GRDB
public import IndexCore
public import IndexIO

/// A weighting survey kept in the store.
public struct StoredSurvey: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var kind: SurveyKind
    public var scale: ScoreScale
    public var riTable: String
    public var framework: StoredFramework
    public var experts: [String]
    public var createdAt: String
    /// The open round, or the last one when the survey is finished.
    public var round: Int
    /// Whether the current round is closed (the survey is finished).
    public var isFinished: Bool

    /// The questions, rebuilt from the stored framework.
    public func design() throws -> SurveyDesign {
        try SurveyDesign(
            framework: try framework.source.parse(),
            kind: kind,
            scale: scale,
            riTable: try RandomIndexTable.named(riTable)
        )
    }
}

/// One expert's stored answers in one round.
public struct StoredResponse: Sendable, Hashable {
    public var expert: String
    public var round: Int
    public var answers: SurveyAnswers
    public var updatedAt: String
}

/// A framework written from a survey's answers (`iidei survey apply`): where its weights came from.
public struct SurveyApplication: Sendable, Hashable {
    /// The application's number in the store.
    public var id: Int64
    public var survey: String
    public var round: Int
    public var experts: [String]
    /// The hash of the framework written, as ``Store/saveFramework(_:)`` names it.
    public var frameworkHash: String
    public var aggregation: String
    public var createdAt: String
    /// Whether recording the application stored the framework (it was not in the store before):
    /// ``Store/withdrawApplication(_:)`` then removes it too.
    public var storedFramework: Bool
}

extension Store {
    /// The survey tables: appended to the migrator, never edited once shipped.
    static func registerSurveyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("surveys-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE survey (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        frameworkHash TEXT NOT NULL REFERENCES framework(hash),
                        kind TEXT NOT NULL,
                        scaleLower REAL NOT NULL,
                        scaleUpper REAL NOT NULL,
                        riTable TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    CREATE TABLE surveyExpert (
                        surveyID INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        tokenHash TEXT NOT NULL UNIQUE,
                        PRIMARY KEY (surveyID, name)
                    );
                    CREATE TABLE surveyRound (
                        surveyID INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
                        number INTEGER NOT NULL,
                        openedAt TEXT NOT NULL,
                        closedAt TEXT,
                        PRIMARY KEY (surveyID, number)
                    );
                    CREATE TABLE surveyResponse (
                        surveyID INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
                        round INTEGER NOT NULL,
                        expert TEXT NOT NULL,
                        answers TEXT NOT NULL,
                        updatedAt TEXT NOT NULL,
                        PRIMARY KEY (surveyID, round, expert)
                    );
                    CREATE TABLE surveyApplication (
                        id INTEGER PRIMARY KEY,
                        surveyID INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
                        round INTEGER NOT NULL,
                        experts TEXT NOT NULL,
                        frameworkHash TEXT NOT NULL REFERENCES framework(hash),
                        aggregation TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    """
            )
        }
    }

    /// The SHA-256 of a token: the store keeps only this, so a copy of the file gives no one a form.
    static func tokenHash(_ token: String) -> String { SHA256.hex("iidei-survey-token\n" + token) }

    /// A fresh token: 128 random bits as hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }

    /// Refuses a new survey's name or panel before anything is written: on every backend alike.
    static func checkNewSurvey(name: String, experts: [String]) throws {
        guard !name.isEmpty, !name.contains("/"), name.trimmingCharacters(in: .whitespaces) == name else {
            throw IndexError("a survey name must be non-empty, without '/' or surrounding spaces: '\(name)'")
        }
        try ControlCharacters.check(name, what: "the survey name")
        for expert in experts { try ControlCharacters.check(expert, what: "the expert name") }
        guard !experts.isEmpty else { throw IndexError("survey '\(name)' needs at least one expert") }
        if let repeated = experts.first(where: { e in experts.filter { $0 == e }.count > 1 }) {
            throw IndexError("expert '\(repeated)' is named twice")
        }
        if let blank = experts.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw IndexError("expert \(blank + 1) has no name")
        }
    }

    /// Refuses answers an expert may not give now (not on the panel, the survey finished, a round
    /// other than the open one): on every backend alike.
    static func checkAnswering(_ survey: StoredSurvey, expert: String, round: Int?) throws {
        let name = survey.name
        guard survey.experts.contains(expert) else {
            throw IndexError(
                "expert '\(expert)' is not on the panel of survey '\(name)' (\(survey.experts.joined(separator: ", ")))"
            )
        }
        if survey.isFinished {
            throw IndexError(
                "survey '\(name)' is finished: round \(survey.round) is closed; expert '\(expert)' can no longer answer"
            )
        }
        if let round, round != survey.round {
            throw IndexError(
                "round \(round) of survey '\(name)' is closed (round \(survey.round) is open); expert '\(expert)'s answers were not stored"
            )
        }
    }

    /// Creates a survey of a framework with its experts and opens round 1.
    ///
    /// - Returns: the survey and each expert's token (shown once: the store keeps only its hash).
    /// - Throws: ``IndexError`` for a name in use, no experts, a repeated expert name, or a framework
    ///   with nothing to ask.
    public func createSurvey(
        name: String,
        source: FrameworkSource,
        kind: SurveyKind,
        scale: ScoreScale,
        riTable: RandomIndexTable?,
        experts: [String]
    ) throws -> (survey: StoredSurvey, tokens: [(expert: String, token: String)]) {
        try Self.checkNewSurvey(name: name, experts: experts)
        let framework = try source.parse()
        let design = try SurveyDesign(framework: framework, kind: kind, scale: scale, riTable: riTable)
        let hash = Self.frameworkHash(source)
        let tokens = experts.map { ($0, Self.newToken()) }
        // The survey and its tokens, as the transaction's result: the one its audit event describes.
        return try write { db in
            if try SurveyRow.filter(SurveyRow.Columns.name == name).fetchCount(db) > 0 {
                throw IndexError("a survey named '\(name)' already exists")
            }
            _ = try Self.saveFramework(source, parsed: framework, hash: hash, db, path: path)
            let created = Self.now()
            var survey = SurveyRow(
                name: name,
                frameworkHash: hash,
                kind: kind.rawValue,
                scaleLower: scale.lower,
                scaleUpper: scale.upper,
                riTable: design.riTable.name,
                createdAt: created
            )
            try survey.insert(db)
            let id = survey.id ?? db.lastInsertedRowID
            for (position, (expert, token)) in tokens.enumerated() {
                try SurveyExpertRow(surveyID: id, position: position, name: expert, tokenHash: Self.tokenHash(token))
                    .insert(db)
            }
            try SurveyRoundRow(surveyID: id, number: 1, openedAt: created).insert(db)
            return (try Self.survey(name, db, path: path), tokens.map { (expert: $0.0, token: $0.1) })
        }
    }

    /// A survey by name.
    ///
    /// - Throws: ``IndexError`` naming the survey when there is none.
    public func survey(_ name: String) throws -> StoredSurvey {
        try read { db in try Self.survey(name, db, path: path) }
    }

    static func survey(_ name: String, _ db: Database, path: String) throws -> StoredSurvey {
        guard let row = try SurveyRow.filter(SurveyRow.Columns.name == name).fetchOne(db) else {
            throw IndexError("no survey '\(name)' in the store", file: path, kind: .notFound)
        }
        return try survey(row, db, path: path)
    }

    static func survey(_ row: SurveyRow, _ db: Database, path: String) throws -> StoredSurvey {
        let id = row.id ?? 0
        let experts =
            try SurveyExpertRow
            .filter(SurveyExpertRow.Columns.surveyID == id)
            .order(SurveyExpertRow.Columns.position)
            .select(SurveyExpertRow.Columns.name, as: String.self)
            .fetchAll(db)
        let round =
            try SurveyRoundRow
            .filter(SurveyRoundRow.Columns.surveyID == id)
            .order(SurveyRoundRow.Columns.number.desc)
            .fetchOne(db)
        return try survey(
            row,
            framework: try frameworkRow(hash: row.frameworkHash, db, path: path),
            experts: experts,
            round: round.map { ($0.number, $0.closedAt) },
            path: path
        )
    }

    /// A survey from its stored rows, refusing what no longer makes sense: on every backend alike.
    ///
    /// - Parameter round: the survey's last round (its number and when it was closed, if it was).
    static func survey(
        _ row: SurveyRow,
        framework: StoredFramework?,
        experts: [String],
        round: (number: Int, closedAt: String?)?,
        path: String
    ) throws -> StoredSurvey {
        let id = row.id ?? 0
        guard let framework else {
            throw IndexError("survey '\(row.name)': its framework is missing from the store", file: path)
        }
        // Rounds count from 1 (callers walk `1...round` and open `round + 1`), and the kind decides
        // what is asked: a damaged row is refused here rather than trapping or asking the wrong questions.
        if let number = round?.number, !(1..<Int.max).contains(number) {
            throw IndexError(
                "survey '\(row.name)': stored round \(number) is not a round",
                file: path,
                kind: .integrity
            )
        }
        guard let kind = SurveyKind(rawValue: row.kind) else {
            throw IndexError(
                "survey '\(row.name)': stored kind '\(row.kind)' is not known",
                file: path,
                kind: .integrity
            )
        }
        return StoredSurvey(
            id: id,
            name: row.name,
            kind: kind,
            scale: try ScoreScale(lower: row.scaleLower, upper: row.scaleUpper),
            riTable: row.riTable,
            framework: framework,
            experts: experts,
            createdAt: row.createdAt,
            round: round?.number ?? 1,
            isFinished: round?.closedAt != nil
        )
    }

    /// Every survey's name, oldest first.
    public func surveyNames() throws -> [String] {
        try read { db in
            try SurveyRow.order(SurveyRow.Columns.id).select(SurveyRow.Columns.name, as: String.self).fetchAll(db)
        }
    }

    /// The survey and expert a token belongs to, or `nil`.
    ///
    /// Tokens are compared by their SHA-256, so the lookup's timing says nothing about the token.
    public func surveyExpert(token: String) throws -> (survey: StoredSurvey, expert: String)? {
        try read { db in
            guard
                let expert =
                    try SurveyExpertRow
                    .filter(SurveyExpertRow.Columns.tokenHash == Self.tokenHash(token))
                    .fetchOne(db),
                let survey = try SurveyRow.fetchOne(db, key: expert.surveyID)
            else { return nil }
            return (try Self.survey(survey, db, path: path), expert.name)
        }
    }

    /// Checks and stores an expert's answers in the open round, in one transaction.
    ///
    /// With `merging`, the answers are added to the expert's earlier ones in this round (saving progress
    /// node by node); otherwise they replace them. The whole result is checked before anything is written.
    ///
    /// - Parameters:
    ///   - name: the survey.
    ///   - expert: the expert answering (one of the survey's panel).
    ///   - answers: the answers as given.
    ///   - round: when given, the round the answers are for; it must be the open one.
    ///   - merging: add to the expert's earlier answers in this round (`false`: replace them).
    /// - Returns: the expert's checked answers as stored.
    /// - Throws: ``IndexError`` for an unknown survey or expert or a closed round; ``IndexErrors`` with
    ///   every bad answer (expert, node, pair or indicator). Nothing is stored then.
    @discardableResult
    public func saveResponse(
        survey name: String,
        expert: String,
        answers: SurveyAnswers,
        round: Int?,
        merging: Bool
    ) throws -> CheckedAnswers {
        try write { db in
            let survey = try Self.survey(name, db, path: path)
            try Self.checkAnswering(survey, expert: expert, round: round)
            let design = try survey.design()
            var combined = answers
            let key: [String: (any DatabaseValueConvertible)?] = [
                "surveyID": survey.id, "round": survey.round, "expert": expert,
            ]
            if merging, let earlier = try SurveyResponseRow.fetchOne(db, key: key) {
                combined = try Self.answers(earlier, survey: name, path: path).merging(answers)
            }
            let checked = try design.check(combined, expert: expert)
            // INSERT … ON CONFLICT (surveyID, round, expert) DO UPDATE SET answers, updatedAt.
            try SurveyResponseRow(
                surveyID: survey.id,
                round: survey.round,
                expert: expert,
                answers: try SurveyAnswersJSON.text(combined, design: design),
                updatedAt: Self.now()
            )
            .upsert(db)
            return checked
        }
    }

    /// A stored response's answers; a row that no longer reads is refused with the store, survey,
    /// round and expert it belongs to.
    static func answers(_ row: SurveyResponseRow, survey name: String, path: String) throws -> SurveyAnswers {
        do {
            return try SurveyAnswersJSON.parse(Data(row.answers.utf8), file: path)
        } catch var error as IndexError {
            error.message =
                "survey '\(name)', round \(row.round), expert '\(row.expert)': the stored answers no longer read: \(error.message)"
            error.file = path
            error.kind = .integrity
            throw error
        }
    }

    /// The answers stored for a round (the open one when `nil`), in panel order.
    public func responses(survey name: String, round: Int?) throws -> [StoredResponse] {
        try read { db in
            let survey = try Self.survey(name, db, path: path)
            let number = round ?? survey.round
            let rows =
                try SurveyResponseRow
                .filter(SurveyResponseRow.Columns.surveyID == survey.id && SurveyResponseRow.Columns.round == number)
                .fetchAll(db)
            let byExpert = Dictionary(rows.map { ($0.expert, $0) }, uniquingKeysWith: { first, _ in first })
            return try survey.experts.compactMap { expert in
                guard let row = byExpert[expert] else { return nil }
                return StoredResponse(
                    expert: expert,
                    round: number,
                    answers: try Self.answers(row, survey: name, path: path),
                    updatedAt: row.updatedAt
                )
            }
        }
    }

    /// Closes the open round and, unless `finish`, opens the next.
    ///
    /// - Returns: the survey after the change.
    /// - Throws: ``IndexError`` when the survey is already finished.
    @discardableResult
    public func closeRound(survey name: String, finish: Bool) throws -> StoredSurvey {
        // The survey as closed, read in the transaction: the result its audit event describes.
        try write { db in
            let survey = try Self.survey(name, db, path: path)
            guard !survey.isFinished else {
                throw IndexError("survey '\(name)' is already finished (round \(survey.round) is closed)")
            }
            let now = Self.now()
            try SurveyRoundRow
                .filter(SurveyRoundRow.Columns.surveyID == survey.id && SurveyRoundRow.Columns.number == survey.round)
                .updateAll(db, SurveyRoundRow.Columns.closedAt.set(to: now))
            if !finish {
                try SurveyRoundRow(surveyID: survey.id, number: survey.round + 1, openedAt: now).insert(db)
            }
            return try Self.survey(name, db, path: path)
        }
    }

    /// Records that a framework was written from a survey's answers, storing the framework itself.
    @discardableResult
    public func recordApplication(
        survey name: String,
        round: Int,
        experts: [String],
        framework: FrameworkSource,
        aggregation: GroupAggregation
    ) throws -> SurveyApplication {
        let parsed = try framework.parse()
        let hash = Self.frameworkHash(framework)
        return try write { db in
            let survey = try Self.survey(name, db, path: path)
            let isNew = try Self.frameworkRow(hash: hash, db, path: path) == nil
            _ = try Self.saveFramework(framework, parsed: parsed, hash: hash, db, path: path)
            let created = Self.now()
            var application = SurveyApplicationRow(
                surveyID: survey.id,
                round: round,
                experts: experts.joined(separator: "\n"),
                frameworkHash: hash,
                aggregation: aggregation.rawValue,
                createdAt: created
            )
            try application.insert(db)
            return SurveyApplication(
                id: application.id ?? db.lastInsertedRowID,
                survey: name,
                round: round,
                experts: experts,
                frameworkHash: hash,
                aggregation: aggregation.rawValue,
                createdAt: created,
                storedFramework: isNew
            )
        }
    }

    /// Takes back an application whose file could not be put in place (`survey apply`), in one
    /// transaction: its record, and its framework when recording it stored the framework and nothing
    /// else names it since.
    public func withdrawApplication(_ application: SurveyApplication) throws {
        try write { db in
            _ = try SurveyApplicationRow.deleteOne(db, key: application.id)
            guard application.storedFramework else { return }
            let hash = application.frameworkHash
            let named =
                try SurveyApplicationRow.filter(SurveyApplicationRow.Columns.frameworkHash == hash).fetchCount(db)
                + SurveyRow.filter(Column("frameworkHash") == hash).fetchCount(db)
                + DatasetRow.filter(Column("frameworkHash") == hash).fetchCount(db)
                + RunHeaderRow.filter(Column("frameworkHash") == hash).fetchCount(db)
            if named == 0 {
                _ = try FrameworkRow.filter(FrameworkRow.Columns.hash == hash).deleteAll(db)
            }
        }
    }

    /// Where the weights of a stored framework (by hash) came from, when `survey apply` wrote it.
    public func surveyApplications(frameworkHash hash: String) throws -> [SurveyApplication] {
        try read { db in
            let applications =
                try SurveyApplicationRow
                .filter(SurveyApplicationRow.Columns.frameworkHash == hash)
                .order(SurveyApplicationRow.Columns.id.desc)
                .fetchAll(db)
            let surveys = try SurveyRow.fetchAll(db, keys: Set(applications.map(\.surveyID)))
            let names = Dictionary(
                surveys.compactMap { row in row.id.map { ($0, row.name) } },
                uniquingKeysWith: { a, _ in a }
            )
            // As the join did: an application whose survey is gone (the foreign key forbids it) is left out.
            return applications.compactMap { row in
                names[row.surveyID].map { survey in
                    SurveyApplication(
                        id: row.id ?? 0,
                        survey: survey,
                        round: row.round,
                        experts: row.experts.split(separator: "\n").map(String.init),
                        frameworkHash: row.frameworkHash,
                        aggregation: row.aggregation,
                        createdAt: row.createdAt,
                        storedFramework: false
                    )
                }
            }
        }
    }

    /// Row counts of the survey tables, for tests that check a refused answer changed nothing.
    public func surveyRowCounts() throws -> [String: Int] {
        try read { db in
            let tables: [any TableRecord.Type] = [
                SurveyRow.self, SurveyExpertRow.self, SurveyRoundRow.self, SurveyResponseRow.self,
                SurveyApplicationRow.self,
            ]
            var counts: [String: Int] = [:]
            for table in tables { counts[table.databaseTableName] = try table.fetchCount(db) }
            return counts
        }
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
