import ArgumentParser
import Foundation
import IndexCore
import IndexTestSupport
import Testing

@testable import IndexCLI

@Suite("Command line under hostile input", .serialized)
struct HostileCLITests {
    /// The HDI example with its evaluation renamed to a path.
    static func escapingFramework(in directory: URL, id: String) throws -> String {
        let yaml = try String(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("examples/hdi.yaml"),
            encoding: .utf8
        )
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
        #expect(
            everything.filter { !$0.hasPrefix("inputs") && !$0.hasPrefix("a/b/out") && $0 != "a" && $0 != "a/b" }
                .isEmpty
        )
        #expect(!FileManager.default.fileExists(atPath: "/tmp/escaped-absolute-ranking.csv"))
    }

    /// An empty output path names nothing: every command that writes refuses it and writes nothing.
    /// Before, `run --out ""` and `report --out ""` wrote their files into the working folder (a
    /// folder of "" is the current one), and `importance --chart ""` failed with a Foundation error.
    @Test(arguments: [
        ["run", "--out", ""], ["report", "--out", ""], ["robustness", "--replications", "5", "--out", ""],
        ["robustness", "--replications", "5", "--draws", ""], ["importance", "--chart", ""],
    ])
    func anEmptyOutputPathIsRefusedAndNothingIsWritten(arguments: [String]) throws {
        let folder = try TestSupport.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0, "\(arguments)")
        #expect(message.contains("an empty path names nothing"), "\(arguments): \(message)")
        #expect(Self.files(under: folder).isEmpty, "\(arguments) wrote \(Self.files(under: folder))")
    }

    @Test(arguments: [
        ["--port", "0"], ["--port", "65536"], ["--port", "-1"], ["--max-body-mib", "8796093022208"],
        ["--max-body-mib", "0"],
    ])
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

extension HostileCLITests {
    /// A workbook whose sheet declares 1,000 bytes and inflates to 300 MiB is refused by the command
    /// line within 100 MB of memory (peak resident size of the child process, measured by Python's
    /// `resource`), with the limit's exit code.
    @Test func aLyingWorkbookIsRefusedWithinAHundredMegabytes() throws {
        let directory = try TestSupport.temporaryDirectory()
        let output = try TestSupport.python(
            """
            import sys, zipfile, struct, resource, subprocess, os
            path = os.path.join(sys.argv[2], 'liar.xlsx')
            ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
            with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('xl/workbook.xml', '<workbook %s xmlns:r="%s"><sheets><sheet name="2023" sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, rel))
                z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % rel)
                with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=False) as sheet:
                    sheet.write(('<worksheet %s><sheetData>' % ns).encode())
                    block = b' ' * (1 << 20)
                    for _ in range(300): sheet.write(block)
                    sheet.write(b'</sheetData></worksheet>')
            data = bytearray(open(path, 'rb').read())
            name = b'xl/worksheets/sheet1.xml'
            i = 0
            while True:
                i = data.find(name, i + 1)
                if i < 0: break
                if data[i - 30:i - 26] == b'PK\\x03\\x04': struct.pack_into('<I', data, i - 30 + 22, 1000)
                if data[i - 46:i - 42] == b'PK\\x01\\x02': struct.pack_into('<I', data, i - 46 + 24, 1000)
            open(path, 'wb').write(bytes(data))
            result = subprocess.run([sys.argv[1], 'validate', '--data', path], capture_output=True, text=True)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
            print(result.returncode, peak, os.path.getsize(path))
            print(result.stderr.strip())
            """,
            [TestSupport.executable, directory.path]
        )
        let lines = output.split(separator: "\n")
        let numbers = lines.first?.split(separator: " ").compactMap { Int($0) } ?? []
        #expect(numbers.count == 3, "\(output)")
        print("lying workbook: exit code, peak MB, file bytes: \(lines.first ?? "")")
        #expect(numbers.first == 7, "\(output)")
        #expect((numbers.dropFirst().first ?? .max) < 100, "peak resident MB: \(output)")
        #expect(output.contains("refused: part xl/worksheets/sheet1.xml inflates beyond the 1000 bytes it declares"))
    }
}
