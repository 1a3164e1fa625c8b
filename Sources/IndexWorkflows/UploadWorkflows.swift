public import Foundation
import IndexCatalog
public import IndexCore
import IndexIO
public import IndexStore

/// What an upload would import (the review step): nothing is stored.
public struct UploadReviewDocument: Codable, Sendable, Hashable {
    public var valid: Bool
    /// No warnings: the data cover every indicator and base period.
    public var importable: Bool
    public var values: Int
    public var units: Int
    public var periods: [String]
    public var notices: [String]
    public var warnings: [String]
    public var illustrative: Bool
}

/// An upload read and checked, nothing stored: its document, and its notices and warnings with
/// their places (file, sheet, row, column, indicator, unit) for a page to show as a table.
public struct UploadReview: Sendable {
    public var document: UploadReviewDocument
    public var notices: [IndexError]
    public var warnings: [IndexError]
}

/// An upload stored as a dataset version with its run.
public struct UploadOutcome: Sendable {
    public var version: DatasetVersion
    public var run: RunRecord
    public var framework: Framework
    public var dataset: Dataset
    public var results: IndexResults
    /// The results document and its text, as stored with the run (the dashboard shows them as they are).
    public var document: ResultsDocument
    public var resultsJSON: String
}

extension Workflows {
    /// Reads and validates an upload without storing it: every problem at once, or what would be
    /// imported and every conversion made on the way.
    public func reviewUpload(fileName: String, data: Data) throws -> UploadReview {
        let imported = try checkUpload(fileName: fileName, data: data, requiresCoverage: false).checked.imported
        return UploadReview(
            document: UploadReviewDocument(
                valid: true,
                importable: imported.warnings.isEmpty,
                values: imported.dataset.observations.count,
                units: Set(imported.dataset.observations.map(\.unit)).count,
                periods: imported.dataset.periods,
                notices: imported.notices.map(\.description),
                warnings: imported.warnings.map(\.description),
                illustrative: imported.dataset.isIllustrative
            ),
            notices: imported.notices,
            warnings: imported.warnings
        )
    }

    /// Validates uploaded data, runs the index on them, then stores them as a new version of `name`
    /// and records the run.
    ///
    /// Validation, storage and the run are one unit of work: the index is computed before anything is
    /// stored, and the version and its run are written in one transaction, so a refused upload stores
    /// nothing.
    ///
    /// - Throws: ``IndexCore/IndexErrors`` with the importer's (the CLI's) or the engine's messages, the
    ///   store unchanged.
    public func importUploadAndRun(name: String, fileName: String, data: Data) throws -> UploadOutcome {
        let store = try requireStore()
        guard !name.isEmpty else { throw IndexError("name the dataset: POST /api/v1/datasets?name=NAME") }
        let options = RunOptions()
        let upload = try checkUpload(fileName: fileName, data: data, options: options)
        guard let results = upload.checked.results else {
            throw IndexError("the index cannot be computed on these data")
        }
        let framework = upload.framework
        // Provenance names the uploaded file (the importer read it under its name; a nameless upload names none).
        var dataset = upload.checked.imported.dataset
        for index in dataset.observations.indices { dataset.observations[index].location?.file = upload.safeName }
        let document = ResultsDocument(results)
        let resultsJSON = try WorkflowJSON.text(document)
        let (outcome, run) = try store.audited(
            as: actor,
            { (stored: (ImportOutcome, RunRecord)) in
                ("dataset.upload", "\(stored.0.version.reference), run #\(stored.1.id)")
            }
        ) {
            try store.importDatasetAndRecordRun(
                name: name,
                dataset: dataset,
                files: [upload.file],
                framework: upload.source,
                options: options,
                results: results,
                resultsJSON: resultsJSON
            )
        }
        return UploadOutcome(
            version: outcome.version,
            run: run,
            framework: framework,
            dataset: dataset,
            results: results,
            document: document,
            resultsJSON: resultsJSON
        )
    }

    /// The upload's checks: the same as `iidei validate` and `iidei import`
    /// (``IndexIO/DataImporter/check(_:specification:options:)``), against the built-in framework.
    func checkUpload(
        fileName: String,
        data: Data,
        requiresCoverage: Bool = true,
        options: RunOptions = RunOptions()
    ) throws -> (
        checked: CheckedImport, file: StoredFile, safeName: String, source: FrameworkSource, framework: Framework
    ) {
        // The client's file name is data: one safe name (FileName), which the importer reads the bytes
        // under, so its messages and locations name the uploaded file. An upload without a name is
        // read as CSV and its messages name no file, as before.
        let safeName = fileName.isEmpty ? "" : FileName.component(fileName)
        let name = safeName.isEmpty ? "upload.csv" : safeName
        let source = try Catalog.frameworkSource()
        let framework = try source.parse()
        func renamed(_ error: IndexError) -> IndexError {
            var copy = error
            if copy.file == name { copy.file = safeName }
            return copy
        }
        var checked: CheckedImport
        do {
            checked = try DataImporter.check(
                files: [InMemoryFile(name: name, data: data)],
                specification: ImportSpecification(
                    framework: framework,
                    units: try Catalog.units(),
                    requiresCoverage: requiresCoverage
                ),
                options: options
            )
        } catch let errors as IndexErrors {
            throw IndexErrors(errors.errors.map(renamed))
        } catch let error as IndexError {
            throw renamed(error)
        }
        let file = StoredFile(
            path: safeName,
            format: URL(fileURLWithPath: name).pathExtension,
            hashing: data,
            values: checked.imported.dataset.observations.count
        )
        checked.imported.notices = checked.imported.notices.map { notice in
            var copy = notice
            copy.file = safeName
            return copy
        }
        checked.imported.warnings = checked.imported.warnings.map(renamed)
        return (checked, file, safeName, source, framework)
    }
}
