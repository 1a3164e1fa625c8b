import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

@Suite("Readers")
struct ReaderTests {
    @Test func csvQuotesCommasNewlinesAndComments() throws {
        let table = try DataTable(
            text: "# a comment\na,b\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",3\n",
            file: "t.csv"
        )
        #expect(table.header == ["a", "b"])
        #expect(table.rows[0].fields == ["x, y", "say \"hi\""])
        #expect(table.rows[1].fields == ["two\nlines", "3"])
        #expect(table.rows[1].line == 4)
        #expect(throws: IndexError("unterminated quoted field", file: "t.csv", line: 2)) {
            try DataTable(text: "a\n\"open", file: "t.csv")
        }
    }

    @Test func utf8BOMAndGB18030() throws {
        let text = "unit,indicator,period,value\n江苏,x,2023,1\n"
        var bom = Data([0xEF, 0xBB, 0xBF])
        bom.append(Data(text.utf8))
        #expect(try TextFile.decode(bom, file: "a.csv") == text)
        let gb = try #require(text.data(using: TextFile.gb18030))
        #expect(gb != Data(text.utf8))
        #expect(try TextFile.decode(gb, file: "b.csv") == text)
    }

    @Test func frameworkErrorsNameLineAndColumn() throws {
        let yaml = """
            id: demo
            tree:
              id: index
              children:
                - {id: a, unit: x}
            evaluations:
              - id: e
                kind: sideways
            """
        #expect(
            throws: IndexError(
                "kind must be base-period or cross-section, not 'sideways'",
                file: "f.yaml",
                line: 7,
                column: 5
            )
        ) {
            try FrameworkReader.parse(yaml, file: "f.yaml")
        }
        let inconsistent = """
            id: demo
            tree:
              id: index
              ahp: [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]
              children:
                - {id: a, unit: x}
                - {id: b, unit: x}
                - {id: c, unit: x}
            evaluations:
              - id: e
            """
        let framework = try FrameworkReader.parse(inconsistent, file: "f.yaml")
        #expect(throws: IndexError.self) { try framework.evaluations[0].deriveWeights() }
    }

    /// A definition is text for both languages or `{zh: …, en: …}`, like a name; anything else is
    /// refused where it stands.
    @Test func definitionsInOneOrTwoLanguages() throws {
        func framework(_ definition: String) throws -> Framework {
            try FrameworkReader.parse(
                """
                id: demo
                tree:
                  id: index
                  children:
                    - {id: a, unit: x, definition: \(definition)}
                    - {id: b, unit: x}
                evaluations:
                  - id: e
                """,
                file: "f.yaml"
            )
        }
        let both = try framework("{zh: 年末在用基站, en: Stations in service}").indicators
        #expect(both[0].definition == LocalisedText(zh: "年末在用基站", en: "Stations in service"))
        #expect(both[1].definition.zh.isEmpty && both[1].definition.en.isEmpty)
        let one = try framework("Stations").indicators[0].definition
        #expect(one.zh == "Stations" && one.en == "Stations")
        #expect(try framework("{en: Stations}").indicators[0].definition.zh == "Stations")
        #expect(
            throws: IndexError(
                "unknown key 'fr' in a definition; did you mean 'zh'?",
                file: "f.yaml",
                line: 5,
                column: 37
            )
        ) {
            try framework("{fr: Stations}")
        }
        #expect(throws: IndexError.self) { try framework("[a, b]") }
    }

    /// `cover:` gives a report's issuer and date in one or two languages; a misspelt key is refused.
    @Test func theCoverComesFromTheFramework() throws {
        func cover(_ text: String) throws -> Framework.Cover {
            try FrameworkReader.parse(
                "id: demo\n\(text)\ntree:\n  id: index\n  children:\n    - {id: a, unit: x}\nevaluations:\n  - id: e\n",
                file: "f.yaml"
            ).cover
        }
        #expect(try cover("") == Framework.Cover())
        let both = try cover("cover: {organisation: {zh: 某研究院, en: An Institute}, date: 2024年6月}")
        #expect(both.organisation == LocalisedText(zh: "某研究院", en: "An Institute"))
        #expect(both.date == LocalisedText(zh: "2024年6月", en: "2024年6月"))
        #expect(
            throws: IndexError(
                "unknown key 'dat' in the cover; did you mean 'date'?",
                file: "f.yaml",
                line: 2,
                column: 9
            )
        ) {
            try cover("cover: {dat: 2024}")
        }
        #expect(throws: IndexError.self) { try cover("cover: 2024") }
    }

    /// COINr's ASEM example runs as it is: 51 countries, 49 indicators, 8 pillars, 2 sub-indices.
    @Test func coinrASEMRunsAsItIs() throws {
        let framework = try COINrReader.readMeta(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iMeta.csv"))
        let dataset = try COINrReader.readData(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iData.csv"))
        let evaluation = try #require(framework.evaluations.first)
        #expect(evaluation.root.indicators.count == 49)
        #expect(evaluation.root.children.count == 2)
        #expect(evaluation.root.children.flatMap(\.children).count == 8)
        let results = try IndexEngine.run(framework: framework, dataset: dataset)
        guard case .crossSection(let result) = try #require(results.evaluations.first) else { return }
        #expect(result.units.count == 51)
        // Recompute one pillar by hand from the raw table: Political = mean of min-max(Embs, IGOs, UNVote).
        let table = try DataTable(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iData.csv"))
        let code = try table.requireColumn("uCode")
        func column(_ name: String) throws -> [Double?] {
            let index = try table.requireColumn(name)
            return table.rows.map { NumberParser.parse($0[index]) }
        }
        let scaled = try ["Embs", "IGOs", "UNVote"].map { name -> [Double?] in
            let values = try column(name)
            let present = values.compactMap { $0 }
            let (low, high) = (present.min() ?? 0, present.max() ?? 1)
            return values.map { $0.map { 100 * ($0 - low) / (high - low) } }
        }
        for (row, unitCode) in table.rows.map({ $0[code] }).enumerated() {
            let parts = scaled.compactMap { $0[row] }
            let expected = parts.reduce(0, +) / Double(parts.count)
            let unit = try #require(result.units.first { $0.id == unitCode })
            #expect(TestSupport.close(unit.nodes["Political"]?.score ?? nil, expected, 1e-9))
        }
        #expect(Set(result.units.compactMap(\.rank)).contains(1))
    }
}
