import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

@testable import IndexCLI

/// Issue 22, class 8: `survey apply` writes a framework file and its record in the store as one
/// change. A failure at any step leaves both as they were; no reader ever sees the file without
/// its record.
@Suite("Hostile inputs, round two: survey apply is all or nothing", .serialized, .quietOutput)
struct HostileRound2SurveyApplyTests {
    /// A store with a survey of three experts who have all answered.
    static func answeredSurvey() throws -> (directory: URL, db: String) {
        let (directory, db) = try SurveyCommandTests.database()
        try SurveyCreateCommand.parse(["panel", "--expert-names", "Wang,Li,Zhang", "--db", db]).run()
        let store = try Store(path: db)
        let design = try store.survey("panel").design()
        for (e, expert) in ["Wang", "Li", "Zhang"].enumerated() {
            try store.saveResponse(
                survey: "panel",
                expert: expert,
                answers: SurveyCommandTests.answers(design, seed: UInt64(200 + e))
            )
        }
        return (directory, db)
    }

    /// What a failed apply must leave as it was: the folder's files and bytes, and the store's
    /// applications and frameworks.
    struct State: Equatable {
        var files: [String: Data]
        var frameworks: [String]
        var applications: [String: Int]

        init(folder: URL, store: Store) throws {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.contains(".sqlite")
            {
                var isFolder: ObjCBool = false
                let path = folder.appendingPathComponent(name).path
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                files[name] =
                    isFolder.boolValue ? Data("<folder>".utf8) : try Data(contentsOf: URL(fileURLWithPath: path))
            }
            self.files = files
            frameworks = try store.frameworks().map(\.hash)
            applications = try store.surveyRowCounts()
        }
    }

    enum Injected: Error { case failure }

    @Test func aFailureBetweenRecordAndFileTakesTheRecordBack() throws {
        let (directory, db) = try Self.answeredSurvey()
        let store = try Store(path: db)
        let out = directory.appendingPathComponent("weighted.yaml")
        try Data("# the framework as it was\n".utf8).write(to: out)
        let before = try State(folder: directory, store: store)
        let request = SurveyWeightingRequest(allowInconsistent: true)
        #expect(throws: Injected.failure) {
            _ = try SurveyWorkflows(store: store).apply(survey: "panel", request: request, out: out.path) {
                // Between the steps a reader sees the old file, and the store already records the new one.
                #expect(try String(contentsOf: out, encoding: .utf8) == "# the framework as it was\n")
                #expect(try store.surveyRowCounts()["surveyApplication"] == 1)
                throw Injected.failure
            }
        }
        #expect(try State(folder: directory, store: store) == before)
    }

    @Test func aFailureBeforeTheRecordLeavesTheFileAsItWas() throws {
        let (directory, db) = try Self.answeredSurvey()
        let out = directory.appendingPathComponent("weighted.yaml")
        try Data("# kept\n".utf8).write(to: out)
        let store = try Store(path: db)
        let before = try State(folder: directory, store: store)
        let request = SurveyWeightingRequest(allowInconsistent: true)
        // The store refuses the record: opened read-only, as a store on a read-only disk would be.
        let reader = try Store(path: db, access: .readOnly)
        do {
            _ = try SurveyWorkflows(store: reader).apply(survey: "panel", request: request, out: out.path)
            Issue.record("apply recorded into a read-only store")
        } catch let error as IndexError {
            #expect(error.kind == .unavailable, "\(error)")
        }
        #expect(try State(folder: directory, store: store) == before)
        // The file cannot be staged: a folder that does not exist, a folder in the way, a device.
        let folder = directory.appendingPathComponent("in-the-way.yaml")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let staged = try State(folder: directory, store: store)
        for (target, kind) in [
            (directory.appendingPathComponent("missing/weighted.yaml").path, IndexError.Kind.notFound),
            (folder.path, .conflict), ("/dev/null", .conflict),
        ] {
            do {
                _ = try SurveyWorkflows(store: store).apply(survey: "panel", request: request, out: target)
                Issue.record("apply wrote \(target)")
            } catch let error as IndexError {
                #expect(error.kind == kind, "\(target): \(error)")
                #expect(error.file == target)
            }
            #expect(try State(folder: directory, store: store) == staged, "\(target)")
        }
    }

    @Test func aSuccessfulApplyLeavesTheFileWithItsRecordAndNothingElse() throws {
        let (directory, db) = try Self.answeredSurvey()
        let out = directory.appendingPathComponent("weighted.yaml")
        let store = try Store(path: db)
        let document = try SurveyWorkflows(store: store).apply(
            survey: "panel",
            request: SurveyWeightingRequest(allowInconsistent: true),
            out: out.path
        )
        let written = try FrameworkSource(
            format: .yaml,
            content: String(contentsOf: out, encoding: .utf8),
            origin: out.path
        )
        let applications = try store.surveyApplications(framework: written)
        #expect(applications.map(\.frameworkHash) == [document.frameworkHash])
        #expect(applications.map(\.round) == [1])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.contains(".iidei-") }, "\(names)")
        // Applying again to the same file replaces it whole and records it again.
        _ = try SurveyWorkflows(store: store).apply(
            survey: "panel",
            request: SurveyWeightingRequest(aggregation: .aipArithmetic, allowInconsistent: true),
            out: out.path
        )
        let rewritten = try FrameworkSource(
            format: .yaml,
            content: String(contentsOf: out, encoding: .utf8),
            origin: out.path
        )
        #expect(try store.surveyApplications(framework: rewritten).count == 1)
    }
}
