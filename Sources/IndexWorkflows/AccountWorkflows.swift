import Foundation
import IndexCore
public import IndexStore

/// Who a workflow acts for, as the audit log records it: an account (or the command line's user)
/// and where the request came from.
public struct Actor: Sendable, Hashable {
    public var name: String
    /// The client's address for a request; `cli` for a command run on this machine.
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    /// A command on this machine, as the user running it.
    public static var commandLine: Actor {
        Actor(name: "cli:" + NSUserName(), address: "cli")
    }
}

// MARK: - Documents

// Accounts, tokens and audit events are listed as the store's own `Codable` values (``Account``,
// ``AccountToken``, ``AuditEvent``): neither a password hash nor a token is among their fields.

/// A token just issued: the one time the token itself is shown.
public struct IssuedTokenDocument: Codable, Sendable, Hashable {
    public var token: String
    public var issued: AccountToken
}

/// The newest events of the audit log, newest first.
public struct AuditLogDocument: Codable, Sendable, Hashable {
    public var events: [AuditEvent]

    /// How many events one request may ask for, and how many it gets when it does not say.
    public static let requestLimit = 10_000
    public static let defaultLimit = 100

    public init(events: [AuditEvent]) {
        self.events = events
    }
}

/// A publication: which run, on which dataset version, published by whom and when, and whether it
/// was taken back.
public struct PublicationDocument: Codable, Sendable, Hashable {
    public var id: Int64
    public var run: Int64
    public var dataset: String?
    public var framework: String?
    public var publishedAt: String
    public var publishedBy: String
    public var withdrawnAt: String?
    public var withdrawnBy: String?
    /// Whether readers see this run now (the newest publication that stands).
    public var isShown: Bool

    init(_ publication: Publication, run: RunRecord?, isShown: Bool) {
        id = publication.id
        self.run = publication.run
        dataset = run?.dataset.reference
        framework = run?.frameworkID
        publishedAt = publication.publishedAt
        publishedBy = publication.publishedBy
        withdrawnAt = publication.withdrawnAt
        withdrawnBy = publication.withdrawnBy
        self.isShown = isShown
    }
}

/// Every publication, newest first, and the run readers see.
public struct PublicationsDocument: Codable, Sendable, Hashable {
    /// The published run readers see, or `nil` when none is published.
    public var shownRun: Int64?
    public var publications: [PublicationDocument]
}

/// What a sign-in with a name and password came to.
public enum SignInOutcome: Sendable {
    /// The session's token (for the cookie, shown nowhere else) and its record.
    case signedIn(token: String, session: AccountToken)
    /// The name or the password is wrong (which one is not said), or the account has no password.
    case refused
    /// Too many recent failures on this name or from this address (``SessionRules``): tried again
    /// after `retryAfter` seconds.
    case tooManyAttempts(retryAfter: Int)
}

// MARK: - Workflows

extension IndexStoring {
    /// Makes a write with its audit event as `actor`, in the write's own transaction
    /// (``IndexStore/PendingAudit``): the one call every workflow that writes makes.
    func audited<T>(
        as actor: Actor,
        _ describe: @escaping @Sendable (T) -> (action: String, subject: String)?,
        _ write: () throws -> T
    ) throws -> T {
        try audited(actor: actor.name, address: actor.address, describe, write)
    }
}

extension Workflows {
    /// A store write with its audit event as this workflow's actor, in the write's transaction.
    func audited<T>(
        _ describe: @escaping @Sendable (T) -> (action: String, subject: String)?,
        _ write: (any IndexStoring) throws -> T
    ) throws -> T {
        let store = try requireStore()
        return try store.audited(as: actor, describe) { try write(store) }
    }

    /// Adds an account; with a password, it is hashed here (``PasswordHash``) and only the hash stored.
    public func addAccount(name: String, role: Role, password: String?) throws -> Account {
        let store = try requireStore()
        let hash = try password.map { try PasswordHash.make($0) }
        _ = store
        return try audited({ (_: Account) in ("account.add", "\(name) (\(role.rawValue))") }) {
            try $0.addAccount(name: name, role: role, passwordHash: hash)
        }
    }

    public func removeAccount(_ name: String) throws {
        try audited({ (_: Void) in ("account.remove", name) }) { try $0.removeAccount(name) }
    }

    public func accounts() throws -> [Account] {
        try requireStore().accounts()
    }

    public func setRole(_ role: Role, account name: String) throws -> Account {
        try audited({ (_: Account) in ("account.role", "\(name) → \(role.rawValue)") }) {
            try $0.setRole(role, account: name)
        }
    }

    public func setPassword(_ password: String, account name: String) throws {
        let hash = try PasswordHash.make(password)
        try audited({ (_: Void) in ("account.password", name) }) { try $0.setPasswordHash(hash, account: name) }
    }

    /// Issues an API token for an account, scoped to `role` (the account's own when `nil`).
    public func issueToken(account name: String, role: Role?, label: String) throws -> IssuedTokenDocument {
        let (issued, token) = try audited({ (issued: (AccountToken, String)) in
            ("token.issue", "#\(issued.0.id) of \(name) (\(issued.0.role.rawValue))")
        }) { try $0.issueToken(account: name, role: role, label: label) }
        return IssuedTokenDocument(token: token, issued: issued)
    }

    public func revokeToken(_ id: Int64) throws -> AccountToken {
        try audited({ (revoked: AccountToken) in ("token.revoke", "#\(id) of \(revoked.account)") }) {
            try $0.revokeToken(id)
        }
    }

    public func tokens(account name: String?) throws -> [AccountToken] {
        try requireStore().tokens(account: name)
    }

    /// Signs in with a password: a session token that lasts ``SessionRules/lifetime`` seconds.
    ///
    /// Refused without checking the password once the name has ``SessionRules/failureLimit``
    /// recent failures or the address ``SessionRules/addressFailureLimit``; a failure is recorded in the audit log (the
    /// name as typed, shortened and without control characters). An unknown name costs the same
    /// hash as a known one, so the time taken does not tell which names exist.
    public func signIn(name: String, password: String) throws -> SignInOutcome {
        let store = try requireStore()
        // The name as typed goes into the log: printable, and no longer than a name may be.
        let shownName = String(
            String.UnicodeScalarView(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(64))
        )
        let since = SessionRules.windowStart()
        let onName = try store.countEvents(
            action: SessionRules.failureAction,
            subject: shownName,
            address: nil,
            since: since
        )
        let fromAddress = try store.countEvents(
            action: SessionRules.failureAction,
            subject: nil,
            address: actor.address,
            since: since
        )
        guard onName < SessionRules.failureLimit, fromAddress < SessionRules.addressFailureLimit else {
            return .tooManyAttempts(retryAfter: SessionRules.failureWindow)
        }
        let record = try store.signInRecord(account: name)
        let verified = PasswordHash.verify(password, against: record?.passwordHash ?? Self.decoyHash)
        guard verified, let account = record?.account, record?.passwordHash != nil else {
            // A refusal, not a write: the event is the record (the limit counts these).
            try store.recordEvent(
                actor: actor.name,
                action: SessionRules.failureAction,
                subject: shownName,
                address: actor.address
            )
            return .refused
        }
        // Recorded as the account that signed in (the request itself came from no one known yet).
        let (session, token) = try store.audited(
            as: Actor(name: account.name, address: actor.address),
            { (issued: (AccountToken, String)) in ("signin", "session #\(issued.0.id)") }
        ) {
            try store.issueToken(
                account: account.name,
                role: nil,
                label: SessionRules.sessionLabel,
                lifetime: SessionRules.lifetime
            )
        }
        return .signedIn(token: token, session: session)
    }

    /// Ends a session: its token is revoked in the store, so every server refuses it from now on.
    public func signOut(session id: Int64) throws {
        _ = try audited({ (revoked: AccountToken) in ("signout", "\(revoked.account) (session #\(id))") }) {
            try $0.revokeToken(id)
        }
    }

    /// A hash no password gives, verified for an unknown name so it costs what a known one does;
    /// made once, when first needed.
    static let decoyHash: String = (try? PasswordHash.make(UUID().uuidString)) ?? ""

    /// The newest `limit` events of the audit log, newest first.
    public func auditLog(limit: Int) throws -> AuditLogDocument {
        guard limit > 0 else { throw IndexError("the number of events must be at least 1, not \(limit)") }
        return AuditLogDocument(events: try requireStore().auditLog(limit: limit))
    }

    // MARK: Publication

    /// Publishes a recorded run (`12`, `#12` or `latest`): readers see it from now on.
    public func publish(_ reference: String) throws -> PublicationsDocument {
        let store = try requireStore()
        let run = try store.run(reference)
        let name = actor.name
        _ = try store.audited(
            as: actor,
            { (_: Publication) in ("run.publish", "#\(run.id) (\(run.dataset.reference))") }
        ) {
            try store.publish(run: run.id, by: name)
        }
        return try publications()
    }

    /// Asks a reviewer to look at a run, with a note (what changed, and why): the analyst's last
    /// step before a publication. The runs page shows the request beside the run.
    ///
    /// - Throws: ``IndexError`` when the note is longer than ``ReviewRequest/noteLimit`` characters
    ///   or holds a control character; `.notFound` for no such run; `.conflict` when it is published.
    public func requestReview(_ reference: String, note: String) throws -> ReviewRequest {
        let store = try requireStore()
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= ReviewRequest.noteLimit else {
            throw IndexError("the note is \(note.count) characters; at most \(ReviewRequest.noteLimit) are kept")
        }
        try ControlCharacters.check(note, what: "the note")
        let run = try store.run(reference)
        let name = actor.name
        return try store.audited(
            as: actor,
            { (_: ReviewRequest) in ("run.review-request", "#\(run.id) (\(run.dataset.reference))") }
        ) { try store.requestReview(run: run.id, by: name, note: note) }
    }

    /// Takes the current publication back: readers see the run published before it, if any.
    public func withdrawPublication() throws -> PublicationsDocument {
        let name = actor.name
        _ = try audited({ (withdrawn: Publication) in ("run.unpublish", "#\(withdrawn.run)") }) {
            try $0.withdrawPublication(by: name)
        }
        return try publications()
    }

    public func publications() throws -> PublicationsDocument {
        let store = try requireStore()
        let all = try store.publications()
        // Only the runs publications name (a handful), not every run the store holds.
        var runs: [Int64: RunRecord] = [:]
        for id in Set(all.map(\.run)) { runs[id] = try store.run(String(id)) }
        let shown = all.first(where: \.isCurrent)
        return PublicationsDocument(
            shownRun: shown?.run,
            publications: all.map { PublicationDocument($0, run: runs[$0.run], isShown: $0.id == shown?.id) }
        )
    }
}
