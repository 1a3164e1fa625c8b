import Foundation
import IndexCore
import NIOCore
import PostgresNIO

// Accounts, API tokens, the audit log and publications on PostgreSQL: the SQLite store's tables
// (`Store+Accounts.swift`) and checks. A name taken twice by two processes at once is refused by the
// primary key (23505, a conflict); a publication is one insert, and which run readers see is the
// newest one that stands, so two reviewers publishing together cannot leave a half-made state.
extension PostgresStore {
    static let accountsMigration = """
        CREATE TABLE account (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE account_token (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
            role TEXT NOT NULL,
            label TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE TABLE audit_event (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            address TEXT NOT NULL
        );
        CREATE TABLE publication (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id BIGINT NOT NULL REFERENCES run(id),
            published_at TEXT NOT NULL,
            published_by TEXT NOT NULL,
            withdrawn_at TEXT,
            withdrawn_by TEXT
        )
        """

    typealias AccountColumns = (String, String, String?, String)
    /// Sign-in sessions are tokens that expire; sign-in failures are counted in the audit log by
    /// action and time (SQLite's `sessions-v5`).
    static let sessionsMigration = """
        ALTER TABLE account_token ADD COLUMN expires_at TEXT;
        CREATE INDEX audit_event_by_action ON audit_event(action, at)
        """

    typealias TokenColumns = (Int64, String, String, String, String, String?, String?)
    typealias PublicationColumns = (Int64, Int64, String, String, String?, String?)

    static let accountSelect = "SELECT name, role, password_hash, created_at FROM account"
    static let tokenSelect = "SELECT id, account, role, label, created_at, revoked_at, expires_at FROM account_token"
    static let publicationSelect =
        "SELECT id, run_id, published_at, published_by, withdrawn_at, withdrawn_by FROM publication"

    static func rows<each Column: PostgresDecodable & Sendable>(
        _ connection: PostgresConnection,
        _ query: PostgresQuery,
        as type: (repeat each Column).Type
    ) async throws -> [(repeat each Column)] {
        var rows: [(repeat each Column)] = []
        for try await row in try await connection.query(query, logger: quiet).decode(type) { rows.append(row) }
        return rows
    }

    static func account(_ row: AccountColumns, location: String) throws -> Account {
        Account(
            name: row.0,
            role: try Store.role(row.1, path: location),
            hasPassword: row.2 != nil,
            createdAt: row.3
        )
    }

    static func account(
        named name: String,
        _ connection: PostgresConnection,
        location: String
    ) async throws
        -> Account
    {
        var query = PostgresQuery(unsafeSQL: accountSelect + " WHERE name = $1")
        query.binds.append(name)
        guard let row = try await rows(connection, query, as: AccountColumns.self).first else {
            throw AccountRules.noAccount(name, in: location)
        }
        return try account(row, location: location)
    }

    static func token(_ row: TokenColumns, location: String) throws -> AccountToken {
        AccountToken(
            id: row.0,
            account: row.1,
            role: try Store.role(row.2, path: location),
            label: row.3,
            createdAt: row.4,
            revokedAt: row.5,
            expiresAt: row.6
        )
    }

    static func publications(_ connection: PostgresConnection) async throws -> [Publication] {
        try await rows(
            connection,
            PostgresQuery(unsafeSQL: publicationSelect + " ORDER BY id DESC"),
            as: PublicationColumns.self
        )
        .map {
            Publication(id: $0.0, run: $0.1, publishedAt: $0.2, publishedBy: $0.3, withdrawnAt: $0.4, withdrawnBy: $0.5)
        }
    }

    /// Every process listening (`changes()`) hears of a publication when its transaction commits.
    static func announce(_ connection: PostgresConnection, _ what: String) async throws {
        try await connection.query("SELECT pg_notify(\(changesChannel), \(what))", logger: quiet)
    }
}

extension PostgresStore {
    // MARK: - Accounts

    public func addAccount(name: String, role: Role, passwordHash: String?) throws -> Account {
        try AccountRules.checkName(name)
        let location = location
        return try write { connection in
            let inserted = try await Self.rows(
                connection,
                """
                INSERT INTO account (name, role, password_hash, created_at) \
                VALUES (\(name), \(role.rawValue), \(passwordHash), \(Store.now())) \
                ON CONFLICT (name) DO NOTHING RETURNING name
                """,
                as: String.self
            )
            guard !inserted.isEmpty else {
                throw IndexError("account '\(name)' exists already", file: location, kind: .conflict)
            }
            return try await Self.account(named: name, connection, location: location)
        }
    }

    public func removeAccount(_ name: String) throws {
        let location = location
        try write { connection in
            _ = try await Self.account(named: name, connection, location: location)
            try await connection.query("DELETE FROM account_token WHERE account = \(name)", logger: Self.quiet)
            try await connection.query("DELETE FROM account WHERE name = \(name)", logger: Self.quiet)
        }
    }

    public func accounts() throws -> [Account] {
        let location = location
        return try read { connection in
            try await Self.rows(
                connection,
                PostgresQuery(unsafeSQL: Self.accountSelect + " ORDER BY name"),
                as: AccountColumns.self
            )
            .map { try Self.account($0, location: location) }
        }
    }

    public func setRole(_ role: Role, account name: String) throws -> Account {
        let location = location
        return try write { connection in
            _ = try await Self.account(named: name, connection, location: location)
            try await connection.query(
                "UPDATE account SET role = \(role.rawValue) WHERE name = \(name)",
                logger: Self.quiet
            )
            return try await Self.account(named: name, connection, location: location)
        }
    }

    public func setPasswordHash(_ hash: String?, account name: String) throws {
        let location = location
        try write { connection in
            _ = try await Self.account(named: name, connection, location: location)
            try await connection.query(
                "UPDATE account SET password_hash = \(hash) WHERE name = \(name)",
                logger: Self.quiet
            )
        }
    }

    public func signInRecord(account name: String) throws -> (account: Account, passwordHash: String?)? {
        let location = location
        return try read { connection in
            var query = PostgresQuery(unsafeSQL: Self.accountSelect + " WHERE name = $1")
            query.binds.append(name)
            guard let row = try await Self.rows(connection, query, as: AccountColumns.self).first else { return nil }
            return (try Self.account(row, location: location), row.2)
        }
    }

    // MARK: - Tokens

    public func issueToken(
        account name: String,
        role: Role?,
        label: String,
        lifetime: Int?
    ) throws -> (AccountToken, String) {
        try ControlCharacters.check(label, what: "the token's label")
        try AccountRules.checkLifetime(lifetime)
        let token = AccountRules.newToken()
        let expires = lifetime.map { Store.now(plus: $0) }
        let hash = AccountRules.tokenHash(token)
        let location = location
        // The token with its secret, as the transaction's result: the one the audit event describes.
        return try write { connection in
            let account = try await Self.account(named: name, connection, location: location)
            let scope = role ?? account.role
            guard scope <= account.role else { throw AccountRules.tokenAboveRole(scope, account: account) }
            let created = Store.now()
            let ids = try await Self.rows(
                connection,
                """
                INSERT INTO account_token (account, role, label, token_hash, created_at, expires_at) \
                VALUES (\(name), \(scope.rawValue), \(label), \(hash), \(created), \(expires)) RETURNING id
                """,
                as: Int64.self
            )
            guard let id = ids.first else {
                throw IndexError("the token was not stored", file: location, kind: .internal)
            }
            let issued = AccountToken(
                id: id,
                account: name,
                role: scope,
                label: label,
                createdAt: created,
                revokedAt: nil,
                expiresAt: expires
            )
            return (issued, token)
        }
    }

    public func revokeToken(_ id: Int64) throws -> AccountToken {
        let location = location
        return try write { connection in
            try await connection.query(
                "UPDATE account_token SET revoked_at = COALESCE(revoked_at, \(Store.now())) WHERE id = \(id)",
                logger: Self.quiet
            )
            var query = PostgresQuery(unsafeSQL: Self.tokenSelect + " WHERE id = $1")
            query.binds.append(id)
            guard let row = try await Self.rows(connection, query, as: TokenColumns.self).first else {
                throw IndexError("no token #\(id) in the store", file: location, kind: .notFound)
            }
            return try Self.token(row, location: location)
        }
    }

    public func tokens(account name: String?) throws -> [AccountToken] {
        let location = location
        return try read { connection in
            var query = PostgresQuery(
                unsafeSQL: Self.tokenSelect + (name == nil ? "" : " WHERE account = $1") + " ORDER BY id"
            )
            if let name { query.binds.append(name) }
            return try await Self.rows(connection, query, as: TokenColumns.self).map {
                try Self.token($0, location: location)
            }
        }
    }

    public func principal(token: String) throws -> Principal? {
        let hash = AccountRules.tokenHash(token)
        let location = location
        return try read { connection in
            guard
                let row = try await Self.rows(
                    connection,
                    """
                    SELECT t.account, t.role, a.role, t.id FROM account_token t JOIN account a ON a.name = t.account \
                    WHERE t.token_hash = \(hash) AND t.revoked_at IS NULL \
                    AND (t.expires_at IS NULL OR t.expires_at > \(Store.now()))
                    """,
                    as: (String, String, String, Int64).self
                ).first
            else { return nil }
            return AccountRules.principal(
                account: row.0,
                accountRole: try Store.role(row.2, path: location),
                tokenRole: try Store.role(row.1, path: location),
                tokenID: row.3
            )
        }
    }

    // MARK: - The audit log

    public func recordEvent(actor: String, action: String, subject: String, address: String) throws {
        _ = try write { connection in
            try await connection.query(
                """
                INSERT INTO audit_event (at, actor, action, subject, address) \
                VALUES (\(Store.now()), \(actor), \(action), \(subject), \(address))
                """,
                logger: Self.quiet
            )
        }
    }

    public func auditLog(limit: Int) throws -> [AuditEvent] {
        try read { connection in
            try await Self.rows(
                connection,
                "SELECT id, at, actor, action, subject, address FROM audit_event ORDER BY id DESC LIMIT \(max(0, limit))",
                as: (Int64, String, String, String, String, String).self
            ).map { AuditEvent(id: $0.0, at: $0.1, actor: $0.2, action: $0.3, subject: $0.4, address: $0.5) }
        }
    }

    public func countEvents(action: String, subject: String?, address: String?, since: String) throws -> Int {
        try read { connection in
            try await Self.rows(
                connection,
                """
                SELECT COUNT(*) FROM audit_event WHERE action = \(action) AND at >= \(since) \
                AND (\(subject)::TEXT IS NULL OR subject = \(subject)) AND (\(address)::TEXT IS NULL OR address = \(address))
                """,
                as: Int64.self
            ).first.map { Int($0) } ?? 0
        }
    }

    // MARK: - Publication

    public func publish(run id: Int64, by reviewer: String) throws -> Publication {
        let location = location
        return try write { connection in
            // Publishers queue here, so "already published" is decided on what the last one committed.
            try await connection.query("LOCK TABLE publication IN SHARE ROW EXCLUSIVE MODE", logger: Self.quiet)
            guard try await !Self.rows(connection, "SELECT id FROM run WHERE id = \(id)", as: Int64.self).isEmpty else {
                throw IndexError("no run '\(id)' in the store", file: location, kind: .notFound)
            }
            if let current = try await Self.publications(connection).first(where: \.isCurrent), current.run == id {
                throw IndexError("run #\(id) is the published run already", file: location, kind: .conflict)
            }
            try await connection.query(
                "INSERT INTO publication (run_id, published_at, published_by) VALUES (\(id), \(Store.now()), \(reviewer))",
                logger: Self.quiet
            )
            try await Self.announce(connection, "published \(id)")
            return try await Self.publications(connection)[0]
        }
    }

    public func withdrawPublication(by reviewer: String) throws -> Publication {
        let location = location
        return try write { connection in
            try await connection.query("LOCK TABLE publication IN SHARE ROW EXCLUSIVE MODE", logger: Self.quiet)
            guard let current = try await Self.publications(connection).first(where: \.isCurrent) else {
                throw IndexError("no run is published", file: location, kind: .conflict)
            }
            try await connection.query(
                "UPDATE publication SET withdrawn_at = \(Store.now()), withdrawn_by = \(reviewer) WHERE id = \(current.id)",
                logger: Self.quiet
            )
            try await Self.announce(connection, "withdrawn \(current.run)")
            guard let withdrawn = try await Self.publications(connection).first(where: { $0.id == current.id }) else {
                throw IndexError("the publication was not found again", file: location, kind: .internal)
            }
            return withdrawn
        }
    }

    public func publications() throws -> [Publication] {
        try read { try await Self.publications($0) }
    }

    public func publishedRunID() throws -> Int64? {
        try read { connection in
            try await Self.rows(
                connection,
                "SELECT run_id FROM publication WHERE withdrawn_at IS NULL ORDER BY id DESC LIMIT 1",
                as: Int64.self
            ).first
        }
    }
}
