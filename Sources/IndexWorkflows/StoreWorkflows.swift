import Foundation
import IndexCatalog
public import IndexCore
public import IndexIO
public import IndexStore

// MARK: - Import and validate

/// What an import stored (or found already stored).
public struct ImportedDataset: Sendable {
    public var version: DatasetVersion
    /// The data equal the latest version: nothing was added.
    public var isUnchanged: Bool
    public var framework: Framework
    public var notices: [IndexError]
    public var warnings: [IndexError]
}

/// An import's request: files, the dataset's name, and how to read them.
public struct ImportRequest: Codable, Sendable, Hashable {
    public var files: [String]
    public var dataset: String
    public var framework: String?
    public var units: String?
    public var dataPeriod: String?
    /// Accept data that leave indicators or base periods uncovered (listed as warnings).
    public var allowIncomplete: Bool

    public init(
        files: [String],
        dataset: String,
        framework: String? = nil,
        units: String? = nil,
        dataPeriod: String? = nil,
        allowIncomplete: Bool = false
    ) {
        self.files = files
        self.dataset = dataset
        self.framework = framework
        self.units = units
        self.dataPeriod = dataPeriod
        self.allowIncomplete = allowIncomplete
    }
}

extension Workflows {
    /// Validates data files (the importer's checks, then the index on them: the same as `validate` and
    /// an upload) and stores them as a new version of a dataset in one transaction.
    public func importData(
        _ request: ImportRequest,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws
        -> ImportedDataset
    {
        let store = try requireStore()
        let source = try frameworkSource(request.framework)
        let parsed = try source.parse()
        let units = try request.units.map { try DatasetReader.readUnits(path: $0) } ?? Catalog.units(for: source)
        // Each file read once: the bytes the importer reads are the bytes whose hash is stored, so the
        // provenance cannot name a file that changed between the two.
        let contents = request.files.map { path in
            FileManager.default.contents(atPath: path).map { InMemoryFile(name: path, data: $0) }
        }
        let unreadable = zip(request.files, contents).filter { $1 == nil }.map { path, _ in
            IndexError("cannot read file", file: path, kind: .notFound)
        }
        guard unreadable.isEmpty else { throw IndexErrors(unreadable) }
        let imported = try DataImporter.check(
            files: contents.compactMap { $0 },
            specification: ImportSpecification(
                framework: parsed,
                units: units,
                period: request.dataPeriod,
                requiresCoverage: !request.allowIncomplete
            )
        ).imported
        let files = zip(imported.files, contents.compactMap { $0 }).map { file, content in
            StoredFile(path: file.path, format: file.format, hashing: content.data, values: file.values)
        }
        let outcome = try store.audited(
            as: actor,
            { (outcome: ImportOutcome) in
                outcome.isUnchanged ? nil : ("dataset.import", outcome.version.reference)
            }
        ) {
            try store.importDataset(
                name: request.dataset,
                dataset: imported.dataset,
                files: files,
                framework: source,
                progress: progress
            )
        }
        return ImportedDataset(
            version: outcome.version,
            isUnchanged: outcome.isUnchanged,
            framework: parsed,
            notices: imported.notices,
            warnings: imported.warnings
        )
    }
}

// MARK: - Rerun

/// A recorded run computed again from its stored framework, data and options.
public struct RerunDocument: Codable, Sendable, Hashable {
    public var run: Int64
    /// Every stored score equal to the last bit.
    public var reproduced: Bool
    public var scores: Int
    public var changedScores: Int
    /// Whether the results document is byte for byte the recorded one (it is not when the document's
    /// format changed between engine versions, though every score is equal).
    public var identicalDocument: Bool
    public var recordedResultsSha256: String
    public var resultsSha256: String
    public var recordedEngineVersion: String
    public var engineVersion: String
}

/// A recorded run recomputed, with its inputs.
public struct RecomputedRun: Sendable {
    public var record: RunRecord
    public var inputs: LoadedInputs
    public var results: IndexResults
    public var json: String
    public var document: RerunDocument
}

extension Workflows {
    /// Recomputes a recorded run and compares every score to the last bit.
    ///
    /// - Throws: ``IndexCore/IndexError`` of kind `.integrity` when the run's stored results document,
    ///   scores, framework or data no longer match their hashes: nothing is compared then.
    public func rerun(_ reference: String) throws -> RecomputedRun {
        let store = try requireStore()
        let (record, inputs) = try recorded(reference)
        // What is compared is what was recorded: the stored results document and scores are checked
        // against their hashes first (an integrity error, never "not reproduced", when edited).
        _ = try store.results(of: record)
        let results = try IndexEngine.run(framework: inputs.framework, dataset: inputs.dataset, options: record.options)
        let json = try WorkflowJSON.text(ResultsDocument(results))
        let stored = try store.scores(of: record)
        let changes = Diff.runs(stored, Store.scores(results), tolerance: 0)
        let hash = SHA256.hex(json)
        return RecomputedRun(
            record: record,
            inputs: inputs,
            results: results,
            json: json,
            document: RerunDocument(
                run: record.id,
                reproduced: changes.isEmpty,
                scores: stored.count,
                changedScores: changes.count,
                identicalDocument: hash == record.resultsHash,
                recordedResultsSha256: record.resultsHash,
                resultsSha256: hash,
                recordedEngineVersion: record.engineVersion,
                engineVersion: IndexEngine.version
            )
        )
    }
}

// MARK: - Diff

/// Which values changed between two dataset versions.
public struct DatasetDiffDocument: Codable, Sendable, Hashable {
    public struct Change: Codable, Sendable, Hashable {
        public var change: String
        public var unit: String
        public var indicator: String
        public var period: String
        public var old: Double?
        public var new: Double?
        public var provenance: String?
    }

    public var from: String
    public var to: String
    public var changed: Int
    public var added: Int
    public var removed: Int
    public var changes: [Change]
}

/// Which scores, ranks and tiers changed between two runs.
public struct RunDiffDocument: Codable, Sendable, Hashable {
    public struct Change: Codable, Sendable, Hashable {
        public var evaluation: String
        public var period: String
        public var unit: String
        public var node: String
        public var oldScore: Double?
        public var newScore: Double?
        public var scoreChange: Double?
        public var oldRank: Int?
        public var newRank: Int?
        /// Places moved up (positive) or down.
        public var rankChange: Int?
        public var oldTier: Int?
        public var newTier: Int?
    }

    public var from: Int64
    public var to: Int64
    public var fromDataset: String
    public var toDataset: String
    public var rankChanges: Int
    public var tierChanges: Int
    public var changes: [Change]
}

extension Workflows {
    /// Whether a reference names a run (`3`, `#3`, `latest`) rather than a dataset version.
    public static func isRunReference(_ text: String) -> Bool {
        text == "latest" || Int(text.hasPrefix("#") ? String(text.dropFirst()) : text) != nil
    }

    /// The values added, removed and changed between two dataset versions, with provenance.
    public func diffDatasets(_ first: String, _ second: String) throws -> DatasetDiffDocument {
        let store = try requireStore()
        let a = try store.datasetVersion(first)
        let b = try store.datasetVersion(second)
        let changes = Diff.datasets(try store.dataset(a), try store.dataset(b))
        let counts = Dictionary(grouping: changes, by: \.kind).mapValues(\.count)
        return DatasetDiffDocument(
            from: a.reference,
            to: b.reference,
            changed: counts[.changed] ?? 0,
            added: counts[.added] ?? 0,
            removed: counts[.removed] ?? 0,
            changes: changes.map { c in
                .init(
                    change: c.kind.rawValue,
                    unit: c.unit,
                    indicator: c.indicator,
                    period: c.period,
                    old: finite(c.old),
                    new: finite(c.new),
                    provenance: c.provenance
                )
            }
        )
    }

    /// The scores, ranks and tiers that differ between two runs.
    public func diffRuns(_ first: String, _ second: String) throws -> RunDiffDocument {
        let store = try requireStore()
        let a = try store.run(first)
        let b = try store.run(second)
        let changes = Diff.runs(try store.scores(of: a), try store.scores(of: b))
        return RunDiffDocument(
            from: a.id,
            to: b.id,
            fromDataset: a.dataset.reference,
            toDataset: b.dataset.reference,
            rankChanges: changes.filter { ($0.rankChange ?? 0) != 0 }.count,
            tierChanges: changes.filter {
                $0.old?.tier != $0.new?.tier && ($0.old?.tier != nil || $0.new?.tier != nil)
            }.count,
            changes: changes.map { c in
                .init(
                    evaluation: c.evaluation,
                    period: c.period,
                    unit: c.unit,
                    node: c.node,
                    oldScore: finite(c.old?.score ?? nil),
                    newScore: finite(c.new?.score ?? nil),
                    scoreChange: finite(c.scoreChange),
                    oldRank: c.old?.rank,
                    newRank: c.new?.rank,
                    rankChange: c.rankChange,
                    oldTier: c.old?.tier,
                    newTier: c.new?.tier
                )
            }
        )
    }
}

// MARK: - Export

/// A recorded run ready to export: the recomputed results, the data with provenance, and where it
/// came from.
public struct RunExport: Sendable {
    public var rerun: RecomputedRun
    /// Results per evaluation, weights, the data with provenance and an "about" sheet.
    public var workbook: Workbook

    /// The results document (as `run --format json` writes it).
    public var json: String { rerun.json }
    /// The workbook's sheets as CSV files.
    public var csvFiles: [(name: String, contents: String)] {
        workbook.sheets.map { ($0.name + ".csv", ResultsWorkbook.csv($0)) }
    }
}

extension Workflows {
    /// A recorded run's results, weights and data with provenance, recomputed from the store.
    public func export(_ reference: String) throws -> RunExport {
        let rerun = try rerun(reference)
        let record = rerun.record
        let about: [(String, String)] = [
            ("run", "#\(record.id)"), ("created", record.createdAt),
            ("framework", "\(record.frameworkID) sha256 \(record.frameworkHash)"),
            ("dataset", "\(record.dataset.reference) sha256 \(record.dataset.hash)"),
            ("options", record.options.summary),
            ("engine", record.engineVersion), ("results sha256", record.resultsHash),
            (
                "reproduced",
                rerun.document.reproduced ? "yes, exactly" : "no: recomputed with engine \(IndexEngine.version)"
            ),
        ]
        return RunExport(
            rerun: rerun,
            workbook: ResultsWorkbook.make(results: rerun.results, dataset: rerun.inputs.dataset, about: about)
        )
    }
}

// MARK: - Validate

/// What `iidei validate` found: the data read, file by file, with every conversion and warning.
public struct ValidationDocument: Codable, Sendable, Hashable {
    public struct File: Codable, Sendable, Hashable {
        public var path: String
        public var format: String
        public var tables: [String]
        public var values: Int
    }

    public var framework: String
    public var evaluations: Int
    public var units: Int
    public var values: Int
    public var files: [File]
    public var notices: [String]
    public var warnings: [String]
}

extension Workflows {
    /// A blank data template for a framework and the units of its data (``IndexIO/DataTemplate``),
    /// for a period (default: the data's latest). The data may leave indicators uncovered: the
    /// template is what fills them in.
    public func dataTemplate(_ inputs: RunInputs, period: String?) throws -> DataTemplate {
        let loaded = try load(inputs, requiresCoverage: false)
        return try DataTemplate(framework: loaded.framework, dataset: loaded.dataset, period: period)
    }

    /// Checks a framework and data as an import and an upload do — the importer's checks, then the
    /// index on the data (every evaluation's weights derived, every problem the engine meets) — and
    /// stores nothing.
    ///
    /// - Throws: ``IndexCore/IndexErrors`` listing every problem at once.
    public func validate(_ inputs: RunInputs, allowIncomplete: Bool) throws -> (ValidationDocument, notes: [String]) {
        let loaded = try load(inputs, requiresCoverage: !allowIncomplete)
        let imported = try DataImporter.check(
            loaded.imported,
            framework: loaded.framework,
            requiresCoverage: !allowIncomplete
        ).imported
        let document = ValidationDocument(
            framework: loaded.framework.id,
            evaluations: loaded.framework.evaluations.count,
            units: imported.dataset.units.count,
            values: imported.dataset.observations.count,
            files: imported.files.map { .init(path: $0.path, format: $0.format, tables: $0.tables, values: $0.values) },
            notices: imported.notices.map(\.description),
            warnings: imported.warnings.map(\.description)
        )
        return (document, loaded.notes)
    }
}
