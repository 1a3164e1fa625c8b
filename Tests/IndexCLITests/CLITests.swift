import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexTestSupport
import IndexWorkflows
import Testing

@testable import IndexCLI

@Suite("Command line", .serialized, .quietOutput)
struct CLITests {
    @Test func runWritesEveryTableAndResultsJSON() throws {
        let directory = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        let command = try RunCommand.parse(["--out", directory.path, "--format", "csv"])
        try command.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(
            files.contains("results.json") && files.contains("regional-ranking.csv")
                && files.contains("national-index.csv")
        )
        // A CSV file opens in Excel with its Chinese intact: a byte-order mark, once; the JSON has none.
        let ranking = try Data(contentsOf: directory.appendingPathComponent("regional-ranking.csv"))
        #expect(
            ranking.prefix(3) == Data([0xEF, 0xBB, 0xBF]) && ranking.dropFirst(3).prefix(3) != Data([0xEF, 0xBB, 0xBF])
        )
        #expect(try Data(contentsOf: directory.appendingPathComponent("results.json")).first == UInt8(ascii: "{"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("results.json")))
                as? [String: Any]
        )
        #expect(json["illustrative"] as? Bool == true)
        let evaluations = try #require(json["evaluations"] as? [String: Any])
        let national = try #require(evaluations["national"] as? [String: Any])
        let series = try #require(national["series"] as? [String: [String: Double]])
        #expect(abs((series["index"]?["2023"] ?? 0) - 235) < 0.5)
        #expect(series["index"]?["2020"] == 100)
        let regional = try #require(evaluations["regional"] as? [String: Any])
        let units = try #require(regional["units"] as? [[String: Any]])
        #expect(units.count == 31)
        let weights = try #require((json["weights"] as? [String: [String: Double]])?["regional"])
        #expect(abs((weights["index"] ?? 0) - 100) < 1e-9)
    }

    @Test func badDataFailsAndWritesNothing() throws {
        let folder = try TestSupport.temporaryDirectory()
        let data = try TestSupport.write(
            "unit,indicator,period,value\nCN,n_nope,2020,1\nCN,n_5g_base_stations,2020,x\n",
            named: "bad.csv",
            in: folder
        )
        let out = folder.appendingPathComponent("out")
        let command = try RunCommand.parse([
            "--framework", try IndexCatalogPaths.framework(), "--data", data, "--out", out.path,
        ])
        #expect(throws: (any Error).self) { try command.run() }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func inconsistentMatrixIsRefusedUnlessAllowed() throws {
        let folder = try TestSupport.temporaryDirectory()
        let matrix = try TestSupport.write("1,9,1/9\n1/9,1,9\n9,1/9,1\n", named: "m.csv", in: folder)
        let refused = try AHPCommand.parse([matrix])
        #expect(throws: (any Error).self) { try refused.run() }
        let allowed = try AHPCommand.parse([matrix, "--allow-inconsistent", "--format", "json"])
        try allowed.run()
    }

    @Test func nonSquareMatrixNamesTheFile() throws {
        let folder = try TestSupport.temporaryDirectory()
        let matrix = try TestSupport.write("1,2\n1/2\n", named: "m.csv", in: folder)
        do {
            _ = try JudgementReader.readMatrix(path: matrix)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix(matrix))
            // A short row is caught where every CSV is read: at its line, before the matrix is built.
            #expect("\(error)".hasPrefix("\(matrix):2: the row has 1 fields but the header has 2"))
        }
    }

    @Test func parsesEveryOption() throws {
        let command = try RunCommand.parse([
            "--normalise", "zscore", "--scale", "10,2", "--aggregate", "geometric", "--tiers", "sizes:6,11,10,4",
            "--impute",
            "group-mean:region", "--outliers", "coinr",
        ])
        let options = try command.runOptions.options()
        #expect(options.normalisation == .zScore(mean: 10, sd: 2, ddof: nil))
        #expect(options.aggregation == .geometric)
        #expect(options.tierMethod == .sizes([6, 11, 10, 4]))
        #expect(options.imputation == .groupMean(group: "region"))
        #expect(options.outliers == .coinr(OutlierRule()))
        #expect(throws: (any Error).self) { try RunCommand.parse(["--normalise", "magic"]).runOptions.options() }
    }
}

enum IndexCatalogPaths {
    static func framework() throws -> String { try IndexCatalog.Catalog.frameworkPath }
}

@Suite("The first hour")
struct FirstHourTests {
    @Test func mistypedSubcommandNamesTheNearest() throws {
        let message = try #require(IIDEICommand.unknownSubcommand(["rnu"]))
        #expect(message.contains("unknown command 'rnu'. Did you mean 'run'?"))
        #expect(IIDEICommand.unknownSubcommand(["run", "--period", "2023"]) == nil)
        #expect(IIDEICommand.unknownSubcommand(["--version"]) == nil)
        #expect(IIDEICommand.unknownSubcommand([]) == nil)
        #expect(IIDEICommand.unknownSubcommand(["xyzzy"])?.contains("Did you mean") == false)
    }

    @Test func aNamedCommandParsesFromItselfAsFromTheRoot() throws {
        let arguments = [
            "run", "--normalise", "zscore", "--scale", "10,2", "--lang", "en", "--tiers", "sizes:6,11,10,4",
        ]
        let direct = try #require(IIDEICommand.parsedDirectly(arguments) as? RunCommand)
        let rooted = try #require(try IIDEICommand.parseAsRoot(arguments) as? RunCommand)
        #expect(try direct.runOptions.options() == rooted.runOptions.options())
        #expect(try direct.runOptions.options().tierMethod == .sizes([6, 11, 10, 4]))
        // Help, the version, errors and the root's own words go through the root.
        for other in [
            ["run", "--help"], ["run", "--version"], ["run", "--frobnicate"], ["--help"], ["catalog", "help"], [],
        ] {
            #expect(IIDEICommand.parsedDirectly(other) == nil, "\(other)")
        }
    }

    @Test func runIsTheDefaultCommand() throws {
        #expect(IIDEICommand.withDefaultCommand([]) == ["run"])
        #expect(IIDEICommand.withDefaultCommand(["--format", "json"]) == ["run", "--format", "json"])
        #expect(IIDEICommand.withDefaultCommand(["--lang=en"]) == ["run", "--lang=en"])
        #expect(IIDEICommand.withDefaultCommand(["report", "--out", "r"]) == ["report", "--out", "r"])
        for own in ["--help", "-h", "--version", "--generate-completion-script=zsh", "--experimental-dump-help"] {
            #expect(IIDEICommand.withDefaultCommand([own]) == [own])
        }
        // Through the executable: options alone run `run`, and the root's help says so.
        let bare = try TestSupport.run(TestSupport.executable, ["--lang", "en", "--period", "2023"])
        let named = try TestSupport.run(TestSupport.executable, ["run", "--lang", "en", "--period", "2023"])
        #expect(bare == named && bare.contains("Guangdong"))
        let help = try TestSupport.run(TestSupport.executable, ["--help"])
        #expect(help.contains("SUBCOMMANDS") && help.contains("`iidei` alone runs the built-in index"))
    }

    @Test func tablesInTheChosenLanguage() throws {
        let buffer = Console.Buffer()
        try Console.$capture.withValue(buffer) { try RunCommand.parse(["--lang", "en"]).run() }
        let ranking = buffer.contents.components(separatedBy: "Regional index").last ?? ""
        #expect(ranking.contains("Guangdong") && ranking.contains("1 Leading"))
        #expect(!ranking.contains("广东") && !ranking.contains("示范引领"))
        let chinese = Console.Buffer()
        try Console.$capture.withValue(chinese) { try RunCommand.parse(["--lang", "zh"]).run() }
        #expect(chinese.contents.contains("广东") && !chinese.contents.contains("Guangdong"))
    }

    @Test func versionIsTheEngines() throws {
        let output = try TestSupport.run(TestSupport.executable, ["--version"])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "iidei \(IndexEngine.version)")
        let mistyped = try TestSupport.runFailing(TestSupport.executable, ["rnu"])
        #expect(mistyped.status == 64)
        #expect(mistyped.errors.contains("Did you mean 'run'?"))
    }
}

@Suite("Own data naming provinces", .serialized, .quietOutput)
struct ProvinceNamesTests {
    @Test func ownFrameworkWithProvinceNamesGetsTheProvinces() throws {
        let folder = try TestSupport.temporaryDirectory()
        let framework = try TestSupport.write(
            "id: own\ntree:\n  id: index\n  children:\n    - {id: rd, unit: 亿元}\n    - {id: pat, unit: 件}\nevaluations:\n  - id: e\n    kind: cross-section\n",
            named: "own.yaml",
            in: folder
        )
        let rows = [("江苏", 100, 5), ("广东省", 120, 9), ("Zhejiang", 80, 4), ("北京", 90, 7)]
        let good = try TestSupport.write(
            "unit,indicator,period,value\n"
                + rows.map { "\($0.0),rd,2023,\($0.1)\n\($0.0),pat,2023,\($0.2)\n" }.joined(),
            named: "good.csv",
            in: folder
        )
        let inputs = try InputOptions.parse(["--framework", framework, "--data", good])
        let imported = try inputs.importData()
        #expect(Set(imported.dataset.observations.map(\.unit)) == ["320000", "440000", "330000", "110000"])
        #expect(imported.dataset.units.first { $0.id == "440000" }?.name.en == "Guangdong")
        // A name that matches nothing is reported with the nearest.
        let bad = try TestSupport.write(
            "unit,indicator,period,value\n江苏,rd,2023,1\n广东,rd,2023,2\nZhejang,rd,2023,3\n江苏,pat,2023,1\n广东,pat,2023,2\nZhejang,pat,2023,3\n",
            named: "bad.csv",
            in: folder
        )
        #expect(throws: IndexErrors.self) {
            try InputOptions.parse(["--framework", framework, "--data", bad]).importData()
        }
        do {
            _ = try InputOptions.parse(["--framework", framework, "--data", bad]).importData()
        } catch let error as IndexErrors {
            #expect(error.description.contains("unknown unit 'Zhejang' (did you mean 'Zhejiang', 330000?)"))
        }
        // Codes that are no provinces stay as they are.
        let codes = try TestSupport.write(
            "unit,indicator,period,value\nA,rd,2023,1\nB,rd,2023,2\nA,pat,2023,1\nB,pat,2023,2\n",
            named: "codes.csv",
            in: folder
        )
        let plain = try InputOptions.parse(["--framework", framework, "--data", codes]).importData()
        #expect(plain.dataset.units.map(\.id) == ["A", "B"])
    }
}
