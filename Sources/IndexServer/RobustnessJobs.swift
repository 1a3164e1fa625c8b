import Foundation
import IndexWorkflows
import Synchronization

/// The robustness analyses of stored runs that the workbench asked for: one computation per run at a
/// time however many pages wait for it, its progress readable while it runs (the page shows
/// "412 / 1000"), and the last few results kept so a second visit is immediate. A failed analysis
/// is not kept: the next request tries again.
///
/// Process-local on purpose: an analysis a page asked for is computed where it was asked; the shown
/// run's rank intervals, which every province page needs, are shared between servers through the
/// store (``SharedWork``).
final class RobustnessJobs: Sendable {
    /// How far an analysis has come.
    struct Progress: Codable, Sendable, Hashable {
        var done: Int
        var total: Int
        var finished: Bool
    }

    private final class Job: Sendable {
        let progress = Mutex(Progress(done: 0, total: 0, finished: false))
        let task: Mutex<Task<RobustnessOutcome, any Error>?> = Mutex(nil)
    }

    private let jobs = Mutex<[Int64: Job]>([:])
    /// Runs in the order their analyses were asked for, oldest first, to forget the oldest.
    private let order = Mutex<[Int64]>([])
    /// How many finished analyses are kept.
    static let kept = 8

    /// The analysis of a run: joined if it is running or kept, started otherwise.
    ///
    /// - Parameter compute: the analysis, reporting (done, total) as replications finish.
    func outcome(
        run: Int64,
        _ compute: @escaping @Sendable (@escaping @Sendable (Int, Int) -> Void) throws -> RobustnessOutcome
    ) async throws -> RobustnessOutcome {
        let (job, isNew) = jobs.withLock { jobs -> (Job, Bool) in
            if let job = jobs[run] { return (job, false) }
            let job = Job()
            jobs[run] = job
            return (job, true)
        }
        if isNew {
            let evicted = order.withLock { order -> [Int64] in
                order.removeAll { $0 == run }
                order.append(run)
                let excess = max(0, order.count - Self.kept)
                defer { order.removeFirst(excess) }
                return Array(order.prefix(excess))
            }
            jobs.withLock { jobs in for id in evicted { jobs[id] = nil } }
            let task = Task {
                try await offloaded {
                    try compute { done, total in
                        job.progress.withLock { $0 = Progress(done: done, total: total, finished: false) }
                    }
                }
            }
            job.task.withLock { $0 = task }
        }
        guard let task = job.task.withLock({ $0 }) else {
            // Its starter has not set the task yet: wait for it without spinning a thread.
            try await Task.sleep(for: .milliseconds(20))
            return try await outcome(run: run, compute)
        }
        do {
            let outcome = try await task.value
            job.progress.withLock { $0.finished = true }
            return outcome
        } catch {
            jobs.withLock { jobs in if jobs[run] === job { jobs[run] = nil } }
            throw error
        }
    }

    /// The progress of a run's analysis, or `nil` when none was asked for (or it failed).
    func progress(run: Int64) -> Progress? {
        jobs.withLock { $0[run] }?.progress.withLock { $0 }
    }
}
