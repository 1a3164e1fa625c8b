import IndexCore
import RealModule
import Testing

/// The generalised mean of scores whose powers overflow a double: a range and an exponent the
/// options accept each on their own (`--scale 0,10000`, `--aggregate power:100`).
@Suite("Generalised means beyond a double's powers")
struct PowerMeanTests {
    /// Root scores of the small case under a normalisation and an aggregation.
    static func scores(_ normalisation: NormalisationMethod, _ aggregation: AggregationMethod) throws -> [Double] {
        let (framework, dataset) = try RobustnessTests.smallCase()
        let options = RunOptions(normalisation: normalisation, aggregation: aggregation, tierMethod: .sizes([1, 2]))
        let result = try CrossSectionPipeline(framework: framework, dataset: dataset, options: options).result()
        return try result.units.sorted { $0.id < $1.id }.map { try #require($0.score) }
    }

    /// M_p(100 · x) = 100 · M_p(x): the scores of a range 100 times wider are 100 times the scores,
    /// and finite, though x^p overflows for one of the two ranges (scores up to 10,000 with p = 100;
    /// scores down to 1e-5 with p = −100).
    @Test(arguments: [
        (100.0, NormalisationMethod.minMax(lower: 0, upper: 100), NormalisationMethod.minMax(lower: 0, upper: 10_000)),
        (-100.0, .minMax(lower: 1e-5, upper: 1), .minMax(lower: 1e-3, upper: 100)),
    ])
    func scoresScaleWithTheirRange(power: Double, narrow: NormalisationMethod, wide: NormalisationMethod) throws {
        let plain = try Self.scores(narrow, .generalised(power: power))
        let scaled = try Self.scores(wide, .generalised(power: power))
        #expect(plain.allSatisfy(\.isFinite) && scaled.allSatisfy(\.isFinite))
        for (value, reference) in zip(scaled, plain) {
            #expect(value.isApproximatelyEqual(to: reference * 100, relativeTolerance: 1e-9))
        }
    }
}
