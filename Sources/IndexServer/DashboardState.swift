import Dispatch
public import Foundation
import IndexCatalog
public import IndexCore
import IndexIO
public import IndexReport
public import IndexStore
public import IndexWorkflows
import Metrics
import NIOCore
import NIOPosix
import Synchronization

/// What the dashboard shows: the latest run, its inputs and its report, replaced as a whole when a
/// new dataset is imported and run.
public struct DashboardSnapshot: Sendable {
    public var framework: Framework
    public var dataset: Dataset
    public var results: IndexResults
    public var resultsJSON: String
    /// The recorded run, or `nil` for the built-in data of an empty store.
    public var run: RunRecord?
    /// The publication that makes `run` the one readers see, or `nil` when no run is published
    /// (then the store's newest run is shown, as a draft).
    public var publication: Publication?
    public var reports: [String: Report]
    /// The regional cross-sections of every period the data hold, per evaluation, oldest first.
    var periodSections: [String: [CrossSectionResult]] = [:]
    /// The sources and other details the reports print.
    var details = ReportDetails()
    /// Province outlines for a geographic tier map (`serve --geo FILE`); `nil` = the tile map.
    var shapes: GeoShapes?
    /// The latest regional and national documents, encoded once as their responses' bytes: they
    /// are the most requested, and a response then shares the bytes instead of copying them.
    ///
    /// Benchmark note (release build, this 2-core machine, two servers behind nginx, wrk 2 × 64
    /// connections): kept as text, `/api/v1/published/regional` (139 KB) was copied three times per
    /// request and answered 4,000–5,200 requests a second.
    var regionalBody = ByteBuffer(string: "null\n")
    var nationalBody = ByteBuffer(string: "null\n")
    /// The cross-section pipelines levers and rank intervals analyse, prepared on first use and
    /// shared by every copy of this snapshot.
    let pipelines = PreparedPipelines()

    /// The report in a language (built once per snapshot and language).
    func report(_ language: ReportLanguage) -> Report {
        reports[language.rawValue] ?? Self.buildReport(self, language)
    }

    /// A snapshot of a run: its period sections (one panel run), reports and documents.
    ///
    /// - Parameter encoded: the results document and its text when the caller has them already
    ///   (an upload or a recorded run stored them): each document is encoded once per snapshot.
    init(
        framework: Framework,
        dataset: Dataset,
        results: IndexResults,
        run: RunRecord?,
        shapes: GeoShapes? = nil,
        encoded: (document: ResultsDocument, json: String)? = nil
    ) {
        self.shapes = shapes
        self.framework = framework
        self.dataset = dataset
        self.results = results
        let document = encoded?.document ?? ResultsDocument(results)
        self.resultsJSON = encoded?.json ?? (try? WorkflowJSON.text(document)) ?? "null"
        self.run = run
        self.reports = [:]
        self.periodSections = Self.crossSectionsByPeriod(framework: framework, dataset: dataset, results: results)
        self.details = ReportDetails(sources: ReportDetails.sources(of: dataset, for: results))
        var reports: [String: Report] = [:]
        for language in ReportLanguage.allCases {
            reports[language.rawValue] = Self.buildReport(self, language)
        }
        self.reports = reports
        func latest(_ kind: EvaluationKind) -> ByteBuffer {
            // WorkflowJSON's text ends in a line break, as every response of the API does.
            ByteBuffer(
                string: LatestEvaluationDocument(document, results: results, run: run?.id, kind: kind)
                    .flatMap { try? WorkflowJSON.text($0) } ?? "null\n"
            )
        }
        self.regionalBody = latest(.crossSection)
        self.nationalBody = latest(.basePeriod)
    }
}

extension DashboardSnapshot {
    /// The report of a snapshot, with rank changes against the period before and its sources.
    static func buildReport(_ snapshot: DashboardSnapshot, _ language: ReportLanguage) -> Report {
        let previous = snapshot.periodSections.values.compactMap { sections in
            sections.count > 1 ? sections[sections.count - 2] : nil
        }
        return ReportBuilder.build(
            results: snapshot.results,
            units: snapshot.dataset.units,
            language: language,
            previous: previous,
            details: snapshot.details
        )
    }
}

/// The server's state: the store (if any) and the current snapshot. Reads take the snapshot without
/// waiting for an import; an import and its run replace it when they are done.
///
/// **Several servers on one store.** The snapshot is the one thing kept per process that another
/// process's write can make stale (lists of versions and runs, surveys and their answers are read
/// from the store on every request). It is revalidated, not trusted: ``follow(every:)`` compares
/// the store's latest run number (one cheap query) with the snapshot's and, when another process
/// recorded a run, rebuilds the snapshot from the store off the event loops. It looks whenever the
/// store announces a run (PostgreSQL's `LISTEN/NOTIFY`: within milliseconds of the commit) and
/// every few seconds regardless (an SQLite file shared by two processes; a missed notification).
/// Levers and rank intervals are cached under the run's number, so they never go stale.
public final class DashboardState: Sendable {
    public let store: (any IndexStoring)?
    let current: Mutex<DashboardSnapshot>
    /// Rank intervals and levers are computed off the request path, one at a time (``BackgroundWork``),
    /// on one queue for every dashboard in the process unless one is given its own.
    static let backgroundQueue = DispatchQueue(label: "iidei.dashboard.background", qos: .utility)
    let rankWork: BackgroundWork<RankSummary>
    let leverWork: BackgroundWork<LeverReport>
    /// The public pages rendered from the shown snapshot (``API/snapshotPage(_:_:)``).
    let pages = PageCache()
    /// The robustness analyses the workbench asked for, by run.
    let robustnessJobs = RobustnessJobs()

    /// Province outlines for the geographic tier map, kept for the snapshots of later runs.
    let shapes: GeoShapes?

    /// Opens on the store's latest run; with an empty store (or none), on the built-in framework and data.
    ///
    /// - Parameter backgroundQueue: a serial queue of its own for the rank intervals and levers;
    ///   by default the one every dashboard in the process shares (a server has one dashboard, a
    ///   test process many, whose work then waits in one line instead of crowding the cores).
    public init(store: (any IndexStoring)?, shapes: GeoShapes? = nil, backgroundQueue: DispatchQueue? = nil) throws {
        self.store = store
        self.shapes = shapes
        (rankWork, leverWork) = Self.work(on: backgroundQueue ?? Self.backgroundQueue)
        if let store, let latest = try Self.snapshot(ofShownRunIn: store, shapes: shapes) {
            current = Mutex(latest)
        } else {
            let framework = try Catalog.framework()
            let dataset = try Catalog.dataset(for: framework)
            let results = try IndexEngine.run(framework: framework, dataset: dataset)
            current = Mutex(
                DashboardSnapshot(framework: framework, dataset: dataset, results: results, run: nil, shapes: shapes)
            )
        }
        warmUp(snapshot)
    }

    /// The run readers see: the newest publication that stands, else (nothing published) the newest
    /// run, shown as a draft. One or two cheap queries.
    static func shownRunID(in store: any IndexStoring) throws -> Int64? {
        try store.publishedRunID() ?? store.latestRunID()
    }

    /// The snapshot of the run readers see (``shownRunID(in:)``), recomputed from what the store
    /// holds; `nil` when it has no run.
    static func snapshot(ofShownRunIn store: any IndexStoring, shapes: GeoShapes?) throws -> DashboardSnapshot? {
        let publication = try store.publications().first(where: \.isCurrent)
        guard let id = try publication?.run ?? store.latestRunID() else { return nil }
        let shown = try store.run(String(id))
        let framework = try store.framework(shown.frameworkHash).source.parse()
        let dataset = try store.dataset(shown.dataset)
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: shown.options)
        var snapshot = DashboardSnapshot(
            framework: framework,
            dataset: dataset,
            results: results,
            run: shown,
            shapes: shapes
        )
        snapshot.publication = publication
        return snapshot
    }

    /// Keeps the snapshot on the store's latest run while other processes record runs (see the
    /// type's discussion), until the calling task is cancelled.
    ///
    /// - Parameter interval: how often to look without being told.
    public func follow(every interval: Duration = .seconds(2)) async {
        guard let store else { return }
        let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in store.changes() { wake.yield() }
            }
            group.addTask {
                while (try? await Task.sleep(for: interval)) != nil { wake.yield() }
                wake.finish()
            }
            group.addTask {
                for await _ in wakes { _ = try? await self.revalidate() }
            }
            // Each ends when the calling task is cancelled (the silent stream of a store without
            // notifications never ends before).
            await group.waitForAll()
        }
    }

    /// Shows the run readers should see (``shownRunID(in:)``) when it is not the snapshot's, rebuilt
    /// on NIO's thread pool (never an event loop).
    ///
    /// - Returns: whether the snapshot was replaced.
    @discardableResult
    public func revalidate() async throws -> Bool {
        guard let store else { return false }
        let shapes = shapes
        let before = snapshot
        let snapshot = try await NIOThreadPool.singleton.runIfActive { () -> DashboardSnapshot? in
            let publication = try store.publishedRunID()
            guard let target = try publication ?? store.latestRunID(),
                target != before.run?.id || (publication == nil) != (before.publication == nil)
            else { return nil }
            return try Self.snapshot(ofShownRunIn: store, shapes: shapes)
        }
        guard let snapshot, let id = snapshot.run?.id else { return false }
        let replaced = current.withLock { current in
            // A published run is shown whatever its number (a reviewer may publish an older run, or
            // take a publication back). Drafts never go back: a run this process recorded meanwhile
            // is newer than what was read.
            guard snapshot.publication != nil || current.publication != nil || (current.run?.id ?? 0) < id else {
                return false
            }
            current = snapshot
            return true
        }
        // As ``show(_:)`` does: a run shown here gets its levers and intervals queued too.
        if replaced { warmUp(snapshot) }
        return replaced
    }

    /// Opens on a framework and dataset given in memory, without a store (own files, tests).
    public init(
        framework: Framework,
        dataset: Dataset,
        options: RunOptions = RunOptions(),
        shapes: GeoShapes? = nil
    ) throws {
        self.store = nil
        self.shapes = shapes
        (rankWork, leverWork) = Self.work(on: Self.backgroundQueue)
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: options)
        current = Mutex(
            DashboardSnapshot(framework: framework, dataset: dataset, results: results, run: nil, shapes: shapes)
        )
        warmUp(snapshot)
    }

    public var snapshot: DashboardSnapshot { current.withLock { $0 } }

    /// The two caches of background work, sharing one serial queue: one computation at a time in all.
    private static func work(on queue: DispatchQueue) -> (BackgroundWork<RankSummary>, BackgroundWork<LeverReport>) {
        (BackgroundWork(queue: queue, capacity: 64), BackgroundWork(queue: queue))
    }

    /// Validates uploaded data, runs the index on them, then stores them as a new version of `name`
    /// and records the run (``Workflows/importUploadAndRun(name:fileName:data:)``), and makes it the dashboard's.
    ///
    /// - Throws: ``IndexErrors`` with the importer's (the CLI's) or the engine's messages, the store unchanged.
    public func importAndRun(
        name: String,
        fileName: String,
        data: Data,
        actor: Actor = .commandLine
    ) throws -> (DatasetVersion, RunRecord) {
        let upload = try Workflows(store: store, actor: actor).importUploadAndRun(
            name: name,
            fileName: fileName,
            data: data
        )
        try showDraft(
            DashboardSnapshot(
                framework: upload.framework,
                dataset: upload.dataset,
                results: upload.results,
                run: upload.run,
                shapes: shapes,
                encoded: (upload.document, upload.resultsJSON)
            )
        )
        return (upload.version, upload.run)
    }

    /// Reads and validates an upload without storing it (the review step): every problem at once,
    /// or what would be imported and every conversion made on the way.
    public func review(fileName: String, data: Data) throws -> UploadReview {
        try Workflows(store: store).reviewUpload(fileName: fileName, data: data)
    }

    /// Runs a stored dataset version, records the run and shows it; nothing is stored when the run fails.
    public func runAndRecord(
        _ version: DatasetVersion,
        options: RunOptions = RunOptions(),
        actor: Actor = .commandLine
    ) throws -> RunRecord {
        let workflows = Workflows(store: store, actor: actor)
        let outcome = try workflows.run(RunInputs(dataset: version.reference), options: options)
        guard let run = outcome.record else { throw IndexError("the run was not recorded", kind: .internal) }
        // The dashboard shows where each value was read from: the dataset with its locations.
        let dataset = try workflows.requireStore().dataset(version)
        try showDraft(
            DashboardSnapshot(
                framework: outcome.inputs.framework,
                dataset: dataset,
                results: outcome.results,
                run: run,
                shapes: shapes,
                encoded: (outcome.document, try outcome.json())
            )
        )
        return run
    }

    /// Shows a run just recorded here, unless a published run is what readers see: then the draft
    /// waits for a reviewer (``publish(_:actor:)``).
    func showDraft(_ snapshot: DashboardSnapshot) throws {
        guard try store?.publishedRunID() == nil else { return }
        show(snapshot)
    }

    /// Publishes a recorded run (``Workflows/publish(_:)``) and shows the run readers now see.
    public func publish(_ reference: String, actor: Actor) async throws -> PublicationsDocument {
        try await review(actor) { try $0.publish(reference) }
    }

    /// Takes the current publication back and shows the run readers now see.
    public func withdrawPublication(actor: Actor) async throws -> PublicationsDocument {
        try await review(actor) { try $0.withdrawPublication() }
    }

    /// A reviewer's change, made off the event loops, then the snapshot brought to what readers now see.
    private func review(
        _ actor: Actor,
        _ change: @escaping @Sendable (Workflows) throws -> PublicationsDocument
    ) async throws -> PublicationsDocument {
        let store = store
        let document = try await NIOThreadPool.singleton.runIfActive {
            try change(Workflows(store: store, actor: actor))
        }
        try await revalidate()
        return document
    }

    /// Makes a run the dashboard's, dropping what was cached for the previous one.
    func show(_ snapshot: DashboardSnapshot) {
        // Levers and rank intervals are cached under the run's key (cacheKey), so a new run starts afresh.
        current.withLock { $0 = snapshot }
        warmUp(snapshot)
    }

    /// Queues the rank intervals and every unit's levers of a snapshot on the background queue as
    /// soon as it is shown (at start-up, after an upload or a run), the intervals first, then the
    /// units best rank first, so a province page finds them ready on its first visit.
    ///
    /// Benchmark note (debug build, shared 2-core VM, built-in data): the rank summary and the 31
    /// units' levers take a few seconds in all, once per run; requests keep their threads meanwhile.
    func warmUp(_ snapshot: DashboardSnapshot) {
        // What an earlier snapshot still has waiting is not worth computing before this one's, and
        // its pages are not shown again.
        discardQueuedWork()
        pages.removeAll()
        guard let section = snapshot.latestRegional else { return }
        _ = rankComputation(evaluation: section.evaluation, in: snapshot)
        for unit in section.units.sorted(by: { ($0.rank ?? Int.max, $0.id) < ($1.rank ?? Int.max, $1.id) }) {
            _ = leverComputation(unit: unit.id, in: snapshot)
        }
    }

    /// Drops the rank intervals and levers still waiting on the background queue (``BackgroundWork/discardQueued()``).
    func discardQueuedWork() {
        rankWork.discardQueued()
        leverWork.discardQueued()
    }

    /// A dashboard that is gone leaves nothing behind on the queue it shares with others in the process.
    deinit {
        discardQueuedWork()
    }

    /// Waits (without holding a thread) until every computation queued for this dashboard has
    /// finished: what a reader asks for after that is ready at once.
    func settle() async {
        while !(rankWork.isSettled && leverWork.isSettled) {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits (without holding a thread) until a unit's levers and the rank intervals of a snapshot
    /// are ready, or `limit` has passed: a first visit right after start-up gets them instead of a
    /// "computing" note; a computation that takes longer (a county-scale run) still leaves the page
    /// saying so.
    func ready(unit: String, in snapshot: DashboardSnapshot, limit: Duration = .seconds(20)) async {
        let evaluation = snapshot.latestRegional?.evaluation ?? ""
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while clock.now < deadline,
            rankComputation(evaluation: evaluation, in: snapshot).isComputing
                || leverComputation(unit: unit, in: snapshot).isComputing
        {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Results cached per snapshot are keyed by its run (or the built-in data).
    ///
    /// The key is taken from the snapshot the computation reads, not from the current one: a run
    /// shown while a request is between the two would otherwise file the old run's levers or rank
    /// intervals under the new run's key.
    func cacheKey(_ item: String, of snapshot: DashboardSnapshot) -> String {
        (snapshot.run.map { "run-\($0.id)" } ?? "built-in") + "-" + item
    }

    /// A unit's levers in a snapshot's results, or that they are still being computed: computed once
    /// per snapshot (each reruns the index a few thousand times) in the background.
    ///
    /// - Parameter snapshot: the snapshot the page renders, so its levers and numbers agree.
    func leverComputation(unit: String, in snapshot: DashboardSnapshot) -> Computation<LeverReport> {
        // Only a unit of the snapshot is worth a computation; any other id is answered at once.
        guard snapshot.dataset.units.contains(where: { $0.id == unit }) else { return .unavailable }
        let key = cacheKey(unit, of: snapshot)
        let store = snapshot.run == nil ? nil : store
        return leverWork.value(for: key) {
            Self.shared("levers-v1-" + key, kind: "levers", store: store) {
                // The first cross-section, as `iidei levers` analyses, prepared once per snapshot.
                let evaluation = snapshot.framework.evaluations.first { $0.kind == .crossSection }?.id
                guard let pipeline = evaluation.flatMap({ snapshot.pipeline(evaluation: $0) }) else { return nil }
                return try? Levers.report(pipeline, unit: unit)
            }
        }
    }

    /// Rank intervals and tier probabilities of a snapshot's regional index (2,000 replications of
    /// the default assumption set, seed 1), or that they are still being computed: computed once per
    /// snapshot in the background.
    ///
    /// - Parameter snapshot: the snapshot the page renders, so its intervals and ranks agree.
    func rankComputation(evaluation: String, in snapshot: DashboardSnapshot) -> Computation<RankSummary> {
        guard case .crossSection(let section)? = snapshot.results.evaluations.first(where: { $0.id == evaluation })
        else {
            return .unavailable
        }
        let key = cacheKey(evaluation, of: snapshot)
        let store = snapshot.run == nil ? nil : store
        return rankWork.value(for: key) {
            Self.shared("ranks-v1-" + key, kind: "ranks", store: store) {
                Self.rankSummary(snapshot: snapshot, evaluation: evaluation, section: section)
            }
        }
    }

    /// A piece of background work computed once across every server on the store (issue 19): the
    /// first to claim it computes and hands the result in; the others read it. A server that finds
    /// it claimed elsewhere waits a little, then says "computing" (the next request looks again).
    /// Without a store (or one it cannot write: read-only, unreachable) it computes here.
    ///
    /// `iidei_background_work_total{kind, source}` counts what each process computed
    /// (`source="computed"`) and what it read from the store (`source="store"`).
    ///
    /// - Parameter key: the work's name in the store, with its run and a format version.
    static func shared<Value: Codable & Sendable>(
        _ key: String,
        kind: String,
        store: (any IndexStoring)?,
        compute: () -> Value?
    ) -> Computation<Value> {
        func count(_ source: String) {
            Counter(label: "iidei_background_work_total", dimensions: [("kind", kind), ("source", source)]).increment()
        }
        func computed() -> Value? {
            count("computed")
            return compute()
        }
        guard let store else { return computed().map(Computation.ready) ?? .unavailable }
        // An empty result stands for "nothing to show" (a failed computation), so nobody retries it.
        for _ in 0..<8 {
            switch try? store.claimWork(key, worker: SharedWork.worker, staleAfter: SharedWork.staleAfter) {
            case .done(let data)?:
                count("store")
                if data.isEmpty { return .unavailable }
                // A result this version cannot read (another version's) is computed here instead.
                guard let value = try? SharedResult.decoder.decode(Value.self, from: data) else { break }
                return .ready(value)
            case .yours?:
                let value = computed()
                let data = value.flatMap { try? SharedResult.encoder.encode($0) } ?? Data()
                try? store.finishWork(key, worker: SharedWork.worker, result: data)
                return value.map(Computation.ready) ?? .unavailable
            case .elsewhere?:
                // On the background queue: a quarter of a second, then ask again (two seconds in all).
                Thread.sleep(forTimeInterval: 0.25)
                continue
            case nil:
                // The store cannot take a claim (read-only, unreachable): computed here.
                break
            }
            return computed().map(Computation.ready) ?? .unavailable
        }
        return .computing
    }

    static func rankSummary(
        snapshot: DashboardSnapshot,
        evaluation: String,
        section: CrossSectionResult
    ) -> RankSummary? {
        guard
            let pipeline = snapshot.pipeline(evaluation: evaluation),
            let model = try? UncertaintyModel(
                pipeline: pipeline,
                specification: .standard(units: section.units.count, tiers: section.tierNames.count)
            )
        else { return nil }
        // The one robustness runner (the CLI's and the API's), on one worker: it runs in the background.
        let run = RobustnessRun(model: model, method: .ua, replications: 2_000, seed: 1, threads: 1, bootstrap: 0)
        guard let result = try? run.run() else { return nil }
        // The overall index's rank quantiles as `iidei robustness` reports them.
        let report = RobustnessReport(
            model: model,
            run: run,
            result: result,
            isIllustrative: snapshot.results.isIllustrative
        )
        var units: [String: RankSummary.Unit] = [:]
        for (index, unit) in model.units.enumerated() {
            let row = report.row(index)
            units[unit.id] = RankSummary.Unit(
                median: row.median,
                q05: row.q05,
                q95: row.q95,
                tiers: result.accumulator.tierProbabilities(unit: index)
            )
        }
        return RankSummary(replications: run.replications, units: units)
    }
}

extension DashboardSnapshot {
    /// The prepared pipeline of a cross-section evaluation with the run's options, built on first
    /// use and then shared by levers and rank intervals (`nil` when it cannot be prepared).
    func pipeline(evaluation: String) -> CrossSectionPipeline? {
        pipelines.pipeline(evaluation: evaluation) {
            try CrossSectionPipeline(
                framework: framework,
                dataset: dataset,
                evaluationID: evaluation,
                options: results.options
            )
        }
    }
}

/// How shared background results are written to the store and read back. Not ``WorkflowJSON``: a
/// lever's gain may be non-finite, which documents carry as `null` but a result must keep as it was.
enum SharedResult {
    static let (infinity, minusInfinity, nan) = ("inf", "-inf", "nan")

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: infinity,
            negativeInfinity: minusInfinity,
            nan: nan
        )
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: infinity,
            negativeInfinity: minusInfinity,
            nan: nan
        )
        return decoder
    }
}

/// A snapshot's prepared cross-section pipelines, one per evaluation, each built once.
///
/// Levers and rank intervals run on ``DashboardState/backgroundQueue`` (serial), so a pipeline is
/// built while the lock is held without keeping a request waiting; a failed preparation is kept
/// too, so it is not retried for every unit.
///
/// Benchmark note (debug build, built-in data): preparing the pipeline took about 5 ms of a unit's
/// 55 ms lever report; each of the 31 units' reports and the rank summary rebuilt it before.
final class PreparedPipelines: Sendable {
    private let prepared = Mutex<[String: CrossSectionPipeline?]>([:])

    /// The evaluation's pipeline, prepared by `prepare` the first time it is asked for.
    func pipeline(evaluation: String, prepare: () throws -> CrossSectionPipeline) -> CrossSectionPipeline? {
        prepared.withLock { prepared in
            if let known = prepared[evaluation] { return known }
            let pipeline = try? prepare()
            prepared[evaluation] = .some(pipeline)
            return pipeline
        }
    }
}

/// Uncertainty statistics shown on a province page.
struct RankSummary: Sendable, Codable {
    struct Unit: Sendable, Codable {
        var median: Int
        var q05: Int
        var q95: Int
        var tiers: [Double]
    }

    var replications: Int
    var units: [String: Unit]
}
