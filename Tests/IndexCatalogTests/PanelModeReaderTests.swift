import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import Testing

/// `weighting: {panel-mode: …}` in a framework file: read into ``PanelMode``, a misspelling refused.
@Suite("Framework panel mode")
struct PanelModeReaderTests {
    static func builtIn(weighting: String) throws -> String {
        let text = try String(contentsOfFile: try Catalog.frameworkPath, encoding: .utf8)
        let line = "weighting: {ri-table: saaty-1980, method: eigenvector, alpha: 0.5}"
        #expect(text.contains(line))
        return text.replacingOccurrences(of: line, with: "weighting: {\(weighting)}")
    }

    @Test func readsBothModesAndDefaultsToGlobal() throws {
        let global = try FrameworkReader.parse(try Self.builtIn(weighting: "alpha: 0.5"), file: "f.yaml")
        #expect(global.evaluations.allSatisfy { $0.weighting?.panelMode == .global })
        let within = try FrameworkReader.parse(
            try Self.builtIn(weighting: "alpha: 0.5, panel-mode: within-parent"),
            file: "f.yaml"
        )
        #expect(within.evaluations.allSatisfy { $0.weighting?.panelMode == .withinParent })
    }

    @Test func aMisspeltModeIsRefusedWithItsLine() throws {
        #expect {
            try FrameworkReader.parse(try Self.builtIn(weighting: "panel-mode: within"), file: "f.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("panel-mode must be global or within-parent") && text.contains("f.yaml")
        }
    }
}
