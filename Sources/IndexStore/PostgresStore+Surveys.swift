import Foundation
public import IndexCore
public import IndexIO
import NIOCore
import PostgresNIO

// Weighting surveys on PostgreSQL: the same tables, checks and errors as the SQLite store's
// (`Store+Surveys.swift`), whose static helpers both use.
//
// **Concurrency.** Each method that writes is one READ COMMITTED transaction, like the rest of
// the store; what keeps concurrent writers from losing anything is row locks and constraints:
// - an answer locks its survey's row `FOR SHARE` and closing a round locks it `FOR UPDATE`, so an
//   answer is never stored in a round closed while it was being checked, and experts saving at
//   the same time do not wait for one another;
// - an answer also locks its expert's row `FOR UPDATE`, so two saves by one expert (a form in two
//   tabs, two servers) merge one after the other instead of the second overwriting the first;
// - each expert's answers are one row, `PRIMARY KEY (survey_id, round, expert)`, written by
//   `INSERT … ON CONFLICT DO UPDATE`, so many experts saving together each keep their own row;
// - a survey's name is `UNIQUE` and inserted with `ON CONFLICT (name) DO NOTHING`, so two panels
//   created at once under one name give one survey and one clear refusal.
// SERIALIZABLE would give the same outcomes, but every writer would then have to retry on
// serialisation failures; these locks make the one order that matters explicit.
extension PostgresStore {
    /// The survey tables (migration 2), named as the SQLite store's in snake case.
    static let surveyMigration = """
        CREATE TABLE survey (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            framework_hash TEXT NOT NULL REFERENCES framework(hash),
            kind TEXT NOT NULL,
            scale_lower DOUBLE PRECISION NOT NULL,
            scale_upper DOUBLE PRECISION NOT NULL,
            ri_table TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE survey_expert (
            survey_id BIGINT NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            PRIMARY KEY (survey_id, name)
        );
        CREATE TABLE survey_round (
            survey_id BIGINT NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            PRIMARY KEY (survey_id, number)
        );
        CREATE TABLE survey_response (
            survey_id BIGINT NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
            round INTEGER NOT NULL,
            expert TEXT NOT NULL,
            answers TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (survey_id, round, expert)
        );
        CREATE TABLE survey_application (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            survey_id BIGINT NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
            round INTEGER NOT NULL,
            experts TEXT NOT NULL,
            framework_hash TEXT NOT NULL REFERENCES framework(hash),
            aggregation TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """

    /// How a survey's row is read: plainly, or locked for the rest of the transaction.
    enum RowLock: String {
        case none = ""
        case share = " FOR SHARE"
        case update = " FOR UPDATE"
    }

    /// A survey by name, with its framework, panel and last round, checked as the SQLite store
    /// checks them (`Store.survey(_:framework:experts:round:path:)`).
    static func survey(
        named name: String,
        _ connection: PostgresConnection,
        location: String,
        lock: RowLock = .none
    ) async throws -> StoredSurvey {
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT id, name, framework_hash, kind, scale_lower, scale_upper, ri_table, created_at FROM survey \
                WHERE name = $1\(lock.rawValue)
                """
        )
        query.binds.append(name)
        var found: SurveyRow?
        for try await (id, name, hash, kind, lower, upper, riTable, createdAt) in try await connection.query(
            query,
            logger: quiet
        ).decode((Int64, String, String, String, Double, Double, String, String).self) {
            found = SurveyRow(
                id: id,
                name: name,
                frameworkHash: hash,
                kind: kind,
                scaleLower: lower,
                scaleUpper: upper,
                riTable: riTable,
                createdAt: createdAt
            )
        }
        guard let row = found, let id = row.id else {
            throw IndexError("no survey '\(name)' in the store", file: location, kind: .notFound)
        }
        var experts: [String] = []
        for try await expert in try await connection.query(
            "SELECT name FROM survey_expert WHERE survey_id = \(id) ORDER BY position",
            logger: quiet
        ).decode(String.self) {
            experts.append(expert)
        }
        var round: (number: Int, closedAt: String?)?
        for try await (number, closedAt) in try await connection.query(
            "SELECT number, closed_at FROM survey_round WHERE survey_id = \(id) ORDER BY number DESC LIMIT 1",
            logger: quiet
        ).decode((Int, String?).self) {
            round = (number, closedAt)
        }
        let framework = try await frameworks(
            connection,
            where: "WHERE hash = \(row.frameworkHash)",
            location: location
        ).first
        return try Store.survey(row, framework: framework, experts: experts, round: round, path: location)
    }
}

extension PostgresStore {
    // MARK: - Surveys

    public func createSurvey(
        name: String,
        source: FrameworkSource,
        kind: SurveyKind,
        scale: ScoreScale,
        riTable: RandomIndexTable?,
        experts: [String]
    ) throws -> (survey: StoredSurvey, tokens: [(expert: String, token: String)]) {
        try Store.checkNewSurvey(name: name, experts: experts)
        let framework = try PreparedFramework(source)
        let design = try SurveyDesign(framework: framework.parsed, kind: kind, scale: scale, riTable: riTable)
        let tokens = experts.map { (expert: $0, token: Store.newToken()) }
        let location = location
        // The survey and its tokens, as the transaction's result: the one its audit event describes.
        return try write { connection in
            _ = try await framework.store(connection, location: location)
            let created = Store.now()
            var id: Int64?
            for try await inserted in try await connection.query(
                """
                INSERT INTO survey (name, framework_hash, kind, scale_lower, scale_upper, ri_table, created_at) \
                VALUES (\(name), \(framework.hash), \(kind.rawValue), \(scale.lower), \(scale.upper), \
                \(design.riTable.name), \(created)) ON CONFLICT (name) DO NOTHING RETURNING id
                """,
                logger: Self.quiet
            ).decode(Int64.self) {
                id = inserted
            }
            guard let id else { throw IndexError("a survey named '\(name)' already exists") }
            for (position, (expert, token)) in tokens.enumerated() {
                let hash = Store.tokenHash(token)
                try await connection.query(
                    "INSERT INTO survey_expert (survey_id, position, name, token_hash) VALUES (\(id), \(position), \(expert), \(hash))",
                    logger: Self.quiet
                )
            }
            try await connection.query(
                "INSERT INTO survey_round (survey_id, number, opened_at) VALUES (\(id), 1, \(created))",
                logger: Self.quiet
            )
            return (try await Self.survey(named: name, connection, location: location), tokens)
        }
    }

    public func survey(_ name: String) throws -> StoredSurvey {
        let location = location
        return try read { try await Self.survey(named: name, $0, location: location) }
    }

    public func surveyNames() throws -> [String] {
        try read { connection in
            var names: [String] = []
            for try await name in try await connection.query("SELECT name FROM survey ORDER BY id", logger: Self.quiet)
                .decode(String.self)
            {
                names.append(name)
            }
            return names
        }
    }

    /// The survey and expert a token belongs to, or `nil`; tokens are compared by their SHA-256.
    public func surveyExpert(token: String) throws -> (survey: StoredSurvey, expert: String)? {
        let hash = Store.tokenHash(token)
        let location = location
        let found = try read { connection -> (StoredSurvey, String)? in
            var match: (String, String)?
            for try await row in try await connection.query(
                "SELECT s.name, e.name FROM survey_expert e JOIN survey s ON s.id = e.survey_id WHERE e.token_hash = \(hash)",
                logger: Self.quiet
            ).decode((String, String).self) {
                match = row
            }
            guard let (survey, expert) = match else { return nil }
            return (try await Self.survey(named: survey, connection, location: location), expert)
        }
        return found.map { (survey: $0.0, expert: $0.1) }
    }

    /// Checks and stores an expert's answers in the open round, in one transaction (see the
    /// concurrency notes at the top of this file).
    @discardableResult
    public func saveResponse(
        survey name: String,
        expert: String,
        answers: SurveyAnswers,
        round: Int?,
        merging: Bool
    ) throws -> CheckedAnswers {
        let location = location
        return try write { connection in
            let survey = try await Self.survey(named: name, connection, location: location, lock: .share)
            try Store.checkAnswering(survey, expert: expert, round: round)
            let design = try survey.design()
            try await connection.query(
                "SELECT 1 FROM survey_expert WHERE survey_id = \(survey.id) AND name = \(expert) FOR UPDATE",
                logger: Self.quiet
            )
            var combined = answers
            if merging {
                for try await text in try await connection.query(
                    "SELECT answers FROM survey_response WHERE survey_id = \(survey.id) AND round = \(survey.round) AND expert = \(expert)",
                    logger: Self.quiet
                ).decode(String.self) {
                    let earlier = SurveyResponseRow(
                        surveyID: survey.id,
                        round: survey.round,
                        expert: expert,
                        answers: text,
                        updatedAt: ""
                    )
                    combined = try Store.answers(earlier, survey: name, path: location).merging(answers)
                }
            }
            let checked = try design.check(combined, expert: expert)
            let text = try SurveyAnswersJSON.text(combined, design: design)
            let now = Store.now()
            try await connection.query(
                """
                INSERT INTO survey_response (survey_id, round, expert, answers, updated_at) \
                VALUES (\(survey.id), \(survey.round), \(expert), \(text), \(now)) \
                ON CONFLICT (survey_id, round, expert) DO UPDATE SET answers = EXCLUDED.answers, updated_at = EXCLUDED.updated_at
                """,
                logger: Self.quiet
            )
            return checked
        }
    }

    public func responses(survey name: String, round: Int?) throws -> [StoredResponse] {
        let location = location
        return try read { connection in
            let survey = try await Self.survey(named: name, connection, location: location)
            let number = round ?? survey.round
            var byExpert: [String: SurveyResponseRow] = [:]
            for try await (expert, answers, updatedAt) in try await connection.query(
                "SELECT expert, answers, updated_at FROM survey_response WHERE survey_id = \(survey.id) AND round = \(number)",
                logger: Self.quiet
            ).decode((String, String, String).self) {
                byExpert[expert] = SurveyResponseRow(
                    surveyID: survey.id,
                    round: number,
                    expert: expert,
                    answers: answers,
                    updatedAt: updatedAt
                )
            }
            return try survey.experts.compactMap { expert in
                guard let row = byExpert[expert] else { return nil }
                return StoredResponse(
                    expert: expert,
                    round: number,
                    answers: try Store.answers(row, survey: name, path: location),
                    updatedAt: row.updatedAt
                )
            }
        }
    }

    @discardableResult
    public func closeRound(survey name: String, finish: Bool) throws -> StoredSurvey {
        let location = location
        return try write { connection in
            let survey = try await Self.survey(named: name, connection, location: location, lock: .update)
            guard !survey.isFinished else {
                throw IndexError("survey '\(name)' is already finished (round \(survey.round) is closed)")
            }
            let now = Store.now()
            try await connection.query(
                "UPDATE survey_round SET closed_at = \(now) WHERE survey_id = \(survey.id) AND number = \(survey.round)",
                logger: Self.quiet
            )
            if !finish {
                let next = survey.round + 1
                try await connection.query(
                    "INSERT INTO survey_round (survey_id, number, opened_at) VALUES (\(survey.id), \(next), \(now))",
                    logger: Self.quiet
                )
            }
            return try await Self.survey(named: name, connection, location: location)
        }
    }

    @discardableResult
    public func recordApplication(
        survey name: String,
        round: Int,
        experts: [String],
        framework: FrameworkSource,
        aggregation: GroupAggregation
    ) throws -> SurveyApplication {
        let prepared = try PreparedFramework(framework)
        let location = location
        return try write { connection in
            let survey = try await Self.survey(named: name, connection, location: location, lock: .share)
            let isNew = try await prepared.insert(connection)
            let created = Store.now()
            let panel = experts.joined(separator: "\n")
            var id: Int64?
            for try await inserted in try await connection.query(
                """
                INSERT INTO survey_application (survey_id, round, experts, framework_hash, aggregation, created_at) \
                VALUES (\(survey.id), \(round), \(panel), \(prepared.hash), \(aggregation.rawValue), \(created)) RETURNING id
                """,
                logger: Self.quiet
            ).decode(Int64.self) {
                id = inserted
            }
            guard let id else { throw IndexError("store: the application got no id", file: location) }
            return SurveyApplication(
                id: id,
                survey: name,
                round: round,
                experts: experts,
                frameworkHash: prepared.hash,
                aggregation: aggregation.rawValue,
                createdAt: created,
                storedFramework: isNew
            )
        }
    }

    public func withdrawApplication(_ application: SurveyApplication) throws {
        let id = application.id
        let hash = application.frameworkHash
        let storedFramework = application.storedFramework
        try write { connection in
            try await connection.query("DELETE FROM survey_application WHERE id = \(id)", logger: Self.quiet)
            guard storedFramework else { return }
            try await connection.query(
                """
                DELETE FROM framework f WHERE f.hash = \(hash) \
                AND NOT EXISTS (SELECT 1 FROM survey_application a WHERE a.framework_hash = f.hash) \
                AND NOT EXISTS (SELECT 1 FROM survey s WHERE s.framework_hash = f.hash) \
                AND NOT EXISTS (SELECT 1 FROM dataset d WHERE d.framework_hash = f.hash) \
                AND NOT EXISTS (SELECT 1 FROM run r WHERE r.framework_hash = f.hash)
                """,
                logger: Self.quiet
            )
        }
    }

    public func surveyApplications(frameworkHash hash: String) throws -> [SurveyApplication] {
        try read { connection in
            var applications: [SurveyApplication] = []
            for try await (id, survey, round, experts, frameworkHash, aggregation, createdAt)
                in try await connection
                .query(
                    """
                    SELECT a.id, s.name, a.round, a.experts, a.framework_hash, a.aggregation, a.created_at \
                    FROM survey_application a JOIN survey s ON s.id = a.survey_id WHERE a.framework_hash = \(hash) \
                    ORDER BY a.id DESC
                    """,
                    logger: Self.quiet
                ).decode((Int64, String, Int, String, String, String, String).self)
            {
                applications.append(
                    SurveyApplication(
                        id: id,
                        survey: survey,
                        round: round,
                        experts: experts.split(separator: "\n").map(String.init),
                        frameworkHash: frameworkHash,
                        aggregation: aggregation,
                        createdAt: createdAt,
                        storedFramework: false
                    )
                )
            }
            return applications
        }
    }

    /// Row counts of the survey tables, for tests that check a refused answer changed nothing.
    public func surveyRowCounts() throws -> [String: Int] {
        try read { connection in
            var counts: [String: Int] = [:]
            for table in ["survey", "survey_expert", "survey_round", "survey_response", "survey_application"] {
                for try await count in try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT COUNT(*)::BIGINT FROM \(table)"),
                    logger: Self.quiet
                ).decode(Int.self) {
                    counts[table] = count
                }
            }
            return counts
        }
    }
}
