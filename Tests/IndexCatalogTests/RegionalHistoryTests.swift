import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The built-in regional evaluation over 2020–2023: yearbook values where the yearbook has them,
/// synthetic values elsewhere, counts whole, and every year scored.
@Suite("Built-in regional data over the years")
struct RegionalHistoryTests {
    let framework: Framework
    let dataset: Dataset

    init() throws {
        framework = try Catalog.framework()
        dataset = try Catalog.dataset(for: framework)
    }

    var provinces: [AssessedUnit] { dataset.units.filter { $0.groups["level"] == "province" } }

    @Test func everyProvinceHasEveryRegionalIndicatorInEveryYear() throws {
        let indicators = try #require(framework.evaluation("regional")).root.indicators
        let values = dataset.valueTable()
        for period in ["2020", "2021", "2022", "2023"] {
            let missing = provinces.flatMap { province in
                indicators.filter { values[ObservationKey(unit: province.id, indicator: $0.id, period: period)] == nil }
                    .map { "\(province.id)/\($0.id)" }
            }
            #expect(missing.isEmpty, "\(period): \(missing.prefix(5))")
        }
    }

    @Test func yearbookValuesAreTheYearbooksAndSyntheticCountsAreWhole() throws {
        // Beijing's R&D expenditure, 2021, as the yearbook prints it.
        let beijing = try #require(
            dataset.observations.first {
                $0.unit == "110000" && $0.indicator == "r_rd_expenditure" && $0.period == "2021"
            }
        )
        #expect(beijing.status == .reported && TestSupport.close(beijing.value, 2_629.3))
        let table = try DataTable(path: TestSupport.shared("data/stats/china-sci-tech-yearbook-province-2020-2023.csv"))
        let variable = try table.requireColumn("variables")
        let province = try table.requireColumn("province")
        let year = try table.requireColumn("year")
        let value = try table.requireColumn("value")
        let row = try #require(
            table.rows.first { $0[variable] == "v4_ztr_jf_RD" && $0[province] == "北京" && $0[year] == "2021" }
        )
        #expect(TestSupport.close(beijing.value, Double(row[value]) ?? .nan))
        let counts: Set<String> = ["个", "家", "件", "项"]
        let units = Dictionary(framework.indicators.map { ($0.id, $0.unit) }, uniquingKeysWith: { a, _ in a })
        let fractional = dataset.observations.filter { observation in
            observation.unit != "CN" && observation.status == .synthetic
                && counts.contains(units[observation.indicator] ?? "")
                && observation.value.map { $0 != $0.rounded() } ?? false
        }
        #expect(fractional.isEmpty, "\(fractional.prefix(3).map { "\($0.unit)/\($0.indicator)/\($0.period)" })")
        // Every synthetic value says so and names its generator.
        #expect(dataset.observations.filter { $0.status == .synthetic }.allSatisfy { $0.source == "IIDEI generator" })
    }

    @Test func everyYearIsScoredAndRanksMove() throws {
        var ranks: [String: [String: Int]] = [:]
        for period in ["2020", "2021", "2022", "2023"] {
            var options = RunOptions(period: period)
            options.evaluations = ["regional"]
            guard
                case .crossSection(let section)? = try IndexEngine.run(
                    framework: framework,
                    dataset: dataset,
                    options: options
                ).evaluations.first
            else {
                Issue.record("no cross-section for \(period)")
                continue
            }
            #expect(section.units.count == 31 && section.units.allSatisfy { $0.score != nil }, "\(period)")
            ranks[period] = Dictionary(
                section.units.compactMap { unit in unit.rank.map { (unit.id, $0) } },
                uniquingKeysWith: { a, _ in a }
            )
        }
        let moved = provinces.filter { ranks["2022"]?[$0.id] != ranks["2023"]?[$0.id] }.count
        #expect(moved >= 3, "\(moved) provinces change rank between 2022 and 2023")
    }
}
