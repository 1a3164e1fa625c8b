import Foundation
import IndexCatalog
import IndexCore
import IndexTestSupport
import IndexWorkflows
import Testing

/// A units file given with the built-in data is read, not silently dropped: the analyst's own
/// groups (an extra column) reach the results; with a stored dataset it is refused, since the
/// stored version keeps the units it was imported with.
@Suite("Units files")
struct UnitsFileTests {
    @Test func theBuiltInDataTakeTheAnalystsUnitsFile() throws {
        let text = try String(contentsOfFile: try Catalog.resourcePath("units.csv"), encoding: .utf8)
        let yangtze: Set = ["江苏", "浙江", "上海", "安徽", "江西", "湖北", "湖南", "重庆", "四川", "贵州", "云南"]
        var lines = text.split(separator: "\n").map(String.init)
        lines[0] += ",basin"
        for index in lines.indices.dropFirst() {
            let name = lines[index].split(separator: ",", omittingEmptySubsequences: false)[1]
            lines[index] += yangtze.contains(String(name)) ? ",长江经济带" : ",其他"
        }
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(lines.joined(separator: "\n") + "\n", named: "units.csv", in: directory)
        let loaded = try Workflows().load(RunInputs(units: path))
        let basins = Dictionary(
            loaded.dataset.units.map { ($0.id, $0.groups["basin"]) },
            uniquingKeysWith: { a, _ in a }
        )
        #expect(basins["320000"] == "长江经济带")
        #expect(basins["440000"] == "其他")
        // The same data as without the file: the index is unchanged.
        let plain = try Workflows().load(RunInputs())
        #expect(loaded.dataset.observations.count == plain.dataset.observations.count)
        let options = RunOptions()
        let a = try IndexEngine.run(framework: loaded.framework, dataset: loaded.dataset, options: options)
        let b = try IndexEngine.run(framework: plain.framework, dataset: plain.dataset, options: options)
        guard case .crossSection(let left)? = a.evaluations.last, case .crossSection(let right)? = b.evaluations.last
        else { throw IndexError("no cross-section") }
        #expect(left.units.map(\.score) == right.units.map(\.score))
    }

    @Test func aStoredDatasetRefusesAUnitsFile() throws {
        #expect(throws: IndexError.self) {
            _ = try Workflows().load(RunInputs(units: "units.csv", dataset: "iidei"))
        }
    }
}
