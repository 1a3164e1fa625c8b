public import IndexCore

/// The core pass `iidei bench` and the Benchmarks package both time, built in one place so the two
/// measure the same thing: 31 units × 60 synthetic indicators (seeded) in five pillars of twelve,
/// min-max to 0–100, arithmetic means, one cross-section.
public enum CoreBenchmark {
    /// The units of the pass.
    public static let units = 31

    /// The pipeline `iidei run` uses, prepared once; a pass (`scores()`) normalises and aggregates.
    public static func pipeline() throws -> CrossSectionPipeline {
        var random = SplitMix64(seed: 1)
        let indicators = (0..<60).map { Indicator(id: "i\($0)", name: LocalisedText(zh: "i\($0)", en: "i\($0)")) }
        let pillars = (0..<5).map { p in
            FrameworkNode(
                id: "p\(p)",
                name: LocalisedText(zh: "p\(p)", en: "p\(p)"),
                children: indicators[(p * 12)..<(p * 12 + 12)].map {
                    FrameworkNode(indicator: $0, weight: random.uniform(0.5, 1.5))
                }
            )
        }
        let evaluation = Evaluation(
            id: "bench",
            name: LocalisedText(zh: "b", en: "b"),
            kind: .crossSection,
            normalisation: .minMax100,
            root: FrameworkNode(id: "index", name: LocalisedText(zh: "i", en: "i"), children: pillars)
        )
        let assessed = (0..<units).map { AssessedUnit(id: "u\($0)", name: LocalisedText(zh: "u\($0)", en: "u\($0)")) }
        let observations = assessed.flatMap { unit in
            indicators.map { Observation(unit: unit.id, indicator: $0.id, period: "1", value: random.uniform(0, 1000)) }
        }
        return try CrossSectionPipeline(
            evaluation: evaluation,
            dataset: Dataset(units: assessed, observations: observations),
            excluding: [],
            options: RunOptions()
        )
    }
}
