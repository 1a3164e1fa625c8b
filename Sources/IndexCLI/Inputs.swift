import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO

/// Where the framework and data come from: the built-in ones by default, or the user's files.
struct InputOptions: ParsableArguments {
    @Option(help: "Framework file: IIDEI YAML, or a COINr iMeta CSV. Default: the built-in iidei-2024.")
    var framework: String?

    @Option(
        help: ArgumentHelp(
            "Data file (repeat for several): CSV, XLSX or JSON, long (unit,indicator,period,value[,source,note,status]) or wide (units × indicators), or a COINr iData CSV.",
            valueName: "file"
        )
    )
    var data: [String] = []

    @Option(
        help:
            "Units file (id,zh,en[,aliases][,groups…]). Default: the built-in units with the built-in framework, else the units in the data."
    )
    var units: String?

    @Option(help: "The period of wide tables that name it nowhere else (no period column, sheet or file name).")
    var dataPeriod: String?

    /// The framework's text: a COINr iMeta CSV, an IIDEI YAML file, or the built-in one.
    func frameworkSource() throws -> FrameworkSource {
        guard let path = framework else { return try Catalog.frameworkSource() }
        return try FrameworkSource.read(path: path)
    }

    /// The framework alone.
    func loadFramework() throws -> Framework {
        try frameworkSource().parse()
    }

    /// The units names are resolved against.
    func loadUnits() throws -> [AssessedUnit]? {
        if let units { return try DatasetReader.readUnits(path: units) }
        return try Catalog.units(for: try frameworkSource())
    }

    /// Loads and validates the inputs, reporting every problem at once.
    func load() throws -> (Framework, Dataset) {
        let (framework, imported) = try importData()
        return (framework, imported.dataset)
    }

    /// Loads the framework and reads the data through the importer, keeping its notices.
    func importData(requiresCoverage: Bool = true) throws -> (Framework, ImportResult) {
        if framework == nil, data.isEmpty {
            let builtIn = try Catalog.framework()
            let dataset = try Catalog.dataset(for: builtIn)
            return (builtIn, ImportResult(dataset: dataset))
        }
        guard !data.isEmpty else {
            throw ValidationError("--framework needs --data (the built-in data fit only the built-in framework)")
        }
        let loadedFramework = try loadFramework()
        // A COINr iData carries its unit groups; it keeps its own reader.
        if data.count == 1, data[0].lowercased().hasSuffix(".csv"),
            (try? DataTable(path: data[0]))?.column("uCode") != nil
        {
            let declared = Set(loadedFramework.indicators.map(\.id)).union(loadedFramework.seriesIDs)
            let dataset = try COINrReader.readData(path: data[0], declared: declared)
            let problems = DatasetValidator.problems(
                framework: loadedFramework,
                dataset: dataset,
                allowingExtraIndicators: true
            )
            if !problems.isEmpty { throw IndexErrors(problems) }
            return (loadedFramework, ImportResult(dataset: dataset))
        }
        let specification = ImportSpecification(
            framework: loadedFramework,
            units: try loadUnits() ?? provinceUnits(framework: loadedFramework),
            period: dataPeriod,
            requiresCoverage: requiresCoverage
        )
        return (loadedFramework, try DataImporter.read(data, specification: specification))
    }

    /// The built-in province list, when own data with no units file name provinces (江苏, 江苏省, Jiangsu
    /// or 320000) in more than half of their units: then names, codes and the tier map are the
    /// provinces', and a unit name that matches none is reported with the nearest. `nil` otherwise
    /// (the units are the codes as the data write them).
    func provinceUnits(framework: Framework) throws -> [AssessedUnit]? {
        let provinces = try Catalog.units()
        let first = try? DataImporter.read(
            data,
            specification: ImportSpecification(
                framework: framework,
                units: nil,
                period: dataPeriod,
                requiresCoverage: false
            )
        )
        guard let names = first.map({ Set($0.dataset.observations.map(\.unit)) }), !names.isEmpty else { return nil }
        let resolver = NameResolver.units(provinces)
        let found = names.filter { if case .found = resolver.resolve($0) { true } else { false } }
        guard found.count * 2 > names.count else { return nil }
        printError(
            "note: the data name provinces: units resolved against the built-in province list (\(found.count) of \(names.count) names; --units FILE gives your own)"
        )
        return provinces
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case csv
}

/// Writes files only after everything has been computed, into a fresh temporary folder that is then
/// moved into place: a failed run leaves `--out` as it was.
///
/// File names come from data (evaluation ids, figure slugs), so each goes through ``FileName/unique(_:)``:
/// every file lands inside `directory`, under a distinct name, whatever the ids hold.
enum OutputWriter {
    static func write(_ files: [(name: String, contents: String)], to directory: String) throws {
        try write(files.map { (name: $0.name, data: Data($0.contents.utf8)) }, to: directory)
    }

    /// Writes binary files (workbooks) the same way.
    ///
    /// - Returns: the paths written, in order.
    @discardableResult
    static func write(_ files: [(name: String, data: Data)], to directory: String) throws -> [String] {
        let names = FileName.unique(files.map(\.name))
        let files = zip(names, files).map { (name: $0, data: $1.data) }
        let manager = FileManager.default
        let target = URL(fileURLWithPath: directory)
        let parent = target.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(
            ".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        )
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            for file in files {
                try file.data.write(to: staging.appendingPathComponent(file.name), options: .atomic)
            }
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
            for file in files {
                let destination = target.appendingPathComponent(file.name)
                try? manager.removeItem(at: destination)
                try manager.moveItem(at: staging.appendingPathComponent(file.name), to: destination)
            }
            try? manager.removeItem(at: staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        return files.map { target.appendingPathComponent($0.name).path }
    }
}

/// An error the way users read it: one line per problem.
func report(_ error: any Error) -> String {
    if let errors = error as? IndexErrors {
        return errors.errors.map { "error: \($0)" }.joined(separator: "\n")
    }
    return "error: \(error)"
}

/// Runs a command's body; input and numeric errors are printed to standard error, one line per
/// problem, and end the command with the exit code of the error's kind (``ExitStatus``). Argument
/// errors and exit codes pass through.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        throw ExitStatus.exit(reporting: error)
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
