import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

/// The `iidei` executable against a real store file: what users see, and what a killed process leaves.
@Suite("Importing through the command line", .serialized)
struct ImportProcessTests {
    static func iidei(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let executable = TestSupport.executable
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw IndexError("build the iidei executable first (swift build): \(executable)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func badFilesLeaveTheStoreAsItWas() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let good = try TestSupport.write(
            "unit,indicator,period,value\n江苏,r_5g_base_stations,2023,10\n广东省,r_5g_base_stations,2023,12\n",
            named: "good.csv",
            in: directory
        )
        let first = try Self.iidei(["import", good, "--dataset", "partial", "--allow-incomplete", "--db", db])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("imported partial@1: 2 values"))
        let before = try Store(path: db).statistics()
        let bad = try TestSupport.write(
            "unit,indicator,period,value\n江苏,r_5g_base_stations,2024,1.2万\n火星,r_5g_base_stations,2024,3\n广东,r_5g_base_stations,2024,abc\n",
            named: "bad.csv",
            in: directory
        )
        let second = try Self.iidei(["import", good, bad, "--dataset", "partial", "--allow-incomplete", "--db", db])
        #expect(second.status == 1)
        #expect(second.output.contains("\(bad):3:1: unknown unit '火星'"))
        #expect(
            second.output.contains(
                "\(bad):4:4: value 'abc' is not a number (indicator 'r_5g_base_stations', unit '440000')"
            )
        )
        #expect(!second.output.contains("imported"))
        #expect(try Store(path: db).statistics() == before)
        #expect(try Store(path: db).datasets().map(\.reference) == ["partial@1"])
    }

    @Test func aKilledImportLeavesThePreviousVersionIntact() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let fixture = ScaleDataset(units: 3_000, indicators: 40, periods: 4)
        let framework = try TestSupport.write(fixture.frameworkYAML(), named: "county.yaml", in: directory)
        // Four counties: the fewest the index (four Jenks tiers) can be computed on, which import checks.
        let small = try TestSupport.write(
            "unit,indicator,period,value\n"
                + (1...4).flatMap { unit in (0..<40).map { "C\(unit),i\($0),2023,\(unit * 40 + $0)" } }.joined(
                    separator: "\n"
                ) + "\n",
            named: "small.csv",
            in: directory
        )
        let first = try Self.iidei(["import", small, "--dataset", "county", "--framework", framework, "--db", db])
        #expect(first.status == 0, "\(first.output)")
        let before = try Store(path: db).statistics()
        #expect(before.observations == 160)

        let large = directory.appendingPathComponent("large.csv").path
        try fixture.writeLongCSV(to: large)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = ["import", large, "--dataset", "county", "--framework", framework, "--db", db]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The write-ahead log grows only while the import's transaction writes: kill it then.
        let wal = db + "-wal"
        var walSize = 0
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline {
            walSize = ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? Int) ?? 0
            if walSize > 4 << 20 { break }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the import finished before it could be killed")
        #expect(walSize > 4 << 20)

        // The values are written as one blob in one statement, so the kill may land just after the
        // commit: then the new version is there whole. Never anything in between.
        let after = try Store(path: db)
        let versions = try after.datasets().map(\.reference)
        if versions == ["county@1"] {
            #expect(try after.statistics() == before)
            #expect(try after.dataset(try after.datasetVersion("county")).observations.count == 160)
        } else {
            #expect(versions == ["county@1", "county@2"])
            #expect(try after.dataset(try after.datasetVersion("county@2")).observations.count == fixture.valueCount)
        }
        #expect(try after.statistics().integrity == "ok")
    }
}
