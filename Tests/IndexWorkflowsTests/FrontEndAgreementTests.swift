import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexServer
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

@testable import IndexCLI

/// Each workflow run from both front ends, the command line and the API, must give the same
/// document byte for byte: there is one implementation behind both.
@Suite("Front ends agree: the CLI and the API give the same documents", .serialized)
struct FrontEndAgreementTests {
    static let token = "agreement-token"

    /// Option sets of `run`, the multiplicative weight combination among them.
    static let optionSets: [[String: String]] = [
        [:],
        ["impute": "median", "outliers": "coinr"],
        ["normalise": "zscore", "scale": "10,2", "aggregate": "geometric", "tiers": "sizes:6,11,10,4", "ties": "max"],
        ["weights": "entropy", "weightAlpha": "0.5", "weightCombination": "multiplicative"],
        ["period": "all", "normalisationScope": "panel", "minCoverage": "0.5"],
    ]

    /// `--weight-alpha` from `weightAlpha`.
    static func flags(_ options: [String: String]) -> [String] {
        options.keys.sorted().flatMap { key -> [String] in
            let flag =
                "--" + key.replacingOccurrences(of: "([A-Z])", with: "-$1", options: .regularExpression).lowercased()
            return [flag, options[key] ?? ""]
        }
    }

    /// What a command prints.
    static func cli(_ command: some ParsableCommandRunnable) throws -> String {
        try command.printed()
    }

    @Test func runsDiffsRerunsAndExportsAreTheSameDocuments() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        _ = try Self.cli(try ImportCommand.parse([try Catalog.dataPath, "--dataset", "provinces", "--db", db]))
        let state = try DashboardState(store: try Store(path: db))
        let app = buildApplication(configuration: ServerConfiguration(token: Self.token), state: state)
        try await app.test(.router) { client in
            var runs: [(cli: Int64, api: Int64)] = []
            for options in Self.optionSets {
                // The command line records a run and prints its results document.
                let printed = try Self.cli(
                    try RunCommand.parse(
                        ["--dataset", "provinces@1", "--db", db, "--format", "json"] + Self.flags(options)
                    )
                )
                let cliRun = try #require(try Store(path: db).runs().first).id
                // The API records the same run; its stored document is what the API serves.
                let body = try WorkflowJSON.encode(
                    RunRequest(dataset: "provinces@1", options: try RunOptions.parse(options))
                )
                let apiRun = try await client.execute(
                    uri: "/api/v1/runs",
                    method: .post,
                    headers: [.authorization: "Bearer \(Self.token)"],
                    body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status == .created, "\(String(buffer: response.body))")
                    return try JSONDecoder().decode(RunRecordDocument.self, from: Data(response.body.readableBytesView))
                }
                #expect(apiRun.options == (try RunOptions.parse(options)))
                let served = try await client.execute(uri: "/api/v1/runs/\(apiRun.id)", method: .get) {
                    String(buffer: $0.body)
                }
                #expect(served == printed, "options \(options)")
                runs.append((cliRun, apiRun.id))
            }
            for (cliRun, apiRun) in runs {
                // Diff, rerun and export: the same documents from both front ends.
                let first = runs[0].cli
                let printedDiff = try Self.cli(
                    try DiffCommand.parse(["\(first)", "\(cliRun)", "--db", db, "--format", "json"])
                )
                let servedDiff = try await client.execute(uri: "/api/v1/runs/\(first)/diff/\(cliRun)", method: .get) {
                    String(buffer: $0.body)
                }
                #expect(servedDiff == printedDiff)
                let diff = try JSONDecoder().decode(RunDiffDocument.self, from: Data(servedDiff.utf8))
                // The CLI's run and the API's run under the same options are the same scores.
                let same = try Self.cli(
                    try DiffCommand.parse(["\(cliRun)", "\(apiRun)", "--db", db, "--format", "json"])
                )
                #expect(try JSONDecoder().decode(RunDiffDocument.self, from: Data(same.utf8)).changes.isEmpty)
                if cliRun != first { #expect(diff.changes.allSatisfy { $0.oldScore != nil || $0.newScore != nil }) }

                let printedRerun = try Self.cli(try RerunCommand.parse(["\(cliRun)", "--db", db, "--format", "json"]))
                let servedRerun = try await client.execute(uri: "/api/v1/runs/\(cliRun)/rerun", method: .post) {
                    String(buffer: $0.body)
                }
                #expect(servedRerun == printedRerun)
                #expect(try JSONDecoder().decode(RerunDocument.self, from: Data(servedRerun.utf8)).reproduced)

                let file = directory.appendingPathComponent("run-\(cliRun).json").path
                _ = try Self.cli(try ExportCommand.parse(["\(cliRun)", "--db", db, "--format", "json", "--out", file]))
                let servedExport = try await client.execute(
                    uri: "/api/v1/runs/\(cliRun)/export?format=json",
                    method: .get
                ) { String(buffer: $0.body) }
                #expect(servedExport == (try String(contentsOfFile: file, encoding: .utf8)))

                // Robustness of the recorded run: the same document, and its nominal ranks are the run's.
                let printedRobustness = try Self.cli(
                    try RobustnessCommand.parse([
                        "--run", "\(cliRun)", "--db", db, "--replications", "300", "--seed", "5", "--format", "json",
                    ])
                )
                let analysis = try WorkflowJSON.encode(
                    RobustnessAPIRequest(run: "\(cliRun)", analysis: RobustnessRequest(replications: 300, seed: 5))
                )
                let servedRobustness = try await client.execute(
                    uri: "/api/v1/robustness",
                    method: .post,
                    headers: [.authorization: "Bearer \(Self.token)"],
                    body: ByteBuffer(bytes: analysis)
                ) { String(buffer: $0.body) }
                #expect(servedRobustness == printedRobustness)
                let robustness = try JSONDecoder().decode(RobustnessDocument.self, from: Data(servedRobustness.utf8))
                let results = try JSONDecoder().decode(
                    ResultsDocument.self,
                    from: Data(try Store(path: db).results(of: try Store(path: db).run("\(cliRun)")).utf8)
                )
                guard case .crossSection(let section)? = results.evaluations[robustness.evaluation] else {
                    Issue.record("no cross-section \(robustness.evaluation)")
                    continue
                }
                let ranks = Dictionary(uniqueKeysWithValues: section.units.map { ($0.id, $0.rank) })
                for unit in robustness.units { #expect(ranks[unit.id] == unit.nominalRank, "\(unit.id) run \(cliRun)") }

                // The draws of that analysis: the file the CLI writes is the document the API serves.
                let drawsFile = directory.appendingPathComponent("draws-\(cliRun).json").path
                _ = try Self.cli(
                    try RobustnessCommand.parse([
                        "--run", "\(cliRun)", "--db", db, "--replications", "300", "--seed", "5", "--draws", drawsFile,
                    ])
                )
                let printedDraws = try JSONDecoder().decode(
                    RobustnessDrawsDocument.self,
                    from: Data(contentsOf: URL(fileURLWithPath: drawsFile))
                )
                let servedDraws = try await client.execute(
                    uri: "/api/v1/robustness/draws",
                    method: .post,
                    headers: [.authorization: "Bearer \(Self.token)"],
                    body: ByteBuffer(bytes: analysis)
                ) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                    return try JSONDecoder().decode(
                        RobustnessDrawsDocument.self,
                        from: Data(response.body.readableBytesView)
                    )
                }
                #expect(servedDraws == printedDraws)
                #expect(servedDraws.draws.map(\.replication) == Array(0..<300))
                if cliRun == first {
                    // More rows than a response carries: refused before any is computed, with the way out.
                    let tooMany = try WorkflowJSON.encode(
                        RobustnessAPIRequest(
                            run: "\(cliRun)",
                            analysis: RobustnessRequest(replications: RobustnessDrawsDocument.requestRowLimit + 1)
                        )
                    )
                    try await client.execute(
                        uri: "/api/v1/robustness/draws",
                        method: .post,
                        headers: [.authorization: "Bearer \(Self.token)"],
                        body: ByteBuffer(bytes: tooMany)
                    ) { response in
                        #expect(response.status == .unprocessableContent)
                        #expect(String(buffer: response.body).contains("iidei robustness --draws FILE"))
                    }
                }
            }
        }
    }
}
