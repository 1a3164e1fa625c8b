import Foundation
import GRDB
import IndexCore

// Accounts, API tokens, the audit log and publications in the SQLite store. The queries are raw SQL
// of a few columns each, written once beside PostgreSQL's twins in `PostgresStore+Accounts.swift`.
extension Store {
    static func registerAccountMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("accounts-v4") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL,
                        passwordHash TEXT,
                        createdAt TEXT NOT NULL
                    );
                    CREATE TABLE accountToken (
                        id INTEGER PRIMARY KEY,
                        account TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
                        role TEXT NOT NULL,
                        label TEXT NOT NULL,
                        tokenHash TEXT NOT NULL UNIQUE,
                        createdAt TEXT NOT NULL,
                        revokedAt TEXT
                    );
                    CREATE TABLE auditEvent (
                        id INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        address TEXT NOT NULL
                    );
                    CREATE TABLE publication (
                        id INTEGER PRIMARY KEY,
                        runID INTEGER NOT NULL REFERENCES run(id),
                        publishedAt TEXT NOT NULL,
                        publishedBy TEXT NOT NULL,
                        withdrawnAt TEXT,
                        withdrawnBy TEXT
                    );
                    """
            )
        }
        // Sign-in sessions are tokens that expire; sign-in failures are counted in the audit log by
        // action and time.
        migrator.registerMigration("sessions-v5") { db in
            try db.execute(
                sql: """
                    ALTER TABLE accountToken ADD COLUMN expiresAt TEXT;
                    CREATE INDEX auditEventByAction ON auditEvent(action, at);
                    """
            )
        }
    }

    // MARK: Accounts

    public func addAccount(name: String, role: Role, passwordHash: String?) throws -> Account {
        try AccountRules.checkName(name)
        return try write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [name]) == nil else {
                throw IndexError("account '\(name)' exists already", file: path, kind: .conflict)
            }
            try db.execute(
                sql: "INSERT INTO account (name, role, passwordHash, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [name, role.rawValue, passwordHash, Self.now()]
            )
            return try Self.account(name, db, path: path)
        }
    }

    public func removeAccount(_ name: String) throws {
        try write { db in
            _ = try Self.account(name, db, path: path)
            try db.execute(sql: "DELETE FROM accountToken WHERE account = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM account WHERE name = ?", arguments: [name])
        }
    }

    public func accounts() throws -> [Account] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map { try Self.account($0, path: path) }
        }
    }

    public func setRole(_ role: Role, account name: String) throws -> Account {
        try write { db in
            _ = try Self.account(name, db, path: path)
            try db.execute(sql: "UPDATE account SET role = ? WHERE name = ?", arguments: [role.rawValue, name])
            return try Self.account(name, db, path: path)
        }
    }

    public func setPasswordHash(_ hash: String?, account name: String) throws {
        try write { db in
            _ = try Self.account(name, db, path: path)
            try db.execute(sql: "UPDATE account SET passwordHash = ? WHERE name = ?", arguments: [hash, name])
        }
    }

    public func signInRecord(account name: String) throws -> (account: Account, passwordHash: String?)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name])
            else { return nil }
            return (try Self.account(row, path: path), row["passwordHash"])
        }
    }

    // MARK: Tokens

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
        return try write { db in
            let account = try Self.account(name, db, path: path)
            let scope = role ?? account.role
            guard scope <= account.role else { throw AccountRules.tokenAboveRole(scope, account: account) }
            let created = Self.now()
            try db.execute(
                sql: """
                    INSERT INTO accountToken (account, role, label, tokenHash, createdAt, expiresAt) \
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [name, scope.rawValue, label, AccountRules.tokenHash(token), created, expires]
            )
            let issued = AccountToken(
                id: db.lastInsertedRowID,
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
        try write { db in
            try db.execute(
                sql: "UPDATE accountToken SET revokedAt = COALESCE(revokedAt, ?) WHERE id = ?",
                arguments: [Self.now(), id]
            )
            let row = try Row.fetchOne(db, sql: "SELECT * FROM accountToken WHERE id = ?", arguments: [id])
            guard let row else { throw IndexError("no token #\(id) in the store", file: path, kind: .notFound) }
            return try Self.token(row, path: path)
        }
    }

    public func tokens(account name: String?) throws -> [AccountToken] {
        try read { db in
            let rows =
                if let name {
                    try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM accountToken WHERE account = ? ORDER BY id",
                        arguments: [name]
                    )
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM accountToken ORDER BY id")
                }
            return try rows.map { try Self.token($0, path: path) }
        }
    }

    /// Tokens are looked up by their SHA-256, so the lookup's timing says nothing about the token.
    public func principal(token: String) throws -> Principal? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT t.id, t.account, t.role AS tokenRole, a.role AS accountRole FROM accountToken t \
                        JOIN account a ON a.name = t.account WHERE t.tokenHash = ? AND t.revokedAt IS NULL \
                        AND (t.expiresAt IS NULL OR t.expiresAt > ?)
                        """,
                    arguments: [AccountRules.tokenHash(token), Self.now()]
                )
            else { return nil }
            return AccountRules.principal(
                account: row["account"],
                accountRole: try Self.role(row["accountRole"], path: path),
                tokenRole: try Self.role(row["tokenRole"], path: path),
                tokenID: row["id"]
            )
        }
    }

    // MARK: The audit log

    public func recordEvent(actor: String, action: String, subject: String, address: String) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO auditEvent (at, actor, action, subject, address) VALUES (?, ?, ?, ?, ?)",
                arguments: [Self.now(), actor, action, subject, address]
            )
        }
    }

    public func auditLog(limit: Int) throws -> [AuditEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM auditEvent ORDER BY id DESC LIMIT ?", arguments: [max(0, limit)])
                .map { row in
                    AuditEvent(
                        id: row["id"],
                        at: row["at"],
                        actor: row["actor"],
                        action: row["action"],
                        subject: row["subject"],
                        address: row["address"]
                    )
                }
        }
    }

    public func countEvents(action: String, subject: String?, address: String?, since: String) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM auditEvent WHERE action = ? AND at >= ? \
                    AND (? IS NULL OR subject = ?) AND (? IS NULL OR address = ?)
                    """,
                arguments: [action, since, subject, subject, address, address]
            ) ?? 0
        }
    }

    // MARK: Publication

    public func publish(run id: Int64, by reviewer: String) throws -> Publication {
        try write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM run WHERE id = ?", arguments: [id]) != nil else {
                throw IndexError("no run '\(id)' in the store", file: path, kind: .notFound)
            }
            if let current = try Self.publications(db).first(where: \.isCurrent), current.run == id {
                throw IndexError("run #\(id) is the published run already", file: path, kind: .conflict)
            }
            try db.execute(
                sql: "INSERT INTO publication (runID, publishedAt, publishedBy) VALUES (?, ?, ?)",
                arguments: [id, Self.now(), reviewer]
            )
            return try Self.publications(db)[0]
        }
    }

    public func withdrawPublication(by reviewer: String) throws -> Publication {
        try write { db in
            guard let current = try Self.publications(db).first(where: \.isCurrent) else {
                throw IndexError("no run is published", file: path, kind: .conflict)
            }
            try db.execute(
                sql: "UPDATE publication SET withdrawnAt = ?, withdrawnBy = ? WHERE id = ?",
                arguments: [Self.now(), reviewer, current.id]
            )
            guard let withdrawn = try Self.publications(db).first(where: { $0.id == current.id }) else {
                throw IndexError("the publication was not found again", file: path, kind: .internal)
            }
            return withdrawn
        }
    }

    public func publications() throws -> [Publication] {
        try read { db in try Self.publications(db) }
    }

    public func publishedRunID() throws -> Int64? {
        try read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT runID FROM publication WHERE withdrawnAt IS NULL ORDER BY id DESC LIMIT 1"
            )
        }
    }

    // MARK: Rows

    static func publications(_ db: Database) throws -> [Publication] {
        try Row.fetchAll(db, sql: "SELECT * FROM publication ORDER BY id DESC").map { row in
            Publication(
                id: row["id"],
                run: row["runID"],
                publishedAt: row["publishedAt"],
                publishedBy: row["publishedBy"],
                withdrawnAt: row["withdrawnAt"],
                withdrawnBy: row["withdrawnBy"]
            )
        }
    }

    static func account(_ name: String, _ db: Database, path: String) throws -> Account {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]) else {
            throw AccountRules.noAccount(name, in: path)
        }
        return try account(row, path: path)
    }

    static func account(_ row: Row, path: String) throws -> Account {
        Account(
            name: row["name"],
            role: try role(row["role"], path: path),
            hasPassword: (row["passwordHash"] as String?) != nil,
            createdAt: row["createdAt"]
        )
    }

    static func token(_ row: Row, path: String) throws -> AccountToken {
        AccountToken(
            id: row["id"],
            account: row["account"],
            role: try role(row["role"], path: path),
            label: row["label"],
            createdAt: row["createdAt"],
            revokedAt: row["revokedAt"],
            expiresAt: row["expiresAt"]
        )
    }

    static func role(_ stored: String, path: String) throws -> Role {
        guard let role = Role(rawValue: stored) else {
            throw IndexError("a stored role '\(stored)' is not one this program knows", file: path, kind: .integrity)
        }
        return role
    }
}
