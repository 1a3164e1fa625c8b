import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the engine and print figures (use a release build).")

    @Option(help: "Repetitions of the core pipeline.")
    var repetitions = 20_000

    @Flag(help: "Measure import and run at county scale instead: units × indicators × periods values.")
    var scale = false

    @Option(help: "Units for --scale.")
    var units = 3_000

    @Option(help: "Indicators for --scale.")
    var indicators = 80

    @Option(help: "Periods for --scale.")
    var periods = 4

    func run() throws {
        if scale {
            try reportingErrors { try measureScale() }
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
        var random = SplitMix64(seed: 1)
        let indicators = (0..<60).map { Indicator(id: "i\($0)", name: LocalisedText(zh: "i\($0)", en: "i\($0)")) }
        let pillars = (0..<5).map { p in
            FrameworkNode(
                id: "p\(p)", name: LocalisedText(zh: "p\(p)", en: "p\(p)"),
                children: indicators[(p * 12)..<(p * 12 + 12)].map { FrameworkNode(indicator: $0, weight: random.uniform(0.5, 1.5)) })
        }
        let evaluation = Evaluation(
            id: "bench", name: LocalisedText(zh: "b", en: "b"), kind: .crossSection, normalisation: .minMax100,
            root: FrameworkNode(id: "index", name: LocalisedText(zh: "i", en: "i"), children: pillars))
        let compiled = try CompiledEvaluation(evaluation: evaluation, root: evaluation.root)
        let units = (0..<31).map { "u\($0)" }
        var raw = [Double](repeating: 0, count: 31 * compiled.nodeCount)
        for i in 0..<31 { for j in 0..<60 { raw[i * compiled.nodeCount + j] = random.uniform(0, 1000) } }
        var warnings: [Normaliser.Warning] = []
        var checksum = 0.0
        start = clock.now
        for _ in 0..<repetitions {
            var matrix = raw
            try CrossSection.evaluate(compiled, matrix: &matrix, unitCount: 31, unitIDs: units, normalisation: .minMax100, warnings: &warnings)
            let ranks = Ranking.competitionRanks((0..<31).map { matrix[$0 * compiled.nodeCount + compiled.rootSlot] })
            checksum += Double(ranks[0] ?? 0)
        }
        let elapsed = clock.now - start
        let perPass = elapsed / repetitions
        print("core pipeline, 31 units × 60 indicators (normalise, aggregate, rank): \(perPass) per pass over \(repetitions) passes (checksum \(Int(checksum)))")
    }

    /// Generates a synthetic county dataset, imports it into a fresh store and runs on it.
    func measureScale() throws {
        let fixture = ScaleDataset(units: units, indicators: indicators, periods: periods)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iidei-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let frameworkPath = directory.appendingPathComponent("county.yaml").path
        let dataPath = directory.appendingPathComponent("county.csv").path
        try Data(fixture.frameworkYAML().utf8).write(to: URL(fileURLWithPath: frameworkPath))
        let bytes = try fixture.writeLongCSV(to: dataPath)
        print("county scale: \(grouped(units)) units × \(indicators) indicators × \(periods) periods = \(grouped(fixture.valueCount)) values (\(bytes / 1_048_576) MiB CSV, synthetic)")
        let clock = ContinuousClock()
        let store = try Store(path: directory.appendingPathComponent("bench.sqlite").path)
        let source = try FrameworkSource.read(path: frameworkPath)
        let framework = try source.parse()

        var start = clock.now
        let text = try TextFile.read(dataPath)
        print("  text read + decode: \(clock.now - start)")
        start = clock.now
        let table = try DataTable(text: text, file: dataPath)
        print("  CSV parse alone: \(clock.now - start) (\(table.rows.count) rows)")
        start = clock.now
        let imported = try DataImporter.read([dataPath], specification: ImportSpecification(framework: framework))
        let readTime = clock.now - start
        let file = StoredFile(path: dataPath, format: "csv", sha256: try Store.fileHash(dataPath), values: imported.dataset.observations.count)
        let hashStart = clock.now
        _ = Store.contentHash(imported.dataset)
        print("  of which content hash (SHA-256 of the sorted values): \(clock.now - hashStart)")
        let storeStart = clock.now
        let outcome = try store.importDataset(name: "county", dataset: imported.dataset, files: [file], framework: source)
        let storeTime = clock.now - storeStart
        print("import: \(readTime + storeTime) (read + validate \(readTime); hash + store in one transaction \(storeTime))")

        start = clock.now
        let loaded = try store.dataset(outcome.version)
        let loadTime = clock.now - start
        start = clock.now
        let results = try IndexEngine.run(framework: framework, dataset: loaded)
        let runTime = clock.now - start
        guard case .crossSection(let section)? = results.evaluations.first else { throw IndexError("no cross-section result") }
        print("run over the stored dataset: \(loadTime + runTime) (load from the store \(loadTime); engine \(runTime): \(section.units.count) units ranked in \(section.period))")
        print("peak memory (max RSS): \(Self.peakMemoryMiB()) MiB")
    }

    /// The process's peak resident set size.
    static func peakMemoryMiB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) / 1024
    }
}
