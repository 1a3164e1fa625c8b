import Foundation
public import IndexCore

/// What an import reads against: the framework and units it resolves names with.
public struct ImportSpecification: Sendable {
    /// The framework whose indicators (and denominator series) the data may carry; `nil` = any.
    public var framework: Framework?
    /// The known units; `nil` = the units are the codes found in the data.
    public var units: [AssessedUnit]?
    /// The period of wide tables that name it nowhere else (no period column, sheet or file name).
    public var period: String?
    /// Whether gaps in coverage (an indicator with no data, a base period with no values) are errors.
    /// `false` lists them as warnings, for data gathered in several imports.
    public var requiresCoverage: Bool

    public init(
        framework: Framework? = nil,
        units: [AssessedUnit]? = nil,
        period: String? = nil,
        requiresCoverage: Bool = true
    ) {
        self.framework = framework
        self.units = units
        self.period = period
        self.requiresCoverage = requiresCoverage
    }
}

/// What an import read: the dataset, what was converted or ignored on the way, and per file counts.
public struct ImportResult: Sendable {
    public var dataset: Dataset
    /// Conversions (`12,345`, `1.2万`), missing markers (`—`) and ignored columns, each located.
    public var notices: [IndexError]
    /// Coverage gaps, when ``ImportSpecification/requiresCoverage`` is off.
    public var warnings: [IndexError]
    public var files: [ImportedFile]

    public init(dataset: Dataset, notices: [IndexError] = [], warnings: [IndexError] = [], files: [ImportedFile] = []) {
        self.dataset = dataset
        self.notices = notices
        self.warnings = warnings
        self.files = files
    }
}

/// One file read by an import.
public struct ImportedFile: Sendable, Hashable {
    public var path: String
    public var format: String
    /// The tables read (sheet names for a workbook) and their layout, `long` or `wide`.
    public var tables: [String]
    public var values: Int
}

/// Reads indicator data from CSV, Excel and JSON files, long or wide, and validates it, reporting
/// every problem at once with file, sheet, row, column, unit and indicator.
///
/// ```swift
/// let result = try DataImporter.read(["data-2023.xlsx"], specification: ImportSpecification(framework: framework, units: units))
/// ```
///
/// Layouts:
/// - **long**: columns `unit, indicator, period, value` and optional `source, note, status`;
/// - **wide**: units as rows and indicators as columns, with the period in a `period` (or `year`,
///   `年份`) column, in the sheet's or file's name (`2023`), or given by ``ImportSpecification/period``.
///
/// Lines of a CSV that start with `#`, and sheets whose name does, are notes, not data
/// (``DataTemplate`` writes its indicator definitions there).
///
/// Headers may name indicators by id or by Chinese or English name; units may be codes or full,
/// short or English names, and are resolved to their codes.
public enum DataImporter {
    /// Reads and validates files.
    ///
    /// - Throws: ``IndexErrors`` with every problem in every file; nothing is returned in part.
    public static func read(_ paths: [String], specification: ImportSpecification) throws -> ImportResult {
        try read(sources: paths.map { ImportSource(file: $0, contents: nil) }, specification: specification)
    }

    /// Reads files from disk (`contents` `nil`) or from memory; each is named by its `file`.
    static func read(sources: [ImportSource], specification: ImportSpecification) throws -> ImportResult {
        var state = ImportState(specification: specification)
        var files: [ImportedFile] = []
        let paths = sources.map(\.file)
        for source in sources {
            let path = source.file
            let before = state.observations.count
            var tables: [String] = []
            do {
                switch URL(fileURLWithPath: path).pathExtension.lowercased() {
                case "xlsx", "xlsm":
                    let workbook =
                        try source.contents.map { try XLSXReader.read(data: $0, file: path) }
                        ?? XLSXReader.read(path: path)
                    for sheet in workbook.sheets {
                        // A sheet named `#…` holds notes, as a CSV's `#` lines do (a data template's
                        // indicator definitions): said, and not read.
                        if sheet.name.hasPrefix("#") {
                            state.notices.append(
                                IndexError(
                                    "sheet '\(sheet.name)' is notes (its name starts with #); not read as data",
                                    file: path,
                                    sheet: sheet.name
                                )
                            )
                            continue
                        }
                        guard let table = sheet.table(file: path) else { continue }
                        if sheet.isHidden {
                            // Every sheet is read, none is named: one the user cannot see is said.
                            state.notices.append(
                                IndexError(
                                    "sheet '\(sheet.name)' is hidden in the workbook; its values are read too "
                                        + "(unhide it to check them, or delete it)",
                                    file: path,
                                    sheet: sheet.name
                                )
                            )
                        }
                        try table.requireWellFormed()
                        tables.append("\(sheet.name) (\(state.read(table)))")
                    }
                    files.append(ImportedFile(path: path, format: "xlsx", tables: tables, values: 0))
                case "xls":
                    throw IndexError("old binary .xls workbooks are not read; save it as .xlsx", file: path)
                case "json":
                    try state.readJSON(try source.contents ?? ImportSource.contents(of: path), file: path)
                    files.append(ImportedFile(path: path, format: "json", tables: ["observations"], values: 0))
                default:
                    let text = try source.contents.map { try TextFile.decode($0, file: path) } ?? TextFile.read(path)
                    if ImportState.isLong(header: try DataTable.header(of: text, file: path)) {
                        // A long table (a value a row) is read 65,536 rows at a time: a million values
                        // are never a million rows of strings in memory at once. Its checks cover the
                        // whole file and come at its end; a file that fails them is undone, as if it
                        // had failed them before any row was read.
                        let mark = state.mark()
                        var chunk = 0
                        do {
                            try DataTable.readInChunks(text: text, file: path, rowsPerChunk: 1 << 16) { table in
                                state.readLong(table, checkingHeader: chunk == 0)
                                chunk += 1
                            }
                        } catch {
                            state.undo(to: mark)
                            throw error
                        }
                        tables.append("long")
                    } else {
                        tables.append(state.read(try DataTable(text: text, file: path)))
                    }
                    files.append(ImportedFile(path: path, format: "csv", tables: tables, values: 0))
                }
            } catch let error as IndexErrors {
                state.errors += error.errors
            } catch let error as IndexError {
                state.errors.append(error)
            }
            if !files.isEmpty, files[files.count - 1].path == path {
                files[files.count - 1].values = state.observations.count - before
            }
        }
        state.reportDuplicates()
        // Problems in reading order: file by file, sheet by sheet, row by row, column by column.
        let order = Dictionary(paths.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        state.errors = state.errors.enumerated().sorted { a, b in
            func key(_ e: IndexError) -> (Int, String, Int, Int) {
                (order[e.file ?? ""] ?? Int.max, e.sheet ?? "", e.line ?? 0, e.column ?? 0)
            }
            let (x, y) = (key(a.element), key(b.element))
            if x.0 != y.0 { return x.0 < y.0 }
            if x.1 != y.1 { return x.1 < y.1 }
            if x.2 != y.2 { return x.2 < y.2 }
            if x.3 != y.3 { return x.3 < y.3 }
            return a.offset < b.offset
        }.map(\.element)
        let dataset = state.dataset()
        if let framework = specification.framework {
            let coverage = DatasetValidator.problems(framework: framework, dataset: dataset)
            if specification.requiresCoverage { state.errors += coverage } else { state.warnings += coverage }
        }
        if !state.errors.isEmpty { throw IndexErrors(state.errors) }
        return ImportResult(dataset: dataset, notices: state.notices, warnings: state.warnings, files: files)
    }

    static let unitHeaders = ["unit", "id", "code", "ucode", "region", "province", "地区", "省份", "省市", "单位", "代码"]
    static let periodHeaders = ["period", "year", "time", "年份", "年度", "时间", "期间"]
    static let metadataHeaders: [String: String] = [
        "source": "source", "来源": "source", "数据来源": "source", "note": "note", "备注": "note", "status": "status",
        "状态": "status",
    ]

    /// Whether a name reads as a period: a year (`2023`), a quarter (`2023Q4`, `2023-Q4`) or a month (`2023-12`).
    public static func isPeriodLike(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 4, scalars.prefix(4).allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        let rest = String(String.UnicodeScalarView(scalars.dropFirst(4)))
        if rest.isEmpty || rest == "年" { return true }
        let tail = rest.hasPrefix("-") ? String(rest.dropFirst()) : rest
        if tail.count == 2, tail.first == "Q" || tail.first == "q", let q = Int(tail.dropFirst()), (1...4).contains(q) {
            return true
        }
        if rest.hasPrefix("-"), let month = Int(tail), tail.count == 2, (1...12).contains(month) { return true }
        return false
    }

    /// Every header a long table may carry, for the suggestion when a column is misspelt.
    static var longHeaders: [String] {
        ["unit", "地区", "单位", "indicator", "指标", "value", "数值", "值"] + periodHeaders + metadataHeaders.keys.sorted()
    }

    /// The message for a long table's column that is none of the known ones (`sorce`): a value in it
    /// would otherwise be dropped without a word.
    static func unknownLongColumn(_ header: String) -> String {
        let target = Array(NameResolver.key(header))
        let closest = longHeaders.map { ($0, NameResolver.editDistance(target, Array(NameResolver.key($0)))) }
            .min { $0.1 < $1.1 }
        let known = "unit, indicator, period, value, source, note, status"
        if let closest, closest.1 <= max(1, target.count / 3) {
            return "unknown column '\(header)' (did you mean '\(closest.0)'?); a long table has columns \(known)"
        }
        return "unknown column '\(header)'; a long table has columns \(known)"
    }

    static func periodText(_ text: String) -> String {
        text.hasSuffix("年") ? String(text.dropLast()) : text
    }
}
