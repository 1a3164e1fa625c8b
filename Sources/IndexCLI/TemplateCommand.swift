import ArgumentParser
import Foundation
import IndexIO
import IndexReport
import IndexWorkflows

/// `iidei template`: the blank form an analyst fills in for a framework (``IndexIO/DataTemplate``).
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract:
            "Write a blank data template for the framework: every value to report, with each indicator's name, unit and definition.",
        discussion:
            "FILE.csv is the long layout under # lines describing each indicator; FILE.xlsx has a wide sheet per table and a #-named sheet of definitions. Both read back as they are (blanks are missing)."
    )

    @OptionGroup var inputs: InputOptions

    @Option(help: "The period to report (2024, 2024-Q1). Default: the data's latest.")
    var period: String?

    @Option(help: "The template's language: zh or en.")
    var lang: ReportLanguage = .zh

    @Option(help: "Where to write it: FILE.csv or FILE.xlsx (default: the CSV on standard output).")
    var out: String?

    func validate() throws {
        if let out, !out.hasSuffix(".csv"), !out.hasSuffix(".xlsx") {
            throw ValidationError("--out must end in .csv or .xlsx, not '\(out)'")
        }
    }

    func run() throws {
        try reportingErrors {
            let template = try Workflows().dataTemplate(inputs.runInputs, period: period)
            let chinese = lang == .zh
            guard let out else {
                print(template.csv(chinese: chinese), terminator: "")
                return
            }
            if out.hasSuffix(".xlsx") {
                try AtomicFile.write(XLSXWriter.encode(template.workbook(chinese: chinese)), to: out)
            } else {
                try AtomicFile.write(CSVWriter.file(template.csv(chinese: chinese)), to: out)
            }
            let rows = template.tables.map { "\($0.units.count) × \($0.columns.count)" }.joined(separator: " + ")
            print("wrote \(out): period \(template.period), \(rows) values to fill in")
        }
    }
}
