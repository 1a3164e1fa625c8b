import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The built-in framework and dataset reproduce the 2024 report's published figures (METHOD.md §7).
@Suite("METHOD.md §7 reproduction")
struct ReproductionTests {
    let results: IndexResults

    init() throws {
        results = try IndexEngine.run(framework: try Catalog.framework(), dataset: try Catalog.dataset())
    }

    var national: SeriesResult {
        get throws {
            guard case .series(let result) = try #require(results.evaluations.first { $0.id == "national" }) else {
                throw IndexError("no national series")
            }
            return result
        }
    }

    var regional: CrossSectionResult {
        get throws {
            guard case .crossSection(let result) = try #require(results.evaluations.first { $0.id == "regional" })
            else {
                throw IndexError("no regional result")
            }
            return result
        }
    }

    @Test func nationalLevelsWithinHalfAPoint() throws {
        let series = try national.series
        for (node, published) in [
            ("index", 235.0), ("foundation", 311), ("innovation", 211), ("industry", 216), ("application", 182),
            ("environment", 296),
        ] {
            #expect(TestSupport.close(series[node]?[3] ?? nil, published, 0.5), "\(node) 2023")
            #expect(TestSupport.close(series[node]?[0] ?? nil, 100, 1e-9), "\(node) base year")
        }
        #expect(TestSupport.close(try national.cagr["index"] ?? nil, 33, 0.5))
    }

    func value(_ map: [String: [Double?]], _ node: String, _ t: Int) -> Double {
        map[node].flatMap { $0[t] } ?? .nan
    }

    @Test func nationalGrowthAndContributions() throws {
        let growth = try national.growth
        let contribution = try national.contribution
        #expect(TestSupport.close(growth["innovation"]?[3] ?? nil, 29.4, 0.5))
        #expect(TestSupport.close(growth["industry"]?[3] ?? nil, 31.7, 0.5))
        #expect(TestSupport.close(contribution["foundation"]?[3] ?? nil, 17.3, 0.5))
        #expect(TestSupport.close(contribution["identifier"]?[3] ?? nil, 50.5, 0.5))
        // foundation > 30 % every year, slowing; environment > 30 % every year; industry about 30 %
        let foundation = (1...3).map { value(growth, "foundation", $0) }
        #expect(foundation.allSatisfy { $0 > 30 } && foundation[0] > foundation[1] && foundation[1] > foundation[2])
        #expect((1...3).allSatisfy { value(growth, "environment", $0) > 30 })
        #expect((1...3).allSatisfy { abs(value(growth, "industry", $0) - 30) < 3 })
        // application grew more slowly in 2023 than in 2022
        #expect(value(growth, "application", 3) < value(growth, "application", 2))
        // contributions of the five pillars add up to 100 % each year
        for t in 1...3 {
            let total = ["foundation", "innovation", "industry", "application", "environment"].reduce(0.0) {
                $0 + value(contribution, $1, t)
            }
            #expect(TestSupport.close(total, 100, 1e-6))
        }
    }

    func names(_ ids: [String], in result: CrossSectionResult) -> [String] {
        ids.compactMap { id in result.units.first { $0.id == id }?.name.zh }
    }

    @Test func tiersExactlyAsPublished() throws {
        let result = try regional
        let published = [
            ["江苏", "广东", "北京", "山东", "浙江", "上海"],
            ["四川", "湖北", "安徽", "重庆", "河北", "湖南", "福建", "辽宁", "江西", "河南", "天津"],
            ["山西", "贵州", "广西", "陕西", "甘肃", "内蒙古", "吉林", "宁夏", "黑龙江", "云南"],
            ["海南", "新疆", "青海", "西藏"],
        ]
        #expect(result.tierMethod == .jenks(classes: 4))
        for (index, names) in published.enumerated() {
            let tier = Set(result.units.filter { $0.tier == index + 1 }.map(\.name.zh))
            #expect(tier == Set(names), "tier \(index + 1)")
        }
        #expect(Set(result.units.prefix(6).map(\.name.zh)) == Set(published[0]))
        #expect(result.units.count == 31)
    }

    @Test func topTenListsExactly() throws {
        let result = try regional
        #expect(
            names(result.top["industry"] ?? [], in: result) == [
                "广东", "北京", "江苏", "山东", "浙江", "上海", "四川", "安徽", "湖北", "福建",
            ]
        )
        #expect(
            names(result.top["application"] ?? [], in: result) == [
                "江苏", "山东", "广东", "浙江", "北京", "江西", "安徽", "河北", "四川", "湖北",
            ]
        )
    }

    /// "The six leading regions hold over 70 % of six second-level indicators": the leading tier's
    /// share of the national total of the raw values, over the additive indicators (METHOD.md §6),
    /// is above 70 % for exactly those six.
    @Test func leadingRegionsHoldOverSeventyPercentOfSixIndicators() throws {
        let result = try regional
        let secondLevel = result.nodes.filter { $0.depth == 2 && !$0.isIndicator }.map(\.id)
        #expect(secondLevel.count == 19)
        let over = Set(secondLevel.filter { (result.leadingShare[$0] ?? 0) > 70 })
        #expect(over == ["identifier", "structure", "vitality", "diffusion", "rd_input", "innovation_carrier"])
        // Recompute one share by hand from the data: R&D expenditure (a real yearbook figure).
        let dataset = try Catalog.dataset()
        let leaders = Set(result.units.filter { $0.tier == 1 }.map(\.id))
        let values = dataset.observations.filter { $0.indicator == "r_rd_expenditure" && $0.period == result.period }
        let total = values.compactMap(\.value).reduce(0, +)
        let held = values.filter { leaders.contains($0.unit) }.compactMap(\.value).reduce(0, +)
        #expect(TestSupport.close(result.leadingShare["r_rd_expenditure"], 100 * held / total, 1e-9))
        // Rates and shares have no national total.
        #expect(result.leadingShare["r_rd_intensity"] == nil)
    }

    @Test func weightsTotalHundredAtEveryLevel() throws {
        for evaluation in try Catalog.framework().evaluations {
            let derived = try #require(results.weights[evaluation.id])
            for level in derived.root.levels {
                let total = level.reduce(0.0) { $0 + (derived.effective[$1.id] ?? 0) }
                #expect(TestSupport.close(total, 100, 1e-9), "\(evaluation.id) level")
            }
            // every leaf's effective weight is its local weight times its ancestors'
            let compiled = try CompiledEvaluation(evaluation: evaluation, root: derived.root)
            for slot in 0..<compiled.indicatorCount {
                var product = 100.0
                var current = slot
                while current >= 0 {
                    product *= compiled.localWeights[current]
                    current = compiled.parents[current]
                }
                #expect(TestSupport.close(product, derived.effective[compiled.nodeIDs[slot]] ?? 0, 1e-9))
            }
            #expect(derived.ahp.values.allSatisfy { $0.consistency?.isConsistent ?? true })
            #expect(
                (derived.panel?.indicators.count ?? 0) >= 2 && (evaluation.weighting?.panel?.experts.count ?? 0) >= 7
            )
        }
    }

    @Test func regionalScoresWithinMinMaxRange() throws {
        for unit in try regional.units {
            for score in unit.nodes.values.compactMap(\.score) { #expect(score >= -1e-9 && score <= 100 + 1e-9) }
        }
    }

    @Test func datasetSaysItIsIllustrativeAndCitesSources() throws {
        let dataset = try Catalog.dataset()
        #expect(dataset.isIllustrative)
        #expect(results.isIllustrative)
        #expect(dataset.observations.allSatisfy { !$0.source.isEmpty })
        let reported = dataset.observations.filter { $0.status == .reported }
        #expect(reported.contains { $0.indicator == "r_rd_expenditure" && $0.unit == "320000" && $0.value == 4212.3 })
        #expect(reported.contains { $0.indicator == "n_5g_base_stations" && $0.period == "2023" && $0.value == 337.7 })
    }

    /// The committed dataset is exactly what the seeded generator makes from the yearbook file.
    @Test func generatorReproducesTheCommittedDataset() throws {
        let generator = try DatasetGenerator(
            framework: try Catalog.framework(),
            units: try Catalog.units(),
            yearbookPath: TestSupport.shared("data/stats/china-sci-tech-yearbook-province-2020-2023.csv")
        )
        let text = DatasetGenerator.csv(try generator.generate())
        #expect(text == (try TextFile.read(try Catalog.dataPath)))
    }

    /// A yearbook whose national figure is zero in a year is refused with the variable, the year and
    /// the indicator, instead of giving an infinite 2020 = 100 path.
    @Test func generatorRefusesANationalYearbookFigureOfZero() throws {
        let source = try TextFile.read(TestSupport.shared("data/stats/china-sci-tech-yearbook-province-2020-2023.csv"))
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row = try #require(lines.firstIndex { $0.contains(",v4_ztr_jf_RD,") && $0.contains(",全国,2020,") })
        var fields = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[fields.count - 1] = "0"
        lines[row] = fields.joined(separator: ",")
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("yearbook.csv").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let generator = try DatasetGenerator(
            framework: try Catalog.framework(),
            units: try Catalog.units(),
            yearbookPath: path
        )
        let error = try #require(throws: IndexError.self) { try generator.generate() }
        #expect(error.message.contains("v4_ztr_jf_RD"))
        #expect(error.message.contains("全国 2020"))
        #expect(error.message.contains("n_rd_expenditure"))
    }
}
