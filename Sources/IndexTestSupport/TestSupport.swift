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
        let folder = ProcessInfo.processInfo.environment["IIDEI_SHARED"].map { URL(fileURLWithPath: $0) }
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

    /// A small indicator.
    public static func indicator(_ id: String, direction: Direction = .higherIsBetter, goalposts: ClosedRange<Double>? = nil, target: Double? = nil, transform: Transform? = nil) -> Indicator {
        Indicator(id: id, name: LocalisedText(zh: id, en: id), direction: direction, goalposts: goalposts, target: target, transform: transform)
    }
}
