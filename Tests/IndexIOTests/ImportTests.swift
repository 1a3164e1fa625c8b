import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

@Suite("Importing data: layouts, names, numbers and validation")
struct ImportTests {
    /// A national series (base 2020) and a regional cross-section that share indicator names, as
    /// the built-in framework does.
    static let framework: Framework = {
        func indicator(
            _ id: String,
            _ zh: String,
            _ en: String,
            bounds: ClosedRange<Double>? = nil,
            per: String? = nil
        ) -> Indicator {
            Indicator(
                id: id,
                name: LocalisedText(zh: zh, en: en),
                bounds: bounds,
                denomination: per.map { Denomination(series: $0, scale: 10_000) }
            )
        }
        let national = [indicator("n_rd", "R&D经费", "R&D expenditure"), indicator("n_5g", "5G基站数", "5G base stations")]
        let regional = [
            indicator("r_rd", "R&D经费", "R&D expenditure"),
            indicator("r_share", "数字化研发设计工具普及率", "CAD adoption", bounds: 0...100),
            indicator("r_patents", "发明专利", "Patents", per: "population"),
        ]
        func node(_ indicators: [Indicator]) -> FrameworkNode {
            FrameworkNode(
                id: "root",
                name: LocalisedText(zh: "指数", en: "Index"),
                children: indicators.map { FrameworkNode(indicator: $0) }
            )
        }
        return Framework(
            id: "test",
            name: LocalisedText(zh: "测试", en: "Test"),
            evaluations: [
                Evaluation(
                    id: "national",
                    name: LocalisedText(zh: "全国", en: "National"),
                    kind: .basePeriod,
                    normalisation: .basePeriod(base: "2020"),
                    root: node(national),
                    seriesUnit: "CN"
                ),
                Evaluation(
                    id: "regional",
                    name: LocalisedText(zh: "地区", en: "Regional"),
                    kind: .crossSection,
                    normalisation: .minMax100,
                    root: node(regional)
                ),
            ]
        )
    }()

    static let units = [
        AssessedUnit(id: "CN", name: LocalisedText(zh: "全国", en: "China"), aliases: ["中国"]),
        AssessedUnit(
            id: "320000",
            name: LocalisedText(zh: "江苏", en: "Jiangsu"),
            groups: ["region": "East"],
            aliases: ["江苏省"]
        ),
        AssessedUnit(
            id: "440000",
            name: LocalisedText(zh: "广东", en: "Guangdong"),
            groups: ["region": "East"],
            aliases: ["广东省"]
        ),
        AssessedUnit(
            id: "450000",
            name: LocalisedText(zh: "广西", en: "Guangxi"),
            groups: ["region": "West"],
            aliases: ["广西壮族自治区", "Guangxi Zhuang Autonomous Region"]
        ),
    ]

    static func specification(period: String? = nil, coverage: Bool = false) -> ImportSpecification {
        ImportSpecification(framework: framework, units: units, period: period, requiresCoverage: coverage)
    }

    @Test func yearbookNumberFormsAreConvertedOrReported() {
        #expect(
            NumberParser.reading("12,345") == .converted(12345, how: "'12,345' read as 12345 (thousands separators)")
        )
        #expect(
            NumberParser.reading("-1,234,567.5")
                == .converted(-1_234_567.5, how: "'-1,234,567.5' read as -1234567.5 (thousands separators)")
        )
        #expect(NumberParser.reading("1.2万") == .converted(12000, how: "'1.2万' read as 12000 (万 = 10⁴)"))
        #expect(NumberParser.reading("3.5亿") == .converted(350_000_000, how: "'3.5亿' read as 350000000 (亿 = 10⁸)"))
        #expect(NumberParser.reading("12.5%") == .converted(12.5, how: "'12.5%' read as 12.5 (per cent sign dropped)"))
        #expect(NumberParser.reading("—") == .missing(marker: "—"))
        #expect(NumberParser.reading("NA") == .missing(marker: "NA"))
        #expect(NumberParser.reading("") == .missing(marker: nil))
        #expect(NumberParser.reading("42") == .number(42))
        #expect(NumberParser.reading("1,23") == .invalid)  // not groups of three
        #expect(NumberParser.reading("12 kg") == .invalid)
        #expect(NumberParser.reading("inf") == .invalid)
    }

    @Test func namesResolveToCodesAndAmbiguityIsReported() {
        let resolver = NameResolver.units(Self.units)
        for name in ["320000", "江苏", "江苏省", "Jiangsu", "jiangsu", "广西壮族自治区", "Guangxi", "广西"] {
            #expect(resolver.resolve(name) != .unknown, "\(name)")
        }
        #expect(resolver.resolve("江苏省") == .found("320000"))
        #expect(resolver.resolve("Guangxi Zhuang Autonomous Region") == .found("450000"))
        let twice = NameResolver.units(
            Self.units + [AssessedUnit(id: "320100", name: LocalisedText(zh: "南京", en: "Nanjing"), aliases: ["江苏"])]
        )
        #expect(twice.resolve("江苏") == .ambiguous(["320000", "320100"]))
        let indicators = NameResolver.indicators(Self.framework.indicators)
        #expect(indicators.resolve("数字化研发设计工具普及率（%）") == .found("r_share"))
        #expect(indicators.resolve("R&D经费") == .ambiguous(["n_rd", "r_rd"]))
        // A typo gets a suggestion; something unrelated does not.
        #expect(indicators.suggestion(for: "数字化研发设计工具普及")?.id == "r_share")
        #expect(indicators.suggestion(for: "GDP") == nil)
    }

    @Test func wideWorkbookWithNamesAndSheetPeriods() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("regions.xlsx").path
        let header: [Cell] = [
            .text("地区"), .text("R&D经费"), .text("数字化研发设计工具普及率(%)"), .text("发明专利"), .text("population"), .text("备注"),
        ]
        try XLSXWriter.write(
            Workbook(sheets: [
                Sheet(
                    name: "2023",
                    rows: [
                        header,
                        [.text("江苏省"), .text("12,345"), .number(81.5), .number(1200), .text("8,526万"), .text("统计年鉴")],
                        [.text("Guangdong"), .number(20_000), .text("—"), .number(3000), .number(12_706), .empty],
                        [.text("广西"), .text("1.2万"), .number(60), .empty, .number(5027), .empty],
                    ]
                ),
                Sheet(
                    name: "2022",
                    rows: [
                        header, [.text("320000"), .number(11_000), .number(80), .number(1100), .number(8515), .empty],
                    ]
                ),
            ]),
            to: path
        )
        let result = try DataImporter.read([path], specification: Self.specification())
        let values = result.dataset.valueTable()
        // A name shared by a national and a regional indicator means the regional one on provincial rows.
        #expect(values[ObservationKey(unit: "320000", indicator: "r_rd", period: "2023")] == 12345)
        #expect(values[ObservationKey(unit: "450000", indicator: "r_rd", period: "2023")] == 12000)
        #expect(values[ObservationKey(unit: "320000", indicator: "population", period: "2023")] == 85_260_000)
        #expect(values[ObservationKey(unit: "320000", indicator: "r_share", period: "2022")] == 80)
        let gd = result.dataset.observations.first { $0.unit == "440000" && $0.indicator == "r_share" }
        #expect(gd?.value == nil)  // '—' kept as a missing value, not dropped
        #expect(result.dataset.observations.first { $0.unit == "320000" && $0.period == "2023" }?.note == "统计年鉴")
        let notices = result.notices.map(\.description)
        #expect(
            notices.contains(
                "\(path) [sheet '2023'] B2: '12,345' read as 12345 (thousands separators) (indicator 'r_rd', unit '320000')"
            )
        )
        #expect(
            notices.contains(
                "\(path) [sheet '2023'] C3: '—' read as a missing value (indicator 'r_share', unit '440000')"
            )
        )
        #expect(notices.contains { $0.contains("'1.2万' read as 12000") })
        #expect(result.files.first?.tables == ["2023 (wide)", "2022 (wide)"])
        #expect(result.files.first?.values == 15)  // 4 + 4 (one missing) + 3 (one empty cell) in 2023, 4 in 2022
        // Coverage: the national indicators have no data; with coverage off they are warnings.
        #expect(result.warnings.contains { $0.description.contains("indicator has no data at all (indicator 'n_rd')") })
    }

    @Test func everyProblemIsReportedAtOnceWithItsCell() throws {
        let directory = try TestSupport.temporaryDirectory()
        let wide = try TestSupport.write(
            """
            province,R&D经费,CAD adoption,mystery
            江苏,100,120,1
            Atlantis,5,5,5
            广东,abc,50,2
            """,
            named: "2023.csv",
            in: directory
        )
        let long = try TestSupport.write(
            """
            unit,indicator,period,value,status
            320000,r_rd,2023,99,reported
            440000,r_patents,2023,7,guessed
            """,
            named: "long.csv",
            in: directory
        )
        let noPeriod = try TestSupport.write("unit,r_rd\n320000,1\n", named: "regions.csv", in: directory)
        do {
            _ = try DataImporter.read([wide, long, noPeriod], specification: Self.specification())
            Issue.record("bad data were accepted")
        } catch let errors as IndexErrors {
            let messages = errors.errors.map(\.description)
            #expect(messages.contains("\(wide):1:4: unknown indicator 'mystery'"))
            #expect(messages.contains("\(wide):3:1: unknown unit 'Atlantis'"))
            #expect(
                messages.contains(
                    "\(wide):2:3: value 120 is outside the indicator's bounds [0, 100] (indicator 'r_share', unit '320000')"
                )
            )
            #expect(messages.contains("\(wide):4:2: value 'abc' is not a number (indicator 'r_rd', unit '440000')"))
            #expect(
                messages.contains(
                    "\(long):2:4: duplicate value for 320000 / r_rd / 2023 (first at 2023.csv:2) (indicator 'r_rd', unit '320000')"
                )
            )
            #expect(
                messages.contains(
                    "\(long):3:5: status 'guessed' is not reported, estimated or synthetic (indicator 'r_patents', unit '440000')"
                )
            )
            #expect(messages.contains { $0.hasPrefix("\(noPeriod):1: no period for this wide table") })
            #expect(messages.count == 7)
        }
    }

    /// Every repeated unit / indicator / period is reported at its own cell with the first value's
    /// place, across files and however far apart, in reading order; a value refused for its bounds
    /// is not the first of anything.
    @Test func everyDuplicateNamesTheFirstValue() throws {
        let directory = try TestSupport.temporaryDirectory()
        let first = try TestSupport.write(
            """
            unit,indicator,period,value
            320000,r_share,2023,1
            440000,r_share,2023,2
            320000,r_rd,2023,3
            320000,r_share,2023,4
            450000,r_share,2023,-1
            """,
            named: "one.csv",
            in: directory
        )
        let second = try TestSupport.write(
            """
            unit,indicator,period,value
            450000,r_share,2023,5
            440000,r_share,2023,6
            320000,r_share,2023,7
            320000,r_share,2022,8
            320000,r_rd,2023,9
            """,
            named: "two.csv",
            in: directory
        )
        let error = try #require(throws: IndexErrors.self) {
            try DataImporter.read([first, second], specification: Self.specification())
        }
        #expect(
            error.errors.map(\.description) == [
                "\(first):5:4: duplicate value for 320000 / r_share / 2023 (first at one.csv:2) (indicator 'r_share', unit '320000')",
                "\(first):6:4: value -1 is outside the indicator's bounds [0, 100] (indicator 'r_share', unit '450000')",
                "\(second):3:4: duplicate value for 440000 / r_share / 2023 (first at one.csv:3) (indicator 'r_share', unit '440000')",
                "\(second):4:4: duplicate value for 320000 / r_share / 2023 (first at one.csv:2) (indicator 'r_share', unit '320000')",
                "\(second):6:4: duplicate value for 320000 / r_rd / 2023 (first at one.csv:4) (indicator 'r_rd', unit '320000')",
            ]
        )
    }

    @Test func coverageProblemsAreErrorsByDefault() throws {
        let directory = try TestSupport.temporaryDirectory()
        let national = try TestSupport.write(
            "unit,indicator,period,value\n中国,R&D经费,2021,5\n中国,5G基站数,2020,1\n中国,5G基站数,2021,2\n",
            named: "cn.csv",
            in: directory
        )
        do {
            _ = try DataImporter.read([national], specification: Self.specification(coverage: true))
            Issue.record("incomplete data were accepted")
        } catch let errors as IndexErrors {
            let messages = errors.errors.map(\.description)
            #expect(
                messages.contains(
                    "evaluation 'national': no value in the base period 2020, so the indicator cannot be indexed (indicator 'n_rd', unit 'CN')"
                )
            )
            #expect(messages.contains("evaluation 'regional': indicator has no data at all (indicator 'r_rd')"))
            #expect(
                messages.contains(
                    "denominator series 'population' has no data (needed by r_patents) (indicator 'population')"
                )
            )
        }
    }

    @Test func gb18030WideCSVAndJSONReadTheSame() throws {
        let directory = try TestSupport.temporaryDirectory()
        let text = "地区,年份,R&D经费\n江苏省,2023年,7\n广东省,2023,9\n"
        let gbk = directory.appendingPathComponent("gbk.csv")
        try #require(text.data(using: TextFile.gb18030)).write(to: gbk)
        let json = try TestSupport.write(
            """
            {"observations": [{"unit": "江苏", "indicator": "r_rd", "period": 2023, "value": 7},
                              {"unit": "Guangdong", "indicator": "R&D expenditure", "period": "2023", "value": "9", "source": "yearbook"}]}
            """,
            named: "data.json",
            in: directory
        )
        let fromCSV = try DataImporter.read([gbk.path], specification: Self.specification()).dataset.valueTable()
        let fromJSON = try DataImporter.read([json], specification: Self.specification()).dataset.valueTable()
        #expect(fromCSV == fromJSON)
        #expect(fromCSV[ObservationKey(unit: "440000", indicator: "r_rd", period: "2023")] == 9)
        let broken = try TestSupport.write("[{\"unit\": 1", named: "broken.json", in: directory)
        #expect(throws: IndexErrors.self) { try DataImporter.read([broken], specification: Self.specification()) }
    }

    @Test func periodLikeNames() {
        for name in ["2023", "2023年", "2023Q4", "2023-q1", "2023-12"] {
            #expect(DataImporter.isPeriodLike(name), "\(name)")
        }
        for name in ["Sheet1", "202", "2023-13", "2023Q5", "数据"] {
            #expect(!DataImporter.isPeriodLike(name), "\(name)")
        }
    }
}
