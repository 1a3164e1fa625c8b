import ArgumentParser
import Foundation
import IndexCatalog
import IndexIO
import IndexWorkflows

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Maintain the built-in framework and dataset.",
        subcommands: [Generate.self, Scale.self]
    )

    struct Scale: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scale",
            abstract:
                "Write the synthetic county-scale framework and data (for load and scale tests): county.yaml and county.csv."
        )

        @Option(help: "The folder to write to.")
        var out: String

        @Option(help: "Units.")
        var units = 3_000

        @Option(help: "Indicators.")
        var indicators = 80

        @Option(help: "Periods.")
        var periods = 4

        func run() throws {
            let fixture = ScaleDataset(units: units, indicators: indicators, periods: periods)
            try AtomicFile.createFolder(out)
            try AtomicFile.write(fixture.frameworkYAML(), to: out + "/county.yaml")
            try fixture.writeLongCSV(to: out + "/county.csv")
            print("wrote \(out)/county.yaml and \(out)/county.csv (\(fixture.valueCount) synthetic values)")
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Regenerate the illustrative dataset from its design, the framework's weights and the yearbook."
        )

        @Option(help: "The yearbook statistics CSV.")
        var stats = "../shared/data/stats/china-sci-tech-yearbook-province-2020-2023.csv"

        @Option(help: "Where to write the dataset CSV (default: standard output).")
        var out: String?

        func run() throws {
            let generator = try DatasetGenerator(
                framework: try Catalog.framework(),
                units: try Catalog.units(),
                yearbookPath: stats
            )
            let text = DatasetGenerator.csv(try generator.generate())
            if let out {
                try AtomicFile.write(text, to: out)
            } else {
                print(text, terminator: "")
            }
        }
    }
}
