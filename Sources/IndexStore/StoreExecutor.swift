import Foundation

/// The threads the PostgreSQL store's tasks run on, apart from Swift's cooperative pool.
///
/// ``IndexStoring`` is synchronous and ``PostgresStore`` bridges it by waiting on a semaphore for an
/// async task. Were that task (or the client's own `run()` task) scheduled on the cooperative pool,
/// a pool whose few threads are all blocked in synchronous work — a busy test run on two cores, or
/// any caller that blocks a pool thread — would never run it, and every store call would wait for
/// a thread that never comes (seen in CI as "no answer within 15 s" with the server idle). Tasks
/// started with this executor as their preference run here, and so do their child tasks and the
/// actors they call that have no executor of their own (SE-0417), so the store needs nothing from
/// the pool. The work on these threads is short (the client's state machines and decoding); the
/// I/O itself runs on NIO's event loops.
///
/// Written here rather than taken from a library: NIO 2.101 has no `TaskExecutor` for its event
/// loops, and Foundation and Dispatch offer none.
final class StoreExecutor: TaskExecutor, @unchecked Sendable {
    /// One for the process: the threads live as long as it does.
    static let shared = StoreExecutor(threads: 2)

    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var head = 0
    private let condition = NSCondition()

    init(threads: Int) {
        for index in 0..<max(1, threads) {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "iidei.store.\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
