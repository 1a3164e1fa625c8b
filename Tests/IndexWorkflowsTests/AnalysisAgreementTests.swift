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

/// The analyses (levers, audit, the weights' derivation) from the command line and from the API
/// are the same documents byte for byte: one workflow behind both.
@Suite("Analyses agree: the CLI and the API give the same documents", .serialized, .timeLimit(.minutes(10)))
struct AnalysisAgreementTests {
    static let token = "analysis-token"

    /// The default options and the multiplicative combination of objective and expert weights.
    static let optionSets: [[String: String]] = [
        [:],
        ["weights": "entropy", "weightAlpha": "0.5", "weightCombination": "multiplicative"],
    ]

    /// A store holding the built-in data as `provinces@1`, and a server on it.
    static func served(
        _ body: @Sendable (String, any TestClientProtocol) async throws -> Void
    ) async throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        _ = try ImportCommand.parse([try Catalog.dataPath, "--dataset", "provinces", "--db", db]).printed()
        let state = try DashboardState(store: try Store(path: db))
        let app = buildApplication(configuration: ServerConfiguration(token: token), state: state)
        try await app.test(.router) { client in try await body(db, client) }
    }

    /// What the API answers to a POST with a JSON body.
    static func post(
        _ uri: String,
        _ body: some Encodable,
        on client: some TestClientProtocol
    ) async throws -> (
        HTTPResponse.Status, String
    ) {
        try await client.execute(
            uri: uri,
            method: .post,
            headers: [.authorization: "Bearer \(token)"],
            body: ByteBuffer(bytes: try WorkflowJSON.encode(body))
        ) { ($0.status, String(buffer: $0.body)) }
    }

    @Test func leversAndAuditAreTheSameDocuments() async throws {
        // A province by name: both front ends resolve it to its code.
        let unit = "Jiangsu"
        try await Self.served { db, client in
            for options in Self.optionSets {
                let flags = FrontEndAgreementTests.flags(options)
                let request = AnalysisAPIRequest(dataset: "provinces@1", options: try RunOptions.parse(options))

                let printedLevers = try LeversCommand.parse(
                    [unit, "--dataset", "provinces@1", "--db", db, "--format", "json"] + flags
                ).printed()
                var levers = request
                levers.unit = unit
                let (leversStatus, servedLevers) = try await Self.post("/api/v1/levers", levers, on: client)
                #expect(leversStatus == .ok, "\(servedLevers)")
                #expect(servedLevers == printedLevers, "options \(options)")
                let document = try JSONDecoder().decode(LeversDocument.self, from: Data(servedLevers.utf8))
                #expect(document.unit == "320000")
                #expect(!document.levers.isEmpty)

                let printedAudit = try AuditCommand.parse(
                    ["--dataset", "provinces@1", "--db", db, "--format", "json"] + flags
                ).printed()
                let (auditStatus, servedAudit) = try await Self.post("/api/v1/audit", request, on: client)
                #expect(auditStatus == .ok, "\(servedAudit)")
                #expect(servedAudit == printedAudit, "options \(options)")
                let audits = try JSONDecoder().decode([String: AuditDocument].self, from: Data(servedAudit.utf8))
                #expect(!audits.isEmpty)
            }
        }
    }

    /// `iidei regions --format json` and `POST /api/v1/regions` answer the same document.
    @Test func regionalAnalysesAreTheSameDocuments() async throws {
        try await Self.served { db, client in
            for options in Self.optionSets {
                let flags = FrontEndAgreementTests.flags(options)
                let request = AnalysisAPIRequest(dataset: "provinces@1", options: try RunOptions.parse(options))
                let printed = try RegionsCommand.parse(
                    ["--dataset", "provinces@1", "--db", db, "--format", "json"] + flags
                ).printed()
                let (status, served) = try await Self.post("/api/v1/regions", request, on: client)
                #expect(status == .ok, "\(served)")
                #expect(served == printed, "options \(options)")
                let document = try JSONDecoder().decode(RegionsDocument.self, from: Data(served.utf8))
                let section = try #require(document.evaluations.first)
                #expect(!section.concentration.isEmpty && !section.findings.zh.isEmpty && !section.findings.en.isEmpty)
                #expect(section.groupings.contains { $0.column == "region" })
            }
        }
    }

    @Test func aRecordedRunIsAnalysedUnderItsOwnOptions() async throws {
        // A province by name: both front ends resolve it to its code.
        let unit = "Jiangsu"
        try await Self.served { db, client in
            let options = Self.optionSets[1]
            _ = try RunCommand.parse(
                ["--dataset", "provinces@1", "--db", db, "--format", "json"] + FrontEndAgreementTests.flags(options)
            ).printed()
            let run = try #require(try Store(path: db).runs().first).id
            let printed = try LeversCommand.parse(
                [unit, "--dataset", "provinces@1", "--db", db, "--format", "json"]
                    + FrontEndAgreementTests.flags(options)
            ).printed()
            let (status, served) = try await Self.post(
                "/api/v1/levers",
                AnalysisAPIRequest(run: "\(run)", unit: unit),
                on: client
            )
            #expect(status == .ok, "\(served)")
            #expect(served == printed)
        }
    }

    @Test func theWeightsDerivationIsTheSameDocument() async throws {
        try await Self.served { _, client in
            let printed = try WeightsCommand.parse(["--format", "json"]).printed()
            let served = try await client.execute(uri: "/api/v1/weights/derivation", method: .get) {
                String(buffer: $0.body)
            }
            #expect(served == printed)
            let document = try JSONDecoder().decode([String: DerivedWeightsDocument].self, from: Data(served.utf8))
            #expect(document.keys.sorted() == (try Catalog.framework()).evaluations.map(\.id).sorted())
        }
    }

    @Test func bodiesAreReadStrictly() async throws {
        try await Self.served { _, client in
            let (unknown, message) = try await Self.post(
                "/api/v1/audit",
                ["dataset": "provinces@1", "units": "x"],
                on: client
            )
            #expect(unknown == .unprocessableContent)
            #expect(message.contains("unknown field 'units'"), "\(message)")
            let (both, _) = try await Self.post("/api/v1/levers", ["run": "1", "dataset": "provinces@1"], on: client)
            #expect(both == .unprocessableContent)
            let (noUnit, noUnitMessage) = try await Self.post("/api/v1/levers", ["dataset": "provinces@1"], on: client)
            #expect(noUnit == .unprocessableContent)
            #expect(noUnitMessage.contains("name the unit"), "\(noUnitMessage)")
            let (unauthorised, _) = try await client.execute(uri: "/api/v1/audit", method: .post) { ($0.status, 0) }
            #expect(unauthorised == .unauthorized)
        }
    }
}
