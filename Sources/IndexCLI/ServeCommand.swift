import ArgumentParser
import Foundation
import IndexCore
import IndexServer
import IndexStore
import Logging
import Metrics
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The dashboard and JSON API (Hummingbird). With an empty store it shows the built-in framework and data.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to bind: loopback unless told otherwise.")
    var host = "127.0.0.1"

    @Option(help: "Port.")
    var port = 8080

    @Option(help: "A file holding the bearer token for writes (uploads, runs). Without it, writes are refused.")
    var tokenFile: String?

    @Flag(help: "Make reads need the token too.")
    var `private` = false

    @Option(help: "The largest request body accepted, in MiB (413 beyond).")
    var maxBodyMib = 64

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "iidei.server")
        logger.logLevel = .info
        do {
            let token = try tokenFile.map { path -> String in
                guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
                    throw IndexError("cannot read the token file", file: path)
                }
                let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard token.count >= 16 else { throw IndexError("the token must be at least 16 characters", file: path) }
                return token
            }
            // Without a token nothing is written: an existing store is opened read-only.
            let isReadOnly = token == nil && FileManager.default.fileExists(atPath: store.path)
            let opened = try isReadOnly ? store.openForReading() : store.open()
            let state = try DashboardState(store: opened)
            let configuration = ServerConfiguration(
                host: host, port: port, token: token, privateReads: `private`, maxBodyBytes: maxBodyMib << 20)
            logger.info("serving", metadata: ["server.address": "\(host):\(port)", "store.path": "\(opened.path)", "writes": "\(token != nil)"])
            try await serve(configuration: configuration, state: state, registry: registry, logger: logger)
        } catch let error as ExitCode {
            throw error
        } catch {
            printError(report(error))
            throw ExitCode.failure
        }
    }
}
