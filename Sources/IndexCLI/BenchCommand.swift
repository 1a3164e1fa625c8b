import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine and print figures (use a release build)."
    )

    @Option(help: "Repetitions of the core pipeline.")
    var repetitions = 20_000

    @Flag(help: "Measure import and run at county scale instead: units × indicators × periods values.")
    var scale = false

    @Flag(
        help:
            "Measure the robustness analyses instead (uncertainty, Sobol, COINr's ASEM in process and wall to wall, a million replications)."
    )
    var robustness = false

    @Option(help: "With --robustness: the folder of COINr's ASEM example (ASEM_iMeta.csv, ASEM_iData.csv).")
    var asem = "../shared/data/reference/coinr-asem"

    @Flag(help: "With --robustness: also run a million replications (about 20 s).")
    var million = false

    @Option(
        help: "Time the NumPy comparison's specification in Swift and write the model for Benchmarks/numpy/compare.py."
    )
    var exportNumpy: String?

    @Option(help: "Replications for --export-numpy.")
    var replications = 10_000

    @Option(help: "Units for --scale.")
    var units = 3_000

    @Option(help: "Indicators for --scale.")
    var indicators = 80

    @Option(help: "Periods for --scale.")
    var periods = 4

    @Option(
        help:
            "With --scale: also import, load and record on this PostgreSQL database (postgres://…; a scratch one: a version is added) beside SQLite."
    )
    var postgres: String?

    func run() throws {
        if Self.loadsSharedRuntime {
            print(
                "note: this executable loads Swift's runtime and Foundation as shared libraries, which every process started below pays for again (compare `--version` timed both ways); the README's figures are for `swift build -c release --static-swift-stdlib --product iidei`"
            )
        }
        if scale {
            try reportingErrors { try measureScale() }
            return
        }
        if robustness {
            try reportingErrors { try measureRobustness() }
            return
        }
        if let exportNumpy {
            try reportingErrors { try numpyComparison(exportNumpy) }
            return
        }
        let clock = ContinuousClock()
        var start = clock.now
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset()
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        let fullRun = clock.now - start
        print("built-in run (load framework + data, derive weights, both evaluations): \(fullRun)")
        _ = results

        // Core pipeline: 31 units × 60 indicators, normalise + aggregate + rank.
        // The same pipeline `iidei run` uses, prepared once; a pass normalises, aggregates and ranks.
        let pipeline = try CoreBenchmark.pipeline()
        let root = pipeline.compiled.rootSlot
        let n = pipeline.compiled.nodeCount
        var checksum = 0.0
        start = clock.now
        for _ in 0..<repetitions {
            let matrix = try pipeline.scores()
            let ranks = Ranking.competitionRanks((0..<CoreBenchmark.units).map { matrix[$0 * n + root] })
            checksum += Double(ranks[0] ?? 0)
        }
        let elapsed = clock.now - start
        let perPass = elapsed / repetitions
        print(
            "core pipeline, 31 units × 60 indicators (normalise, aggregate, rank): \(perPass) per pass over \(repetitions) passes (checksum \(Int(checksum)))"
        )
    }

    /// Generates a synthetic county dataset, imports it into a fresh store and runs on it.
    func measureScale() throws {
        let fixture = ScaleDataset(units: units, indicators: indicators, periods: periods)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "iidei-bench-\(ProcessInfo.processInfo.processIdentifier)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let frameworkPath = directory.appendingPathComponent("county.yaml").path
        let dataPath = directory.appendingPathComponent("county.csv").path
        try AtomicFile.write(fixture.frameworkYAML(), to: frameworkPath)
        let bytes = try fixture.writeLongCSV(to: dataPath)
        print(
            "county scale: \(grouped(units)) units × \(indicators) indicators × \(periods) periods = \(grouped(fixture.valueCount)) values (\(bytes / 1_048_576) MiB CSV, synthetic)"
        )
        let clock = ContinuousClock()
        let store = try Store(path: directory.appendingPathComponent("bench.sqlite").path)
        let source = try FrameworkSource.read(path: frameworkPath)
        let framework = try source.parse()

        // The parts of an import, timed alone first (in a scope of their own, so that what they hold
        // is let go before the import).
        try {
            var start = clock.now
            let text = try TextFile.read(dataPath)
            print("the import's parts, timed alone: text read + decode \(clock.now - start)", terminator: "")
            start = clock.now
            // Parsed as the import parses a long file: a chunk of rows at a time.
            var rows = 0
            try DataTable.readInChunks(text: text, file: dataPath, rowsPerChunk: 1 << 16) { rows += $0.rows.count }
            print("; CSV parse alone \(clock.now - start) (\(rows) rows)")
        }()
        // The import in a scope of its own: its dataset is let go once stored, as `iidei import`
        // lets it go when it exits, so the run below does not measure its memory beside the import's.
        let (outcome, file, storeTime) = try {
            let start = clock.now
            let imported = try DataImporter.read([dataPath], specification: ImportSpecification(framework: framework))
            let readTime = clock.now - start
            let file = try StoredFile(hashing: dataPath, format: "csv", values: imported.dataset.observations.count)
            let hashStart = clock.now
            _ = Store.contentHash(imported.dataset)
            print("  of which content hash (SHA-256 of the sorted values): \(clock.now - hashStart)")
            let storeStart = clock.now
            let outcome = try store.importDataset(
                name: "county",
                dataset: imported.dataset,
                files: [file],
                framework: source
            )
            let storeTime = clock.now - storeStart
            print(
                "import: \(readTime + storeTime) (read + validate \(readTime); hash + store in one transaction \(storeTime); peak memory so far \(Self.peakMemoryMiB()) MiB)"
            )
            return (outcome, file, storeTime)
        }()

        // The run, its recording and PostgreSQL's part in a scope of their own: what they hold is let
        // go before the import's parts are measured, so that the peak printed with those is theirs.
        try {
            var start = clock.now
            let loaded = try store.dataset(outcome.version)
            let loadTime = clock.now - start
            start = clock.now
            let results = try IndexEngine.run(framework: framework, dataset: loaded)
            let runTime = clock.now - start
            guard case .crossSection(let section)? = results.evaluations.first else {
                throw IndexError("no cross-section result")
            }
            print(
                "run over the stored dataset: \(loadTime + runTime) (load from the store, hash checked, \(loadTime); engine \(runTime): \(section.units.count) units ranked in \(section.period); peak memory so far \(Self.peakMemoryMiB()) MiB)"
            )
            // Where the engine's time goes: preparing the cross-section, scoring it, the results.
            start = clock.now
            let pipeline = try CrossSectionPipeline(framework: framework, dataset: loaded)
            let prepared = clock.now - start
            start = clock.now
            let scores = try pipeline.scores()
            let scored = clock.now - start
            start = clock.now
            _ = try pipeline.result(scores: scores)
            print(
                "  engine parts: prepare \(prepared), normalise + aggregate \(scored), ranks, tiers and results \(clock.now - start)"
            )
            start = clock.now
            let json = try WorkflowJSON.text(ResultsDocument(results))
            let jsonTime = clock.now - start
            start = clock.now
            let stored = try store.framework(outcome.version.frameworkHash ?? "")
            _ = try store.recordRun(
                framework: stored,
                dataset: outcome.version,
                options: RunOptions(),
                results: results,
                resultsJSON: json
            )
            let recordTime = clock.now - start
            print(
                "  recording it: \(recordTime) (\(grouped(Store.scoreCount(results))) scores, \(json.utf8.count / 1_048_576) MiB results JSON rendered in \(jsonTime); peak memory so far \(Self.peakMemoryMiB()) MiB)"
            )
            if let postgres {
                // The stored dataset, which its hash check shows is the imported one: the import's own
                // copy is let go once stored, as `iidei import` lets it go when it exits.
                try comparePostgres(
                    postgres,
                    dataset: loaded,
                    file: file,
                    source: source,
                    sqlite: (storeTime, loadTime, recordTime, results, json)
                )
            }
        }()
        print("peak memory (max RSS) of the whole bench, every step above in one process: \(Self.peakMemoryMiB()) MiB")
    }

    /// The store's part of `--scale` on PostgreSQL (import, load with its hash check, record the
    /// run), beside SQLite's times: the issue's target is within 2× of SQLite for each.
    func comparePostgres(
        _ location: String,
        dataset: Dataset,
        file: StoredFile,
        source: FrameworkSource,
        sqlite: (store: Duration, load: Duration, record: Duration, results: IndexResults, json: String)
    ) throws {
        let clock = ContinuousClock()
        let store = try PostgresStore(url: location)
        func ratio(_ time: Duration, _ base: Duration) -> String {
            NumberFormat.fixed(time.seconds / max(base.seconds, 1e-9), 2) + "× SQLite"
        }
        var start = clock.now
        // A name of its own per run, so a scratch database used twice still measures a real import.
        let outcome = try store.importDataset(
            name: "county-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))",
            dataset: dataset,
            files: [file],
            framework: source
        )
        let storeTime = clock.now - start
        print("PostgreSQL \(store.location):")
        print("  hash + store in one transaction: \(storeTime) (\(ratio(storeTime, sqlite.store)))")
        start = clock.now
        let loaded = try store.dataset(outcome.version)
        let loadTime = clock.now - start
        guard Store.contentHash(loaded) == outcome.version.hash else {
            throw IndexError("the version loaded from PostgreSQL does not give its hash", kind: .integrity)
        }
        print("  load from the store, hash checked: \(loadTime) (\(ratio(loadTime, sqlite.load)))")
        start = clock.now
        _ = try store.recordRun(
            framework: try store.framework(outcome.version.frameworkHash ?? ""),
            dataset: outcome.version,
            options: RunOptions(),
            results: sqlite.results,
            resultsJSON: sqlite.json
        )
        let recordTime = clock.now - start
        print("  recording the run: \(recordTime) (\(ratio(recordTime, sqlite.record)))")
    }

    /// Times the robustness analyses the way `iidei robustness` runs them.
    func measureRobustness() throws {
        let clock = ContinuousClock()
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        func time(
            _ label: String,
            _ model: UncertaintyModel,
            _ method: RobustnessRun.Method,
            _ replications: Int
        ) throws {
            let start = clock.now
            let result = try RobustnessRun(
                model: model,
                method: method,
                replications: replications,
                seed: 1,
                threads: threads,
                bootstrap: method == .sobol ? 200 : 0
            ).run()
            let elapsed = clock.now - start
            let perRun = elapsed / result.runs
            print(
                "\(label): \(grouped(result.runs)) runs in \(elapsed) (\(perRun) a run, \(threads) threads, peak memory so far \(Self.peakMemoryMiB()) MiB)"
            )
        }
        var start = clock.now
        let standard = try UncertaintyModel(
            framework: framework,
            dataset: dataset,
            specification: .standard(units: 31, tiers: 4)
        )
        print("built-in index, 31 provinces: model prepared in \(clock.now - start)")
        try time("uncertainty, all four default groups varying", standard, .ua, 10_000)
        var five = UncertaintySpecification.standard(units: 31, tiers: 4)
        five.treatments = [.init(), .init(imputation: .none, outliers: .coinr(OutlierRule()))]
        let sobolModel = try UncertaintyModel(framework: framework, dataset: dataset, specification: five)
        try time("Sobol, 1,000 base samples × (5 groups + 2)", sobolModel, .sobol, 1_000)
        let meta = asem + "/ASEM_iMeta.csv"
        let data = asem + "/ASEM_iData.csv"
        if FileManager.default.fileExists(atPath: meta) {
            start = clock.now
            let asemFramework = try COINrReader.readMeta(path: meta)
            let asemData = try COINrReader.readData(path: data)
            let asemModel = try UncertaintyModel(
                framework: asemFramework,
                dataset: asemData,
                specification: UncertaintySpecification(
                    weights: .uniform(factor: 0.25),
                    normalisations: [.minMax(lower: 1, upper: 100), .zScore(mean: 10, sd: 2, ddof: 0)],
                    aggregations: [.arithmetic, .geometric]
                )
            )
            print("COINr ASEM (51 countries, 49 indicators): model prepared in \(clock.now - start)")
            try time(
                "COINr ASEM, min-max 1–100 or z-score 10/2, ±25 % weights on every level, arithmetic or geometric",
                asemModel,
                .ua,
                1_000
            )
            try time("COINr ASEM, the same three groups, Sobol N = 500", asemModel, .sobol, 500)
            // Wall to wall, as a user (and COINr's timing in Benchmarks/coinr/asem.R) sees it: a new
            // process each time, reading the CSV files, best of three.
            let inputs = ["--framework", meta, "--data", data]
            let varied = [
                "--vary-weights", "uniform:0.25", "--vary-normalisation", "minmax:1,100;zscore:10,2",
                "--vary-aggregation", "arithmetic;geometric", "--format", "json",
            ]
            try wallToWall(
                "ASEM uncertainty analysis, 1,000 runs, wall to wall (process start included)",
                ["robustness"] + inputs + varied + ["--replications", "1000"]
            )
            try wallToWall(
                "ASEM Sobol, N = 500 (2,500 runs), wall to wall",
                ["robustness"] + inputs + varied + ["--method", "sobol", "--replications", "500"]
            )
            try wallToWall("`iidei run` on ASEM, wall to wall", ["run"] + inputs + ["--format", "json"])
        } else {
            print("COINr ASEM: \(meta) not found; pass --asem FOLDER")
        }
        if million { try time("a million replications, flat memory", standard, .ua, 1_000_000) }
    }

    /// Whether Swift's runtime was loaded from a shared library (Linux: named in the process's map).
    static var loadsSharedRuntime: Bool {
        ((try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) ?? "").contains("libswiftCore.so")
    }

    /// Runs this executable with `arguments` ``wallToWallProcesses`` times, output discarded, and
    /// prints the best and the median wall time (process start, reading the inputs and writing the
    /// output included): on a shared 2-core machine a single process varies by half.
    ///
    /// - Throws: ``IndexError`` when the command fails.
    func wallToWall(_ label: String, _ arguments: [String]) throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let clock = ContinuousClock()
        var times: [Duration] = []
        for _ in 0..<Self.wallToWallProcesses {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = clock.now
            try process.run()
            process.waitUntilExit()
            let elapsed = clock.now - start
            guard process.terminationStatus == 0 else {
                throw IndexError(
                    "`iidei \(arguments.joined(separator: " "))` exited with status \(process.terminationStatus)"
                )
            }
            times.append(elapsed)
        }
        times.sort()
        print(
            "\(label): \(times[0]) (best of \(times.count) processes; median \(times[times.count / 2]))"
        )
    }

    /// How many processes ``wallToWall(_:_:)`` starts per row.
    static let wallToWallProcesses = 11

    /// The specification both implementations run: weights ±25 % on every level, min-max 1–100 /
    /// z-score 10, 2 / rank, arithmetic / geometric, ranks at every aggregate, fixed tier sizes.
    func numpyComparison(_ path: String) throws {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        let sizes = [8, 8, 8, 7]
        let model = try UncertaintyModel(
            framework: framework,
            dataset: dataset,
            options: RunOptions(tierMethod: .sizes(sizes)),
            specification: UncertaintySpecification(
                weights: .uniform(factor: 0.25),
                normalisations: [.minMax(lower: 1, upper: 100), .zScore(mean: 10, sd: 2, ddof: 0), .rank()],
                aggregations: [.arithmetic, .geometric]
            )
        )
        let clock = ContinuousClock()
        let threads = ProcessInfo.processInfo.activeProcessorCount
        var timings: [Duration] = []
        var result: RobustnessRun.Result?
        for _ in 0..<3 {
            let start = clock.now
            result = try RobustnessRun(
                model: model,
                method: .ua,
                replications: replications,
                seed: 1,
                threads: threads,
                bootstrap: 0
            ).run()
            timings.append(clock.now - start)
        }
        let best = timings.min() ?? .zero
        let seconds = best.seconds
        let root = model.reportedSlots.count - 1
        let means = model.units.indices.map { result?.accumulator.meanRank(slot: root, unit: $0) ?? 0 }
        func numbers(_ values: [Double]) -> [Double?] { values.map { $0.isFinite ? $0 : nil } }
        let document = RobustnessBenchModel(
            replications: replications,
            swiftSeconds: seconds,
            threads: threads,
            units: model.units.map(\.id),
            indicatorCount: model.compiled.indicatorCount,
            nodeCount: model.compiled.nodeCount,
            childWeights: numbers(model.compiled.childWeights),
            childParents: model.compiled.childParents,
            childSlots: model.compiled.childSlotsInOrder,
            normalised: model.normalisationIndices.map { numbers(model.normalisedMatrix(normalisation: $0)) },
            tierSizes: sizes,
            swiftMeanRanks: numbers(means)
        )
        try AtomicFile.write(try WorkflowJSON.text(document), to: path)
        print(
            "swift: \(grouped(replications)) replications in \(best) (best of 3, \(threads) threads); model written to \(path)"
        )
    }

    /// The process's peak resident set size.
    static func peakMemoryMiB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) / 1024
    }
}

/// The robustness model `bench` writes for the independent implementation to rerun, with the
/// Swift timing and mean ranks to compare against.
struct RobustnessBenchModel: Encodable {
    var replications: Int
    var swiftSeconds: Double
    var threads: Int
    var units: [String]
    var indicatorCount: Int
    var nodeCount: Int
    var childWeights: [Double?]
    var childParents: [Int]
    var childSlots: [Int]
    /// One flattened matrix per normalisation.
    var normalised: [[Double?]]
    var tierSizes: [Int]
    var swiftMeanRanks: [Double?]
}
