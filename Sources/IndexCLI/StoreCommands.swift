import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows

/// `--db FILE`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store (SQLite). Default: $IIDEI_DB, else ~/.local/share/iidei/iidei.sqlite.")
    var db: String?

    var path: String { db ?? Store.defaultPath() }

    /// Opens the store for a command that writes (after its integrity check).
    func open() throws -> Store {
        try Store(path: path)
    }

    /// Opens the store read-only, for a command that only reads: a file the user may not write to
    /// can still be listed, compared and exported.
    func openForReading() throws -> Store {
        try Store(path: path, access: .readOnly)
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
        FileHandle.standardError.write(Data("\(text)\n".utf8))
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

/// The framework for a store command: a file, a framework in the store (id or hash), or the built-in one.
func frameworkSource(_ reference: String?, store: Store?) throws -> FrameworkSource {
    guard let reference else { return try Catalog.frameworkSource() }
    if FileManager.default.fileExists(atPath: reference) { return try FrameworkSource.read(path: reference) }
    if let store, let stored = try? store.framework(reference) { return stored.source }
    if reference == Catalog.frameworkID { return try Catalog.frameworkSource() }
    throw IndexError("no framework file or stored framework '\(reference)'")
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
            let source = try frameworkSource(framework, store: opened)
            let parsed = try source.parse()
            let unitList = try units.map { try DatasetReader.readUnits(path: $0) } ?? Catalog.units(for: source)
            progress.note("reading \(files.count) file(s)…")
            // The same checks as iidei validate and the upload page: the importer's, then the index.
            let imported = try DataImporter.check(
                files,
                specification: ImportSpecification(
                    framework: parsed,
                    units: unitList,
                    period: dataPeriod,
                    requiresCoverage: !allowIncomplete
                )
            ).imported
            var stored: [StoredFile] = []
            for file in imported.files {
                stored.append(try StoredFile(hashing: file.path, format: file.format, values: file.values))
            }
            let outcome = try opened.importDataset(
                name: dataset,
                dataset: imported.dataset,
                files: stored,
                framework: source,
                progress: progress.update
            )
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
            print("store: \(opened.path)")
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
            guard FileManager.default.fileExists(atPath: store.path) else {
                print("no datasets yet (iidei import FILE --dataset NAME)")
                print("store: \(store.path)")
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
            print("store: \(opened.path)")
        }
    }
}

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List the recorded runs.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: store.path) else {
                print("no runs yet (iidei run --dataset NAME)")
                print("store: \(store.path)")
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
            print("store: \(opened.path)")
        }
    }
}

/// Reruns a stored run from its stored inputs.
func rerun(_ run: RunRecord, store: Store) throws -> (IndexResults, Dataset, String) {
    let framework = try store.framework(run.frameworkHash).source.parse()
    let dataset = try store.dataset(run.dataset)
    let results = try IndexEngine.run(framework: framework, dataset: dataset, options: run.options)
    return (results, dataset, ResultsJSON.encode(results).rendered())
}

struct RerunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun",
        abstract: "Recompute a recorded run from its stored framework, data and options, and check it."
    )

    @Argument(help: ArgumentHelp("The run: its number, or latest.", valueName: "run"))
    var runReference: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let opened = try store.openForReading()
            let record = try opened.run(runReference)
            let (results, _, json) = try rerun(record, store: opened)
            // Exactly: the same results document and every stored score equal to the last bit.
            let changes = Diff.runs(try opened.scores(of: record), Store.scores(results), tolerance: 0)
            if SHA256.hex(json) == record.resultsHash && changes.isEmpty {
                print(
                    "run #\(record.id) reproduced exactly: results sha256 \(record.resultsHash.prefix(12)), "
                        + "\(try opened.scores(of: record).count) scores identical to the last bit (engine \(IndexEngine.version))"
                )
            } else {
                print(
                    "run #\(record.id) differs when recomputed with engine \(IndexEngine.version) (recorded with \(record.engineVersion)): "
                        + "\(changes.count) score(s) changed"
                )
                throw ExitCode.failure
            }
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
            let opened = try store.openForReading()
            switch (Self.isRun(first), Self.isRun(second)) {
            case (true, true): try diffRuns(opened)
            case (false, false): try diffDatasets(opened)
            default:
                throw ValidationError("compare two dataset versions (NAME@V) or two runs (numbers), not one of each")
            }
        }
    }

    func emit(_ table: TextTable, json: JSONValue, summary: String) {
        switch format {
        case .table:
            print(summary)
            if !table.rows.isEmpty { print(table.rendered()) }
        case .csv: print(table.csv(), terminator: "")
        case .json: print(json.rendered())
        }
    }

    func diffDatasets(_ store: Store) throws {
        let a = try store.datasetVersion(first)
        let b = try store.datasetVersion(second)
        let changes = Diff.datasets(try store.dataset(a), try store.dataset(b))
        let counts = Dictionary(grouping: changes, by: \.kind).mapValues(\.count)
        let table = TextTable(
            header: ["change", "unit", "indicator", "period", "old", "new", "difference", "provenance"],
            rows: changes.map { c in
                [
                    c.kind.rawValue, c.unit, c.indicator, c.period, c.old.map(Cell.format) ?? "",
                    c.new.map(Cell.format) ?? "",
                    c.new.flatMap { new in c.old.map { Cell.format(new - $0) } } ?? "", c.provenance ?? "",
                ]
            },
            rightAligned: [4, 5, 6]
        )
        let json = JSONValue.object([
            ("from", .string(a.reference)), ("to", .string(b.reference)),
            (
                "changes",
                .array(
                    changes.map { c in
                        .object([
                            ("change", .string(c.kind.rawValue)), ("unit", .string(c.unit)),
                            ("indicator", .string(c.indicator)),
                            ("period", .string(c.period)), ("old", .number(c.old)), ("new", .number(c.new)),
                            ("provenance", c.provenance.map { .string($0) } ?? .null),
                        ])
                    }
                )
            ),
        ])
        emit(
            table,
            json: json,
            summary:
                "\(a.reference) → \(b.reference): \(counts[.changed] ?? 0) changed, \(counts[.added] ?? 0) added, \(counts[.removed] ?? 0) removed"
        )
    }

    func diffRuns(_ store: Store) throws {
        let a = try store.run(first)
        let b = try store.run(second)
        let changes = Diff.runs(try store.scores(of: a), try store.scores(of: b))
        func text(_ value: Int?) -> String { value.map(String.init) ?? "" }
        let table = TextTable(
            header: [
                "evaluation", "period", "unit", "node", "old", "new", "Δ score", "old rank", "new rank", "places",
                "old tier", "new tier",
            ],
            rows: changes.map { c in
                [
                    c.evaluation, c.period, c.unit, c.node, NumberFormat.fixed(c.old?.score, 3),
                    NumberFormat.fixed(c.new?.score, 3),
                    NumberFormat.fixed(c.scoreChange, 3), text(c.old?.rank), text(c.new?.rank),
                    c.rankChange.map { $0 > 0 ? "+\($0)" : String($0) } ?? "", text(c.old?.tier), text(c.new?.tier),
                ]
            },
            rightAligned: Set(4...11)
        )
        let tierChanges = changes.filter {
            $0.old?.tier != $0.new?.tier && ($0.old?.tier != nil || $0.new?.tier != nil)
        }.count
        let rankChanges = changes.filter { ($0.rankChange ?? 0) != 0 }.count
        let json = JSONValue.object([
            ("from", .number(Double(a.id))), ("to", .number(Double(b.id))),
            (
                "changes",
                .array(
                    changes.map { c in
                        .object([
                            ("evaluation", .string(c.evaluation)), ("period", .string(c.period)),
                            ("unit", .string(c.unit)),
                            ("node", .string(c.node)), ("oldScore", .number(c.old?.score)),
                            ("newScore", .number(c.new?.score)),
                            ("scoreChange", .number(c.scoreChange)),
                            ("oldRank", c.old?.rank.map { .number(Double($0)) } ?? .null),
                            ("newRank", c.new?.rank.map { .number(Double($0)) } ?? .null),
                            ("oldTier", c.old?.tier.map { .number(Double($0)) } ?? .null),
                            ("newTier", c.new?.tier.map { .number(Double($0)) } ?? .null),
                        ])
                    }
                )
            ),
        ])
        emit(
            table,
            json: json,
            summary:
                "run #\(a.id) (\(a.dataset.reference)) → run #\(b.id) (\(b.dataset.reference)): \(changes.count) score(s) changed, "
                + "\(rankChanges) rank(s) moved, \(tierChanges) tier change(s)"
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
            let opened = try store.openForReading()
            let record = try opened.run(runReference)
            let (results, dataset, json) = try rerun(record, store: opened)
            let reproduced = SHA256.hex(json) == record.resultsHash
            if !reproduced {
                printError(
                    "warning: run #\(record.id) recomputes differently with engine \(IndexEngine.version) (recorded with \(record.engineVersion)); exporting the recomputed results"
                )
            }
            let about: [(String, String)] = [
                ("run", "#\(record.id)"), ("created", record.createdAt),
                ("framework", "\(record.frameworkID) sha256 \(record.frameworkHash)"),
                ("dataset", "\(record.dataset.reference) sha256 \(record.dataset.hash)"),
                ("options", record.options.summary),
                ("engine", record.engineVersion), ("results sha256", record.resultsHash),
                ("reproduced", reproduced ? "yes, exactly" : "no: recomputed with engine \(IndexEngine.version)"),
            ]
            let workbook = ResultsWorkbook.make(results: results, dataset: dataset, about: about)
            let target: String
            switch format {
            case .xlsx:
                target = out ?? "run-\(record.id).xlsx"
                try XLSXWriter.write(workbook, to: target)
            case .csv:
                target = out ?? "run-\(record.id)"
                try OutputWriter.write(workbook.sheets.map { ($0.name + ".csv", ResultsWorkbook.csv($0)) }, to: target)
            case .json:
                target = out ?? "run-\(record.id).json"
                try Data((json + "\n").utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
            }
            print("exported run #\(record.id) (\(record.dataset.reference)) as \(format.rawValue) to \(target)")
            if record.isIllustrative { print("note: illustrative data (synthetic values marked in the data sheet)") }
        }
    }
}
