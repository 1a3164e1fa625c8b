import Foundation
import IndexCatalog
public import IndexCore
public import IndexIO
public import IndexStore

/// Every use case of IIDEI, once: the command line and the server are adapters that read their
/// input, call one of these and render the typed result. A workflow reads and writes the store it
/// is given (or none), computes, and returns values; it prints nothing and knows no front end.
///
/// Workflows are synchronous: the server calls them off its event loops and the cooperative pool
/// (``Workflows/offload(_:)``), the command line directly.
public struct Workflows: Sendable {
    /// The store, when the caller has one: any backend that keeps the store's guarantees
    /// (``IndexStore/IndexStoring``); SQLite's `Store` is the embedded one.
    public var store: (any IndexStoring)?
    /// Who the workflows act for: every write is recorded in the store's audit log as this actor.
    public var actor: Actor

    public init(store: (any IndexStoring)? = nil, actor: Actor = .commandLine) {
        self.store = store
        self.actor = actor
    }

    /// The store, or an error saying that this needs one.
    public func requireStore() throws -> any IndexStoring {
        guard let store else {
            throw IndexError(
                "this needs a store (--db FILE for the command line, serve --db FILE for the server)",
                kind: .conflict
            )
        }
        return store
    }
}

// MARK: - Inputs

/// Where a run's framework and data come from: the built-in ones, the user's files, or a stored
/// dataset version.
public struct RunInputs: Codable, Sendable, Hashable {
    /// A framework file (IIDEI YAML or COINr iMeta CSV), or a stored framework's id or hash; `nil` =
    /// the built-in one (or, for a stored dataset, the framework it was imported against).
    public var framework: String?
    /// Data files; empty = the built-in data (or the stored dataset).
    public var data: [String]
    /// A units file (id,zh,en[,aliases][,groups…]).
    public var units: String?
    /// The period of wide tables that name it nowhere else.
    public var dataPeriod: String?
    /// A stored dataset version, `NAME` or `NAME@VERSION`: the run is recorded.
    public var dataset: String?

    public init(
        framework: String? = nil,
        data: [String] = [],
        units: String? = nil,
        dataPeriod: String? = nil,
        dataset: String? = nil
    ) {
        self.framework = framework
        self.data = data
        self.units = units
        self.dataPeriod = dataPeriod
        self.dataset = dataset
    }
}

/// A framework and data, ready to run, with what the reading noticed and, for a stored dataset,
/// what a run is recorded against.
public struct LoadedInputs: Sendable {
    public var framework: Framework
    /// What the importer read: the dataset, each file, values converted or read as missing.
    public var imported: ImportResult
    public var dataset: Dataset { imported.dataset }
    /// Values converted or read as missing on the way in.
    public var notices: [IndexError] { imported.notices }
    /// Things the user should know about how the inputs were read (a province list assumed, say).
    public var notes: [String]
    /// The stored framework and dataset version a run is recorded against.
    public var stored: (framework: StoredFramework, version: DatasetVersion)?

    init(
        framework: Framework,
        imported: ImportResult,
        notes: [String] = [],
        stored: (framework: StoredFramework, version: DatasetVersion)? = nil
    ) {
        self.framework = framework
        self.imported = imported
        self.notes = notes
        self.stored = stored
    }

    /// Inputs read without the importer (the built-in data, a stored version, a COINr iData).
    init(
        framework: Framework,
        dataset: Dataset,
        stored: (framework: StoredFramework, version: DatasetVersion)? = nil
    ) {
        self.init(framework: framework, imported: ImportResult(dataset: dataset), stored: stored)
    }
}

extension Workflows {
    /// The framework's text: a file, a framework in the store (id or hash), or the built-in one.
    public func frameworkSource(_ reference: String?) throws -> FrameworkSource {
        guard let reference else { return try Catalog.frameworkSource() }
        if FileManager.default.fileExists(atPath: reference) { return try FrameworkSource.read(path: reference) }
        if let store, let stored = try? store.framework(reference) { return stored.source }
        if reference == Catalog.frameworkID { return try Catalog.frameworkSource() }
        throw IndexError("no framework file or stored framework '\(reference)'", kind: .notFound)
    }

    /// Reads the inputs of a run, every problem of the data at once.
    ///
    /// - Parameter requiresCoverage: whether every indicator and base period must have data (`validate`
    ///   lists gaps as warnings when it is `false`).
    public func load(_ inputs: RunInputs, requiresCoverage: Bool = true) throws -> LoadedInputs {
        var inputs = inputs
        if let reference = inputs.dataset {
            guard inputs.data.isEmpty else { throw IndexError("--dataset and --data are alternatives") }
            // A stored version keeps the units it was imported with; a units file would be ignored.
            guard inputs.units == nil else {
                throw IndexError(
                    "--units applies to --data: the stored dataset '\(reference)' keeps the units it was imported with"
                )
            }
            let store = try requireStore()
            let version = try store.datasetVersion(reference)
            let stored: StoredFramework
            if let framework = inputs.framework {
                stored = try store.saveFramework(try frameworkSource(framework))
            } else if let hash = version.frameworkHash {
                stored = try store.framework(hash)
            } else {
                stored = try store.saveFramework(try Catalog.frameworkSource())
            }
            // The run computes and records: where each value was read from is not needed.
            return LoadedInputs(
                framework: try stored.source.parse(),
                dataset: try store.dataset(version, includingLocations: false),
                stored: (stored, version)
            )
        }
        // The built-in data under the analyst's units file (their own groups) is read like own data.
        if inputs.framework == nil, inputs.data.isEmpty, inputs.units != nil {
            inputs.data = [try Catalog.dataPath]
        }
        if inputs.framework == nil, inputs.data.isEmpty {
            let builtIn = try Catalog.framework()
            return LoadedInputs(
                framework: builtIn,
                dataset: try Catalog.dataset(for: builtIn)
            )
        }
        guard !inputs.data.isEmpty else {
            throw IndexError("--framework needs --data (the built-in data fit only the built-in framework)")
        }
        let source = try frameworkSource(inputs.framework)
        let framework = try source.parse()
        // A COINr iData carries its unit groups; it keeps its own reader.
        if inputs.data.count == 1, inputs.data[0].lowercased().hasSuffix(".csv"),
            (try? DataTable(path: inputs.data[0]))?.column("uCode") != nil
        {
            let declared = Set(framework.indicators.map(\.id)).union(framework.seriesIDs)
            let dataset = try COINrReader.readData(
                path: inputs.data[0],
                declared: declared,
                declaredBy: source.format == .coinrMeta ? "the iMeta" : "the framework '\(source.origin)'"
            )
            let problems = DatasetValidator.problems(
                framework: framework,
                dataset: dataset,
                allowingExtraIndicators: true
            )
            if !problems.isEmpty { throw IndexErrors(problems) }
            return LoadedInputs(framework: framework, dataset: dataset)
        }
        var notes: [String] = []
        var units = try inputs.units.map { try DatasetReader.readUnits(path: $0) } ?? Catalog.units(for: source)
        if units == nil, let provinces = try provinceUnits(inputs, framework: framework) {
            units = provinces.units
            notes.append(provinces.note)
        }
        let imported = try DataImporter.read(
            inputs.data,
            specification: ImportSpecification(
                framework: framework,
                units: units,
                period: inputs.dataPeriod,
                requiresCoverage: requiresCoverage
            )
        )
        return LoadedInputs(framework: framework, imported: imported, notes: notes)
    }

    /// The built-in province list, when own data with no units file name provinces (江苏, 江苏省, Jiangsu
    /// or 320000) in more than half of their units: then names, codes and the tier map are the
    /// provinces', and a unit name that matches none is reported with the nearest. `nil` otherwise
    /// (the units are the codes as the data write them).
    func provinceUnits(_ inputs: RunInputs, framework: Framework) throws -> (units: [AssessedUnit], note: String)? {
        let provinces = try Catalog.units()
        let first = try? DataImporter.read(
            inputs.data,
            specification: ImportSpecification(
                framework: framework,
                units: nil,
                period: inputs.dataPeriod,
                requiresCoverage: false
            )
        )
        guard let names = first.map({ Set($0.dataset.observations.map(\.unit)) }), !names.isEmpty else { return nil }
        let resolver = NameResolver.units(provinces)
        let found = names.filter { if case .found = resolver.resolve($0) { true } else { false } }
        guard found.count * 2 > names.count else { return nil }
        return (
            provinces,
            "the data name provinces: units resolved against the built-in province list (\(found.count) of \(names.count) names; --units FILE gives your own)"
        )
    }
}

// MARK: - Run

/// What a run produced: the results, their document, and the record when it was stored.
public struct RunOutcome: Sendable {
    public var inputs: LoadedInputs
    public var results: IndexResults
    /// `results.json`.
    public var document: ResultsDocument
    public var record: RunRecord?
    /// The document's text when the run was recorded (the store keeps it), so it is encoded once.
    var recordedJSON: String?

    /// The document as text, exactly as stored and printed. Encoded when asked, not by every run:
    /// it is two thirds of a table-printing `iidei run`'s own time on COINr's ASEM example.
    public func json() throws -> String {
        try recordedJSON ?? WorkflowJSON.text(document)
    }
}

extension Workflows {
    /// Runs the index on the inputs with the options; a stored dataset's run is recorded (with its
    /// results document) in one transaction, nothing when the run fails.
    public func run(_ inputs: RunInputs, options: RunOptions) throws -> RunOutcome {
        try run(try load(inputs), options: options)
    }

    /// Runs the index on inputs already read (``load(_:requiresCoverage:)``).
    public func run(_ loaded: LoadedInputs, options: RunOptions) throws -> RunOutcome {
        let results = try IndexEngine.run(framework: loaded.framework, dataset: loaded.dataset, options: options)
        let document = ResultsDocument(results)
        let json = try loaded.stored.map { _ in try WorkflowJSON.text(document) }
        let record = try loaded.stored.map { stored in
            try audited({ (record: RunRecord) in ("run.record", "#\(record.id) on \(record.dataset.reference)") }) {
                try $0.recordRun(
                    framework: stored.framework,
                    dataset: stored.version,
                    options: options,
                    results: results,
                    resultsJSON: json ?? WorkflowJSON.text(document)
                )
            }
        }
        return RunOutcome(inputs: loaded, results: results, document: document, record: record, recordedJSON: json)
    }

    /// A stored run's framework and data with its options, ready to run again or analyse.
    public func recorded(_ reference: String) throws -> (RunRecord, LoadedInputs) {
        let store = try requireStore()
        let record = try store.run(reference)
        let framework = try store.framework(record.frameworkHash)
        let loaded = LoadedInputs(
            framework: try framework.source.parse(),
            dataset: try store.dataset(record.dataset),
            stored: (framework, record.dataset)
        )
        return (record, loaded)
    }
}
