import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// The one scan for keys given twice, which every strict JSON reader runs before decoding.
@Suite("A key given twice in a JSON document")
struct JSONRepeatedKeyTests {
    @Test(arguments: [
        (#"{"a": 1, "b": {"a": 2}}"#, nil) as (String, JSONRepeatedKey?),
        (#"[{"a": 1}, {"a": 2}]"#, nil),
        (#"{"a": "{\"a\": 1, \"a\": 2}", "b": [1, "a", "a"]}"#, nil),
        (#"{"a": 1, "a": 2}"#, JSONRepeatedKey(path: [], key: "a")),
        (#"{"x": [1, {"y": {"k": 1, "k": 2}}]}"#, JSONRepeatedKey(path: [.key("x"), .index(1), .key("y")], key: "k")),
        (#"{"k\u00e9": 1, "ké": 2}"#, JSONRepeatedKey(path: [], key: "ké")),
        (#"{"a\"b": 1, "a\u0022b": 2}"#, JSONRepeatedKey(path: [], key: #"a"b"#)),
    ])
    func findsTheFirstRepeatedKeyAndWhere(json: String, expected: JSONRepeatedKey?) {
        #expect(JSONRepeatedKey(in: Data(json.utf8)) == expected)
    }

    /// Objects beyond the linear search's limit are checked through a set, nested ones on their own.
    @Test func largeObjectsAreCheckedWhole() {
        let members = (0..<10_000).map { #""k\#($0)": {"a": 1, "b": 2}"# }.joined(separator: ", ")
        #expect(JSONRepeatedKey(in: Data("{\(members)}".utf8)) == nil)
        #expect(
            JSONRepeatedKey(in: Data("{\(members), \"k40\": 3}".utf8)) == JSONRepeatedKey(path: [], key: "k40")
        )
        // A large object's keys are forgotten when it closes: its sibling may use them again.
        #expect(JSONRepeatedKey(in: Data("{\"x\": {\(members)}, \"y\": {\(members)}}".utf8)) == nil)
        #expect(
            JSONRepeatedKey(in: Data("{\"x\": {\(members)}, \"y\": {\(members), \"k9\": 0}}".utf8))
                == JSONRepeatedKey(path: [.key("y")], key: "k9")
        )
    }

    @Test func aFieldGivenTwiceInAnImportedObservationIsRefusedWithItsNumber() throws {
        let json = """
            {"observations": [{"unit": "江苏", "indicator": "r_rd", "period": "2023", "value": 7},
                              {"unit": "广东", "indicator": "r_rd", "period": "2023", "value": 9, "value": 10}]}
            """
        let errors = try #require(throws: IndexErrors.self) {
            try DataImporter.read(
                files: [InMemoryFile(name: "values.json", data: Data(json.utf8))],
                specification: ImportTests.specification()
            )
        }
        #expect(errors.errors.map(\.description) == ["values.json:2: field 'value' is given twice"])
    }
}
