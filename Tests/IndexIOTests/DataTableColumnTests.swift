import IndexIO
import Testing

/// A column found by its header name ignoring case: the byte comparison of ASCII names gives what
/// lowercasing both gave, and names outside ASCII are still compared as Unicode text.
@Suite("Data table columns by name")
struct DataTableColumnTests {
    @Test func namesAreMatchedIgnoringCaseAsLowercasingBothDid() throws {
        let headers = ["uCode", "iName", "a;b", "École", "KEY", "Time", "time2", "x"]
        let table = try DataTable(
            text: headers.joined(separator: ",") + "\n" + headers.map { _ in "1" }.joined(separator: ",") + "\n",
            file: "t.csv"
        )
        let names = [
            "ucode", "UCODE", "uCode", "iname", "INAME", "time", "TIME2", "X", "missing", "",
            "A\u{037E}B",  // GREEK QUESTION MARK, canonically the same as ';'
            "école", "ÉCOLE", "E\u{301}cole",  // é written as e + combining acute
            "\u{212A}ey",  // KELVIN SIGN lowercases to k
            "[", "@", "`", "{",  // the bytes either side of A–Z and a–z
        ]
        for name in names {
            let expected = headers.firstIndex { $0.lowercased() == name.lowercased() }
            #expect(table.column(name) == expected, "\(name)")
        }
        #expect(table.column("ucode") == 0)
        #expect(table.column("A\u{037E}B") == 2)
        #expect(table.column("ÉCOLE") == 3)
        #expect(table.column("\u{212A}ey") == 4)
        #expect(table.column("[") == nil)
    }
}
