public import IndexCore
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
