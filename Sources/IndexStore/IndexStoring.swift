public import Foundation
public import IndexCore
public import IndexIO

/// What the workflows (import, run, rerun, diff, export, surveys, the server's pages) need from a
/// store of frameworks, dataset versions, runs and surveys.
///
/// ``Store`` (one SQLite file through GRDB) and ``PostgresStore`` (a PostgreSQL server several
/// processes share) conform, with the same guarantees:
///
/// - **Immutable, content-named history.** Frameworks and dataset versions are never changed once
///   stored; a framework is named by the SHA-256 of its format and text, a version by the canonical
///   hash of its content (``Store/contentHash(_:)``).
/// - **Integrity on load.** Data whose stored bytes no longer give their recorded hash are refused
///   with an ``IndexError`` of kind `.integrity` naming the store and what differs, never returned:
///   a dataset version's content, a run's results document and scores, a stored framework's text.
///   (A survey's answers carry no hash: they change as experts save, and are checked against the
///   survey's questions whenever read.)
/// - **Its own files only.** A file that is not a store of this kind, or a store of a newer schema,
///   is refused before anything is written to it.
/// - **All or nothing.** Each method that writes is one transaction: when it throws, nothing of it
///   is visible.
///
/// Every requirement is synchronous and may block on I/O. An async caller (the server) must not
/// call it on an event loop, and should not on Swift's cooperative pool: it runs the call on a
/// thread of its own (the server uses NIO's thread pool), so a long import never stalls other
/// requests. No store needs a pool thread to finish a call (``PostgresStore`` runs its tasks on
/// a queue of its own), so a blocked pool slows a call but cannot stop it.
///
/// ```swift
/// func latestScores(in store: some IndexStoring) throws -> [StoredScore] {
///     try store.scores(of: try store.run("latest"))
/// }
/// ```
public protocol IndexStoring: Sendable {
    // MARK: Frameworks

    /// Stores a framework's text once (by hash) and returns it; storing it again returns the first.
    @discardableResult
    func saveFramework(_ source: FrameworkSource) throws -> StoredFramework

    /// A stored framework by its hash, a unique prefix of it, or its framework id (the newest).
    ///
    /// - Throws: ``IndexError`` of kind `.notFound` when none matches; one saying "ambiguous" when a
    ///   prefix names more than one.
    func framework(_ reference: String) throws -> StoredFramework

    /// Every stored framework, newest first.
    func frameworks() throws -> [StoredFramework]

    // MARK: Dataset versions

    /// Every dataset version, by name then version.
    func datasets() throws -> [DatasetVersion]

    /// A dataset version by `NAME` (the latest) or `NAME@VERSION`.
    ///
    /// - Throws: ``IndexError`` of kind `.notFound`, listing the names the store has.
    func datasetVersion(_ reference: String) throws -> DatasetVersion

    /// A version's units and values, after checking that the stored data still give its hash.
    ///
    /// - Parameters:
    ///   - includingLocations: `false` leaves out where each value was read from, for callers that
    ///     only compute; the whole version is hash-checked either way.
    /// - Throws: ``IndexError`` of kind `.integrity` when the stored data do not match their hash.
    func dataset(_ version: DatasetVersion, includingLocations: Bool) throws -> Dataset

    /// Stores a dataset (and the framework it was validated against) as the next version of `name`.
    ///
    /// - Parameters:
    ///   - progress: called with the values written and their total.
    /// - Returns: the new version, or the latest one (``ImportOutcome/isUnchanged``) when the content
    ///   and framework are the same as the latest's.
    func importDataset(
        name: String,
        dataset: Dataset,
        files: [StoredFile],
        framework: FrameworkSource?,
        progress: ((Int, Int) -> Void)?
    ) throws -> ImportOutcome

    /// Stores a dataset and records a run computed on it in one transaction: both, or neither.
    func importDatasetAndRecordRun(
        name: String,
        dataset: Dataset,
        files: [StoredFile],
        framework: FrameworkSource,
        options: RunOptions,
        results: IndexResults,
        resultsJSON: String
    ) throws -> (ImportOutcome, RunRecord)

    // MARK: Runs

    /// Records a run of a stored framework on a stored version, with every score and the results
    /// document (`resultsJSON`, kept verbatim).
    func recordRun(
        framework: StoredFramework,
        dataset: DatasetVersion,
        options: RunOptions,
        results: IndexResults,
        resultsJSON: String
    ) throws -> RunRecord

    /// Stores a framework and records a run of it in one transaction.
    func recordRun(
        frameworkSource: FrameworkSource,
        dataset: DatasetVersion,
        options: RunOptions,
        results: IndexResults,
        resultsJSON: String
    ) throws -> RunRecord

    /// Every run, newest first.
    func runs() throws -> [RunRecord]

    /// The newest run's number, or `nil` when there is none: one cheap query, for a server that
    /// checks whether another process recorded a run since it last looked.
    func latestRunID() throws -> Int64?

    /// A run by number (`12` or `#12`) or `latest`.
    ///
    /// - Throws: ``IndexError`` of kind `.notFound`.
    func run(_ reference: String) throws -> RunRecord

    /// A run's results document, verbatim.
    func results(of run: RunRecord) throws -> String

    /// A run's scores, in the order they were recorded: what ``Diff/runs(_:_:tolerance:)`` compares.
    func scores(of run: RunRecord) throws -> [StoredScore]

    // MARK: Surveys

    /// Creates a survey of a framework with its panel and opens round 1.
    ///
    /// - Returns: the survey and each expert's token, shown once: only its hash is stored.
    func createSurvey(
        name: String,
        source: FrameworkSource,
        kind: SurveyKind,
        scale: ScoreScale,
        riTable: RandomIndexTable?,
        experts: [String]
    ) throws -> (survey: StoredSurvey, tokens: [(expert: String, token: String)])

    /// A survey by name.
    func survey(_ name: String) throws -> StoredSurvey

    /// Every survey's name, oldest first.
    func surveyNames() throws -> [String]

    /// The survey and expert a token belongs to, or `nil`.
    func surveyExpert(token: String) throws -> (survey: StoredSurvey, expert: String)?

    /// Checks an expert's answers for the open round (merged with their earlier ones, or replacing
    /// them) and stores them; nothing is stored when any answer is refused.
    @discardableResult
    func saveResponse(
        survey name: String,
        expert: String,
        answers: SurveyAnswers,
        round: Int?,
        merging: Bool
    ) throws -> CheckedAnswers

    /// The answers stored for a round (the open one when `nil`), in panel order.
    func responses(survey name: String, round: Int?) throws -> [StoredResponse]

    /// Closes the open round and, unless `finish`, opens the next.
    @discardableResult
    func closeRound(survey name: String, finish: Bool) throws -> StoredSurvey

    /// Stores a framework written from a survey's answers, with where its weights came from.
    @discardableResult
    func recordApplication(
        survey name: String,
        round: Int,
        experts: [String],
        framework: FrameworkSource,
        aggregation: GroupAggregation
    ) throws -> SurveyApplication

    /// Takes back a recorded application (its file could not be written), with its framework when
    /// recording it stored the framework and nothing else names it; one transaction.
    func withdrawApplication(_ application: SurveyApplication) throws

    /// Where the weights of a framework (by hash) came from, when a survey wrote it; newest first.
    func surveyApplications(frameworkHash hash: String) throws -> [SurveyApplication]

    // MARK: Accounts, API tokens and the audit log

    /// Adds an account with a role and, optionally, a password hash (``PasswordHash``).
    ///
    /// - Throws: ``IndexError`` of kind `.conflict` when the name is taken; a refusal of the name.
    func addAccount(name: String, role: Role, passwordHash: String?) throws -> Account

    /// Removes an account and every token of it.
    func removeAccount(_ name: String) throws

    /// Every account, by name.
    func accounts() throws -> [Account]

    /// Changes an account's role; its tokens act with at most the new role from then on.
    func setRole(_ role: Role, account name: String) throws -> Account

    /// Sets (or, with `nil`, clears) an account's password hash.
    func setPasswordHash(_ hash: String?, account name: String) throws

    /// The account and its password hash, for signing in; `nil` when there is no such account.
    func signInRecord(account name: String) throws -> (account: Account, passwordHash: String?)?

    /// Issues an API token for an account, scoped to `role` (the account's own when `nil`, never
    /// above it), working until it is revoked or, with a `lifetime` in seconds, until that has
    /// passed (a sign-in session). The token is returned once: only its hash is stored.
    func issueToken(account name: String, role: Role?, label: String, lifetime: Int?) throws -> (AccountToken, String)

    /// Revokes a token by number; revoking it again changes nothing.
    func revokeToken(_ id: Int64) throws -> AccountToken

    /// The tokens of an account (every account's when `nil`), oldest first, revoked ones included.
    func tokens(account name: String?) throws -> [AccountToken]

    /// Who a presented token acts as, or `nil` for a token the store does not hold, has revoked or
    /// that has expired.
    func principal(token: String) throws -> Principal?

    /// Appends one event to the audit log.
    func recordEvent(actor: String, action: String, subject: String, address: String) throws

    /// The newest `limit` events of the audit log, newest first.
    func auditLog(limit: Int) throws -> [AuditEvent]

    /// How many events of `action` the audit log holds at or after `since` (a stored time), on
    /// `subject` and from `address` where they are given: what sign-in counts its recent failures
    /// with, across every server on the store.
    func countEvents(action: String, subject: String?, address: String?, since: String) throws -> Int

    // MARK: Shared background work

    /// Claims a piece of background work by key for `worker`, so the processes on one store compute
    /// it once: ``WorkClaim/done(_:)`` with the result when a worker handed it in,
    /// ``WorkClaim/yours`` when it is this worker's to compute (nobody claimed it, or the claim is
    /// older than `staleAfter` seconds), else ``WorkClaim/elsewhere(worker:)``.
    func claimWork(_ key: String, worker: String, staleAfter seconds: Int) throws -> WorkClaim

    /// Hands in a claimed piece of work's encoded result; the first result handed in stays.
    func finishWork(_ key: String, worker: String, result: Data) throws

    // MARK: Publication

    /// Publishes a recorded run: from now on it is the one readers see (until another is published
    /// or this one is taken back).
    ///
    /// - Throws: ``IndexError`` of kind `.notFound` for no such run, `.conflict` when it is the
    ///   published run already.
    func publish(run id: Int64, by reviewer: String) throws -> Publication

    /// Takes the current publication back: the run published before it (if any) is the published
    /// run again.
    ///
    /// - Throws: ``IndexError`` of kind `.conflict` when no run is published.
    func withdrawPublication(by reviewer: String) throws -> Publication

    /// Every publication, newest first, withdrawn ones included.
    func publications() throws -> [Publication]

    /// The run of the newest publication that stands, or `nil`: one cheap query, for a server that
    /// checks whether another process published since it last looked.
    func publishedRunID() throws -> Int64?

    /// Asks a reviewer to look at a run (``ReviewRequest``); asking again replaces the note and time.
    ///
    /// - Throws: ``IndexError`` of kind `.notFound` when there is no such run, `.conflict` when it is
    ///   the published run already.
    func requestReview(run id: Int64, by analyst: String, note: String) throws -> ReviewRequest

    /// Every review request, newest first.
    func reviewRequests() throws -> [ReviewRequest]

    // MARK: Integrity

    /// Counts of versions, values and runs, and a full integrity check of the stored data.
    func statistics() throws -> StoreStatistics

    /// Whether the store answers within `seconds` with its schema current (every migration this
    /// program knows applied, none newer): the backend's name (`sqlite`, `postgresql`), or an
    /// ``IndexCore/IndexError`` of kind `.unavailable` saying what is wrong. A server's `/ready`.
    func readiness(within seconds: Int) throws -> String

    // MARK: Changes by other processes

    /// Wakes its reader whenever any process has recorded a run in this store (and now and then
    /// without cause); it ends when the reader stops. A hint, not a record: the reader asks
    /// ``latestRunID()`` what changed. A store without notifications never wakes it
    /// (the reader polls); ``PostgresStore`` wakes it through `LISTEN/NOTIFY`.
    func changes() -> AsyncStream<Void>
}

// The defaults of the requirements, in one place for every backend (``Store`` states none of its own).
extension IndexStoring {
    /// No notifications: the stream stays silent until its reader stops listening.
    public func changes() -> AsyncStream<Void> {
        AsyncStream { _ in }
    }

    /// A version's units and values with where each came from, hash-checked.
    public func dataset(_ version: DatasetVersion) throws -> Dataset {
        try dataset(version, includingLocations: true)
    }

    /// Stores a dataset as the next version of `name`, without progress reports.
    public func importDataset(
        name: String,
        dataset: Dataset,
        files: [StoredFile],
        framework: FrameworkSource?
    ) throws -> ImportOutcome {
        try importDataset(name: name, dataset: dataset, files: files, framework: framework, progress: nil)
    }

    /// Creates a survey with the random-index table its kind uses by default, and opens round 1.
    public func createSurvey(
        name: String,
        source: FrameworkSource,
        kind: SurveyKind,
        scale: ScoreScale,
        experts: [String]
    ) throws -> (survey: StoredSurvey, tokens: [(expert: String, token: String)]) {
        try createSurvey(name: name, source: source, kind: kind, scale: scale, riTable: nil, experts: experts)
    }

    /// Stores an expert's answers for the open round, merged with their earlier ones.
    @discardableResult
    public func saveResponse(survey name: String, expert: String, answers: SurveyAnswers) throws -> CheckedAnswers {
        try saveResponse(survey: name, expert: expert, answers: answers, round: nil, merging: true)
    }

    /// Issues an API token that works until it is revoked.
    public func issueToken(account name: String, role: Role?, label: String) throws -> (AccountToken, String) {
        try issueToken(account: name, role: role, label: label, lifetime: nil)
    }

    /// The answers stored for the open round, in panel order.
    public func responses(survey name: String) throws -> [StoredResponse] {
        try responses(survey: name, round: nil)
    }

    /// Where a framework's weights came from, when a survey wrote it; newest first.
    public func surveyApplications(framework source: FrameworkSource) throws -> [SurveyApplication] {
        try surveyApplications(frameworkHash: Store.frameworkHash(source))
    }
}

extension Store: IndexStoring {}
