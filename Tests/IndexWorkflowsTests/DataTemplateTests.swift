import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexWorkflows
import Testing

/// The blank form an analyst fills in: filled with the built-in data's values, both layouts read back
/// as exactly those values, and nothing in the notes is read as data.
@Suite("Data templates")
struct DataTemplateTests {
    let framework: Framework
    let dataset: Dataset
    let specification: ImportSpecification

    init() throws {
        framework = try Catalog.framework()
        dataset = try Catalog.dataset()
        specification = ImportSpecification(framework: framework, units: try Catalog.units(), requiresCoverage: false)
    }

    /// The built-in values of one period, by unit and indicator.
    func values(_ period: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for o in dataset.observations where o.period == period { values["\(o.unit)|\(o.indicator)"] = o.value }
        return values
    }

    /// What the importer read, by unit and indicator.
    static func read(_ result: ImportResult) -> [String: Double] {
        var values: [String: Double] = [:]
        for o in result.dataset.observations { values["\(o.unit)|\(o.indicator)"] = o.value }
        return values
    }

    @Test func theTemplateCoversEveryValueTheFrameworkNeeds() throws {
        let template = try DataTemplate(framework: framework, dataset: dataset)
        #expect(template.period == dataset.periods.last)
        // One national row of the base-period indicators, 31 regional rows of the cross-section ones:
        // as many cells as the built-in data hold for the period.
        let cells = template.tables.reduce(0) { $0 + $1.units.count * $1.columns.count }
        #expect(cells == values(template.period).count)
        #expect(template.tables.map(\.units.count) == [1, 31])
        #expect(Set(template.tables.flatMap(\.columns)) == Set(framework.indicators.map(\.id)))
    }

    @Test(arguments: [true, false])
    func theCSVFilledInReadsBackAsTheData(chinese: Bool) throws {
        let template = try DataTemplate(framework: framework, dataset: dataset)
        let expected = values(template.period)
        let units = Dictionary(
            uniqueKeysWithValues: dataset.units.map { (chinese ? $0.name.zh : $0.name.en, $0.id) }
        )
        var lines: [String] = []
        var filled = 0
        for line in template.csv(chinese: chinese).split(separator: "\n", omittingEmptySubsequences: false) {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if !line.hasPrefix("#"), fields.count >= 4, let unit = units[fields[0]],
                let value = expected["\(unit)|\(fields[1])"]
            {
                fields[3] = "\(value)"
                filled += 1
            }
            lines.append(fields.joined(separator: ","))
        }
        #expect(filled == expected.count)
        let result = try DataImporter.read(
            files: [InMemoryFile(name: "template.csv", data: Data(lines.joined(separator: "\n").utf8))],
            specification: specification
        )
        #expect(Self.read(result) == expected)
        #expect(result.dataset.periods == [template.period])
    }

    @Test func theWorkbookFilledInReadsBackAsTheDataAndItsNotesAreSaid() throws {
        let template = try DataTemplate(framework: framework, dataset: dataset)
        let expected = values(template.period)
        let units = Dictionary(uniqueKeysWithValues: dataset.units.map { ($0.name.zh, $0.id) })
        var workbook = template.workbook(chinese: true)
        var filled = 0
        for s in workbook.sheets.indices where !workbook.sheets[s].name.hasPrefix("#") {
            let header = workbook.sheets[s].rows[0].map(\.text)
            for r in workbook.sheets[s].rows.indices.dropFirst() {
                let unit = try #require(units[workbook.sheets[s].rows[r][0].text])
                for c in 2..<header.count {
                    if let value = expected["\(unit)|\(header[c])"] {
                        workbook.sheets[s].rows[r][c] = .number(value)
                        filled += 1
                    }
                }
            }
        }
        #expect(filled == expected.count)
        let data = try XLSXWriter.encode(workbook)
        let result = try DataImporter.read(
            files: [InMemoryFile(name: "template.xlsx", data: data)],
            specification: specification
        )
        #expect(Self.read(result) == expected)
        // The definitions sheet is said and skipped: its rows would be unknown units otherwise.
        let notes = result.notices.filter { $0.sheet == "#指标说明" }
        #expect(notes.count == 1)
        #expect(notes.first?.message.contains("not read as data") == true)
        let definitions = try #require(workbook.sheet(named: "#指标说明"))
        let r5g = try #require(definitions.rows.first { $0.first?.text == "r_5g_base_stations" })
        let indicator = try #require(framework.indicators.first { $0.id == "r_5g_base_stations" })
        #expect(
            r5g.map(\.text) == [
                indicator.id, indicator.name.zh, indicator.unit, "正向", indicator.definition.zh, indicator.source,
            ]
        )
    }

    @Test func aPeriodIsCheckedAndAFrameworkTextCannotBreakALine() throws {
        let later = try DataTemplate(framework: self.framework, dataset: dataset, period: "2024年")
        #expect(later.period == "2024")
        for bad in ["", "next year", "2024\n2025", String(repeating: "2", count: 40)] {
            #expect(throws: IndexError.self, "period \(bad.debugDescription) was taken") {
                try DataTemplate(framework: self.framework, dataset: dataset, period: bad)
            }
        }
        var renamed = framework
        renamed.name = LocalisedText(zh: "指数\n2024,年", en: "Index\r\nx")
        let csv = try DataTemplate(framework: renamed, dataset: dataset).csv(chinese: true)
        // Every line is a note (#), the header, or a row of six fields.
        for line in csv.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == 6, "\(line)")
        }
        #expect(csv.hasPrefix("# IIDEI 数据模板：指数 2024,年，"))
    }
}
