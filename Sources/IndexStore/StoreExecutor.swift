package import Dispatch

/// A task executor on one serial dispatch queue, apart from Swift's cooperative pool: tasks that
/// prefer it (`Task(executorPreference:)`), their child tasks and the default actors they call run
/// there (SE-0417), one job at a time.
///
/// Two uses, one type:
/// - **The PostgreSQL store's tasks** (`PostgresStore.executor`). ``IndexStoring`` is synchronous
///   and ``PostgresStore`` bridges it by waiting on a semaphore for an async task. Were that task
///   (or the client's own `run()` task) on the cooperative pool, a pool whose few threads are all
///   blocked — a busy test run on two cores, or any caller that blocks a pool thread — would never
///   run it, and every store call would wait for a thread that never comes (seen in CI as "no
///   answer within 15 s" on an idle server). A serial queue targets dispatch's overcommitting
///   queue, which gets a thread even when every other one is blocked; the jobs here are short (the
///   client's state machines and decoding) and the I/O runs on NIO's event loops.
/// - **The dashboard's page rendering** (`HTTPHygiene`): pages of hundreds of units' tables render
///   there one at a time, so `/health` and the API keep the cooperative pool's threads.
///
/// NIO 2.101 has no `TaskExecutor` for its event loops and Foundation none at all, hence this one.
package final class SerialTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: the queue is thread-safe and never replaced.
    private let queue: DispatchQueue

    package init(label: String, qos: DispatchQoS = .userInitiated) {
        queue = DispatchQueue(label: label, qos: qos)
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
