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
    /// Appends a write to the audit log as `actor`: the one call every workflow that writes makes,
    /// after its write has committed.
    func audit(_ action: String, _ subject: String, as actor: Actor) throws {
        try recordEvent(actor: actor.name, action: action, subject: subject, address: actor.address)
    }
}

extension Workflows {
    func audit(_ action: String, _ subject: String) throws {
        try requireStore().audit(action, subject, as: actor)
    }

    /// Adds an account; with a password, it is hashed here (``PasswordHash``) and only the hash stored.
    public func addAccount(name: String, role: Role, password: String?) throws -> Account {
        let store = try requireStore()
        let hash = try password.map { try PasswordHash.make($0) }
        let account = try store.addAccount(name: name, role: role, passwordHash: hash)
        try audit("account.add", "\(name) (\(role.rawValue))")
        return account
    }

    public func removeAccount(_ name: String) throws {
        try requireStore().removeAccount(name)
        try audit("account.remove", name)
    }

    public func accounts() throws -> [Account] {
        try requireStore().accounts()
    }

    public func setRole(_ role: Role, account name: String) throws -> Account {
        let account = try requireStore().setRole(role, account: name)
        try audit("account.role", "\(name) → \(role.rawValue)")
        return account
    }

    public func setPassword(_ password: String, account name: String) throws {
        try requireStore().setPasswordHash(try PasswordHash.make(password), account: name)
        try audit("account.password", name)
    }

    /// Issues an API token for an account, scoped to `role` (the account's own when `nil`).
    public func issueToken(account name: String, role: Role?, label: String) throws -> IssuedTokenDocument {
        let (issued, token) = try requireStore().issueToken(account: name, role: role, label: label)
        try audit("token.issue", "#\(issued.id) of \(name) (\(issued.role.rawValue))")
        return IssuedTokenDocument(token: token, issued: issued)
    }

    public func revokeToken(_ id: Int64) throws -> AccountToken {
        let revoked = try requireStore().revokeToken(id)
        try audit("token.revoke", "#\(id) of \(revoked.account)")
        return revoked
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
            try audit(SessionRules.failureAction, shownName)
            return .refused
        }
        let (session, token) = try store.issueToken(
            account: account.name,
            role: nil,
            label: SessionRules.sessionLabel,
            lifetime: SessionRules.lifetime
        )
        // Recorded as the account that signed in (the request itself came from no one known yet).
        try store.audit("signin", "session #\(session.id)", as: Actor(name: account.name, address: actor.address))
        return .signedIn(token: token, session: session)
    }

    /// Ends a session: its token is revoked in the store, so every server refuses it from now on.
    public func signOut(session id: Int64) throws {
        let revoked = try requireStore().revokeToken(id)
        try audit("signout", "\(revoked.account) (session #\(id))")
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
        _ = try store.publish(run: run.id, by: actor.name)
        try audit("run.publish", "#\(run.id) (\(run.dataset.reference))")
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
        let request = try store.requestReview(run: run.id, by: actor.name, note: note)
        try audit("run.review-request", "#\(run.id) (\(run.dataset.reference))")
        return request
    }

    /// Takes the current publication back: readers see the run published before it, if any.
    public func withdrawPublication() throws -> PublicationsDocument {
        let withdrawn = try requireStore().withdrawPublication(by: actor.name)
        try audit("run.unpublish", "#\(withdrawn.run)")
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
