public import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
public import IndexReport
import IndexWorkflows

extension ReportLanguage: ExpressibleByArgument {}

/// Finds a headless Chromium on PATH.
enum Chromium {
    static func path() -> String? {
        let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }

    /// Runs Chromium headless with arguments and a page; returns its standard output.
    @discardableResult
    static func run(_ arguments: [String], page: String) throws -> String {
        guard let executable = path() else {
            throw IndexError("Chromium is not installed, so no PDF was written (Debian: apt-get install chromium)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--hide-scrollbars",
            ]
            + arguments + [URL(fileURLWithPath: page).absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw IndexError(
                "Chromium (\(executable)) exited with status \(process.terminationStatus) printing this page",
                file: page
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The printed report's pages as text (poppler's `pdftotext`), for the contents' page numbers.
enum ReportPDF {
    /// Each page's text, or `nil` when `pdftotext` is missing or fails.
    static func pageTexts(of pdf: String) -> [String]? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        guard
            let executable = folders.map({ $0 + "/pdftotext" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-enc", "UTF-8", pdf, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).components(separatedBy: "\u{0C}")
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write the report: one self-contained HTML page (inline SVG and CSS) and every figure as SVG; --pdf prints it with headless Chromium."
    )

    @OptionGroup var inputs: RunOptionGroup

    @Option(help: "Language: zh or en.")
    var lang: ReportLanguage = .zh

    @Option(help: "Output folder.")
    var out = "report"

    @Option(
        help:
            "The issuing organisation, printed on the cover (for example 中国信息通信研究院). Default: the framework's cover: organisation, if any."
    )
    var organisation: String?

    @Option(help: "The date printed on the cover (for example 2024年12月). Default: the framework's cover: date, if any.")
    var date: String?

    @Flag(help: "Also print report.pdf through headless Chromium (Debian's chromium package).")
    var pdf = false

    @Flag(
        help:
            "Add the statistical audit as an annex: statistics, a correlation heatmap, PCA and Cronbach's α per group, flags (as iidei audit)."
    )
    var audit = false

    @Option(
        help:
            "GeoJSON of province outlines (an adcode property per feature) for a geographic tier map instead of the tile map. Not an approved standard map: the figure says where its geometry came from."
    )
    var geo: String?

    @Option(
        help: "A text file with the preface (前言); a blank line starts a paragraph. Default: written from the results."
    )
    var preface: String?

    @Option(help: "A text file with chapter 1, the background (发展背景). Default: what the framework measures.")
    var background: String?

    @Option(
        help: "A text file with the last chapter, the outlook (展望). Default: the slowest pillar and the tiers' gap."
    )
    var outlook: String?

    /// Chromium's flags for an A4 PDF with the headings as its outline (bookmarks).
    static let pdfFlags = ["--no-pdf-header-footer", "--generate-pdf-document-outline"]

    func run() throws {
        try reportingErrors {
            let clock = ContinuousClock()
            let start = clock.now
            var outcome = try Workflows().report(
                ReportRequest(
                    language: lang,
                    organisation: organisation,
                    date: date,
                    geo: geo,
                    texts: ReportTexts(
                        preface: try preface.map(TextFile.read),
                        background: try background.map(TextFile.read),
                        outlook: try outlook.map(TextFile.read)
                    ),
                    audit: audit
                ),
                inputs: try inputs.load(),
                options: try inputs.options()
            )
            let (report, results) = (outcome.report, outcome.results)
            try OutputWriter.write(outcome.files, to: out)
            let elapsed = clock.now - start
            print(
                "Wrote \(out)/report.html and \(report.figures.count) figures (\(NumberFormat.fixed(elapsed.seconds, 1)) s)."
            )
            print(report.headline)
            if results.isIllustrative { print("Illustrative data: every page of the report says so. 数据仅为示意。") }
            if pdf {
                let page = URL(fileURLWithPath: out).appendingPathComponent("report.html").path
                let target = URL(fileURLWithPath: out).appendingPathComponent("report.pdf").path
                try Chromium.run(Self.pdfFlags + ["--print-to-pdf=\(target)"], page: page)
                // A second print puts the first one's page numbers into the contents.
                if let pages = ReportPDF.pageTexts(of: target) {
                    outcome = outcome.numbered(pages: pages)
                    try OutputWriter.write([("report.html", outcome.report.html)], to: out)
                    try Chromium.run(Self.pdfFlags + ["--print-to-pdf=\(target)"], page: page)
                } else {
                    print("pdftotext (Debian: poppler-utils) is not installed, so the contents have no page numbers.")
                }
                print("Wrote \(target)")
            }
        }
    }
}
