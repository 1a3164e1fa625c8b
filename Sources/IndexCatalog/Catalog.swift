import Foundation
public import IndexCore
public import IndexIO

/// The built-in frameworks and datasets: the one place that knows where they live.
public enum Catalog {
    /// The id of the built-in framework.
    public static let frameworkID = "iidei-2024"

    /// The path of a bundled resource.
    ///
    /// - Throws: ``IndexError`` when the resource is missing from the build.
    public static func resourcePath(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources") else {
            throw IndexError("built-in resource '\(name)' is missing from this build")
        }
        return url.path
    }

    /// The framework file `iidei-2024.yaml`.
    public static var frameworkPath: String { get throws { try resourcePath("iidei-2024.yaml") } }
    /// The units file: the national unit and the 31 provinces (GB/T 2260 codes).
    public static var unitsPath: String { get throws { try resourcePath("units.csv") } }
    /// The illustrative dataset (real yearbook figures where they exist, seeded synthetic values elsewhere).
    public static var dataPath: String { get throws { try resourcePath("iidei-2024-data.csv") } }

    /// The built-in framework.
    public static func framework() throws -> Framework {
        try frameworkSource().parse()
    }

    /// The built-in framework's text, as the store keeps it.
    public static func frameworkSource() throws -> FrameworkSource {
        FrameworkSource(
            format: .yaml,
            content: try TextFile.read(try frameworkPath),
            origin: "built-in iidei-2024.yaml"
        )
    }

    /// The built-in units.
    public static func units() throws -> [AssessedUnit] {
        try DatasetReader.readUnits(path: try unitsPath)
    }

    /// The units a framework's data name: the built-in units for the built-in framework (whatever
    /// file it was read from), `nil` for another (its units are the codes in the data).
    public static func units(for source: FrameworkSource) throws -> [AssessedUnit]? {
        try source.format == .yaml && source.content == frameworkSource().content ? units() : nil
    }

    /// The built-in dataset, checked against the built-in framework.
    public static func dataset() throws -> Dataset {
        try dataset(for: try framework())
    }

    /// The built-in dataset, read and checked by the importer against a framework already read
    /// (so it is parsed once).
    public static func dataset(for framework: Framework) throws -> Dataset {
        try DataImporter.read(
            [try dataPath],
            specification: ImportSpecification(framework: framework, units: try units())
        ).dataset
    }
}
