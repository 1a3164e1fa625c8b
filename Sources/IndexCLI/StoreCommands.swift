import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows

/// `--db FILE|postgres://…`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(
        help:
            "The store: an SQLite file, or postgres://USER@HOST:PORT/DB. Default: $IIDEI_DB, else ~/.local/share/iidei/iidei.sqlite."
    )
    var db: String?

    var path: String { db ?? StoreLocation.default() }

    /// Whether there is a store to list: a PostgreSQL location always is (it is created on opening).
    var exists: Bool { PostgresStore.isLocation(path) || FileManager.default.fileExists(atPath: path) }

    /// The location as printed: a PostgreSQL URL without its password.
    var displayPath: String { StoreLocation.display(path) }

    /// Opens the store for a command that writes (after its integrity check).
    func open() throws -> any IndexStoring {
        try StoreLocation.open(path)
    }

    /// Opens the store read-only, for a command that only reads: a file the user may not write to
    /// can still be listed, compared and exported.
    func openForReading() throws -> any IndexStoring {
        try StoreLocation.open(path, access: .readOnly)
    }

    /// Opens an SQLite store, for what only a file has (`serve`'s read-only opening).
    func openSQLite(access: Store.Access = .readWrite) throws -> Store {
        guard !PostgresStore.isLocation(path) else {
            throw IndexError(
                "this command needs an SQLite store for now (--db FILE); PostgreSQL serves the other commands",
                file: path,
                kind: .unavailable
            )
        }
        return try Store(path: path, access: access)
    }
}

/// Progress on standard error when it is a terminal: `label 150,000 / 960,000`.
struct Progress {
    let label: String
    let isShown = isatty(2) == 1

    func update(_ done: Int, _ total: Int) {
        guard isShown else { return }
        FileHandle.standardError.write(Data("\r\(label) \(grouped(done)) / \(grouped(total))".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    func note(_ text: String) {
        guard isShown else { return }
        FileHandle.standardError.write(Data("\(Console.terminalSafe(text))\n".utf8))
    }
}

/// `1234567` → `1,234,567`.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return (value < 0 ? "-" : "") + out
}

/// Prints import notices: all of them, or the first few and a count.
func printNotices(_ notices: [IndexError], limit: Int?) {
    let shown = limit.map { Array(notices.prefix($0)) } ?? notices
    for notice in shown { print("note: \(notice)") }
    if shown.count < notices.count {
        print("note: … and \(notices.count - shown.count) more (iidei validate lists them all)")
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate data files and store them as a new version of a dataset (one transaction)."
    )

    @Argument(help: "Data files: CSV, XLSX or JSON, long or wide.")
    var files: [String]

    @Option(help: "The dataset's name; each import adds a version (NAME@1, NAME@2, …).")
    var dataset: String

    @Option(help: "Framework file, or the id or hash of a framework in the store. Default: the built-in iidei-2024.")
    var framework: String?

    @Option(help: "Units file (id,zh,en[,aliases][,groups…]). Default: the built-in units with the built-in framework.")
    var units: String?

    @Option(help: "The period of wide tables that name it nowhere else.")
    var dataPeriod: String?

    @Flag(help: "Accept data that leave indicators or base periods uncovered (listed as warnings).")
    var allowIncomplete = false

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let progress = Progress(label: "storing values")
            let opened = try store.open()
            progress.note("reading \(files.count) file(s)…")
            let outcome = try Workflows(store: opened).importData(
                ImportRequest(
                    files: files,
                    dataset: dataset,
                    framework: framework,
                    units: units,
                    dataPeriod: dataPeriod,
                    allowIncomplete: allowIncomplete
                ),
                progress: progress.update
            )
            let (imported, parsed) = (outcome, outcome.framework)
            printNotices(imported.notices, limit: 20)
            for warning in imported.warnings { print("warning: \(warning)") }
            let version = outcome.version
            if outcome.isUnchanged {
                print(
                    "unchanged: the data equal \(version.reference) (sha256 \(version.hash.prefix(12))); no version added"
                )
            } else {
                print(
                    "imported \(version.reference): \(grouped(version.valueCount)) values from \(files.count) file(s), "
                        + "sha256 \(version.hash.prefix(12)), framework \(parsed.id) (\(version.frameworkHash?.prefix(12) ?? "-"))"
                )
            }
            if version.isIllustrative { print("note: the data include synthetic values (illustrative)") }
            print("store: \(store.displayPath)")
        }
    }
}

/// `iidei store …`: operations on a whole store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Operations on a whole store.",
        subcommands: [StoreMigrateCommand.self]
    )
}

/// `iidei store migrate --from FILE.sqlite --to postgres://…`: an SQLite store moved to PostgreSQL.
struct StoreMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract:
            "Copy an SQLite store (every framework, version, run, survey and answer) into an empty PostgreSQL database, checked by hash.",
        discussion: """
            One transaction on the target: it is refused when the target holds data, and nothing is written when any \
            check fails. Run numbers and survey links stay as they were. Progress goes to standard error.
            """
    )

    @Option(help: "The SQLite store to copy (it is only read).")
    var from: String

    @Option(help: "The PostgreSQL database to copy into: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, empty.")
    var to: String

    func run() throws {
        try reportingErrors {
            guard PostgresStore.isLocation(to) else {
                throw IndexError("--to must be a PostgreSQL location (postgres://…)", file: to, kind: .invalidInput)
            }
            guard FileManager.default.fileExists(atPath: from) else {
                throw IndexError("no SQLite store here", file: from, kind: .notFound)
            }
            let source = try Store(path: from, access: .readOnly)
            let target = try PostgresStore(url: to)
            let summary = try target.copy(from: source) { line in
                FileHandle.standardError.write(Data("\(Console.terminalSafe(line))\n".utf8))
            }
            let copied = summary.rows.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }
            print("migrated \(from) to \(target.location): \(copied.joined(separator: ", "))")
            print(
                "checked by hash: \(summary.versionsChecked) dataset versions, \(summary.runsChecked) runs, \(summary.roundsChecked) survey rounds"
            )
        }
    }
}

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the dataset versions in the store."
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            guard store.exists else {
                print("no datasets yet (iidei import FILE --dataset NAME)")
                print("store: \(store.displayPath)")
                return
            }
            let opened = try store.openForReading()
            let versions = try opened.datasets()
            let table = TextTable(
                header: ["dataset", "values", "illustrative", "sha256", "framework", "created", "files"],
                rows: versions.map { v in
                    [
                        v.reference, grouped(v.valueCount), v.isIllustrative ? "yes" : "no", String(v.hash.prefix(12)),
                        String(v.frameworkHash?.prefix(12) ?? "-"), v.createdAt,
                        v.files.map { URL(fileURLWithPath: $0.path).lastPathComponent }.joined(separator: " "),
                    ]
                },
                rightAligned: [1]
            )
            print(versions.isEmpty ? "no datasets yet (iidei import FILE --dataset NAME)" : table.rendered())
            print("store: \(store.displayPath)")
        }
    }
}

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List the recorded runs.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            guard store.exists else {
                print("no runs yet (iidei run --dataset NAME)")
                print("store: \(store.displayPath)")
                return
            }
            let opened = try store.openForReading()
            let runs = try opened.runs()
            let table = TextTable(
                header: ["run", "created", "dataset", "framework", "options", "engine", "results sha256"],
                rows: runs.map { r in
                    [
                        "#\(r.id)", r.createdAt, r.dataset.reference, "\(r.frameworkID) \(r.frameworkHash.prefix(8))",
                        r.options.summary, r.engineVersion,
                        String(r.resultsHash.prefix(12)),
                    ]
                }
            )
            print(runs.isEmpty ? "no runs yet (iidei run --dataset NAME)" : table.rendered())
            print("store: \(store.displayPath)")
        }
    }
}

struct RerunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun",
        abstract: "Recompute a recorded run from its stored framework, data and options, and check it."
    )

    @Argument(help: ArgumentHelp("The run: its number, or latest.", valueName: "run"))
    var runReference: String

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let check = try Workflows(store: try store.openForReading()).rerun(runReference).document
            switch format {
            case .json, .csv: print(try WorkflowJSON.text(check), terminator: "")
            case .table:
                if check.reproduced {
                    print(
                        "run #\(check.run) reproduced exactly: \(check.scores) scores identical to the last bit (engine \(check.engineVersion)); "
                            + (check.identicalDocument
                                ? "results sha256 \(check.recordedResultsSha256.prefix(12))"
                                : "the results document is written anew (recorded by engine \(check.recordedEngineVersion))")
                    )
                } else {
                    print(
                        "run #\(check.run) differs when recomputed with engine \(check.engineVersion) (recorded with \(check.recordedEngineVersion)): "
                            + "\(check.changedScores) score(s) changed"
                    )
                }
            }
            if !check.reproduced { throw ExitCode.failure }
        }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "Compare two dataset versions (NAME@V NAME@W: which values changed) or two runs (N M: scores, ranks, tiers)."
    )

    @Argument(help: "A dataset version (NAME@V) or a run (its number, #N or latest).")
    var first: String

    @Argument(help: "The other one, of the same kind.")
    var second: String

    @Option(help: "Output: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var store: StoreOptions

    static func isRun(_ text: String) -> Bool {
        text == "latest" || Int(text.hasPrefix("#") ? String(text.dropFirst()) : text) != nil
    }

    func run() throws {
        try reportingErrors {
            let workflows = Workflows(store: try store.openForReading())
            switch (Workflows.isRunReference(first), Workflows.isRunReference(second)) {
            case (true, true): try emitRuns(try workflows.diffRuns(first, second))
            case (false, false): try emitDatasets(try workflows.diffDatasets(first, second))
            default:
                throw ValidationError("compare two dataset versions (NAME@V) or two runs (numbers), not one of each")
            }
        }
    }

    func emit(_ table: TextTable, document: some Encodable, summary: String) throws {
        switch format {
        case .table:
            print(summary)
            if !table.rows.isEmpty { print(table.rendered()) }
        case .csv: print(table.csv(), terminator: "")
        case .json: print(try WorkflowJSON.text(document), terminator: "")
        }
    }

    func emitDatasets(_ diff: DatasetDiffDocument) throws {
        let table = TextTable(
            header: ["change", "unit", "indicator", "period", "old", "new", "difference", "provenance"],
            rows: diff.changes.map { c in
                [
                    c.change, c.unit, c.indicator, c.period, c.old.map(Cell.format) ?? "",
                    c.new.map(Cell.format) ?? "",
                    c.new.flatMap { new in c.old.map { Cell.format(new - $0) } } ?? "", c.provenance ?? "",
                ]
            },
            rightAligned: [4, 5, 6]
        )
        try emit(
            table,
            document: diff,
            summary:
                "\(diff.from) → \(diff.to): \(diff.changed) changed, \(diff.added) added, \(diff.removed) removed"
        )
    }

    func emitRuns(_ diff: RunDiffDocument) throws {
        func text(_ value: Int?) -> String { value.map(String.init) ?? "" }
        let table = TextTable(
            header: [
                "evaluation", "period", "unit", "node", "old", "new", "Δ score", "old rank", "new rank", "places",
                "old tier", "new tier",
            ],
            rows: diff.changes.map { c in
                [
                    c.evaluation, c.period, c.unit, c.node, NumberFormat.fixed(c.oldScore, 3),
                    NumberFormat.fixed(c.newScore, 3),
                    NumberFormat.fixed(c.scoreChange, 3), text(c.oldRank), text(c.newRank),
                    c.rankChange.map { $0 > 0 ? "+\($0)" : String($0) } ?? "", text(c.oldTier), text(c.newTier),
                ]
            },
            rightAligned: Set(4...11)
        )
        try emit(
            table,
            document: diff,
            summary:
                "run #\(diff.from) (\(diff.fromDataset)) → run #\(diff.to) (\(diff.toDataset)): \(diff.changes.count) score(s) changed, "
                + "\(diff.rankChanges) rank(s) moved, \(diff.tierChanges) tier change(s)"
        )
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a recorded run: results per evaluation, weights, and the data with provenance."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case xlsx, csv, json
    }

    @Argument(help: ArgumentHelp("The run: its number, or latest.", valueName: "run"))
    var runReference: String

    @Option(help: "xlsx (one workbook), csv (a folder of CSV files) or json.")
    var format: Format = .xlsx

    @Option(help: "Where to write. Default: run-N.xlsx, run-N/ or run-N.json.")
    var out: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let export = try Workflows(store: try store.openForReading()).export(runReference)
            let record = export.rerun.record
            if !export.rerun.document.reproduced {
                printError(
                    "warning: run #\(record.id) recomputes differently with engine \(IndexEngine.version) (recorded with \(record.engineVersion)); exporting the recomputed results"
                )
            }
            let target: String
            switch format {
            case .xlsx:
                target = out ?? "run-\(record.id).xlsx"
                try XLSXWriter.write(export.workbook, to: target)
            case .csv:
                target = out ?? "run-\(record.id)"
                try OutputWriter.write(export.csvFiles, to: target)
            case .json:
                target = out ?? "run-\(record.id).json"
                try AtomicFile.write(export.json, to: target)
            }
            print("exported run #\(record.id) (\(record.dataset.reference)) as \(format.rawValue) to \(target)")
            if record.isIllustrative { print("note: illustrative data (synthetic values marked in the data sheet)") }
        }
    }
}
