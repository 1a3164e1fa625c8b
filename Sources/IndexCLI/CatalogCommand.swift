import ArgumentParser
import Foundation
import IndexCatalog
import IndexIO

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Maintain the built-in framework and dataset.",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regenerate the illustrative dataset from its design, the framework's weights and the yearbook.")

        @Option(help: "The yearbook statistics CSV.")
        var stats = "../shared/data/stats/china-sci-tech-yearbook-province-2020-2023.csv"

        @Option(help: "Where to write the dataset CSV (default: standard output).")
        var out: String?

        func run() throws {
            let generator = try DatasetGenerator(framework: try Catalog.framework(), units: try Catalog.units(), yearbookPath: stats)
            let text = DatasetGenerator.csv(try generator.generate())
            if let out {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } else {
                print(text, terminator: "")
            }
        }
    }
}
