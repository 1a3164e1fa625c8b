import IndexCore
import Testing

@Suite("File names from data")
struct FileNameTests {
    @Test(arguments: [
        ("../../escaped-ranking.csv", "_._.._escaped-ranking.csv"),
        ("/etc/passwd", "_etc_passwd"),
        ("a\\b:c.csv", "a_b_c.csv"),
        (".hidden", "_hidden"),
        ("..", "_."),
        (".", "_"),
        ("", "_"),
        ("CON", "_CON"),
        ("nul.csv", "_nul.csv"),
        ("x\u{0}y\n.svg", "x_y_.svg"),
        ("CHE\"><svg onload=alert(1)>.svg", "CHE___svg_onload_alert_1__.svg"),
        ("区域-排名.csv", "区域-排名.csv"),
        ("regional-ranking.csv", "regional-ranking.csv"),
    ])
    func componentKeepsAPlainNameInsideItsFolder(wanted: String, expected: String) {
        let name = FileName.component(wanted)
        #expect(name == expected)
        #expect(!name.contains("/") && !name.contains("\\") && !name.hasPrefix(".") && !name.isEmpty)
    }

    @Test func namesAreUniqueIgnoringCaseAndKeepTheirExtension() {
        #expect(
            FileName.unique(["a/b.csv", "a_b.csv", "A_B.csv", "results.json", "a:b.csv"])
                == ["a_b.csv", "a_b-2.csv", "A_B-3.csv", "results.json", "a_b-4.csv"]
        )
    }

    @Test func longNamesAreShortenedBeforeTheExtensionAndStayUnique() {
        let long = String(repeating: "指", count: 200) + ".csv"
        let names = FileName.unique([long, long])
        #expect(names.allSatisfy { $0.utf8.count <= FileName.maxBytes && $0.hasSuffix(".csv") })
        #expect(names[0] != names[1])
        #expect(names[1].hasSuffix("-2.csv"))
    }
}
