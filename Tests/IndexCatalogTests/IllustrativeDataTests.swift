import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The built-in illustrative data hold together (issue 18, item 8): counts are whole, the provinces
/// hold no more than the national figure beside them, synthetic series move plausibly from year to
/// year, and the published national figures still come out to the precision they are published in.
@Suite("Built-in illustrative data hold together")
struct IllustrativeDataTests {
    let framework: Framework
    let dataset: Dataset

    init() throws {
        framework = try Catalog.framework()
        dataset = try Catalog.dataset(for: framework)
    }

    /// Units that count whole things, listed here rather than taken from the generator.
    static let countUnits: Set<String> = ["个", "家", "件", "项"]
    static let periods = ["2020", "2021", "2022", "2023"]

    var indicators: [String: Indicator] {
        var byID: [String: Indicator] = [:]
        for evaluation in framework.evaluations {
            for indicator in evaluation.root.indicators { byID[indicator.id] = indicator }
        }
        return byID
    }

    @Test func countsAreWholeNumbers() throws {
        let indicators = indicators
        let fractional = dataset.observations.filter { observation in
            guard let indicator = indicators[observation.indicator], Self.countUnits.contains(indicator.unit),
                let value = observation.value
            else { return false }
            return value != value.rounded()
        }
        #expect(fractional.isEmpty, "\(fractional.prefix(5).map { "\($0.unit)/\($0.indicator)/\($0.period)" })")
        // Every count indicator is checked (the framework has counts on both levels).
        let counted = dataset.observations.filter {
            indicators[$0.indicator].map { Self.countUnits.contains($0.unit) } ?? false
        }
        #expect(counted.count > 1_000)
        #expect(counted.contains { $0.unit == "CN" && $0.indicator == "n_platforms" && $0.period == "2020" })
    }

    @Test func provincesHoldNoMoreThanTheNationalFigure() throws {
        let indicators = indicators
        let values = dataset.valueTable()
        let provinces = dataset.units.filter { $0.groups["level"] == "province" }
        #expect(provinces.count == 31)
        let pairs = DatasetGenerator.nationalCounterparts
        #expect(pairs.count >= 20)
        // The examples are among the pairs.
        #expect(pairs["r_5g_base_stations"] == "n_5g_base_stations")
        #expect(pairs["r_id_registrations"] == "n_id_registrations")
        var checked = 0
        for (regionalID, nationalID) in pairs.sorted(by: { $0.key < $1.key }) {
            let regional = try #require(indicators[regionalID])
            let national = try #require(indicators[nationalID])
            // The same dimension: the units differ at most by their 万/亿 prefix.
            #expect(regional.unit.last == national.unit.last, "\(regionalID)")
            for period in Self.periods {
                let keys = provinces.map { ObservationKey(unit: $0.id, indicator: regionalID, period: period) }
                let total = keys.compactMap { values[$0] ?? nil }.reduce(0, +)
                // The yearbook's provinces add up to its national row up to its own rounding (江苏's R&D
                // and the rest are printed to 0.1 亿元): reported figures are what they are, within 0.1 %.
                let isReported = dataset.observations.allSatisfy {
                    $0.indicator != regionalID || $0.period != period || $0.status == .reported
                }
                let nationalValue = try #require(
                    values[ObservationKey(unit: "CN", indicator: nationalID, period: period)] ?? nil
                )
                let ceiling =
                    nationalValue * DatasetGenerator.magnitude(national.unit)
                    / DatasetGenerator.magnitude(regional.unit)
                #expect(
                    total <= ceiling * (isReported ? 1.001 : 1 + 1e-9),
                    "\(regionalID) \(period): Σ \(total) > national \(ceiling)"
                )
                checked += isReported ? 0 : 1
            }
        }
        #expect(checked >= 60)
        // Units: 安全监测覆盖企业数 is 万家 nationally and 家 by province.
        #expect(DatasetGenerator.magnitude("万家") == 1e4)
        #expect(DatasetGenerator.magnitude("万亿元") == 1e12)
        #expect(DatasetGenerator.magnitude("家") == 1)
    }

    /// Year to year, a series with a synthetic value rises at most 2.5-fold and falls at most a fifth
    /// (a count from at least 10, as 1 → 3 is no jump). Real figures are what they are.
    @Test func syntheticSeriesMovePlausibly() throws {
        let indicators = indicators
        var series: [String: [String: Observation]] = [:]
        for observation in dataset.observations {
            series[observation.unit + "|" + observation.indicator, default: [:]][observation.period] = observation
        }
        var jumps: [String] = []
        var checked = 0
        for (key, byPeriod) in series.sorted(by: { $0.key < $1.key }) {
            for (earlier, later) in zip(Self.periods, Self.periods.dropFirst()) {
                guard let a = byPeriod[earlier], let b = byPeriod[later], let x = a.value, let y = b.value,
                    a.status == .synthetic || b.status == .synthetic
                else { continue }
                let isCount = indicators[a.indicator].map { Self.countUnits.contains($0.unit) } ?? false
                guard x > 0, !isCount || x >= 10 else { continue }
                checked += 1
                let ratio = y / x
                if ratio < 0.8 || ratio > 2.5 { jumps.append("\(key) \(earlier)→\(later): \(x) → \(y)") }
            }
        }
        #expect(jumps.isEmpty, "\(jumps.prefix(8))")
        #expect(checked > 2_000)
    }

    /// The published national figures, to the precision the report prints them (METHOD.md §7).
    @Test func publishedNationalFiguresToTheirPrecision() throws {
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        guard case .series(let national) = try #require(results.evaluations.first { $0.id == "national" }) else {
            throw IndexError("no national series")
        }
        for (node, published) in [
            ("index", 235.0), ("foundation", 311), ("innovation", 211), ("industry", 216), ("application", 182),
            ("environment", 296),
        ] {
            #expect((national.series[node]?[3] ?? nil)?.rounded() == published, "\(node) 2023")
        }
        let tenth = { (value: Double??) in value.flatMap { $0 }.map { ($0 * 10).rounded() / 10 } }
        #expect(tenth(national.growth["innovation"]?[3]) == 29.4)
        #expect(tenth(national.growth["industry"]?[3]) == 31.7)
        #expect(tenth(national.contribution["foundation"]?[3]) == 17.3)
        #expect(tenth(national.contribution["identifier"]?[3]) == 50.5)
        #expect((national.cagr["index"] ?? nil).map { $0.rounded() } == 33)
    }

    @Test func fileSaysItIsIllustrative() throws {
        let text = try TextFile.read(try Catalog.dataPath)
        #expect(text.hasPrefix("# IIDEI built-in dataset (illustrative)"))
        #expect(text.contains("数据仅为示意"))
    }
}
