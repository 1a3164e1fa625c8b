public import IndexCore

/// A blank form for a framework's data: every value each unit reports for one period, with each
/// indicator's name, unit of measure, direction and definition beside it, in layouts the importer
/// reads back as they are. An analyst fills in the values and uploads the file; a value left blank is
/// read as missing, and nothing in the form itself is read as data (the CSV's `#` lines, the
/// workbook's `#` sheet: ``DataImporter`` skips both).
///
/// ```swift
/// let template = DataTemplate(framework: framework, units: dataset.units, period: "2024")
/// let csv = template.csv(chinese: true)                     // long: unit, indicator, period, value, …
/// let xlsx = try XLSXWriter.encode(template.workbook(chinese: true))   // wide, a sheet per table
/// ```
public struct DataTemplate: Sendable, Hashable {
    /// The units that report one set of indicators: the national series, or the regions.
    public struct Table: Sendable, Hashable {
        public var name: LocalisedText
        public var units: [AssessedUnit]
        /// The indicators' ids and, after them, the denominator series their ratios need.
        public var columns: [String]
    }

    public var framework: LocalisedText
    public var period: String
    public var tables: [Table]
    /// The framework's indicators, for the notes (the denominator series have none).
    public var indicators: [Indicator]

    /// The template of a framework for units and one period: the national series' unit reports the
    /// base-period evaluations' indicators, every other unit the cross-section evaluations'.
    public init(framework: Framework, units: [AssessedUnit], period: String) {
        self.framework = framework.name
        self.period = period
        indicators = framework.indicators
        let seriesUnits = framework.evaluations.compactMap(\.seriesUnit)
        var tables: [Table] = []
        for kind in [EvaluationKind.basePeriod, .crossSection] {
            let evaluations = framework.evaluations.filter { $0.kind == kind }
            var seen: Set<String> = []
            let used = evaluations.flatMap { $0.root.indicators }.filter { seen.insert($0.id).inserted }
            let series = used.compactMap { $0.denomination?.series }.filter { seen.insert($0).inserted }
            guard !used.isEmpty else { continue }
            let reporting: [AssessedUnit]
            if kind == .basePeriod {
                reporting = Array(Set(evaluations.compactMap(\.seriesUnit))).sorted().map { id in
                    units.first { $0.id == id } ?? AssessedUnit(id: id, name: LocalisedText(zh: id, en: id))
                }
            } else {
                reporting = units.filter { !seriesUnits.contains($0.id) }
            }
            let name =
                kind == .basePeriod
                ? LocalisedText(zh: "全国", en: "National") : LocalisedText(zh: "地区", en: "Regions")
            tables.append(Table(name: name, units: reporting, columns: used.map(\.id) + series))
        }
        self.tables = tables
    }

    /// The template for a dataset's units, for a period (default: the dataset's latest, so the form
    /// filled in as it stood reads back as the data it came from).
    ///
    /// - Throws: ``IndexError`` when the period is not one the importer reads as a period (`2024`,
    ///   `2024年`, `2024-Q1`), or the dataset has none to default to.
    public init(framework: Framework, dataset: Dataset, period: String? = nil) throws {
        guard let period = period ?? dataset.periods.last else {
            throw IndexError("the data have no period to make a template for; give one (2024)")
        }
        guard period.count <= 16, DataImporter.isPeriodLike(period) else {
            throw IndexError("'\(period.prefix(40))' is not a period (write it as 2024, 2024年 or 2024-Q1)")
        }
        self.init(framework: framework, units: dataset.units, period: DataImporter.periodText(period))
    }

    /// The long layout (`unit, indicator, period, value, source, note`), one row per value to fill in,
    /// under `#` lines that say how to fill it in and describe every indicator.
    public func csv(chinese: Bool) -> String {
        var lines = notes(chinese: chinese).map { "# " + $0.joined(separator: " | ") }
        lines.append("unit,indicator,period,value,source,note")
        let sources = Dictionary(indicators.map { ($0.id, $0.source) }, uniquingKeysWith: { a, _ in a })
        for table in tables {
            for unit in table.units {
                for column in table.columns {
                    var fields = [chinese ? unit.name.zh : unit.name.en, column, period, "", sources[column] ?? "", ""]
                        .map(CSVWriter.escape)
                    // A line that starts with # is a comment: a unit named so is quoted to stay data.
                    if fields[0].hasPrefix("#") { fields[0] = "\"\(fields[0])\"" }
                    lines.append(fields.joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The wide layout: a sheet per table (units as rows, indicators as columns, a `period` column),
    /// and a `#` sheet describing every indicator.
    public func workbook(chinese: Bool) -> Workbook {
        var sheets: [Sheet] = []
        for table in tables {
            var rows: [[Cell]] = [(["unit", "period"] + table.columns).map(Cell.text)]
            for unit in table.units {
                rows.append(
                    [.text(chinese ? unit.name.zh : unit.name.en), .text(period)]
                        + Array(repeating: Cell.empty, count: table.columns.count)
                )
            }
            var sheet = Sheet(name: chinese ? table.name.zh : table.name.en, rows: rows)
            sheet.columnWidths = [14, 8] + Array(repeating: 14, count: table.columns.count)
            sheets.append(sheet)
        }
        var notes = Sheet(
            name: chinese ? "#指标说明" : "#indicators",
            rows: self.notes(chinese: chinese).map { $0.map(Cell.text) }
        )
        notes.columnWidths = [28, 28, 12, 10, 60, 40]
        sheets.append(notes)
        return Workbook(sheets: sheets)
    }

    /// How to fill the form in, then a row per indicator: id, name, unit, direction, definition, source.
    func notes(chinese: Bool) -> [[String]] {
        let title = chinese ? framework.zh : framework.en
        var rows: [[String]] =
            chinese
            ? [
                ["IIDEI 数据模板：\(title)，期间 \(period)"],
                ["填写 value（宽表为各指标列）；留空即缺失。单位可写名称或代码；改写 period 即填报其他年份。以 # 开头的行和工作表不作数据读取。"],
                ["指标", "名称", "单位", "方向", "定义", "来源"],
            ]
            : [
                ["IIDEI data template: \(title), period \(period)"],
                [
                    "Fill in value (in the wide sheets, each indicator's column); a blank is missing. Units may be names or codes; change period to report another year. Lines and sheets starting with # are not read as data."
                ],
                ["indicator", "name", "unit", "direction", "definition", "source"],
            ]
        let direction: (Direction) -> String = {
            switch $0 {
            case .higherIsBetter: chinese ? "正向" : "higher is better"
            case .lowerIsBetter: chinese ? "逆向" : "lower is better"
            }
        }
        for indicator in indicators {
            rows.append([
                indicator.id, chinese ? indicator.name.zh : indicator.name.en, indicator.unit,
                direction(indicator.direction), chinese ? indicator.definition.zh : indicator.definition.en,
                indicator.source,
            ])
        }
        // A note is one line of the CSV: no line breaks or other control characters from a framework's text.
        return rows.map { row in
            row.map { text in
                var scalars = String.UnicodeScalarView()
                for scalar in text.unicodeScalars {
                    scalars.append(scalar.properties.generalCategory == .control ? " " : scalar)
                }
                return String(scalars)
            }
        }
    }
}
