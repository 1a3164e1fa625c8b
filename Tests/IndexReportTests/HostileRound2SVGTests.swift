import Foundation
import IndexCore
import IndexReport
import IndexTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Names with control characters in figures (issue 22, class 6): every chart is well-formed XML
/// whatever its names hold, since the one escaping replaces what XML forbids.
@Suite("Hostile input round two: control characters in SVG")
struct HostileRound2SVGTests {
    static let scalars: [Unicode.Scalar] = [
        "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\t", "\n", "\r", "\u{B}", "\u{C}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{85}",
        "\u{9F}", "\u{202E}", "\u{2028}", "\u{FFFE}", "\u{FFFF}", "<", "&", "\"", "'", ">", "a", "东", " ", "]]>",
    ].compactMap { $0.unicodeScalars.first }

    static func name(_ random: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            text.unicodeScalars.append(scalars.randomElement(using: &random) ?? "a")
        }
        return text
    }

    static func isWellFormed(_ svg: SVG) -> Bool {
        XMLParser(data: Data(svg.rendered.utf8)).parse()
    }

    @Test func everyChartOfHostileNamesIsWellFormedXML() throws {
        var random = SplitMix64(seed: 0x5A6)
        for round in 0..<60 {
            let names = (0..<4).map { _ in Self.name(&random) }
            let figures = [
                Charts.ranking(
                    title: names[0],
                    entries: names.enumerated().map { ($1, Double($0) * 10) },
                    unit: names[1]
                ),
                Charts.lines(
                    title: names[2],
                    periods: [names[0], names[1]],
                    series: names.map { ($0, [1.0, 2.0]) },
                    yLabel: names[3]
                ),
                Charts.barsWithGrowth(
                    title: names[1],
                    periods: [names[2], names[3]],
                    values: [1, 2],
                    growth: [nil, 0.5],
                    barLabel: names[0],
                    lineLabel: names[3]
                ),
                Charts.radar(title: names[3], axes: names, series: [(names[0], [10, 20, 30, 40])]),
                Charts.tileMap(
                    title: names[0],
                    tiles: names.enumerated().map {
                        Charts.Tile(code: $1, label: $1, tier: $0 % 3, score: Double($0), href: "/u/" + $1, tooltip: $1)
                    },
                    tierNames: names,
                    language: .zh
                ),
            ]
            for (index, figure) in figures.enumerated() {
                #expect(Self.isWellFormed(figure), "round \(round) figure \(index): \(names.map(\.debugDescription))")
            }
        }
    }

    @Test func forbiddenCharactersBecomeTheReplacementCharacter() {
        #expect(HTML.escape("a\u{1B}b\u{0}c") == "a\u{FFFD}b\u{FFFD}c")
        #expect(HTML.escape("t\tn\nr\r") == "t\tn\nr\r")
        #expect(HTML.escape("<&\"'>") == "&lt;&amp;&quot;&#39;&gt;")
        #expect(HTML.escape("\u{FFFE}\u{FFFF}\u{85}") == "\u{FFFD}\u{FFFD}\u{85}")
    }
}
