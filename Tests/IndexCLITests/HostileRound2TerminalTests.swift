import ArgumentParser
import Foundation
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import Testing

@testable import IndexCLI

/// Names with control characters and the command line (issue 22, class 6): refused where a command
/// takes them in, and shown — never obeyed — where output meets one.
@Suite("Hostile input round two: control characters at the terminal", .serialized, .quietOutput)
struct HostileRound2TerminalTests {
    static let forbidden: [Unicode.Scalar] = [
        "\u{0}", "\u{7}", "\u{8}", "\t", "\r", "\u{1B}", "\u{7F}", "\u{80}", "\u{85}", "\u{9B}", "\u{9F}", "\u{202E}",
        "\u{2067}", "\u{2028}", "\u{2029}",
    ]

    static func hostile(_ random: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...12, using: &random) {
            if random.next() % 3 == 0 {
                text.unicodeScalars.append(forbidden.randomElement(using: &random) ?? "a")
            } else {
                text += ["a", "[", "2J", "]0;title", "东", "\n", " ", "\\"].randomElement(using: &random) ?? "a"
            }
        }
        return text
    }

    /// Bytes a terminal would obey: C0 other than the line feed, DEL, C1 (as UTF-8 U+0080–U+009F),
    /// and the bidi overrides.
    static func obeyed(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0 != "\n" && ControlCharacters.isForbidden($0) }
    }

    @Test func printedTextShowsControlCharactersInsteadOfSendingThem() throws {
        var random = SplitMix64(seed: 0x1B)
        for _ in 0..<500 {
            let name = Self.hostile(&random)
            let buffer = Console.Buffer()
            Console.$capture.withValue(buffer) { print("unit:", name) }
            #expect(
                Self.obeyed(buffer.contents).isEmpty,
                "\(name.debugDescription) → \(buffer.contents.debugDescription)"
            )
            // Lines stay where they were, and what was hidden is visible.
            #expect(
                buffer.contents.split(separator: "\n", omittingEmptySubsequences: false).count == name.split(
                    separator: "\n",
                    omittingEmptySubsequences: false
                ).count + 1
            )
            for scalar in name.unicodeScalars where scalar != "\n" && ControlCharacters.isForbidden(scalar) {
                #expect(buffer.contents.contains(ControlCharacters.escaped(scalar)))
            }
        }
        #expect(Console.terminalSafe("plain 东部 text\n") == "plain 东部 text\n")
        #expect(Console.terminalSafe("\u{1B}[2J") == "\\u{1B}[2J")
    }

    @Test func aStoredTableOfHostileNamesPrintsNoEscape() throws {
        let buffer = Console.Buffer()
        let table = TextTable(
            header: ["unit", "score"],
            rows: [["A\u{1B}]0;pwned\u{7}", "1"], ["B\r\u{9B}31m", "2"]]
        )
        Console.$capture.withValue(buffer) {
            print(table.rendered())
            print(table.csv(), terminator: "")
        }
        #expect(Self.obeyed(buffer.contents).isEmpty, "\(buffer.contents.debugDescription)")
        #expect(buffer.contents.contains("A\\u{1B}]0;pwned\\u{7}"))
    }

    @Test(arguments: ["pro\u{1B}[2Jvinces", "line\nbreak", "tab\there", "rtl\u{202E}lo", "c1\u{85}x"])
    func importRefusesADatasetNameWithControlCharacters(name: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let data = TestSupport.packageRoot.appendingPathComponent("examples/hdi-data.csv").path
        let framework = TestSupport.packageRoot.appendingPathComponent("examples/hdi.yaml").path
        #expect(throws: (any Error).self) {
            try ImportCommand.parse([data, "--dataset", name, "--framework", framework, "--db", db]).run()
        }
        // Nothing stored.
        #expect(try Store(path: db).datasets().isEmpty)
    }

    @Test func surveyCreateRefusesNamesWithControlCharacters() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        for arguments in [
            ["pan\u{1B}[31mel", "--expert-names", "Wang,Li"], ["panel", "--expert-names", "Wang,L\ni"],
            ["panel", "--expert-names", "Wang\u{2029},Li"], ["p\u{7F}", "--experts", "2"],
        ] {
            #expect(throws: (any Error).self) { try SurveyCreateCommand.parse(arguments + ["--db", db]).run() }
        }
        #expect(try Store(path: db).surveyNames().isEmpty)
    }

    @Test func storeRefusesThemWhateverTheCaller() throws {
        let directory = try TestSupport.temporaryDirectory()
        let store = try Store(path: directory.appendingPathComponent("store.sqlite").path)
        let source = FrameworkSource(
            format: .yaml,
            content: try String(
                contentsOf: TestSupport.packageRoot.appendingPathComponent("examples/hdi.yaml"),
                encoding: .utf8
            ),
            origin: "hdi.yaml"
        )
        let error = #expect(throws: IndexError.self) {
            try store.createSurvey(
                name: "ok",
                source: source,
                kind: .ahp,
                scale: try ScoreScale(),
                experts: ["A\u{1B}c"]
            )
        }
        #expect(error?.message.contains("\\u{1B}") == true)
        #expect(try store.surveyNames().isEmpty)
    }
}
