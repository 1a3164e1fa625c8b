import IndexCore
import IndexTestSupport
import Testing

/// COINr's distance normalisations, parameters carried by the indicator and a method per
/// indicator, worked by hand on 2, 4, 8.
@Suite("Distance normalisations")
struct DistanceNormalisationTests {
    let units = ["A", "B", "C"]
    let values: [Double?] = [2, 4, 8]
    let higher = TestSupport.indicator("x")
    let lower = TestSupport.indicator("c", direction: .lowerIsBetter)

    func normalise(_ method: NormalisationMethod, _ indicator: Indicator) throws -> [Double?] {
        try Normaliser.normalise(values, method: method, indicator: indicator, units: units).values
    }

    /// 1 − (max − x)/(max − min): 0, 1/3, 1; lower is better: 1, 2/3, 0.
    @Test func distanceToMax() throws {
        let up = try normalise(.distanceToMax, higher)
        #expect(up[0] == 0 && up[2] == 1 && abs((up[1] ?? 0) - 1.0 / 3) < 1e-15)
        let down = try normalise(.distanceToMax, lower)
        #expect(down[0] == 1 && down[2] == 0 && abs((down[1] ?? 0) - 2.0 / 3) < 1e-15)
    }

    /// Reference B (4), min 2: 1 − (4 − x)/2 = 0, 1, 3 (capped 0, 1, 1). Lower is better, on −x:
    /// reference −4, min −8: 1 − (−4 + x)/4 = 1.5, 1, 0.
    @Test func distanceToReference() throws {
        #expect(try normalise(.distanceToReference(unit: "B", capped: false), higher) == [0, 1, 3])
        #expect(try normalise(.distanceToReference(unit: "B", capped: true), higher) == [0, 1, 1])
        #expect(try normalise(.distanceToReference(unit: "B", capped: false), lower) == [1.5, 1, 0])
        for (method, data) in [
            (NormalisationMethod.distanceToReference(unit: "Z", capped: false), values),
            (.distanceToReference(unit: "A", capped: false), values),
            (.distanceToReference(unit: "B", capped: false), [2, nil, 8]),
        ] {
            #expect(throws: IndexError.self, "\(method)") {
                try Normaliser.normalise(data, method: method, indicator: higher, units: units)
            }
        }
    }

    /// Target 6: (x − 2)/(6 − 2) = 0, 0.5, 1.5 (capped 0, 0.5, 1); lower is better with target 3:
    /// (8 − x)/(8 − 3) = 1.2, 0.8, 0. The cap left open takes the indicator's (`dist2targ_cap_max`).
    @Test func distanceToTargetRatio() throws {
        let six = TestSupport.indicator("x", target: 6)
        #expect(try normalise(.distanceToTargetRatio(capped: false), six) == [0, 0.5, 1.5])
        #expect(try normalise(.distanceToTargetRatio(capped: true), six) == [0, 0.5, 1])
        var capping = six
        capping.parameters.capsAtTarget = true
        #expect(try normalise(.distanceToTargetRatio(capped: nil), capping) == [0, 0.5, 1])
        #expect(try normalise(.distanceToTargetRatio(capped: nil), six) == [0, 0.5, 1.5])
        let three = TestSupport.indicator("c", direction: .lowerIsBetter, target: 3)
        let down = try normalise(.distanceToTargetRatio(capped: false), three)
        #expect(abs((down[0] ?? 0) - 1.2) < 1e-15 && abs((down[1] ?? 0) - 0.8) < 1e-15 && down[2] == 0)
        #expect(throws: IndexError.self) { try normalise(.distanceToTargetRatio(capped: false), higher) }
    }

    /// Posts 2…6, factor 10: (x − 2)/4 · 10 = 0, 5, 15 (truncated 0, 5, 10); lower is better:
    /// (6 − x)/4 · 10 = 10, 5, −5 (truncated 10, 5, 0).
    @Test func scaledAndGoalposts() throws {
        #expect(try normalise(.scaled(lower: 2, upper: 6, factor: 10, truncated: false), higher) == [0, 5, 15])
        #expect(try normalise(.scaled(lower: 2, upper: 6, factor: 10, truncated: true), higher) == [0, 5, 10])
        #expect(try normalise(.scaled(lower: 2, upper: 6, factor: 10, truncated: false), lower) == [10, 5, -5])
        #expect(try normalise(.scaled(lower: 2, upper: 6, factor: 10, truncated: true), lower) == [10, 5, 0])
    }

    /// `minmax:iMeta` and the others take the indicator's parameters, and say which it lacks.
    @Test func parametersFromTheIndicator() throws {
        var x = higher
        x.parameters = NormalisationParameters(
            minMax: ScaleRange(lower: 1, upper: 10),
            zScore: ScaleRange(lower: 100, upper: 10),
            scaled: ScaledPosts(lower: 2, upper: 6, factor: 10),
            goalposts: ScaledPosts(lower: 2, upper: 6, factor: 10, truncated: true)
        )
        #expect(try normalise(.fromIndicator(.minmax), x) == [1, 4, 10])
        #expect(
            try NormalisationMethod.fromIndicator(.zscore).resolved(for: x) == .zScore(mean: 100, sd: 10, ddof: nil)
        )
        #expect(try normalise(.fromIndicator(.scaled), x) == [0, 5, 15])
        #expect(try normalise(.fromIndicator(.goalposts), x) == [0, 5, 10])
        for kind in ParameterisedNormalisation.allCases {
            #expect(throws: IndexError.self, "\(kind)") { try normalise(.fromIndicator(kind), higher) }
        }
    }

    /// Each name reads back as the same method; malformed ones are refused.
    @Test func names() throws {
        let methods: [(String, NormalisationMethod)] = [
            ("dist2max", .distanceToMax), ("dist2ref:DEU", .distanceToReference(unit: "DEU", capped: false)),
            ("dist2ref:DEU:cap", .distanceToReference(unit: "DEU", capped: true)),
            ("dist2targ", .distanceToTargetRatio(capped: nil)), ("dist2targ:cap", .distanceToTargetRatio(capped: true)),
            ("dist2targ:nocap", .distanceToTargetRatio(capped: false)),
            ("scaled:5,20:10:trunc", .scaled(lower: 5, upper: 20, factor: 10, truncated: true)),
            ("scaled:5,20:100", .scaled(lower: 5, upper: 20, factor: 100, truncated: false)),
            ("minmax:iMeta", .fromIndicator(.minmax)), ("zscore:iMeta", .fromIndicator(.zscore)),
            ("scaled:iMeta", .fromIndicator(.scaled)), ("goalposts:iMeta", .fromIndicator(.goalposts)),
        ]
        for (name, method) in methods {
            #expect(try NormalisationMethod(name: name) == method, "\(name)")
            #expect(method.name == name)
            #expect(try NormalisationMethod(name: method.kindAndVariant) == method, "\(name)")
        }
        #expect(try NormalisationMethod(name: "dist2targ:iMeta") == .distanceToTargetRatio(capped: nil))
        #expect(
            try NormalisationMethod(name: "scaled:5,20") == .scaled(lower: 5, upper: 20, factor: 100, truncated: false)
        )
        for bad in [
            "dist2max:1", "dist2ref", "dist2ref:DEU:max", "dist2targ:always", "scaled", "scaled:5,5", "scaled:5,20:x",
            "rank:iMeta", "minmax:iMeta:0,1",
        ] {
            #expect(throws: IndexError.self, "\(bad)") { try NormalisationMethod(name: bad) }
        }
    }
}
