import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import Testing

@testable import IndexCLI

@Suite("iidei survey: create, questionnaire, respond, round, status, weights, apply", .serialized, .quietOutput)
struct SurveyCommandTests {
    /// Runs the built `iidei` and returns what it prints.
    static func iidei(_ arguments: [String]) throws -> String {
        try TestSupport.run(TestSupport.executable, arguments)
    }

    /// A fresh store path.
    static func database() throws -> (URL, String) {
        let directory = try TestSupport.temporaryDirectory()
        return (directory, directory.appendingPathComponent("survey.sqlite").path)
    }

    /// Answers for every node (a near-consistent matrix from seeded weights) and every indicator.
    static func answers(_ design: SurveyDesign, seed: UInt64, overriding: [String: [[Double?]]] = [:]) -> SurveyAnswers
    {
        var generator = SplitMix64(seed: seed)
        var answers = SurveyAnswers()
        for node in design.nodes {
            let weights = node.children.map { _ in Double.random(in: 1...4, using: &generator) }
            answers.judgements[node.key] =
                overriding[node.key]
                ?? weights.map { wi in weights.map { wj in Optional(SaatyScale.nearest(wi / wj)) } }
            // Snapping may break reciprocity: mirror the upper triangle.
            if overriding[node.key] == nil, var matrix = answers.judgements[node.key] {
                for i in matrix.indices {
                    matrix[i][i] = 1
                    for j in matrix.indices where j > i { matrix[j][i] = matrix[i][j].map { 1 / $0 } }
                }
                answers.judgements[node.key] = matrix
            }
        }
        for indicator in design.indicators {
            answers.scores[indicator.id] = Double(Int.random(in: 60...100, using: &generator))
        }
        return answers
    }

    static func write(_ answers: SurveyAnswers, design: SurveyDesign, in directory: URL, name: String) throws -> String
    {
        try TestSupport.write(try SurveyAnswersJSON.text(answers, design: design), named: name, in: directory)
    }

    /// The survey's group weights for the index node equal `iidei ahp --aggregate aij` on the same
    /// three matrices (as CSV), to 1e-12; so do CR and λmax.
    @Test func threeExpertsThroughJSONMatchAHPWithAIJ() throws {
        let (directory, db) = try Self.database()
        try SurveyCreateCommand.parse(["panel", "--expert-names", "Wang,Li,Zhang", "--kind", "ahp", "--db", db]).run()
        let design = try Store(path: db).survey("panel").design()
        let index: [[[Double]]] = [
            [
                [1, 2, 3, 2, 1], [1.0 / 2, 1, 2, 1, 1.0 / 2], [1.0 / 3, 1.0 / 2, 1, 1.0 / 2, 1.0 / 3],
                [1.0 / 2, 1, 2, 1, 1.0 / 2], [1, 2, 3, 2, 1],
            ],
            [
                [1, 3, 5, 3, 2], [1.0 / 3, 1, 2, 1, 1.0 / 2], [1.0 / 5, 1.0 / 2, 1, 1.0 / 2, 1.0 / 3],
                [1.0 / 3, 1, 2, 1, 1.0 / 2], [1.0 / 2, 2, 3, 2, 1],
            ],
            [
                [1, 1, 2, 1, 1], [1, 1, 3, 2, 1], [1.0 / 2, 1.0 / 3, 1, 1, 1.0 / 2], [1, 1.0 / 2, 1, 1, 1],
                [1, 1, 2, 1, 1],
            ],
        ]
        var csvs: [String] = []
        for (e, expert) in ["Wang", "Li", "Zhang"].enumerated() {
            let answers = Self.answers(
                design,
                seed: UInt64(e + 1),
                overriding: ["index": index[e].map { $0.map(Optional.some) }]
            )
            let file = try Self.write(answers, design: design, in: directory, name: "\(expert).json")
            _ = try Self.iidei(["survey", "respond", "panel", "--expert", expert, file, "--db", db])
            csvs.append(
                try TestSupport.write(
                    index[e].map { $0.map(SaatyScale.label).joined(separator: ",") }.joined(separator: "\n") + "\n",
                    named: "\(expert).csv",
                    in: directory
                )
            )
        }
        let survey = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    try Self.iidei([
                        "survey", "weights", "panel", "--format", "json", "--allow-inconsistent", "--db", db,
                    ]).utf8
                )
            )
                as? [String: Any]
        )
        let ahp = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    try Self.iidei(["ahp"] + csvs + ["--aggregate", "aij", "--format", "json", "--allow-inconsistent"])
                        .utf8
                )
            )
                as? [String: Any]
        )
        let node = try #require((survey["nodes"] as? [String: Any])?["index"] as? [String: Any])
        let weights = try #require(node["weights"] as? [String: Double])
        let children = try #require(design.node("index")?.children)
        let expected = try #require(ahp["weights"] as? [Double])
        #expect(children.count == 5 && expected.count == 5)
        // Both commands print every double exactly: the group weights agree to 1e-12.
        for (child, value) in zip(children, expected) {
            #expect(TestSupport.close(weights[child], value, 1e-12), "\(child)")
        }
        // The same computation in full precision: the matrices as `iidei ahp` reads them from the CSVs.
        let group = try AHP.analyseGroup(try csvs.map { try JudgementReader.readMatrix(path: $0) }, aggregation: .aij)
        let responses = try Store(path: db).responses(survey: "panel")
        #expect(responses.map(\.expert) == ["Wang", "Li", "Zhang"])
        let surveyed = try #require(
            try design.groupWeights(
                responses.map { try design.check($0.answers, expert: $0.expert) },
                aggregation: .aij
            )["index"]
        )
        for (w, value) in zip(surveyed.weights, group.weights) { #expect(TestSupport.close(w, value, 1e-12)) }
        #expect(TestSupport.close(surveyed.consistency?.cr, group.consistency?.cr ?? -1, 1e-12))
        #expect(TestSupport.close(weights.values.reduce(0, +), 1, 1e-12))
        #expect(TestSupport.close((node["cr"] as? Double), ahp["cr"] as? Double ?? -1, 1e-12))
        #expect(TestSupport.close((node["lambdaMax"] as? Double), ahp["lambdaMax"] as? Double ?? -1, 1e-12))
        // The final weights of every evaluation total 100.
        let final = try #require(survey["final"] as? [String: Any])
        for evaluation in ["national", "regional"] {
            let effective = try #require(((final[evaluation] as? [String: Any])?["effective"]) as? [String: Double])
            #expect(TestSupport.close(effective["index"], 100, 1e-9))
        }
    }

    /// A survey of the built-in framework writes one questionnaire per expert that openpyxl reads;
    /// one filled in by openpyxl reads back; bad cells and another survey's questionnaire are refused
    /// naming sheet and cell, with nothing stored.
    @Test func questionnairesRoundTripThroughOpenpyxl() throws {
        let (directory, db) = try Self.database()
        try SurveyCreateCommand.parse(["built-in", "--experts", "3", "--db", db]).run()
        try SurveyCreateCommand.parse(["other", "--experts", "3", "--db", db]).run()
        let store = try Store(path: db)
        let design = try store.survey("built-in").design()
        let out = directory.appendingPathComponent("questionnaires").path
        try SurveyQuestionnaireCommand.parse(["built-in", "--out", out, "--db", db]).run()
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == ["built-in-E1-round1.xlsx", "built-in-E2-round1.xlsx", "built-in-E3-round1.xlsx"])

        let read = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            nodes = [ws.title for ws in wb.worksheets if ws["A1"].value == "node"]
            first = wb.worksheets[0]
            print(json.dumps({"survey": first["B1"].value, "expert": first["B2"].value, "round": first["B3"].value, "nodes": len(nodes),
              "keys": [wb[t]["B1"].value for t in nodes], "pairs": sum(1 for t in nodes for r in range(4, wb[t].max_row + 1) if wb[t].cell(r, 1).value),
              "scale": [wb["index"].cell(r, 9).value for r in range(4, 14)],
              "scores": wb["打分 Scores"].max_row - 1}, ensure_ascii=False))
            """
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(try TestSupport.python(read, [out + "/" + files[1]]).utf8))
                as? [String: Any]
        )
        #expect(summary["survey"] as? String == "built-in")
        #expect(summary["expert"] as? String == "E2")
        #expect(summary["round"] as? Int == 1)
        #expect(summary["nodes"] as? Int == design.nodes.count)
        #expect(summary["keys"] as? [String] == design.nodes.map(\.key))
        #expect(summary["pairs"] as? Int == design.nodes.reduce(0) { $0 + $1.pairs.count })
        #expect(summary["scores"] as? Int == design.indicators.count)
        #expect((summary["scale"] as? [String])?.first == "极端重要")
        #expect((summary["scale"] as? [String])?.count == 10)

        // openpyxl fills it: the index node's first pair as text "1/3", every other first pair as
        // text "2", the rest 1 as numbers (the foundation sheet only its first four pairs, a star that
        // Harker completes), every score 80 but the first 95.
        let fill = """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            for ws in wb.worksheets:
                if ws["A1"].value != "node": continue
                for row in range(4, ws.max_row + 1):
                    if ws.cell(row=row, column=1).value is None: continue
                    if ws["B1"].value == "foundation" and row > 7: continue
                    if ws["B1"].value == "index" and row == 4: value = sys.argv[3]
                    elif row == 4: value = "2"
                    else: value = 1
                    ws.cell(row=row, column=5).value = value
            s = wb["打分 Scores"]
            for row in range(2, s.max_row + 1):
                s.cell(row=row, column=4).value = 95 if row == 2 else 80
            wb.save(sys.argv[2])
            """
        let filled = directory.appendingPathComponent("filled.xlsx").path
        _ = try TestSupport.python(fill, [out + "/" + files[0], filled, "1/3"])
        try SurveyRespondCommand.parse(["built-in", "--expert", "E1", filled, "--db", db]).run()
        let stored = try #require(try store.responses(survey: "built-in").first)
        #expect(stored.expert == "E1")
        #expect(stored.answers.judgements.count == design.nodes.count)
        #expect(stored.answers.judgements["index"]?[0][1] == 1.0 / 3)
        #expect(stored.answers.judgements["innovation"]?[0][1] == 2)
        #expect(stored.answers.judgements["foundation"]?[1][2] == nil)
        #expect(stored.answers.scores.count == design.indicators.count)
        #expect(stored.answers.scores[design.indicators[0].id] == 95)
        // Issued again, E1's questionnaire keeps the answers given so far.
        let again = directory.appendingPathComponent("again").path
        try SurveyQuestionnaireCommand.parse(["built-in", "--out", again, "--db", db]).run()
        let kept = try TestSupport.python(
            "import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); print(wb['index']['E4'].value, wb['打分 Scores']['D2'].value)",
            [again + "/" + files[0]]
        )
        #expect(kept.trimmingCharacters(in: .whitespacesAndNewlines) == "1/3 95")
        let checked = try design.check(stored.answers, expert: "E1")
        #expect(checked.matrix("foundation")?.completions.isEmpty == false)

        // Bad cells and a questionnaire of another survey: refused, nothing stored.
        let before = try store.surveyRowCounts()
        let answersBefore = try store.responses(survey: "built-in")
        let bad = directory.appendingPathComponent("bad.xlsx").path
        _ = try TestSupport.python(fill, [out + "/" + files[1], bad, "12"])
        #expect(throws: (any Error).self) {
            try SurveyRespondCommand.parse(["built-in", "--expert", "E2", bad, "--db", db]).run()
        }
        do {
            _ = try Questionnaire.read(
                try XLSXReader.read(path: bad),
                file: "bad.xlsx",
                survey: "built-in",
                expert: "E2",
                round: 1,
                design: design
            )
            Issue.record("a judgement of 12 was accepted")
        } catch let error as IndexErrors {
            #expect(
                error.errors.first?.description
                    == "bad.xlsx [sheet 'index'] E4: expert 'E2', node 'index', pair (foundation, innovation): '12' is not on Saaty's 1–9 scale (1/9 … 9)"
            )
        }
        #expect(
            throws: IndexError(
                "this questionnaire is from survey 'built-in', not 'other'",
                file: filled,
                sheet: "说明 Instructions",
                line: 1,
                column: 2
            )
        ) {
            _ = try Questionnaire.read(
                try XLSXReader.read(path: filled),
                file: filled,
                survey: "other",
                expert: "E1",
                round: 1,
                design: design
            )
        }
        #expect(throws: (any Error).self) {
            try SurveyRespondCommand.parse(["other", "--expert", "E1", filled, "--db", db]).run()
        }
        #expect(throws: (any Error).self) {
            try SurveyRespondCommand.parse(["built-in", "--expert", "E3", filled, "--db", db]).run()
        }
        #expect(try store.surveyRowCounts() == before)
        #expect(try store.responses(survey: "built-in") == answersBefore)
        #expect(try store.responses(survey: "other").isEmpty)
    }

    /// Every class of bad answer through JSON is refused with its message and changes nothing.
    @Test func badJSONAnswersAreRefusedAndStoreNothing() throws {
        let (directory, db) = try Self.database()
        try SurveyCreateCommand.parse(["s", "--expert-names", "Wang,Li", "--db", db]).run()
        let store = try Store(path: db)
        let design = try store.survey("s").design()
        let good = try Self.write(Self.answers(design, seed: 7), design: design, in: directory, name: "good.json")
        try SurveyRespondCommand.parse(["s", "--expert", "Wang", good, "--db", db]).run()
        let before = try store.responses(survey: "s")
        let counts = try store.surveyRowCounts()
        let cases: [(String, String)] = [
            (
                #"{"ahp": {"innovation": [[1, 11, 2], [null, 1, 1], [null, null, 1]]}}"#,
                "expert 'Li': node 'innovation', pair (rd_input, innovation_output): 11.0 is not on Saaty's 1–9 scale (1/9 … 9)"
            ),
            (
                #"{"ahp": {"innovation": [[1, 3, 2], [3, 1, 1], [null, null, 1]]}}"#,
                "expert 'Li': node 'innovation', pair (rd_input, innovation_output): not reciprocal: a = 3 but the mirror entry is 3, expected 1/3"
            ),
            (#"{"ahp": {"nowhere": [[1, 3], ["1/3", 1]]}}"#, "expert 'Li': node 'nowhere' is not in this survey"),
            (
                #"{"scores": {"r_platforms": 120}}"#,
                "expert 'Li': score 120 is outside the panel's scale 0–100 (indicator 'r_platforms')"
            ),
            (
                #"{"ahp": {"innovation": [[1, "x", 2], [null, 1, 1], [null, null, 1]]}}"#,
                "node 'innovation', row 1, column 2: 'x' is not a number or fraction"
            ),
            (#"{"survey": "another", "scores": {}}"#, "these answers are for survey 'another', not 's'"),
        ]
        for (index, (body, message)) in cases.enumerated() {
            let file = try TestSupport.write(body, named: "bad\(index).json", in: directory)
            let (output, errors) = Self.failing(["survey", "respond", "s", "--expert", "Li", file, "--db", db])
            #expect(errors.contains(message), "\(body): \(errors) \(output)")
        }
        let unknown = Self.failing(["survey", "respond", "s", "--expert", "Nobody", good, "--db", db]).errors
        #expect(unknown.contains("expert 'Nobody' is not on the panel of survey 's' (Wang, Li)"))
        // A closed round takes no more answers for it.
        try SurveyRoundCommand.parse(["s", "--close", "--db", db]).run()
        #expect(
            throws: IndexError(
                "round 1 of survey 's' is closed (round 2 is open); expert 'Li's answers were not stored"
            )
        ) {
            try store.saveResponse(
                survey: "s",
                expert: "Li",
                answers: SurveyAnswers(scores: ["r_platforms": 50]),
                round: 1,
                merging: true
            )
        }
        #expect(try store.responses(survey: "s", round: 1) == before)
        #expect(try store.surveyRowCounts()["surveyResponse"] == counts["surveyResponse"])
        #expect(try store.surveyRowCounts()["surveyRound"] == 2)
    }

    /// Runs `iidei` expecting failure; returns standard output and error.
    static func failing(_ arguments: [String]) -> (output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return ("", "\(error)") }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            String(decoding: out, as: UTF8.self),
            String(decoding: err, as: UTF8.self) + (process.terminationStatus == 0 ? "EXIT 0" : "")
        )
    }

    /// `survey apply` writes a framework that `iidei run` accepts, with weights totalling 100, and the
    /// store (and `iidei weights`) say which survey, round and experts the weights came from.
    @Test func applyWritesAFrameworkThatRunAccepts() throws {
        let (directory, db) = try Self.database()
        try SurveyCreateCommand.parse(["apply", "--expert-names", "Wang,Li,Zhang", "--db", db]).run()
        let store = try Store(path: db)
        let design = try store.survey("apply").design()
        for (e, expert) in ["Wang", "Li", "Zhang"].enumerated() {
            let file = try Self.write(
                Self.answers(design, seed: UInt64(100 + e)),
                design: design,
                in: directory,
                name: "\(expert).json"
            )
            try SurveyRespondCommand.parse(["apply", "--expert", expert, file, "--db", db]).run()
        }
        let yaml = directory.appendingPathComponent("surveyed.yaml").path
        _ = try Self.iidei(["survey", "apply", "apply", "--out", yaml, "--db", db, "--allow-inconsistent"])
        let framework = try FrameworkReader.read(path: yaml)
        let regional = try #require(framework.evaluation("regional"))
        #expect(regional.weighting?.judgements["index"]?.count == 3)
        #expect(regional.weighting?.panel?.experts == ["Wang", "Li", "Zhang"])
        let output = try Self.iidei(["run", "--framework", yaml, "--data", try Catalog.dataPath, "--format", "json"])
        let results = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let weights = try #require(results["weights"] as? [String: [String: Double]])
        for evaluation in ["national", "regional"] {
            #expect(TestSupport.close(weights[evaluation]?["index"], 100, 1e-9))
            let pillars = ["foundation", "innovation", "industry", "application", "environment"].compactMap {
                weights[evaluation]?[$0]
            }
            #expect(TestSupport.close(pillars.reduce(0, +), 100, 1e-9))
        }
        // The group's AIJ weights for the index are the framework's AHP weights for it.
        let group = try #require(
            try design.groupWeights(
                try store.responses(survey: "apply").map { try design.check($0.answers, expert: $0.expert) }
            )["index"]
        )
        let derived = try regional.deriveWeights()
        let applied = try #require(derived.ahp["index"]?.weights)
        #expect(applied.count == group.weights.count)
        for (w, expected) in zip(applied, group.weights) { #expect(TestSupport.close(w, expected, 1e-12)) }
        // `--vary-weights experts` resamples the survey's experts: their matrices too, not only the panel
        // (with the panel removed, the weights still vary, and every draw's sibling weights total 1).
        var ahpOnly = framework
        for index in ahpOnly.evaluations.indices { ahpOnly.evaluations[index].weighting?.panel = nil }
        var specification = UncertaintySpecification()
        specification.weights = .experts
        let model = try UncertaintyModel(
            framework: ahpOnly,
            dataset: try Catalog.dataset(for: ahpOnly),
            evaluationID: "regional",
            specification: specification
        )
        let draws = try (0..<12).map { try model.drawWeights(seed: UInt64($0)) }
        #expect(Set(draws).count > 1)
        let parents = try CompiledEvaluation(evaluation: regional, root: try regional.deriveWeights().root).childParents
        for draw in draws {
            var totals: [Int: Double] = [:]
            for (position, parent) in parents.enumerated() { totals[parent, default: 0] += draw[position] }
            for total in totals.values { #expect(TestSupport.close(total, 1, 1e-9)) }
        }

        // Expert weights travel into the file and give the same group weights as the survey's.
        let weighted = directory.appendingPathComponent("weighted.yaml").path
        _ = try Self.iidei([
            "survey", "apply", "apply", "--out", weighted, "--expert-weights", "Wang=2,Li=1,Zhang=1",
            "--allow-inconsistent", "--db", db,
        ])
        let reread = try #require(try FrameworkReader.read(path: weighted).evaluation("regional"))
        #expect(reread.weighting?.expertWeights == [2, 1, 1])
        let byWeights = try #require(
            try design.groupWeights(
                try store.responses(survey: "apply").map { try design.check($0.answers, expert: $0.expert) },
                expertWeights: ["Wang": 2, "Li": 1, "Zhang": 1]
            )["index"]
        )
        let fromFile = try #require(try reread.deriveWeights().ahp["index"]?.weights)
        for (w, expected) in zip(fromFile, byWeights.weights) { #expect(TestSupport.close(w, expected, 1e-12)) }
        #expect(
            !zip(fromFile, applied).allSatisfy { TestSupport.close($0, $1, 1e-9) },
            "the expert weights change the group's weights"
        )

        // Provenance in the store and in `iidei weights`.
        let applications = try store.surveyApplications(framework: try FrameworkSource.read(path: yaml))
        #expect(applications.map(\.survey) == ["apply"])
        #expect(applications.first?.round == 1)
        #expect(applications.first?.experts == ["Wang", "Li", "Zhang"])
        let shown = try TestSupport.run(
            TestSupport.executable,
            ["weights", "--framework", yaml],
            environment: ["IIDEI_DB": db]
        )
        #expect(shown.contains("Weights from survey 'apply', round 1 (aij); experts: Wang, Li, Zhang"))
    }

    /// Two Delphi rounds through the commands: closing round 1 opens round 2, whose questionnaire shows
    /// the group's median, quartiles and CV beside the expert's own answer; `status` reports both rounds.
    @Test func aSecondRoundShowsTheGroupsView() throws {
        let (directory, db) = try Self.database()
        try SurveyCreateCommand.parse(["delphi", "--experts", "3", "--kind", "delphi", "--db", db]).run()
        let store = try Store(path: db)
        let design = try store.survey("delphi").design()
        let firstRound = directory.appendingPathComponent("round1").path
        try SurveyQuestionnaireCommand.parse(["delphi", "--out", firstRound, "--db", db]).run()
        for e in 1...3 {
            let file = try Self.write(
                Self.answers(design, seed: UInt64(200 + e)),
                design: design,
                in: directory,
                name: "E\(e).json"
            )
            try SurveyRespondCommand.parse(["delphi", "--expert", "E\(e)", file, "--db", db]).run()
        }
        try SurveyRoundCommand.parse(["delphi", "--close", "--max-rounds", "3", "--db", db]).run()
        #expect(try store.survey("delphi").round == 2)
        // A round-1 questionnaire returned after round 1 closed is refused, naming the cell.
        let late = firstRound + "/delphi-E1-round1.xlsx"
        #expect(
            throws: IndexError(
                "this questionnaire is for round 1, but round 2 is open",
                file: late,
                sheet: "说明 Instructions",
                line: 3,
                column: 2
            )
        ) {
            _ = try Questionnaire.read(
                try XLSXReader.read(path: late),
                file: late,
                survey: "delphi",
                expert: "E1",
                round: 2,
                design: design
            )
        }
        let countsBefore = try store.surveyRowCounts()
        #expect(throws: (any Error).self) {
            try SurveyRespondCommand.parse(["delphi", "--expert", "E1", late, "--db", db]).run()
        }
        #expect(try store.surveyRowCounts() == countsBefore)
        let out = directory.appendingPathComponent("round2").path
        try SurveyQuestionnaireCommand.parse(["delphi", "--out", out, "--db", db]).run()
        let read = """
            import json, sys, openpyxl
            s = openpyxl.load_workbook(sys.argv[1])["打分 Scores"]
            print(json.dumps([c.value for c in s[2]]))
            """
        let row = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try TestSupport.python(read, [out + "/delphi-E1-round2.xlsx"]).utf8)
            ) as? [Any]
        )
        func number(_ value: Any) -> Double? {
            (value as? NSNumber)?.doubleValue ?? (value as? Double) ?? (value as? Int).map(Double.init)
        }
        let round1 = try design.delphiStatistics(
            try store.responses(survey: "delphi", round: 1).map { try design.check($0.answers, expert: $0.expert) },
            round: 1
        )
        let first = try #require(round1.indicator(design.indicators[0].id))
        #expect(row[0] as? String == design.indicators[0].id)
        #expect(number(row[4]) == (try store.responses(survey: "delphi", round: 1).first?.answers.scores[first.id]))
        #expect(TestSupport.close(number(row[5]), first.median, 1e-12))
        #expect(TestSupport.close(number(row[6]), first.lowerQuartile, 1e-12))
        #expect(TestSupport.close(number(row[7]), first.upperQuartile, 1e-12))
        #expect(TestSupport.close(number(row[8]), first.cv, 1e-4))
        let status = try Self.iidei(["survey", "status", "delphi", "--format", "json", "--db", db])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])
        let rounds = try #require(json["rounds"] as? [[String: Any]])
        #expect(rounds.count == 1)
        #expect(TestSupport.close((rounds.first?["kendallW"] as? Double), round1.kendallW, 1e-9))
        // With at most two rounds, closing round 2 finishes the survey; answers are then refused.
        try SurveyRoundCommand.parse(["delphi", "--close", "--max-rounds", "2", "--db", db]).run()
        #expect(try store.survey("delphi").isFinished)
        #expect(throws: IndexError("survey 'delphi' is finished: round 2 is closed; expert 'E1' can no longer answer"))
        {
            try store.saveResponse(
                survey: "delphi",
                expert: "E1",
                answers: SurveyAnswers(scores: [design.indicators[0].id: 50])
            )
        }
    }
}

extension SurveyCommandTests {
    /// A two-round Delphi of the built-in framework's 82 indicators with eight simulated experts, through
    /// the store and the commands: round-two answers move halfway to the round-one median the
    /// questionnaire shows, so `survey status` reports every indicator's CV falling, W rising, and the
    /// CV rule met in round 2 only.
    @Test func eightExpertsTwoRoundsCVFalls() throws {
        let (directory, db) = try Self.database()
        try SurveyCreateCommand.parse(["delphi8", "--experts", "8", "--kind", "delphi", "--db", db]).run()
        let store = try Store(path: db)
        let design = try store.survey("delphi8").design()
        var generator = SplitMix64(seed: 88)
        let truth = Dictionary(
            uniqueKeysWithValues: design.indicators.map { ($0.id, Double.random(in: 65...90, using: &generator)) }
        )
        func noise(_ spread: Double) -> Double {
            (0..<4).reduce(0.0) { total, _ in total + Double.random(in: -1...1, using: &generator) } / 4 * spread
        }
        let experts = (1...8).map { "E\($0)" }
        var firstRound: [String: [String: Double]] = [:]
        for expert in experts {
            // Drawn in the indicators' order, so the simulation is the same in every process.
            firstRound[expert] = Dictionary(
                uniqueKeysWithValues: truth.sorted { $0.key < $1.key }.map { key, value in
                    (key, min(100, max(0, (value + noise(40)).rounded())))
                }
            )
            let file = try Self.write(
                SurveyAnswers(scores: firstRound[expert] ?? [:]),
                design: design,
                in: directory,
                name: "\(expert)-1.json"
            )
            try SurveyRespondCommand.parse(["delphi8", "--expert", expert, file, "--db", db]).run()
        }
        try SurveyRoundCommand.parse(["delphi8", "--close", "--max-cv", "0.2", "--db", db]).run()
        #expect(try store.survey("delphi8").round == 2)
        // Each expert reads the group's median from their round-2 questionnaire (column F).
        let out = directory.appendingPathComponent("round2").path
        try SurveyQuestionnaireCommand.parse(["delphi8", "--out", out, "--db", db]).run()
        let medians = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    try TestSupport.python(
                        """
                        import json, sys, openpyxl
                        s = openpyxl.load_workbook(sys.argv[1])["打分 Scores"]
                        print(json.dumps({s.cell(r, 1).value: s.cell(r, 6).value for r in range(2, s.max_row + 1)}))
                        """,
                        [out + "/delphi8-E1-round2.xlsx"]
                    ).utf8
                )
            ) as? [String: NSNumber]
        )
        #expect(medians.count == design.indicators.count)
        for expert in experts {
            let moved = (firstRound[expert] ?? [:]).sorted { $0.key < $1.key }.reduce(into: [String: Double]()) {
                scores,
                entry in
                let median = medians[entry.key]?.doubleValue ?? entry.value
                scores[entry.key] = min(100, max(0, ((entry.value + median) / 2 + noise(4)).rounded()))
            }
            let file = try Self.write(
                SurveyAnswers(scores: moved),
                design: design,
                in: directory,
                name: "\(expert)-2.json"
            )
            try SurveyRespondCommand.parse(["delphi8", "--expert", expert, file, "--db", db]).run()
        }
        let status = try Self.iidei(["survey", "status", "delphi8", "--format", "json", "--max-cv", "0.2", "--db", db])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])
        let rounds = try #require(json["rounds"] as? [[String: Any]])
        try #require(rounds.count == 2)
        let one = try #require(rounds[0]["indicators"] as? [String: [String: Double]])
        let two = try #require(rounds[1]["indicators"] as? [String: [String: Double]])
        #expect(one.count == 82 && two.count == 82)
        for (id, before) in one {
            let after = try #require(two[id]?["cv"])
            #expect(after < (before["cv"] ?? 0), "\(id): CV \(before["cv"] ?? 0) → \(after)")
        }
        #expect((rounds[1]["kendallW"] as? Double ?? 0) > (rounds[0]["kendallW"] as? Double ?? 1))
        #expect(rounds[0]["stop"] as? Bool == false)
        #expect(
            rounds[1]["stop"] as? Bool == true,
            "\(one.values.compactMap { $0["cv"] }.max() ?? 0) → \(two.values.compactMap { $0["cv"] }.max() ?? 0)"
        )
    }
}
