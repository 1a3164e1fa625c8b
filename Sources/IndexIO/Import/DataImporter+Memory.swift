public import Foundation
public import IndexCore

/// A data file given as bytes (an upload), named as messages and provenance should name it.
public struct InMemoryFile: Sendable, Hashable {
    /// The file's name: its extension picks the reader (`.csv`, `.xlsx`, `.json`), and every message
    /// and location names it.
    public var name: String
    /// The file's bytes.
    public var data: Data

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

/// A file the importer reads: from disk when `contents` is `nil`, else from memory.
struct ImportSource: Sendable {
    var file: String
    var contents: Data?

    static func contents(of path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IndexError("cannot read file", file: path)
        }
        return data
    }
}

extension DataImporter {
    /// Reads and validates files held in memory, as ``read(_:specification:)`` reads files on disk.
    ///
    /// CSV and JSON are parsed from the bytes; a workbook goes through
    /// ``XLSXReader/read(data:file:limits:)``, which stages it in a temporary file of its own (ZIPFoundation's
    /// in-memory archive traps on some damaged archives, its file-based one reports them).
    ///
    /// ```swift
    /// let imported = try DataImporter.read(files: [InMemoryFile(name: "data.csv", data: bytes)], specification: spec)
    /// ```
    ///
    /// - Throws: ``IndexErrors`` with every problem in every file, each named by its ``InMemoryFile/name``.
    public static func read(files: [InMemoryFile], specification: ImportSpecification) throws -> ImportResult {
        try read(sources: files.map { ImportSource(file: $0.name, contents: $0.data) }, specification: specification)
    }

    /// Reads files held in memory and checks them as ``check(_:specification:options:)`` checks files.
    ///
    /// - Throws: ``IndexErrors`` or ``IndexError``, the importer's or the engine's.
    public static func check(
        files: [InMemoryFile],
        specification: ImportSpecification,
        options: RunOptions = RunOptions()
    ) throws -> CheckedImport {
        try check(
            try read(files: files, specification: specification),
            framework: specification.framework,
            requiresCoverage: specification.requiresCoverage,
            options: options
        )
    }
}
