import Dispatch
public import IndexCore
import Synchronization

/// Runs chunks of work on `threads` workers; the results come back in chunk order, so whatever is
/// merged from them does not depend on how many threads ran.
public func parallelChunks<T: Sendable>(
    _ chunkCount: Int,
    threads: Int,
    _ body: @Sendable (Int) throws -> T
) throws -> [T] {
    let results = Mutex<[Int: T]>([:])
    let failure = Mutex<String?>(nil)
    let workers = max(1, min(threads, chunkCount))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for chunk in stride(from: worker, to: chunkCount, by: workers) {
            if failure.withLock({ $0 != nil }) { return }
            do {
                let value = try body(chunk)
                results.withLock { $0[chunk] = value }
            } catch {
                failure.withLock { if $0 == nil { $0 = "\(error)" } }
            }
        }
    }
    if let message = failure.withLock({ $0 }) { throw IndexError(message) }
    return results.withLock { stored in (0..<chunkCount).compactMap { stored[$0] } }
}

/// Runs chunks on `threads` workers, each folding its chunks into one accumulator of its own, then
/// merges the workers' accumulators: memory stays at one accumulator per worker. The merge must be
/// exact and order-free (integer counts) for the result not to depend on the number of threads.
public func parallelReduce<T: Sendable>(
    _ chunkCount: Int,
    threads: Int,
    initial: @Sendable () -> T,
    _ body: @Sendable (Int, inout T) throws -> Void,
    merge: (inout T, T) -> Void
) throws -> T {
    let workers = max(1, min(threads, chunkCount))
    let parts = try parallelChunks(workers, threads: workers) { worker -> T in
        var value = initial()
        for chunk in stride(from: worker, to: chunkCount, by: workers) { try body(chunk, &value) }
        return value
    }
    var result = initial()
    for part in parts { merge(&result, part) }
    return result
}

/// The uncertainty and sensitivity analysis: the one runner behind `iidei robustness`, the API's
/// robustness, the dashboard's rank intervals and `iidei bench`.
public struct RobustnessRun: Sendable {
    /// `ua` (rank distributions) or `sobol` (first- and total-order indices, plus the ua statistics).
    public enum Method: String, Codable, Sendable, CaseIterable {
        case ua, sobol
    }

    public let model: UncertaintyModel
    public let method: Method
    public let replications: Int
    public let seed: UInt64
    public let threads: Int
    public let bootstrap: Int
    /// Called with (done, total) as replications finish, from any worker.
    public var progress: (@Sendable (Int, Int) -> Void)?

    static let chunkSize = 256

    public init(
        model: UncertaintyModel,
        method: Method,
        replications: Int,
        seed: UInt64,
        threads: Int,
        bootstrap: Int,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        self.model = model
        self.method = method
        self.replications = replications
        self.seed = seed
        self.threads = threads
        self.bootstrap = bootstrap
        self.progress = progress
    }

    public struct Result: Sendable {
        public var accumulator: RankAccumulator
        public var runs: Int
        public var sensitivity: [Sobol.Index] = []
        public var unitSensitivity: [[Sobol.Index]] = []
    }

    public func run() throws -> Result {
        switch method {
        case .ua: return try uncertainty()
        case .sobol: return try sensitivity()
        }
    }

    /// Replications drawn independently; rank and tier histograms merged chunk by chunk.
    public func uncertainty() throws -> Result {
        let chunks = (replications + Self.chunkSize - 1) / Self.chunkSize
        let done = Mutex(0)
        let model = self.model
        let (seed, replications, progress) = (self.seed, self.replications, self.progress)
        let merged = try parallelReduce(
            chunks,
            threads: threads,
            initial: { RankAccumulator(model: model) },
            { chunk, accumulator in
                let range = (chunk * Self.chunkSize)..<min(replications, (chunk + 1) * Self.chunkSize)
                try model.accumulate(range, seed: seed, into: &accumulator)
                let total = done.withLock { value -> Int in
                    value += range.count
                    return value
                }
                progress?(total, replications)
            },
            merge: { $0.merge($1) }
        )
        return Result(accumulator: merged, runs: replications)
    }

    /// Saltelli's design over the varied groups, with Jansen's estimators and bootstrap intervals.
    public func sensitivity() throws -> Result {
        let k = model.groups.count
        guard k > 0 else {
            throw IndexError("nothing varies: a sensitivity analysis needs at least one assumption group")
        }
        let n = replications
        let design = Sobol.design(baseSamples: n, groups: k, seed: seed)
        let runs = design.runCount
        let units = model.units.count
        let rootOffset = (model.reportedSlots.count - 1) * units
        let chunks = (runs + Self.chunkSize - 1) / Self.chunkSize
        let done = Mutex(0)
        let model = self.model
        let progress = self.progress
        struct Part: Sendable {
            var shifts: [Double]
            var ranks: [[Double]]
            var accumulator: RankAccumulator
        }
        let parts = try parallelChunks(chunks, threads: threads) { chunk -> Part in
            var scratch = model.makeScratch()
            var part = Part(shifts: [], ranks: [], accumulator: RankAccumulator(model: model))
            let range = (chunk * Self.chunkSize)..<min(runs, (chunk + 1) * Self.chunkSize)
            for run in range {
                let outcome = try model.evaluate(seeds: design.seeds(run: run), scratch: &scratch)
                part.shifts.append(outcome.meanRankShift)
                part.ranks.append((0..<units).map { Double(outcome.ranks[rootOffset + $0]) })
                // A and B rows are independent draws: they also give the uncertainty statistics.
                if run < 2 * n { part.accumulator.add(outcome) }
            }
            let total = done.withLock { value -> Int in
                value += range.count
                return value
            }
            progress?(total, runs)
            return part
        }
        var accumulator = RankAccumulator(model: model)
        var shifts: [Double] = []
        var ranks: [[Double]] = []
        for part in parts {
            accumulator.merge(part.accumulator)
            shifts += part.shifts
            ranks += part.ranks
        }
        let sensitivity = Sobol.indices(
            outputs: shifts,
            baseSamples: n,
            groups: k,
            resamples: bootstrap,
            seed: seed &+ 1
        )
        let unitSensitivity = (0..<units).map { unit in
            Sobol.indices(outputs: ranks.map { $0[unit] }, baseSamples: n, groups: k)
        }
        return Result(accumulator: accumulator, runs: runs, sensitivity: sensitivity, unitSensitivity: unitSensitivity)
    }
}
