import Foundation
import Synchronization

/// The audit event of a write in progress, recorded in the write's own transaction, so that a write
/// and its event commit together or not at all (issue 19): a crash between the two can no longer
/// leave a write the log does not name.
///
/// A workflow runs its store write inside ``IndexStoring/audited(actor:address:_:_:)``. Each store's
/// `write` takes the pending event (on the caller's thread, before its transaction starts) and asks
/// it about the transaction's result: the result of the write the event describes is recognised by
/// its type, and its event is inserted before the commit. The first such write settles it. When no
/// write did (a store method whose transaction returns another type), the event is appended after
/// the write, as before, and counted in ``fallbacks`` — a test holds every workflow to zero.
public final class PendingAudit: Sendable {
    /// What the pending event says of one transaction's result.
    enum Verdict {
        /// Not the write the event describes (another type): left for the next.
        case otherWrite
        /// The write it describes, which calls for no event (an import that changed nothing).
        case noEvent
        case event(action: String, subject: String)
    }

    let actor: String
    let address: String
    private let verdict: @Sendable (Any) -> Verdict
    private let settled = Mutex(false)

    init(actor: String, address: String, verdict: @escaping @Sendable (Any) -> Verdict) {
        self.actor = actor
        self.address = address
        self.verdict = verdict
    }

    /// The event a transaction's result calls for, unless an earlier transaction settled it.
    func verdict(for result: Any) -> Verdict {
        settled.withLock { $0 } ? .otherWrite : verdict(result)
    }

    /// Marks it settled: its transaction committed.
    func settle() { settled.withLock { $0 = true } }

    var isSettled: Bool { settled.withLock { $0 } }
}

public enum AuditScope {
    /// The event of the write the current workflow is making, if any.
    @TaskLocal static var pending: PendingAudit?

    /// How many events were appended after their write instead of inside it, since the process started.
    public static var fallbacks: Int { fallbackCount.load(ordering: .relaxed) }
    static let fallbackCount = Atomic<Int>(0)
}

extension IndexStoring {
    /// Runs a write with its audit event, which `describe` makes from the write's result (`nil`: no
    /// event), recorded in the same transaction as the write (``PendingAudit``).
    public func audited<T>(
        actor: String,
        address: String,
        _ describe: @escaping @Sendable (T) -> (action: String, subject: String)?,
        _ write: () throws -> T
    ) throws -> T {
        let pending = PendingAudit(actor: actor, address: address) { result in
            guard let result = result as? T else { return .otherWrite }
            return describe(result).map { .event(action: $0.action, subject: $0.subject) } ?? .noEvent
        }
        let result = try AuditScope.$pending.withValue(pending) { try write() }
        if !pending.isSettled, let event = describe(result) {
            AuditScope.fallbackCount.add(1, ordering: .relaxed)
            try recordEvent(actor: actor, action: event.action, subject: event.subject, address: address)
        }
        return result
    }
}
