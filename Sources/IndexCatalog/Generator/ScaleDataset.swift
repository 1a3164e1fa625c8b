import Foundation
import IndexCore

/// A synthetic county-level evaluation for measuring scale: `units × indicators × periods` values
/// (3,000 × 80 × 4 ≈ one million by default), seeded, in the layouts users import. Every value is
/// synthetic and says so.
public struct ScaleDataset: Sendable {
    public var units: Int
    public var indicators: Int
    public var periods: Int
    public var seed: UInt64

    public init(units: Int = 3_000, indicators: Int = 80, periods: Int = 4, seed: UInt64 = 2024) {
        self.units = units
        self.indicators = indicators
        self.periods = periods
        self.seed = seed
    }

    /// The number of values.
    public var valueCount: Int { units * indicators * periods }

    /// The period labels, `2020`, `2021`, ….
    public var periodLabels: [String] { (0..<periods).map { String(2020 + $0) } }

    /// A framework in IIDEI YAML: five pillars sharing the indicators, one cross-section evaluation.
    public func frameworkYAML() -> String {
        var yaml = """
            id: county-scale
            name: {zh: 县域规模测试（合成数据）, en: County scale test (synthetic)}
            tree:
              id: index
              name: {zh: 指数, en: Index}
              children:

            """
        let pillars = 5
        for p in 0..<pillars {
            yaml += "    - id: p\(p)\n      name: {zh: 支柱\(p), en: Pillar \(p)}\n      children:\n"
            for i in stride(from: p, to: indicators, by: pillars) {
                let direction = i % 7 == 3 ? "lower" : "higher"
                yaml +=
                    "        - {id: i\(i), name: {zh: 指标\(i), en: Indicator \(i)}, unit: x, direction: \(direction)}\n"
            }
        }
        yaml += """
            evaluations:
              - id: county
                kind: cross-section
                normalisation: {method: minmax, range: [0, 100]}

            """
        return yaml
    }

    /// Writes the long CSV (`unit,indicator,period,value,status`) with an illustrative-data comment.
    ///
    /// - Returns: the number of bytes written.
    @discardableResult
    public func writeLongCSV(to path: String) throws -> Int {
        var random = SplitMix64(seed: seed)
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw IndexError("cannot create", file: path)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw IndexError("cannot write", file: path) }
        defer { try? handle.close() }
        var chunk =
            "# Synthetic county-level data for scale tests (illustrative, not real figures).\nunit,indicator,period,value,status\n"
        var written = 0
        for u in 0..<units {
            let level = random.uniform(0.5, 2)
            for i in 0..<indicators {
                for (t, period) in periodLabels.enumerated() {
                    let value =
                        (level * Double(10 + i) * (1 + 0.05 * Double(t)) * random.uniform(0.8, 1.2) * 1000).rounded()
                        / 1000
                    chunk += "C\(100_000 + u),i\(i),\(period),\(value),synthetic\n"
                }
            }
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                written += chunk.utf8.count
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
        return written + chunk.utf8.count
    }
}
