import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the engine and print figures (use a release build).")

    @Option(help: "Repetitions of the core pipeline.")
    var repetitions = 20_000

    func run() throws {
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
}
