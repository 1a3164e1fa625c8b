public import IndexCore
import IndexReport
public import IndexStore

/// A stored dataset version as the API and `iidei datasets --format json` give it.
public struct DatasetVersionDocument: Codable, Sendable, Hashable {
    public var name: String
    public var version: Int
    public var reference: String
    public var sha256: String
    public var values: Int
    public var illustrative: Bool
    public var createdAt: String

    public init(_ version: DatasetVersion) {
        name = version.name
        self.version = version.version
        reference = version.reference
        sha256 = version.hash
        values = version.valueCount
        illustrative = version.isIllustrative
        createdAt = version.createdAt
    }
}

/// A recorded run as the API and `iidei runs --format json` give it.
public struct RunRecordDocument: Codable, Sendable, Hashable {
    public var id: Int64
    public var createdAt: String
    public var dataset: String
    public var framework: String
    public var options: RunOptions
    public var engineVersion: String
    public var resultsSha256: String

    public init(_ run: RunRecord) {
        id = run.id
        createdAt = run.createdAt
        dataset = run.dataset.reference
        framework = run.frameworkID
        options = run.options
        engineVersion = run.engineVersion
        resultsSha256 = run.resultsHash
    }
}

/// A stored dataset version and the run recorded on it (an upload, `iidei import --run`).
public struct ImportedRunDocument: Codable, Sendable, Hashable {
    public var dataset: DatasetVersionDocument
    public var run: RunRecordDocument

    public init(dataset: DatasetVersionDocument, run: RunRecordDocument) {
        self.dataset = dataset
        self.run = run
    }
}

/// The latest run's national or regional evaluation (`/api/v1/runs/latest/national|regional`).
public struct LatestEvaluationDocument: Codable, Sendable, Hashable {
    public var evaluation: String
    public var run: Int64?
    public var illustrative: Bool
    public var results: EvaluationDocument

    /// The first evaluation of a kind in a results document, `nil` when there is none.
    public init?(_ document: ResultsDocument, results: IndexResults, run: Int64?, kind: EvaluationKind) {
        let wanted = results.evaluations.first { result in
            switch result {
            case .series: kind == .basePeriod
            case .crossSection: kind == .crossSection
            }
        }
        guard let id = wanted?.id, let evaluation = document.evaluations[id] else { return nil }
        self.evaluation = id
        self.run = run
        illustrative = results.isIllustrative
        self.results = evaluation
    }
}

/// One unit's scores in the latest regional results (`/api/v1/runs/latest/units/ID`).
public struct UnitScoresDocument: Codable, Sendable, Hashable {
    public var id: String
    public var name: ResultsDocument.Named
    public var period: String
    /// A score, rank or tier the unit has none of is written as `null`.
    @Nullable public var score: Double?
    @Nullable public var rank: Int?
    @Nullable public var tier: Int?
    public var nodes: [String: CrossSectionDocument.NodeDocument]
    /// Where the unit stands clearly better than its overall rank (`StrengthsAndGaps` in IndexReport), best first.
    public var strengths: [Standing]
    /// Where it stands clearly worse, worst first.
    public var gaps: [Standing]

    /// A pillar or indicator in the strengths or gaps: its rank, how many units share it, of how many.
    public struct Standing: Codable, Sendable, Hashable {
        public var node: String
        public var rank: Int
        public var tied: Int
        public var count: Int
    }

    /// The unit in the first cross-section that has it, `nil` when none does.
    public init?(_ results: IndexResults, unit id: String) {
        for case .crossSection(let section) in results.evaluations {
            guard let unit = section.units.first(where: { $0.id == id }) else { continue }
            self.id = unit.id
            name = .init(unit.name)
            period = section.period
            score = finite(unit.score)
            rank = unit.rank
            tier = unit.tier
            nodes = keyed(
                section.nodes.map { node in
                    (
                        node.id,
                        CrossSectionDocument.NodeDocument(
                            score: finite(unit.nodes[node.id]?.score ?? nil),
                            rank: unit.nodes[node.id]?.rank
                        )
                    )
                }
            )
            let relative = StrengthsAndGaps(unit, in: section)
            func standing(_ place: StrengthsAndGaps.Place) -> Standing {
                Standing(node: place.node.id, rank: place.rank, tied: place.tied, count: place.count)
            }
            strengths = relative.strengths.map(standing)
            gaps = relative.gaps.map(standing)
            return
        }
        return nil
    }
}

/// The frameworks: the one in use and those in the store (`/api/v1/frameworks`).
public struct FrameworksDocument: Codable, Sendable, Hashable {
    public struct Current: Codable, Sendable, Hashable {
        public var id: String
        public var name: ResultsDocument.Named
    }

    public struct Stored: Codable, Sendable, Hashable {
        public var id: String
        public var hash: String
        public var createdAt: String
    }

    public var current: Current
    public var stored: [Stored]

    public init(current: Framework, stored: [StoredFramework]) {
        self.current = Current(id: current.id, name: .init(current.name))
        self.stored = stored.map { Stored(id: $0.frameworkID, hash: $0.hash, createdAt: $0.createdAt) }
    }
}

/// The one error document of the API: `error` is the first of `problems`, each a sentence naming the
/// file, row, column, unit or indicator where the input says.
public struct ProblemDocument: Codable, Sendable, Hashable {
    public var error: String
    public var problems: [String]

    public init(error: String, problems: [String]) {
        self.error = error
        self.problems = problems
    }
}

/// `GET /ready`: the server can serve from its store (`store`: `sqlite`, `postgresql`, or `none` for
/// the built-in data). When it cannot, the answer is a 503 problem document saying why.
public struct ReadinessDocument: Codable, Sendable, Hashable {
    public var status: String
    public var store: String

    public init(status: String, store: String) {
        self.status = status
        self.store = store
    }
}
