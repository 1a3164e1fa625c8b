public import IndexCore

/// Data read and checked the one way every entry point checks them, with the index computed on them.
public struct CheckedImport: Sendable {
    /// What the importer read, with its notices and warnings (and, for incomplete data, why the index
    /// cannot be computed on them yet).
    public var imported: ImportResult
    /// The index on the data with the options checked against; `nil` when it cannot be computed yet
    /// (only with ``ImportSpecification/requiresCoverage`` off).
    public var results: IndexResults?

    public init(imported: ImportResult, results: IndexResults?) {
        self.imported = imported
        self.results = results
    }
}

extension DataImporter {
    /// Reads data files and checks them as `iidei validate`, `iidei import` and the upload page all do.
    ///
    /// The importer's checks come first (every problem at once, with its file, row and column), then
    /// the index is computed on the data: weights derived, every evaluation normalised, aggregated and
    /// ranked. Data the importer accepts but the index cannot be computed on (an indicator with no
    /// spread, say) are refused here, before anything is stored, with the engine's message.
    ///
    /// ```swift
    /// let checked = try DataImporter.check(["data.csv"], specification: ImportSpecification(framework: framework))
    /// ```
    ///
    /// - Parameters:
    ///   - options: the run options the index is computed with (the defaults, unless the caller is
    ///     about to record a run with other options).
    /// - Returns: the import and the results; with ``ImportSpecification/requiresCoverage`` off, data
    ///   the index cannot be computed on yet are accepted with the reason as a warning.
    /// - Throws: ``IndexErrors`` or ``IndexError``, the importer's or the engine's.
    public static func check(
        _ paths: [String],
        specification: ImportSpecification,
        options: RunOptions = RunOptions()
    ) throws -> CheckedImport {
        let imported = try read(paths, specification: specification)
        return try check(
            imported,
            framework: specification.framework,
            requiresCoverage: specification.requiresCoverage,
            options: options
        )
    }

    /// Checks data already read (see ``check(_:specification:options:)``).
    ///
    /// Without a framework there is no index to compute, and the import is returned as it is.
    public static func check(
        _ imported: ImportResult,
        framework: Framework?,
        requiresCoverage: Bool,
        options: RunOptions = RunOptions()
    ) throws -> CheckedImport {
        guard let framework else { return CheckedImport(imported: imported, results: nil) }
        do {
            let results = try IndexEngine.run(framework: framework, dataset: imported.dataset, options: options)
            return CheckedImport(imported: imported, results: results)
        } catch let error where !requiresCoverage {
            var accepted = imported
            let problems = (error as? IndexErrors)?.errors ?? [(error as? IndexError) ?? IndexError("\(error)")]
            accepted.warnings += problems.map { problem in
                var warning = problem
                warning.message = "the index cannot be computed on these data yet: " + problem.message
                return warning
            }
            return CheckedImport(imported: accepted, results: nil)
        }
    }
}
