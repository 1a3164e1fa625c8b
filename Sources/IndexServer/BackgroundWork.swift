import Dispatch
import Synchronization

/// A result that may still be being computed.
public enum Computation<Value: Sendable>: Sendable {
    case ready(Value)
    /// Queued or running in the background: the page says so and the reader comes back later.
    case computing
    /// Computing it failed (or it does not exist for this input).
    case unavailable

    /// The value when ready.
    public var value: Value? {
        if case .ready(let value) = self { return value }
        return nil
    }

    /// Whether it is still being computed.
    public var isComputing: Bool {
        if case .computing = self { return true }
        return false
    }
}

/// Heavy work a page needs (rank intervals from thousands of replications, a unit's levers), kept
/// off the request path: computed once per key on one background thread, cached with a cap, and
/// answered as ``Computation/computing`` until it is done.
///
/// One serial queue outside Swift's cooperative pool and NIO's event loops, so however many pages
/// ask, at most one such computation runs at a time and requests (`/health` among them) keep a core.
/// At most ``maxQueued`` computations wait; beyond that a request is told "computing" without
/// queueing more, and asks again later.
final class BackgroundWork<Value: Sendable>: Sendable {
    private enum Entry {
        case queued
        case done(Value?)
    }

    private let queue: DispatchQueue
    private let entries = Mutex<[String: Entry]>([:])
    /// The most results kept; when full, finished ones are dropped before a new one is queued.
    let capacity: Int
    /// The most computations waiting at once.
    let maxQueued: Int

    /// - Parameter queue: a serial queue; caches that share one run one computation at a time in all.
    init(queue: DispatchQueue, capacity: Int = 4_096, maxQueued: Int = 64) {
        self.queue = queue
        self.capacity = capacity
        self.maxQueued = maxQueued
    }

    /// The value for a key: ready, or queued now (or earlier) and still computing.
    ///
    /// `compute` answers ``Computation/ready(_:)`` or ``Computation/unavailable`` (kept), or
    /// ``Computation/computing`` when another process is computing it (nothing kept: the next
    /// request queues it again and finds it done).
    ///
    /// - Complexity: O(1) on the request path, amortised; the computation runs elsewhere.
    func value(for key: String, compute: @escaping @Sendable () -> Computation<Value>) -> Computation<Value> {
        let action: Computation<Value>? = entries.withLock { entries in
            switch entries[key] {
            case .done(let value)?: return value.map(Computation.ready) ?? .unavailable
            case .queued?: return .computing
            case nil:
                let queued = entries.values.reduce(0) { count, entry in
                    if case .queued = entry { return count + 1 }
                    return count
                }
                guard queued < maxQueued else { return .computing }
                if entries.count >= capacity {
                    entries = entries.filter { if case .queued = $0.value { return true } else { return false } }
                }
                entries[key] = .queued
                return nil
            }
        }
        if let action { return action }
        queue.async { [self] in
            // Work discarded while it waited (its run is no longer shown, its dashboard is gone) is skipped.
            guard isQueued(key) else { return }
            let outcome = compute()
            entries.withLock { entries in
                switch outcome {
                case .ready(let value): entries[key] = .done(value)
                case .unavailable: entries[key] = .done(nil)
                case .computing: entries[key] = nil
                }
            }
        }
        return .computing
    }

    private func isQueued(_ key: String) -> Bool {
        entries.withLock { entries in
            if case .queued? = entries[key] { return true }
            return false
        }
    }

    /// Whether nothing is waiting or running: every computation asked for has finished or been discarded.
    var isSettled: Bool {
        entries.withLock { entries in
            !entries.values.contains { if case .queued = $0 { return true } else { return false } }
        }
    }

    /// Drops the computations still waiting, so the serial queue passes over them: the work of a run
    /// that is no longer shown, or of a dashboard that is gone, never delays the work of the one
    /// shown. A page that still wants one asks again and queues it afresh.
    func discardQueued() {
        entries.withLock { entries in
            entries = entries.filter { if case .queued = $0.value { return false } else { return true } }
        }
    }
}

/// Rendered pages kept for anonymous readers (``API/snapshotPage(_:_:)``), keyed by the snapshot's run
/// and publication and the URL. At most ``capacity`` pages: a full cache (URLs are the client's to
/// choose) is emptied and fills again; a new snapshot empties it too, as its keys differ anyway.
final class PageCache: Sendable {
    private let pages = Mutex<[String: RenderedPage]>([:])
    let capacity: Int

    init(capacity: Int = 128) {
        self.capacity = capacity
    }

    func page(_ key: String) -> RenderedPage? {
        pages.withLock { $0[key] }
    }

    func keep(_ page: RenderedPage, as key: String) {
        pages.withLock { pages in
            if pages.count >= capacity { pages.removeAll() }
            pages[key] = page
        }
    }

    func removeAll() {
        pages.withLock { $0.removeAll() }
    }
}
