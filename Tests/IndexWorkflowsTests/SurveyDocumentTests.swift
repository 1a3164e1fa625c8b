import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

@testable import IndexCLI
@testable import IndexServer

/// One document per survey use case: `iidei survey … --format json` and the API give the same bytes.
@Suite("Survey documents: the command line and the API agree byte for byte", .serialized, .timeLimit(.minutes(3)))
struct SurveyDocumentTests {
    /// What a command prints, captured.
    static func printed(_ command: some ParsableCommand) throws -> String {
        var command = command
        let buffer = Console.Buffer()
        try Console.$capture.withValue(buffer) { try command.run() }
        return buffer.contents
    }

    /// Answers to the innovation node (one pair left for Harker's completion) and every indicator.
    static func answers(_ design: SurveyDesign, offset: Int) throws -> String {
        let scores = design.indicators.enumerated().map { index, indicator in
            "\"\(indicator.id)\": \(60 + (index * (offset + 3)) % 41)"
        }
        return #"{"ahp": {"innovation": [[1, 3, null], ["1/3", 1, 2], [null, "1/2", 1]]}, "scores": {"#
            + scores.joined(separator: ", ") + "}}"
    }

    @Test func statusAndReceiptAreTheSameDocumentOnBothSurfaces() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("s.sqlite").path
        let store = try Store(path: db)
        let created = try SurveyWorkflows(store: store).create(
            SurveyCreation(
                name: "panel",
                framework: try Catalog.frameworkSource(),
                scale: try ScoreScale(),
                experts: ["Wang", "Li"]
            )
        )
        let tokens = Dictionary(uniqueKeysWithValues: created.experts.map { ($0.expert, $0.token) })
        let design = try store.survey("panel").design()
        var files: [String: String] = [:]
        for (offset, expert) in ["Wang", "Li"].enumerated() {
            files[expert] = try TestSupport.write(
                try Self.answers(design, offset: offset),
                named: "\(expert).json",
                in: directory
            )
        }
        // Li answers through the command line; Wang through both, replacing, so both receipts are of
        // the same stored round.
        _ = try Self.printed(
            try SurveyRespondCommand.parse(["panel", "--expert", "Li", files["Li"] ?? "", "--db", db])
        )
        let cliReceipt = try Self.printed(
            try SurveyRespondCommand.parse([
                "panel", "--expert", "Wang", files["Wang"] ?? "", "--replace", "--format", "json", "--db", db,
            ])
        )
        let cliStatus = try Self.printed(
            try SurveyStatusCommand.parse(["panel", "--max-cv", "0.2", "--format", "json", "--db", db])
        )
        let body = try String(contentsOfFile: files["Wang"] ?? "", encoding: .utf8)
        let app = buildApplication(configuration: ServerConfiguration(), state: try DashboardState(store: store))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/surveys/panel/responses?replace=true",
                method: .post,
                headers: [.authorization: "Bearer \(tokens["Wang"] ?? "")"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .created)
                #expect(String(buffer: response.body) == cliReceipt)
            }
            try await client.execute(uri: "/api/v1/surveys/panel?maxCv=0.2", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == cliStatus)
            }
        }
        // The documents say what they should, not only the same thing twice.
        let receipt = try JSONDecoder().decode(SurveyResponseReceipt.self, from: Data(cliReceipt.utf8))
        #expect(receipt.expert == "Wang" && receipt.round == 1 && receipt.scores == design.indicators.count)
        let innovation = try #require(receipt.matrices["innovation"])
        #expect(TestSupport.close(innovation.completed.first?.value, 6, 1e-9))
        #expect(TestSupport.close(innovation.cr, 0, 1e-9))
        let status = try JSONDecoder().decode(SurveyStatusDocument.self, from: Data(cliStatus.utf8))
        #expect(status.experts.map(\.expert) == ["Wang", "Li"])
        #expect(status.experts.map(\.matrices) == [1, 1])
        #expect(status.rounds.count == 1)
        #expect(status.rounds.first?.indicators.count == design.indicators.count)
        #expect(
            cliStatus
                == (try WorkflowJSON.text(
                    try SurveyWorkflows(store: store).status(
                        survey: "panel",
                        rule: DelphiStoppingRule(maximumCV: 0.2)
                    ).document
                ))
        )
    }

    /// The weights document reads back as itself, with each node's group result and the experts beside
    /// it in one object (as `iidei weights --format json` writes AHP results).
    @Test func theWeightsDocumentReadsBackAsItself() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("w.sqlite").path
        let surveys = SurveyWorkflows(store: try Store(path: db))
        _ = try surveys.create(
            SurveyCreation(
                name: "w",
                framework: try Catalog.frameworkSource(),
                scale: try ScoreScale(),
                experts: ["A", "B"]
            )
        )
        let design = try surveys.store.survey("w").design()
        for (e, expert) in ["A", "B"].enumerated() {
            let judgements = Dictionary(
                uniqueKeysWithValues: design.nodes.map { node in
                    (node.key, node.children.map { _ in node.children.map { _ in Optional(1.0) } })
                }
            )
            let scores = Dictionary(
                uniqueKeysWithValues: design.indicators.enumerated().map { i, indicator in
                    (indicator.id, Double(60 + (i * (e + 3)) % 35))
                }
            )
            _ = try surveys.respond(
                survey: "w",
                expert: expert,
                answers: .answers(SurveyAnswers(judgements: judgements, scores: scores))
            )
        }
        let printed = try Self.printed(try SurveyWeightsCommand.parse(["w", "--format", "json", "--db", db]))
        let document = try JSONDecoder().decode(SurveyWeightsDocument.self, from: Data(printed.utf8))
        #expect(try WorkflowJSON.text(document) == printed)
        #expect(document.finalProblem == nil, "\(document.finalProblem ?? "")")
        let index = try #require(document.final?["regional"]?.ahp["index"])
        #expect(index.aggregation == .aij)
        #expect(index.experts?.count == 2)
        #expect(TestSupport.close(index.group.cr, 0, 1e-9))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any])
        let flat = try #require(
            (((json["final"] as? [String: Any])?["regional"] as? [String: Any])?["ahp"] as? [String: Any])?["index"]
                as? [String: Any]
        )
        #expect(Set(flat.keys).isSuperset(of: ["weights", "cr", "riTable", "consistent", "aggregation", "experts"]))
        #expect(TestSupport.close(document.final?["regional"]?.effective["index"], 100, 1e-9))
    }

    /// Answers are read strictly: unknown fields, booleans for numbers and a node given twice are refused.
    @Test(arguments: [
        (#"{"ahp": {}, "extra": 1}"#, "unknown field 'extra' (expected ahp, scores)"),
        (#"{"scores": {"r_platforms": true}}"#, "score 'true' is not a number"),
        (
            #"{"ahp": {"innovation": [[1, true, 2], [null, 1, 1], [null, null, 1]]}}"#,
            "node 'innovation', row 1, column 2: 'true' is not a number or fraction"
        ),
        (#"{"survey": 3}"#, "'survey' must be text"),
        (#"{"scores": {"r_platforms": 50, "r_platforms": 60}}"#, "indicator 'r_platforms' is given twice"),
        (#"{"ahp": {"a": [[1, {"a": 1}]], "b": [[1]], "a": [[1]]}}"#, "node 'a' is given twice"),
        (#"{"scores": {}, "scores": {}}"#, "field 'scores' is given twice"),
        // The decoder reads `\u0070` as `p`: the same key, so the same refusal.
        (#"{"scores": {"r_platforms": 50, "r_\u0070latforms": 60}}"#, "indicator 'r_platforms' is given twice"),
        (#"[1, 2]"#, #"answers must be a JSON object {"ahp": {…}, "scores": {…}}"#),
    ])
    func answersAreReadStrictly(body: String, message: String) throws {
        do {
            _ = try SurveyAnswersJSON.parse(Data(body.utf8), file: "a.json", survey: "s")
            Issue.record("accepted: \(body)")
        } catch let error as IndexError {
            #expect(error.message == message)
            #expect(error.file == "a.json")
        }
    }

    @Test func answersReadBackAsStored() throws {
        let design = try SurveyDesign(framework: try Catalog.framework(), kind: .both, scale: try ScoreScale())
        let node = try #require(design.nodes.first)
        let n = node.children.count
        var matrix: [[Double?]] = (0..<n).map { i in (0..<n).map { j in i == j ? 1 : nil } }
        matrix[0][1] = 5
        matrix[1][0] = 1.0 / 5
        let answers = SurveyAnswers(
            judgements: [node.key: matrix],
            scores: [try #require(design.indicators.first?.id): 72.5]
        )
        let text = try SurveyAnswersJSON.text(answers, design: design)
        #expect(text.contains(#""1/5""#))
        #expect(try SurveyAnswersJSON.parse(Data(text.utf8), file: "stored") == answers)
    }
}
