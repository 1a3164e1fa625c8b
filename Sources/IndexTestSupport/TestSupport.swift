public import Foundation
public import IndexCore
import RealModule

/// Paths and helpers shared by the test targets.
public enum TestSupport {
    /// The package root, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file in the shared data folder beside the project (`../shared`, or `$IIDEI_SHARED`).
    public static func shared(_ path: String) -> String {
        let folder =
            ProcessInfo.processInfo.environment["IIDEI_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return folder.appendingPathComponent(path).path
    }

    /// A fresh temporary folder.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iidei-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes text to a file in a folder and returns its path.
    public static func write(_ text: String, named name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Whether two numbers agree within an absolute tolerance.
    public static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return a.isApproximatelyEqual(to: b, absoluteTolerance: tolerance)
    }

    /// Runs a program and returns its standard output; throws with its standard error when it fails.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> String {
        try runCapturing(executable, arguments, environment: environment).output
    }

    /// Runs a program and returns its standard output and standard error.
    public static func runCapturing(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws
        -> (output: String, errors: String)
    {
        let result = try runFailing(executable, arguments, environment: environment)
        guard result.status == 0 else {
            throw IndexError("\(executable) exited \(result.status): \(result.errors)")
        }
        return (result.output, result.errors)
    }

    /// Runs a program that may fail: its exit status, standard output and standard error.
    public static func runFailing(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws
        -> (status: Int32, output: String, errors: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errorData, as: UTF8.self)
        )
    }

    /// Runs a Python script (python3 with openpyxl, installed by `.ci/run`).
    public static func python(_ script: String, _ arguments: [String] = []) throws -> String {
        try run("python3", ["-c", script] + arguments)
    }

    /// The `iidei` executable built beside the tests (`swift build` builds it with them).
    public static var executable: String {
        let products = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?
            .deletingLastPathComponent()
        let candidates = [products, packageRoot.appendingPathComponent(".build/debug")].compactMap { $0 }
        return candidates.map { $0.appendingPathComponent("iidei").path }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
            ?? packageRoot.appendingPathComponent(".build/debug/iidei").path
    }

    /// A small indicator.
    public static func indicator(
        _ id: String,
        direction: Direction = .higherIsBetter,
        goalposts: ClosedRange<Double>? = nil,
        target: Double? = nil,
        transform: Transform? = nil
    ) -> Indicator {
        Indicator(
            id: id,
            name: LocalisedText(zh: id, en: id),
            direction: direction,
            goalposts: goalposts,
            target: target,
            transform: transform
        )
    }

    /// A framework `f` of one cross-section evaluation `e` with this tree.
    public static func crossSection(
        _ root: FrameworkNode,
        normalisation: NormalisationMethod = .minMax(lower: 1, upper: 100),
        tiers: Int = 4
    ) -> Framework {
        Framework(
            id: "f",
            name: LocalisedText(zh: "f", en: "f"),
            evaluations: [
                Evaluation(
                    id: "e",
                    name: LocalisedText(zh: "e", en: "e"),
                    kind: .crossSection,
                    normalisation: normalisation,
                    root: root,
                    tierNames: Array(Evaluation.defaultTierNames.prefix(tiers))
                )
            ]
        )
    }
}

/// `iidei serve` as a child process on a free-looking port, as it is deployed: started, waited for
/// until `/health` answers, and stopped when the value is released (`stop()`).
public final class ServeProcess {
    public let port: Int
    let process = Process()

    /// Starts `iidei serve ARGUMENTS --port P` with a store of its own (`--db`), so the user's default
    /// store never matters.
    ///
    /// - Throws: when the server does not answer `/health` within 30 s.
    public init(arguments: [String] = [], store: String, basePort: Int = 18_000) throws {
        port = basePort + Int.random(in: 0..<2_000)
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = ["serve", "--db", store, "--port", "\(port)"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<300 {
            usleep(100_000)
            if (try? TestSupport.run("curl", ["-sf", "http://127.0.0.1:\(port)/health"]))?.contains("ok") ?? false {
                return
            }
        }
        stop()
        throw IndexError("iidei serve did not answer /health on port \(port)")
    }

    /// The server's address.
    public var base: String { "http://127.0.0.1:\(port)" }

    /// Sends SIGTERM and waits: `true` when the server ended by exiting (gracefully), not by a signal.
    @discardableResult
    public func stop() -> Bool {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return process.terminationReason == .exit
    }

    deinit { stop() }
}

extension RunOptions {
    /// Options as the API and the command line give them: a JSON object of `name: text` pairs, read by
    /// `RunOptions`' one decoder.
    public static func parse(_ fields: [String: String]) throws -> RunOptions {
        try JSONDecoder().decode(RunOptions.self, from: try JSONEncoder().encode(fields))
    }
}

extension TestSupport {
    /// Runs a test's long synchronous work (imports, runs, blocking store calls) on a thread of its
    /// own. Swift Testing runs tests on the cooperative pool, which has as many threads as the machine
    /// has cores (two here); work that holds them leaves the in-process servers of other tests, which
    /// answer on the same pool, unable to answer, and their socket probes time out.
    public static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
