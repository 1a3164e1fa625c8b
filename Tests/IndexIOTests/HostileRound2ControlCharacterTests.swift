import Foundation
import IndexCore
import Synchronization
import Testing
import Yams

@testable import IndexIO

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Names that carry control characters (issue 22, class 6): refused where they enter (framework
/// files, COINr tables, data files), and written safely where older data still holds them (the YAML
/// `survey apply` writes, XML parts).
@Suite("Hostile input round two: control characters in names")
struct HostileRound2ControlCharacterTests {
    /// One member of each part of the forbidden set.
    static let forbidden: [Unicode.Scalar] = [
        "\u{0}", "\u{7}", "\t", "\n", "\r", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9B}", "\u{9F}",
        "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{2028}", "\u{2029}",
    ]
    static let ordinary: [Unicode.Scalar] = [
        "a", "Z", "7", " ", "-", "东", "部", "é", "'", "\"", ":", "#", "&", "<", "{", "}", "[", "*", "!", "|", ">",
    ]

    /// A name of ordinary characters with 1–3 forbidden ones at random places.
    static func hostileName(_ random: inout SplitMix64) -> String {
        var scalars = (0..<Int.random(in: 1...10, using: &random)).map { _ in
            ordinary.randomElement(using: &random) ?? "a"
        }
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            scalars.insert(
                forbidden.randomElement(using: &random) ?? "a",
                at: Int.random(in: 0...scalars.count, using: &random)
            )
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    @Test func everyForbiddenCharacterIsNamedAndNothingElse() throws {
        for scalar in Self.forbidden {
            var name = "Re"
            name.unicodeScalars.append(scalar)
            name += "gion"
            let error = #expect(throws: IndexError.self) { try ControlCharacters.check(name, what: "the name") }
            #expect(error?.message.contains(ControlCharacters.escaped(scalar) + " at character 3") == true)
            #expect(ControlCharacters.first(in: error?.message ?? "") == nil, "the message shows it, not holds it")
        }
        for text in ["东部 region", "a\u{A0}b", "e\u{301}", "👩‍👩‍👧", "\u{200B}x", "\u{FEFF}y", "R&D <x>"] {
            try ControlCharacters.check(text, what: "the name")
        }
    }

    // MARK: - Refused on entry

    /// The byte scan the console uses answers as the scalar test does, for every scalar of the
    /// Basic Multilingual Plane and some beyond it, alone, between other text and at either end.
    @Test func byteScanAgreesWithTheScalarTest() throws {
        let scalars = (0...0xFFFF).compactMap(Unicode.Scalar.init) + ["\u{1F600}", "\u{10FFFF}", "\u{E0001}"]
        for scalar in scalars {
            for text in ["\(scalar)", "a\(scalar)b", "名\(scalar)", "\(scalar)\u{2029}"] {
                let expected = text.unicodeScalars.contains(where: ControlCharacters.isForbidden)
                #expect(ControlCharacters.containsForbidden(text) == expected, "\(ControlCharacters.escaped(scalar))")
                let withoutLineFeeds = text.unicodeScalars.contains { $0 != "\n" && ControlCharacters.isForbidden($0) }
                #expect(ControlCharacters.containsForbidden(text, allowingLineFeeds: true) == withoutLineFeeds)
            }
        }
        #expect(!ControlCharacters.containsForbidden("line one\nline two", allowingLineFeeds: true))
        #expect(ControlCharacters.containsForbidden("line one\nline two"))
        // A truncated pattern at the end is no forbidden character.
        #expect(!ControlCharacters.containsForbidden("\u{2000}\u{2010}x"))
    }

    @Test func frameworkNamesAndIdsWithControlCharactersAreLocated() throws {
        let cases: [(String, Int)] = [
            ("name: \"Index\\e[2J\"", 2), ("name: {zh: \"指数\", en: \"In\\ndex\"}", 2), ("name: \"a\\u202Eb\"", 2),
            ("name: \"x\\x85y\"", 2),
        ]
        for (line, number) in cases {
            let text = "id: t\n\(line)\ntree: {id: r, children: [{id: i, unit: u}]}\nevaluations: [{id: e}]\n"
            let error = #expect(throws: IndexError.self) { try FrameworkReader.parse(text, file: "f.yaml") }
            #expect(error?.line == number, "\(line)")
            #expect(error?.message.contains("control character") == true, "\(line)")
        }
        let node = "id: t\ntree: {id: r, children: [{id: \"i\\tj\", unit: u}]}\nevaluations: [{id: e}]\n"
        let error = #expect(throws: IndexError.self) { try FrameworkReader.parse(node, file: "f.yaml") }
        #expect(error?.message.contains("'id'") == true)
        let tiers =
            "id: t\ntree: {id: r, children: [{id: i, unit: u}]}\nevaluations: [{id: e, tiers: [\"A\\rB\", C]}]\n"
        #expect(throws: IndexError.self) { try FrameworkReader.parse(tiers, file: "f.yaml") }
    }

    @Test func coinrCodesAndNamesWithControlCharactersAreLocated() throws {
        let text =
            "Level,iCode,iName,Direction,Weight,Parent,Type\n2,top,Top,,1,,Aggregate\n1,x,\"X\u{1B}[31m\",1,1,top,Indicator\n1,\"y\u{7}\",Y,1,1,top,Indicator\n"
        do {
            _ = try COINrReader.readMeta(try DataTable(text: text, file: "m.csv"))
            Issue.record("read")
        } catch let error as IndexErrors {
            #expect(error.errors.map(\.line) == [3, 4])
            #expect(error.errors.map(\.column) == [3, 2])
        }
    }

    @Test func dataFileUnitsAndIndicatorsWithControlCharactersAreLocated() throws {
        var random = SplitMix64(seed: 622)
        for _ in 0..<30 {
            // Led by a letter: a line whose first field starts with `#` is a comment to the CSV reader.
            let unit = "u" + Self.hostileName(&random)
            let csv = "unit,indicator,period,value\nP,x,2020,1\n\(CSVWriter.escape(unit)),x,2020,2\n"
            let file = InMemoryFile(name: "d.csv", data: Data(csv.utf8))
            do {
                let result = try DataImporter.read(files: [file], specification: ImportSpecification())
                Issue.record(
                    "read \(unit.unicodeScalars.map { String($0.value, radix: 16) }) as \(result.dataset.units.map { $0.id.unicodeScalars.map { String($0.value, radix: 16) } })"
                )
            } catch let error as IndexErrors {
                #expect(error.errors.contains { $0.line == 3 && $0.message.contains("control character") }, "\(error)")
            } catch let error as IndexError {
                #expect(error.line == 3 && error.message.contains("control character"), "\(error)")
            }
        }
    }

    @Test func unitsFileIdsAndNamesWithControlCharactersAreLocated() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("units.csv").path
        // The table itself refuses C0 and C1 in any cell; a name also refuses tabs, line breaks, bidi
        // overrides and line separators, which other cells may hold.
        let text =
            "id,zh,en,region\nP,甲,Alpha,east\n\"Q\tR\",乙,Beta,west\nR,丙,\"Ga\u{2028}mma\",west\nS,\"丁\u{202E}\",Delta,east\nT,戊,\"Two\nlines\",east\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try DatasetReader.readUnits(path: path)
            Issue.record("read")
        } catch let error as IndexErrors {
            #expect(error.errors.map(\.line) == [3, 4, 5, 6])
            #expect(error.errors.map(\.column) == [1, 3, 2, 3])
            #expect(error.errors.allSatisfy { $0.file == path && $0.message.contains("control character") })
        }
    }

    // MARK: - Written safely

    static let panelFramework = """
        id: t
        tree: {id: r, children: [{id: x, unit: u}, {id: y, unit: u}]}
        evaluations:
          - id: e
            panel: {experts: [A, B], scores: [[1, 2], [2, 1]]}
        """

    /// Expert names and header lines with random control characters: the YAML re-reads with the same
    /// keys, the same experts, and the header as comments only.
    @Test func generatedYAMLKeepsItsKeysWhateverTheNames() throws {
        let source = FrameworkSource(format: .yaml, content: Self.panelFramework, origin: "p.yaml")
        let clean = try source.parse()
        let plain = try Yams.load(
            yaml: try FrameworkWeightingWriter.write(source: source, framework: clean, header: [])
        )
        let plainKeys = try #require(plain as? [String: Any]).keys.sorted()
        var random = SplitMix64(seed: 6)
        for _ in 0..<100 {
            var framework = clean
            let experts = [Self.hostileName(&random), Self.hostileName(&random)]
            let panel = try #require(framework.evaluations[0].weighting?.panel)
            framework.evaluations[0].weighting?.panel = try ExpertPanel(
                experts: experts,
                indicators: panel.indicators,
                scores: panel.scores
            )
            let header = [
                "survey '\(Self.hostileName(&random))'\nevil: key", "experts: \(experts.joined(separator: ", "))",
            ]
            let text = try FrameworkWeightingWriter.write(source: source, framework: framework, header: header)
            let document = try #require(try Yams.load(yaml: text) as? [String: Any])
            #expect(document.keys.sorted() == plainKeys)
            let evaluations = try #require(document["evaluations"] as? [[String: Any]])
            let written = try #require(evaluations[0]["panel"] as? [String: Any])
            #expect(written["experts"] as? [String] == experts)
            // Exactly the two header lines are comments before the YAML.
            let comments = text.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }
            #expect(comments.count == 2)
        }
    }

    @Test func xmlEscapingGivesWellFormedXMLWhateverTheText() throws {
        var random = SplitMix64(seed: 66)
        for _ in 0..<200 {
            let name = Self.hostileName(&random)
            let xml = "<?xml version=\"1.0\"?><r a=\"\(XMLText.escape(name))\">\(XMLText.escape(name))</r>"
            // Read back by the reader of workbook parts, which refuses what is not well-formed.
            final class Collector: XMLPartParser {
                var attribute: String?
                var text = ""
                override func start(_ name: Substring, attributes: [String: String]) { attribute = attributes["a"] }
                override func characters(_ text: String) { self.text += text }
            }
            let collector = Collector()
            let scalars = name.unicodeScalars.map { String($0.value, radix: 16) }
            #expect(throws: Never.self, "\(scalars)") { try collector.run(Data(xml.utf8), file: "t.xlsx", part: "r") }
        }
    }
}
