import ArgumentParser
import Foundation
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import Testing

@testable import IndexCLI

/// Formula injection in the command line's CSV (issue 22, class 7): every CSV file a command writes
/// goes through the one CSV policy, so no text cell starts with a formula trigger, and numbers —
/// negative ones included — stay numbers.
@Suite("Hostile input round two: formula injection in CSV", .serialized, .quietOutput)
struct HostileRound2CSVInjectionTests {
    /// Unit names and sources a spreadsheet would run as formulas.
    static let hostile = [
        "=HYPERLINK(\"http://x.test\",\"go\")", "+1+2", "-2+3", "@SUM(A1:A9)", " =1+1", "\u{FF1D}1+1", "\u{FF20}cmd",
        "\u{FF0D}3", "\u{FF0B}4", "  @x", "=cmd|' /C calc'!A0",
    ]

    /// HDI data for CHE and the hostile units, the sources hostile too.
    static func data(in directory: URL) throws -> String {
        // The data file carries the names as written (quoted, not neutralised).
        var lines = ["unit,indicator,period,value,source"]
        for (index, unit) in (["CHE"] + hostile).enumerated() {
            let values = [
                ("le", 60.0 + Double(index) * 2), ("eys", 10.0 + Double(index) / 2), ("mys", 5.0 + Double(index) / 2),
                ("gni", 2000.0 + Double(index) * 5000),
            ]
            for (indicator, value) in values {
                let source = hostile[(index + indicator.count) % hostile.count]
                lines.append([unit, indicator, "2022", "\(value)", source].map(Self.quoted).joined(separator: ","))
            }
        }
        return try TestSupport.write(lines.joined(separator: "\n") + "\n", named: "hostile.csv", in: directory)
    }

    static func quoted(_ field: String) -> String { "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The fields of a CSV text (RFC 4180 quoting).
    static func fields(_ text: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" && field.isEmpty {
                quoted = true
            } else if scalar == "," || scalar == "\n" {
                fields.append(field)
                field = ""
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty { fields.append(field) }
        return fields
    }

    static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// Cells a spreadsheet would run as a formula: a trigger first (after white space), or a leading
    /// tab or carriage return — unless the cell is a number.
    static func formulas(in text: String) -> [String] {
        fields(text).filter { cell in
            guard let first = cell.unicodeScalars.first else { return false }
            let start = cell.unicodeScalars.first { !$0.properties.isWhitespace }
            let isTrigger = first == "\t" || first == "\r" || start.map(triggers.contains) == true
            return isTrigger && NumberParser.decimal(cell) == nil
        }
    }

    /// Every CSV file under a folder, by name.
    static func csvFiles(under folder: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") {
            files[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        return files
    }

    static func check(_ files: [String: String], _ what: String) {
        #expect(!files.isEmpty, "\(what): no CSV written")
        let all = files.values.joined(separator: "\n")
        for (name, text) in files {
            #expect(Self.formulas(in: text).isEmpty, "\(what) \(name): \(Self.formulas(in: text).prefix(5))")
        }
        // The names are there, shown as text; negative numbers are still numbers.
        #expect(all.contains("'=HYPERLINK("), "\(what)")
        #expect(all.contains("'\u{FF1D}1+1"), "\(what)")
    }

    @Test func runOutWritesNoFormula() throws {
        let directory = try TestSupport.temporaryDirectory()
        let data = try Self.data(in: directory)
        let framework = TestSupport.packageRoot.appendingPathComponent("examples/hdi.yaml").path
        let out = directory.appendingPathComponent("out").path
        try RunCommand.parse(["--framework", framework, "--data", data, "--out", out, "--format", "json"]).run()
        Self.check(try Self.csvFiles(under: out), "run --out")
    }

    @Test func exportCSVWritesNoFormula() throws {
        let directory = try TestSupport.temporaryDirectory()
        let data = try Self.data(in: directory)
        let framework = TestSupport.packageRoot.appendingPathComponent("examples/hdi.yaml").path
        let db = directory.appendingPathComponent("store.sqlite").path
        try ImportCommand.parse([data, "--dataset", "hostile", "--framework", framework, "--db", db]).run()
        try RunCommand.parse(["--dataset", "hostile", "--framework", framework, "--db", db, "--format", "json"]).run()
        let folder = directory.appendingPathComponent("export").path
        try ExportCommand.parse(["latest", "--db", db, "--format", "csv", "--out", folder]).run()
        Self.check(try Self.csvFiles(under: folder), "export --format csv")
    }

    @Test func theOnePolicyKeepsNumbersAndNeutralisesText() {
        for number in ["-1.5", "+2", "-0", "-1e-05", "1e+300", "-.5", "12"] {
            #expect(CSVWriter.escape(number) == number)
        }
        let cases = [
            ("=1+1", "'=1+1"), ("-x", "'-x"), ("@a", "'@a"), ("+a", "'+a"), ("\tx", "'\tx"), ("\r=x", "\"'\r=x\""),
            (" =1", "' =1"), ("\u{3000}=1", "'\u{3000}=1"), ("\u{FF1D}1", "'\u{FF1D}1"), ("\u{FF0D}1", "'\u{FF0D}1"),
            ("a=b", "a=b"), ("", ""), ("  ", "  "), ("=a,b", "\"'=a,b\""), ("- 1", "'- 1"), ("-inf", "'-inf"),
        ]
        for (field, expected) in cases { #expect(CSVWriter.escape(field) == expected, "\(field.debugDescription)") }
        // Random text: the policy's output never parses as a formula and reads back to its input
        // (less the one added quote).
        var random = SplitMix64(seed: 7)
        let alphabet: [Unicode.Scalar] = [
            "=", "+", "-", "@", "\t", "\r", " ", "1", "a", ",", "\"", "\n", "\u{FF1D}", ".", "e", "\u{301}",
        ]
        for _ in 0..<2000 {
            var field = ""
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                field.unicodeScalars.append(alphabet.randomElement(using: &random) ?? "a")
            }
            let written = CSVWriter.escape(field)
            #expect(
                Self.formulas(in: written + "\n").isEmpty,
                "\(field.debugDescription) → \(written.debugDescription)"
            )
            let back = Self.fields(written + "\n").first ?? ""
            #expect(back == field || back == "'" + field, "\(field.debugDescription)")
        }
    }
}
