import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexWorkflows

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

    /// The inputs as the workflows take them.
    var runInputs: RunInputs {
        RunInputs(framework: framework, data: data, units: units, dataPeriod: dataPeriod)
    }

    /// The framework alone.
    func loadFramework() throws -> Framework {
        try Workflows().frameworkSource(framework).parse()
    }

    /// Loads and validates the inputs, reporting every problem at once.
    func load() throws -> (Framework, Dataset) {
        let loaded = try importData()
        return (loaded.framework, loaded.dataset)
    }

    /// Loads the framework and reads the data through the importer (``Workflows/load(_:requiresCoverage:)``),
    /// keeping its notices; notes on how the data were read go to standard error.
    func importData(requiresCoverage: Bool = true) throws -> LoadedInputs {
        let loaded = try Workflows().load(runInputs, requiresCoverage: requiresCoverage)
        for note in loaded.notes { printError("note: \(note)") }
        return loaded
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
    /// Text files; a `.csv` one starts with the byte-order mark Excel needs (`CSVWriter.file`).
    static func write(_ files: [(name: String, contents: String)], to directory: String) throws {
        try write(
            files.map { file in
                let text = file.name.lowercased().hasSuffix(".csv") ? CSVWriter.file(file.contents) : file.contents
                return (name: file.name, data: Data(text.utf8))
            },
            to: directory
        )
    }

    /// Writes binary files (workbooks) the same way.
    ///
    /// - Returns: the paths written, in order.
    @discardableResult
    static func write(_ files: [(name: String, data: Data)], to directory: String) throws -> [String] {
        try AtomicFile.requireName(directory, naming: "the folder to write, e.g. results/")
        let names = FileName.unique(files.map(\.name))
        let files = zip(names, files).map { (name: $0, data: $1.data) }
        let manager = FileManager.default
        let target = URL(fileURLWithPath: directory)
        let parent = target.deletingLastPathComponent()
        try AtomicFile.createFolder(parent.path)
        let staging = parent.appendingPathComponent(
            ".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        )
        try? manager.removeItem(at: staging)
        try AtomicFile.createFolder(staging.path)
        do {
            // Each file written and flushed whole (AtomicFile: a full disk is "disk full", not a
            // system dump), then all moved into place.
            for file in files {
                try AtomicFile.write(file.data, to: staging.appendingPathComponent(file.name).path)
            }
            try AtomicFile.createFolder(target.path)
            for file in files {
                let destination = target.appendingPathComponent(file.name)
                try? manager.removeItem(at: destination)
                do {
                    try manager.moveItem(at: staging.appendingPathComponent(file.name), to: destination)
                } catch {
                    throw AtomicFile.failure(error, file: destination.path)
                }
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
        return IndexErrors.capped(errors.errors.map { "error: \($0)" }).joined(separator: "\n")
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

/// Prints a workflow's document as `--format json` does: the one JSON configuration (``WorkflowJSON``).
func printDocument(_ document: some Encodable) throws {
    print(try WorkflowJSON.text(document), terminator: "")
}

/// Writes a line to standard error, control characters shown (``Console/terminalSafe(_:)``).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((Console.terminalSafe(text) + "\n").utf8))
}
