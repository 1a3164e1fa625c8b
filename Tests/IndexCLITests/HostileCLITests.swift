import ArgumentParser
import Foundation
import IndexCore
@testable import IndexCLI
import IndexTestSupport
import Testing

@Suite("Command line under hostile input", .serialized)
struct HostileCLITests {
    /// The HDI example with its evaluation renamed to a path.
    static func escapingFramework(in directory: URL, id: String) throws -> String {
        let yaml = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("examples/hdi.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "evaluations:\n  - id: hdi\n", with: "evaluations:\n  - id: \"\(id)\"\n")
        #expect(yaml.contains(id))
        return try TestSupport.write(yaml, named: "escape.yaml", in: directory)
    }

    /// Every file under a folder, relative to it.
    static func files(under folder: URL) -> Set<String> {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var names: Set<String> = []
        while let name = enumerator?.nextObject() as? String { names.insert(name) }
        return names
    }

    @Test(arguments: ["../../escaped", "/tmp/escaped-absolute", "a/../../b", "..", "CON"])
    func runOutWritesNothingOutsideTheFolder(id: String) throws {
        let root = try TestSupport.temporaryDirectory()
        let inputs = root.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let framework = try Self.escapingFramework(in: inputs, id: id)
        let out = root.appendingPathComponent("a/b/out")
        let data = TestSupport.packageRoot.appendingPathComponent("examples/hdi-data.csv").path
        try RunCommand.parse(["--framework", framework, "--data", data, "--out", out.path, "--format", "json"]).run()
        let written = Self.files(under: out)
        #expect(written.contains("results.json"))
        #expect(written.count > 1)
        #expect(written.allSatisfy { !$0.contains("/") })
        // Nothing anywhere else under the test's folder but the inputs and the output folder.
        let everything = Self.files(under: root)
        #expect(everything.filter { !$0.hasPrefix("inputs") && !$0.hasPrefix("a/b/out") && $0 != "a" && $0 != "a/b" }.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/escaped-absolute-ranking.csv"))
    }

    @Test(arguments: [["--port", "0"], ["--port", "65536"], ["--port", "-1"], ["--max-body-mib", "8796093022208"], ["--max-body-mib", "0"]])
    func serveRefusesPortsAndBodyLimitsOutOfRange(arguments: [String]) {
        #expect(throws: (any Error).self) { try ServeCommand.parse(arguments) }
    }

    @Test func serveAcceptsTheWholeRange() throws {
        _ = try ServeCommand.parse(["--port", "1", "--max-body-mib", "1"])
        _ = try ServeCommand.parse(["--port", "65535", "--max-body-mib", "4096"])
    }

    @Test func exitCodesComeFromTheErrorsKind() {
        #expect(ExitStatus.code(for: IndexError("bad value")) == 1)
        #expect(ExitStatus.code(for: IndexError("no run '9'", kind: .notFound)) == 3)
        #expect(ExitStatus.code(for: IndexError("exists", kind: .conflict)) == 4)
        #expect(ExitStatus.code(for: IndexError("hash", kind: .integrity)) == 5)
        #expect(ExitStatus.code(for: IndexError("bomb", kind: .limitExceeded)) == 7)
        #expect(ExitStatus.code(for: IndexErrors([IndexError("gone", kind: .notFound), IndexError("bad")])) == 3)
        struct Unexpected: Error {}
        #expect(ExitStatus.code(for: Unexpected()) == 70)
    }
}
