import Crypto
import CryptoExtras
import Foundation
import IndexCore

/// What an account may do on a server; each role may do everything the roles before it may.
///
/// - `reader`: read the pages and the API when the server's reads are private (`--private`).
/// - `analyst`: import datasets, record runs, compare, prepare and run analyses.
/// - `reviewer`: publish a recorded run and take a publication back.
/// - `admin`: manage accounts and their tokens, surveys, and read the audit log.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case reader, analyst, reviewer, admin

    /// The role's place in the order above.
    var rank: Int {
        switch self {
        case .reader: 0
        case .analyst: 1
        case .reviewer: 2
        case .admin: 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        lhs.rank < rhs.rank
    }

    /// A role by its name, or an error listing the four.
    public init(name: String) throws {
        guard let role = Role(rawValue: name) else {
            throw IndexError(
                "no role '\(name)': the roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = role
    }
}

/// A person (or a service) who signs in or presents a token.
public struct Account: Sendable, Hashable, Codable {
    public var name: String
    public var role: Role
    /// Whether a password is set (the hash itself never leaves the store's account methods).
    public var hasPassword: Bool
    public var createdAt: String

    public init(name: String, role: Role, hasPassword: Bool, createdAt: String) {
        self.name = name
        self.role = role
        self.hasPassword = hasPassword
        self.createdAt = createdAt
    }
}

/// An API token of an account: scoped to a role no higher than the account's, revocable. The
/// store keeps only its hash; the token itself is shown once, when it is issued.
public struct AccountToken: Sendable, Hashable, Codable {
    public var id: Int64
    public var account: String
    public var role: Role
    public var label: String
    public var createdAt: String
    public var revokedAt: String?
    /// When the token stops working by itself (a sign-in session's), or `nil` for an API token,
    /// which works until it is revoked.
    public var expiresAt: String?

    public init(
        id: Int64,
        account: String,
        role: Role,
        label: String,
        createdAt: String,
        revokedAt: String?,
        expiresAt: String? = nil
    ) {
        self.id = id
        self.account = account
        self.role = role
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
    }
}

/// Who a request or command acts as: an account and the role it acts with (a token's scope, never
/// above the account's role at the moment of use).
public struct Principal: Sendable, Hashable {
    public var name: String
    public var role: Role
    /// The number of the token presented (so signing out can revoke its session), or `nil` for a
    /// principal that presented none of the store's tokens.
    public var tokenID: Int64?

    public init(name: String, role: Role, tokenID: Int64? = nil) {
        self.name = name
        self.role = role
        self.tokenID = tokenID
    }
}

/// How the server's sign-in page works, the same on every backend and every server of a store.
///
/// A session is an account token with a lifetime (``IndexStoring/issueToken(account:role:label:lifetime:)``)
/// held in an `HttpOnly` cookie; signing out revokes it in the store, so every server refuses it
/// at once. Failed sign-ins are audit events (`signin.failed`), counted across servers: after
/// ``failureLimit`` failures on one account name, or ``addressFailureLimit`` from one address (an
/// office behind one address has several people), within ``failureWindow`` seconds, sign-in is
/// refused for that name or address until the window has passed.
public enum SessionRules {
    /// A session lasts 12 hours (a working day), then the reader signs in again.
    public static let lifetime = 12 * 3600
    public static let failureLimit = 5
    public static let addressFailureLimit = 20
    public static let failureWindow = 15 * 60
    /// The label a session's token is listed with.
    public static let sessionLabel = "sign-in session"
    /// The audit log's action for a failed sign-in.
    public static let failureAction = "signin.failed"

    /// The stored time the failure window starts at: `failureWindow` seconds ago.
    public static func windowStart() -> String {
        Store.now(plus: -failureWindow)
    }

    /// The anti-forgery token of a session: derived from the session's secret token, so a page can
    /// carry it and a cross-site form cannot know it, and no server has to store it.
    public static func csrfToken(session: String) -> String {
        SHA256.hex("iidei-csrf\n" + session)
    }
}

/// One write, as the audit log keeps it: who, what, on what, when, from where.
public struct AuditEvent: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    /// The client's address for a request; `cli` for a command on this machine.
    public var address: String

    public init(id: Int64, at: String, actor: String, action: String, subject: String, address: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.address = address
    }
}

/// A run made public by a reviewer, and when (and by whom) it was taken back.
public struct Publication: Sendable, Hashable, Codable {
    public var id: Int64
    public var run: Int64
    public var publishedAt: String
    public var publishedBy: String
    public var withdrawnAt: String?
    public var withdrawnBy: String?

    public init(
        id: Int64,
        run: Int64,
        publishedAt: String,
        publishedBy: String,
        withdrawnAt: String?,
        withdrawnBy: String?
    ) {
        self.id = id
        self.run = run
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        self.withdrawnAt = withdrawnAt
        self.withdrawnBy = withdrawnBy
    }

    /// Whether the publication stands (not taken back).
    public var isCurrent: Bool { withdrawnAt == nil }
}

/// Slow salted password hashes: PBKDF2-HMAC-SHA-256 from swift-crypto (BoringSSL), written as
/// `pbkdf2-sha256$ROUNDS$SALT$HASH` (salt and hash in base64) so the rounds can grow without
/// invalidating stored hashes.
public enum PasswordHash {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA-256.
    public static let defaultRounds = 600_000
    static let scheme = "pbkdf2-sha256"

    /// A new hash of `password` with a fresh 16-byte salt.
    public static func make(_ password: String, rounds: Int = defaultRounds) throws -> String {
        try checkStrength(password)
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let derived = try derive(password, salt: salt, rounds: rounds)
        return [scheme, String(rounds), Data(salt).base64EncodedString(), Data(derived).base64EncodedString()]
            .joined(separator: "$")
    }

    /// Whether `password` gives `stored`; `false` for a hash this program cannot read.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let rounds = Int(parts[1]), (1...10_000_000).contains(rounds),
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let derived = try? derive(password, salt: Array(salt), rounds: rounds)
        else { return false }
        return constantTimeEqual(derived, Array(expected))
    }

    /// At least 12 characters: the one rule NIST SP 800-63B asks of a chosen password beyond a
    /// blocklist, which a local tool does not have.
    public static func checkStrength(_ password: String) throws {
        guard password.count >= 12 else {
            throw IndexError("a password needs at least 12 characters (this one has \(password.count))")
        }
    }

    static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8),
            salt: salt,
            using: .sha256,
            outputByteCount: 32,
            unsafeUncheckedRounds: rounds
        )
        return key.withUnsafeBytes { Array($0) }
    }

    /// Two secrets (tokens, anti-forgery values) compared as their UTF-8 bytes, in constant time.
    public static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEqual(Array(lhs.utf8), Array(rhs.utf8))
    }

    /// Compares every byte whatever the first difference, so the time says nothing of where it is.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            difference |= (index < lhs.count ? lhs[index] : 0) ^ (index < rhs.count ? rhs[index] : 0)
        }
        return difference == 0
    }
}

/// The checks and conventions every backend applies to accounts, tokens and publications alike.
enum AccountRules {
    /// The SHA-256 of an API token: the store keeps only this. A token is 128 random bits, so a
    /// fast hash is enough (unlike a password, it cannot be guessed from a list).
    static func tokenHash(_ token: String) -> String { SHA256.hex("iidei-api-token\n" + token) }

    /// A fresh API token: `iidei_` and 128 random bits as hex, so a leaked one is easy to spot.
    static func newToken() -> String { "iidei_" + Store.newToken() }

    /// Refuses an account name before anything is written.
    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 64, name.trimmingCharacters(in: .whitespaces) == name, !name.contains("/")
        else {
            throw IndexError(
                "an account name must be 1 to 64 characters, without '/' or surrounding spaces: '\(name)'"
            )
        }
        try ControlCharacters.check(name, what: "the account name")
    }

    static func noAccount(_ name: String, in location: String) -> IndexError {
        IndexError("no account '\(name)' in the store", file: location, kind: .notFound)
    }

    static func tokenAboveRole(_ role: Role, account: Account) -> IndexError {
        IndexError(
            "a token of '\(account.name)' cannot have role \(role.rawValue): the account is \(account.role.rawValue)"
        )
    }

    /// The principal a token acts as: its scope, capped by the account's role now (an account
    /// demoted after the token was issued loses what the token had).
    static func principal(account: String, accountRole: Role, tokenRole: Role, tokenID: Int64) -> Principal {
        Principal(name: account, role: min(accountRole, tokenRole), tokenID: tokenID)
    }

    /// The longest token lifetime: a year.
    static let longestLifetime = 365 * 24 * 3600

    /// Refuses a token lifetime that is not a positive number of seconds up to a year.
    static func checkLifetime(_ seconds: Int?) throws {
        guard let seconds else { return }
        guard (1...longestLifetime).contains(seconds) else {
            throw IndexError("a token's lifetime must be 1 second to 1 year, not \(seconds) s")
        }
    }
}
