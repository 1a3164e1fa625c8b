import ArgumentParser
import Foundation
import IndexCore
import IndexReport
import IndexServer
import IndexStore
import Logging
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "The dashboard and JSON API (Hummingbird). With an empty store it shows the built-in framework and data."
    )

    @OptionGroup var store: StoreOptions

    @Option(
        help: ArgumentHelp(
            "A file of settings, one 'name = value' per line named as these options (port = 8081, private = true); flags and IIDEI_NAME variables win over it. Default: $IIDEI_CONFIG.",
            valueName: "file"
        )
    )
    var config: String?

    @Option(help: "Address to bind: loopback unless told otherwise.")
    var host = "127.0.0.1"

    @Option(help: "Port.")
    var port = 8080

    @Option(
        help:
            "A file holding the server's own bearer token (acting as an admin). Accounts' tokens (iidei user token) work without it."
    )
    var tokenFile: String?

    @Flag(help: "Make reads need the token too.")
    var `private` = false

    @Option(help: "The largest request body accepted, in MiB (413 beyond).")
    var maxBodyMib = 64

    @Option(
        help:
            "GeoJSON of province outlines (an adcode property per feature) for a geographic tier map that links to every province's page."
    )
    var geo: String?
    @Option(help: "Seconds a connection may take to send a whole request head, or stay idle between requests (1–3600).")
    var idleTimeout = 10
    @Option(help: "Seconds a request body may take to arrive whole, authorised or not (1–3600).")
    var bodyTimeout = 60

    /// The largest `--max-body-mib`: 4 GiB, far above any indicator table and far below an overflow.
    static let maxBodyMibLimit = 4096

    func validate() throws {
        guard (1...65_535).contains(port) else {
            throw ValidationError("--port must be between 1 and 65535 (got \(port))")
        }
        guard (1...Self.maxBodyMibLimit).contains(maxBodyMib) else {
            throw ValidationError("--max-body-mib must be between 1 and \(Self.maxBodyMibLimit) (got \(maxBodyMib))")
        }
        guard (1...3_600).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout must be between 1 and 3600 seconds (got \(idleTimeout))")
        }
        guard (1...3_600).contains(bodyTimeout) else {
            throw ValidationError("--body-timeout must be between 1 and 3600 seconds (got \(bodyTimeout))")
        }
    }

    func run() async throws {
        // Logging and metrics are bootstrapped once, by the executable (Sources/iidei); its way to
        // bootstrap metrics arrives here as a task-local value and runs here, the one command that
        // publishes them.
        let registry = MetricsRegistry.current.make()
        var logger = Logger(label: "iidei.server")
        logger.logLevel = .info
        do {
            let token = try tokenFile.map { path -> String in
                guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) })
                else {
                    throw IndexError("cannot read the token file", file: path)
                }
                let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard token.count >= 16 else {
                    throw IndexError("the token must be at least 16 characters", file: path)
                }
                return token
            }
            let opened = try openStore(writes: token != nil, logger: logger)
            let state = try DashboardState(store: opened, shapes: try geo.map { try GeoShapes(path: $0) })
            let configuration = ServerConfiguration(
                host: host,
                port: port,
                token: token,
                privateReads: `private`,
                maxBodyBytes: maxBodyMib << 20,
                idleTimeoutSeconds: idleTimeout,
                bodyTimeoutSeconds: bodyTimeout
            )
            logger.info(
                "serving",
                metadata: [
                    "server.address": "\(host):\(port)", "store.path": "\(store.displayPath)",
                    "writes": "\(token != nil)",
                ]
            )
            // Runs recorded by other processes on the same store replace the dashboard's snapshot.
            let follower = Task { await state.follow() }
            defer { follower.cancel() }
            try await serve(configuration: configuration, state: state, registry: registry, logger: logger)
        } catch let error as ExitCode {
            throw error
        } catch {
            throw ExitStatus.exit(reporting: error)
        }
    }

    /// Opens the store to serve. A PostgreSQL store is opened as it is (the database's grants say
    /// who may write). An SQLite file is opened read-only without a token, unless it must be
    /// upgraded first or holds surveys whose answers the form writes; a file that cannot be
    /// written is still served, read-only.
    func openStore(writes: Bool, logger: Logger) throws -> any IndexStoring {
        if PostgresStore.isLocation(store.path) { return try store.open() }
        // Without a token nothing is written: an existing store is opened read-only.
        let isReadOnly = !writes && FileManager.default.fileExists(atPath: store.path)
        var opened: Store
        do {
            opened = try store.openSQLite(access: isReadOnly ? .readOnly : .readWrite)
        } catch let error as IndexError
            where error.kind == .conflict && FileManager.default.isWritableFile(atPath: store.path)
        {
            // A store of an older iidei is upgraded once (a write), then served as usual.
            opened = try store.openSQLite()
        }
        // Experts answer weighting surveys through the form, which writes their answers; accounts'
        // tokens import, run and publish.
        if try isReadOnly && (!opened.surveyNames().isEmpty || !opened.accounts().isEmpty) {
            do {
                opened = try store.openSQLite()
            } catch let error as IndexError where error.kind == .unavailable {
                logger.warning("serving the store read-only: survey answers cannot be saved (\(error.message))")
            }
        }
        return opened
    }
}
