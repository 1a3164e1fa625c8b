import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// An upload is read from its bytes as a file on disk is read, and every message names it.
@Suite("Importing files held in memory")
struct InMemoryImportTests {
    static let wide = """
        province,R&D经费,CAD adoption
        江苏,100,20
        广东,90,50
        """

    @Test func bytesReadAsTheSameFileOnDisk() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(Self.wide, named: "2023.csv", in: directory)
        let specification = ImportTests.specification()
        let fromDisk = try DataImporter.read([path], specification: specification)
        let fromMemory = try DataImporter.read(
            files: [InMemoryFile(name: "2023.csv", data: Data(Self.wide.utf8))],
            specification: specification
        )
        #expect(fromMemory.dataset.observations.count == fromDisk.dataset.observations.count)
        #expect(fromMemory.dataset.periods == ["2023"])
        #expect(fromMemory.files.map(\.path) == ["2023.csv"])
        #expect(fromMemory.files.map(\.tables) == fromDisk.files.map(\.tables))
        #expect(fromMemory.dataset.observations.allSatisfy { $0.location?.file == "2023.csv" })
    }

    @Test func messagesNameTheFileGiven() throws {
        func problems(_ name: String, _ text: String) throws -> [String] {
            try #require(throws: IndexErrors.self, "an unknown unit was accepted") {
                try DataImporter.read(
                    files: [InMemoryFile(name: name, data: Data(text.utf8))],
                    specification: ImportTests.specification()
                )
            }
            .errors.map(\.description)
        }
        #expect(
            try problems("2023.csv", Self.wide + "\nAtlantis,5,5\n").contains("2023.csv:4:1: unknown unit 'Atlantis'")
        )
        let json = #"[{"unit": "Atlantis", "indicator": "r_rd", "period": "2023", "value": 1}]"#
        #expect(try problems("values.json", json).contains { $0.hasPrefix("values.json:1:") })
    }
}
