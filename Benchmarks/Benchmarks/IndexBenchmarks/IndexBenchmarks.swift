import Benchmark
import IndexCatalog
import IndexCore
import IndexIO

/// The engine's hot paths, with the targets of the issues as thresholds to read against:
/// 10,000 uncertainty replications < 1 s, a Sobol analysis of 7,000 runs < 1 s, and the whole
/// built-in run well under 0.1 s. (Single-threaded here: `iidei bench --robustness` uses every core.)
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5))

    let framework = try! Catalog.framework()
    let dataset = try! Catalog.dataset(for: framework)

    Benchmark("Engine.run built-in") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try IndexEngine.run(framework: framework, dataset: dataset))
        }
    }

    let model = try! UncertaintyModel(framework: framework, dataset: dataset, specification: .standard(units: 31, tiers: 4))
    Benchmark("Robustness.replication built-in", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var scratch = model.makeScratch()
        for iteration in benchmark.scaledIterations {
            blackHole(try model.evaluate(seeds: model.seeds(replication: iteration, seed: 1), scratch: &scratch))
        }
    }

    Benchmark("Robustness.ua 10k built-in", configuration: .init(maxIterations: 10)) { benchmark in
        for _ in benchmark.scaledIterations {
            var accumulator = RankAccumulator(model: model)
            try model.accumulate(0..<10_000, seed: 1, into: &accumulator)
            blackHole(accumulator)
        }
    }

    Benchmark("Sobol.indices 1000x5 outputs") { benchmark in
        let outputs = (0..<7_000).map { Double($0 % 97) }
        for _ in benchmark.scaledIterations {
            blackHole(Sobol.indices(outputs: outputs, baseSamples: 1_000, groups: 5, resamples: 200))
        }
    }

    Benchmark("CSV.parse 100k rows") { benchmark in
        var text = "unit,indicator,period,value\n"
        for row in 0..<100_000 { text += "U\(row % 3000),i\(row % 80),2023,\(Double(row) * 1.5)\n" }
        for _ in benchmark.scaledIterations {
            blackHole(try DataTable(text: text, file: "bench.csv"))
        }
    }
}
