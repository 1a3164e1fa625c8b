import IndexCore
import IndexTestSupport
import Testing

/// Option values at the edges of what the parsers accept reach the numeric core without a trap, and
/// read back as the same value.
@Suite("Method names at their edges")
struct MethodNameTests {
    /// Ranges far beyond `Int`: whole numbers too large for an `Int` are written as doubles.
    @Test(arguments: ["minmax:1e20,1e21", "zscore:1e300,1e290", "goalposts:-9.3e18,9.3e18", "percentile:0,1e15"])
    func hugeRangesReadBackAsTheSameValue(name: String) throws {
        let method = try NormalisationMethod(name: name)
        #expect(try NormalisationMethod(name: method.name) == method)
        #expect(try ScaleRange(name: try #require(method.scale).name) == method.scale)
    }

    /// `zscore:1e300,1e-300` gives every unit the score 1e300: an SD that small next to the mean is no
    /// spread at all (issue 22, class 5).
    @Test(arguments: [
        "minmax:1e300,-1e300", "minmax:-1e300,1e300", "zscore:0,0", "minmax:1,1", "minmax:1,2,3", "zscore:1e300,1e-300",
    ])
    func rangesThatCannotBeComputedWithAreRefused(name: String) {
        #expect(throws: IndexError.self) { try NormalisationMethod(name: name) }
    }

    /// `--vary-normalisation` items that are only a colon, or empty after one: an error, not an
    /// index out of range.
    @Test(arguments: [":", "minmax;:", " : "])
    func variedNormalisationsWithoutAMethodAreRefused(text: String) {
        #expect(throws: IndexError.self) { try UncertaintySpecification.normalisations(text) }
    }

    @Test func thresholdsAtTheEdgesOfADouble() throws {
        let tiers = try TierMethod(name: "thresholds:1.7e308,0,-1.7e308")
        #expect(try TierMethod(name: tiers.name) == tiers)
        #expect(try tiers.assign([1e308, 1, -1, -1e308, .nan]) == [2, 2, 3, 3, nil])
        #expect(throws: IndexError.self) { try TierMethod(name: "thresholds:1e309") }
        #expect(throws: IndexError.self) { try TierMethod(name: "sizes:1e20") }
        #expect(throws: IndexError.self) { try TierMethod(name: "jenks:1e20") }
    }

    @Test(arguments: ["power:0", "power:1e300", "power:-101", "power:nan", "power:"])
    func exponentsOutsideTheRangeAreRefused(name: String) {
        #expect(throws: IndexError.self) { try AggregationMethod(name: name) }
    }
}

/// Numbers typed in options follow the rule data cells follow: a non-zero literal too small for a
/// normal double is refused, not read as 0 (`--weight-alpha 1e-400` was 0).
@Suite("Option numbers at the edge of a double")
struct OptionNumberTests {
    @Test(arguments: ["1e-400", "2e-324", "-4.9e-324", "0.000000000000000000000000000000001e-300", "1e-308"])
    func underflowIsRefused(text: String) {
        #expect(StrictNumber.parse(text) == nil, "\(text)")
    }

    @Test(arguments: [("0", 0.0), ("0e-400", 0), ("-0.0", 0), ("2.2250738585072014e-308", 2.2250738585072014e-308)])
    func zeroAndNormalsAreRead(text: String, value: Double) {
        #expect(StrictNumber.parse(text) == value, "\(text)")
    }

    @Test func optionsRefuseUnderflow() {
        #expect(throws: (any Error).self) { try RunOptions.parse(["weights": "entropy", "weightAlpha": "1e-400"]) }
        #expect(throws: IndexError.self) { try NormalisationMethod(name: "minmax:0,1e-400") }
    }
}
