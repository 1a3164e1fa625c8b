public import Foundation
import IndexCore
import ZIPFoundation

/// How much a workbook may hold before it is refused: the guard against zip bombs and sheets no
/// indicator table needs.
public struct XLSXLimits: Sendable, Hashable {
    /// The most bytes one part (a sheet, the shared strings) may inflate to.
    public var maxPartBytes: UInt64
    /// The most bytes all parts together may inflate to.
    public var maxTotalBytes: UInt64
    /// The highest ratio of inflated to compressed size for a part larger than 1 MiB.
    public var maxCompressionRatio: UInt64
    /// The most cells in the workbook.
    public var maxCells: Int
    /// Excel's own limits on rows and columns.
    public var maxRows: Int
    public var maxColumns: Int
    /// The most sheets in a workbook.
    public var maxSheets: Int

    public init(
        maxPartBytes: UInt64 = 512 << 20,
        maxTotalBytes: UInt64 = 1 << 30,
        maxCompressionRatio: UInt64 = 200,
        maxCells: Int = 20_000_000,
        maxRows: Int = 1_048_576,
        maxColumns: Int = 16_384,
        maxSheets: Int = 1_000
    ) {
        self.maxSheets = maxSheets
        self.maxPartBytes = maxPartBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxCells = maxCells
        self.maxRows = maxRows
        self.maxColumns = maxColumns
    }
}

/// Reads Office Open XML workbooks (`.xlsx`): shared and inline strings, numbers, booleans, dates,
/// cached formula values, errors, several sheets, empty cells.
///
/// Cells are read as the user sees them: a number with a percent format (`0%`, `0.00%`, a custom
/// format with `%`) is the percentage shown (`0.125` → the text `12.5%`, read by the importer as
/// 12.5, as the same sheet saved as CSV is); a formula with no saved value, a cell or a row given
/// twice, and a cell outside its row are errors located at the cell; a hidden sheet is marked
/// (``Sheet/isHidden``) so that whoever picks sheets without naming them can say so.
///
/// Built on ZIPFoundation and ``XMLScanner`` (a streaming reader: a sheet of a million cells is never
/// held as a tree). Every part is inflated under ``XLSXLimits``, counted as it
/// inflates, so a part that lies about its size is stopped too.
public enum XLSXReader {
    /// Reads a workbook file.
    ///
    /// - Throws: ``IndexError`` naming the file (and sheet) when it is not a workbook, is damaged, or
    ///   exceeds the limits.
    public static func read(path: String, limits: XLSXLimits = XLSXLimits()) throws -> Workbook {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw IndexError("cannot read file", file: path)
        }
        return try read(archiveAt: URL(fileURLWithPath: path), file: path, limits: limits)
    }

    /// Reads a workbook from bytes.
    ///
    /// The bytes are read through a temporary file: ZIPFoundation's in-memory archive traps (ends
    /// the process) on a central directory that points past the end of the data, found by fuzzing
    /// (Fuzz/Crashes/xlsx-crash-2142fbec…); its file-based archive reports the same damage as an error.
    public static func read(data: Data, file: String, limits: XLSXLimits = XLSXLimits()) throws -> Workbook {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iidei-xlsx-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: directory.appendingPathComponent("workbook.xlsx"))
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw IndexError(
                "cannot stage the workbook in a temporary folder (\(error.localizedDescription))",
                file: file,
                kind: .unavailable
            )
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        return try read(archiveAt: directory.appendingPathComponent("workbook.xlsx"), file: file, limits: limits)
    }

    static func read(archiveAt url: URL, file: String, limits: XLSXLimits) throws -> Workbook {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw IndexError("not an .xlsx workbook (not a zip archive)", file: file)
        }
        var inflater = Inflater(archive: archive, file: file, limits: limits)
        guard let workbookXML = try inflater.part("xl/workbook.xml") else {
            throw IndexError("not an .xlsx workbook (no xl/workbook.xml)", file: file)
        }
        let book = try WorkbookPart.parse(workbookXML, file: file)
        let relations =
            try inflater.part("xl/_rels/workbook.xml.rels").map { try RelationsPart.parse($0, file: file) } ?? [:]
        let strings =
            try inflater.part("xl/sharedStrings.xml").map { try SharedStringsPart.parse($0, file: file) } ?? []
        let formats = try inflater.part("xl/styles.xml").map { try StylesPart.parse($0, file: file) } ?? CellFormats()
        var sheets: [Sheet] = []
        var cellBudget = limits.maxCells
        // The total work is bounded before any sheet is read: a sheet count, and each part read
        // once (a thousand sheets naming one part would otherwise inflate and parse it a thousand times).
        guard book.sheets.count <= limits.maxSheets else {
            throw IndexError(
                "refused: the workbook has \(book.sheets.count) sheets (limit \(limits.maxSheets))",
                file: file,
                kind: .limitExceeded
            )
        }
        var owners: [String: String] = [:]
        for entry in book.sheets {
            guard let target = relations[entry.relation] else { continue }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            if let first = owners[path] {
                throw IndexError(
                    "refused: sheets '\(first)' and '\(entry.name)' both point at part \(path); a damaged or hostile workbook",
                    file: file,
                    kind: .limitExceeded
                )
            }
            owners[path] = entry.name
        }
        for entry in book.sheets {
            guard let target = relations[entry.relation] else {
                throw IndexError("sheet '\(entry.name)' has no part in the workbook's relations", file: file)
            }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let xml = try inflater.part(path) else {
                throw IndexError("sheet '\(entry.name)': part \(path) is missing", file: file)
            }
            let rows = try SheetPart.parse(
                xml,
                file: file,
                sheet: entry.name,
                strings: strings,
                formats: formats,
                date1904: book.date1904,
                limits: limits,
                cellBudget: &cellBudget
            )
            sheets.append(Sheet(name: entry.name, rows: rows, isHidden: entry.isHidden))
        }
        return Workbook(sheets: sheets)
    }

    /// Excel's serial day number as ISO 8601 text (1900 or 1904 date system).
    public static func isoDate(serial: Double, date1904: Bool = false) -> String {
        // Day 0 of the 1900 system is 1899-12-30 once Lotus's phantom 1900-02-29 (serial 60) is passed.
        var days = serial.rounded(.down)
        let seconds = Int(((serial - days) * 86_400).rounded())
        if !date1904, days < 61 { days += 1 }
        let epoch = date1904 ? civilDays(year: 1904, month: 1, day: 1) : civilDays(year: 1899, month: 12, day: 30)
        let (year, month, day) = civil(fromDays: epoch + Int(days))
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        if seconds > 0 && seconds < 86_400 {
            text += "T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        }
        return text
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
    static func civilDays(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Inflates parts of the archive under the limits.
struct Inflater {
    let archive: Archive
    let file: String
    let limits: XLSXLimits
    var total: UInt64 = 0

    init(archive: Archive, file: String, limits: XLSXLimits) {
        self.archive = archive
        self.file = file
        self.limits = limits
    }

    mutating func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        let declared = entry.uncompressedSize
        if declared > limits.maxPartBytes || total + declared > limits.maxTotalBytes {
            throw IndexError(
                "refused: part \(path) would inflate to \(declared) bytes (limit \(limits.maxPartBytes) a part, "
                    + "\(limits.maxTotalBytes) in all); a zip bomb or an oversized sheet",
                file: file,
                kind: .limitExceeded
            )
        }
        if declared > 1 << 20, entry.compressedSize > 0, declared / entry.compressedSize > limits.maxCompressionRatio {
            throw IndexError(
                "refused: part \(path) is compressed \(declared / entry.compressedSize):1 (limit "
                    + "\(limits.maxCompressionRatio):1); a zip bomb",
                file: file,
                kind: .limitExceeded
            )
        }
        // The limits count the bytes actually inflated, chunk by chunk: a part that inflates past the
        // size it declares is lying and is stopped at once, whatever its declared size; the ratio is
        // checked on what has come out so far, so a small declared size does not skip it.
        var data = Data()
        data.reserveCapacity(Int(min(declared, 16 << 20)))
        let cap = min(limits.maxPartBytes, limits.maxTotalBytes - total, declared)
        let compressed = max(entry.compressedSize, 1)
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                let inflated = UInt64(data.count) + UInt64(chunk.count)
                if inflated > cap { throw PartTooLarge() }
                if inflated > 1 << 20, inflated / compressed > limits.maxCompressionRatio { throw PartTooCompressed() }
                data.append(chunk)
            }
        } catch is PartTooLarge {
            let reason =
                cap == declared
                ? "inflates beyond the \(declared) bytes it declares; a zip bomb or a damaged workbook"
                : "inflates beyond the limit of \(cap) bytes; a zip bomb or an oversized sheet"
            throw IndexError("refused: part \(path) \(reason)", file: file, kind: .limitExceeded)
        } catch is PartTooCompressed {
            throw IndexError(
                "refused: part \(path) is compressed more than \(limits.maxCompressionRatio):1; a zip bomb",
                file: file,
                kind: .limitExceeded
            )
        } catch {
            throw IndexError("damaged workbook: cannot inflate \(path) (\(error))", file: file)
        }
        total += UInt64(data.count)
        return data
    }

    struct PartTooLarge: Error {}
    struct PartTooCompressed: Error {}
}

/// The base of each part's reader: ``XMLScanner`` reports to it, and a part overrides what it
/// reads. ``fail(_:)`` stops the scan and makes ``run(_:file:part:)`` throw.
class XMLPartParser: XMLScanner.Handler {
    var failure: String?

    var shouldStop: Bool { failure != nil }

    func run(_ data: Data, file: String, part: String) throws {
        // Workbook parts are UTF-8 in practice; UTF-16 with a byte-order mark is accepted when it
        // decodes cleanly, and read as the same text in UTF-8.
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw IndexError("damaged workbook: \(part) is not UTF-16 text", file: file)
            }
            return try scan(Data(text.utf8), file: file, part: part)
        }
        if data.starts(with: [0x3C, 0x00]) || data.starts(with: [0x00, 0x3C]) {
            throw IndexError("damaged workbook: \(part) is UTF-16 without a byte-order mark", file: file)
        }
        try scan(data, file: file, part: part)
    }

    /// Scans UTF-8 `data`, checked as UTF-8 in place (`UTF8Span`: a part may be 512 MiB, and a
    /// `String` made to check it was a second copy).
    private func scan(_ data: Data, file: String, part: String) throws {
        do {
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard (try? UTF8Span(validating: bytes.span)) != nil else {
                    throw IndexError("damaged workbook: \(part) is not UTF-8 text", file: file)
                }
                try XMLScanner.scan(bytes, handler: self)
            }
        } catch let error as XMLScanner.Failure {
            throw IndexError("damaged workbook: \(part): \(error.message) (line \(error.line))", file: file)
        }
        if let failure { throw IndexError("damaged workbook: \(part): \(failure)", file: file) }
    }

    func start(_ name: Substring, attributes: [String: String]) {}
    func characters(_ text: String) {}
    func end(_ name: Substring) {}

    /// Stops the scan with `message`, the first failure kept.
    func fail(_ message: String) {
        if failure == nil { failure = message }
    }
}
