// swift-tools-version: 6.1
import PackageDescription

// Generic types' metadata (a `Dictionary<String, Double?>`, a `KeyedEncodingContainer<CodingKeys>`)
// is made by accessor functions that are handed the conformances they need, instead of being
// looked up by mangled name: each such lookup asked Swift's runtime for a conformance it then
// searched for among all 12,000 of the program's, the first time each was needed (a seventh of
// `iidei run` on COINr's ASEM example, with ArgumentParser's own). Our targets only: dependencies
// keep their settings.
let metadataAccessors: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])
]

let package = Package(
    name: "iidei",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "iidei", targets: ["iidei"]),
        .library(name: "IndexCore", targets: ["IndexCore"]),
        .library(name: "IndexIO", targets: ["IndexIO"]),
        .library(name: "IndexCatalog", targets: ["IndexCatalog"]),
        .library(name: "IndexStore", targets: ["IndexStore"]),
        .library(name: "IndexReport", targets: ["IndexReport"]),
        .library(name: "IndexWorkflows", targets: ["IndexWorkflows"]),
        .library(name: "IndexServer", targets: ["IndexServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already in the graph through Hummingbird; named so the server can set its connection timeouts.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        // The PostgreSQL store (`PostgresStore`): the server ecosystem's client, with its connection pool.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // Password hashes (PBKDF2) for accounts; already in the graph through postgres-nio.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // MARK: - Numeric core
        .target(
            name: "IndexCore",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: metadataAccessors
        ),

        // MARK: - Readers and writers
        .target(
            name: "IndexIO",
            dependencies: [
                "IndexCore", .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: metadataAccessors
        ),

        // MARK: - The store: versioned frameworks, datasets and runs in SQLite
        // GRDB for everything; SQLite's C API (the same system library GRDB links) for binding a
        // million values in one import.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "IndexStore",
            dependencies: [
                "IndexCore", "IndexIO", "CSQLite", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: metadataAccessors
        ),

        // MARK: - The report: SVG charts and a self-contained HTML page, as strings
        .target(
            name: "IndexReport",
            dependencies: ["IndexCore", .product(name: "RealModule", package: "swift-numerics")],
            // The stylesheets and scripts of the report, the dashboard and the survey form (``Asset``).
            resources: [.copy("Assets")],
            swiftSettings: metadataAccessors
        ),

        // MARK: - Use cases: every workflow once, typed options and results; the CLI and server adapt them
        .target(
            name: "IndexWorkflows",
            dependencies: ["IndexCore", "IndexIO", "IndexStore", "IndexReport", "IndexCatalog"],
            swiftSettings: metadataAccessors
        ),

        // MARK: - The dashboard and API (the only target that sees Hummingbird)
        .target(
            name: "IndexServer",
            dependencies: [
                "IndexCore", "IndexIO", "IndexStore", "IndexReport", "IndexCatalog", "IndexWorkflows",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: metadataAccessors
        ),

        // MARK: - Built-in frameworks and datasets
        .target(
            name: "IndexCatalog",
            dependencies: ["IndexCore", "IndexIO", .product(name: "RealModule", package: "swift-numerics")],
            resources: [.copy("Resources")],
            swiftSettings: metadataAccessors
        ),

        // MARK: - Command line
        .target(
            name: "IndexCLI",
            dependencies: [
                "IndexCore", "IndexIO", "IndexCatalog", "IndexStore", "IndexReport", "IndexServer", "IndexWorkflows",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: metadataAccessors
        ),
        .executableTarget(
            name: "iidei",
            dependencies: [
                "IndexCLI", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The program exports no symbols (58,000 by default): nothing loads it as a library, and
            // Swift's runtime looks its own path up with `dladdr` before `main`, a walk over them all
            // (7 % of a bare start), beside resolving the program's own relocations against them.
            // It is linked at a fixed address (not position-independent): the loader then has none
            // of its 148,000 relative relocations to apply, which wrote into 470 pages of the
            // program's data at every start (page faults 1,030 → 560; `iidei --version` 12 → 10 ms).
            // The cost: the program's own code and data load at the same address each time (its
            // shared libraries, stack and heap are still placed at random); drop `-no-pie` if that
            // weighs more for a server than 2–3 ms a start.
            swiftSettings: metadataAccessors,
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic", "-Xlinker", "-no-pie"])]
        ),

        // MARK: - Test support and tests
        .target(
            name: "IndexTestSupport",
            dependencies: ["IndexCore", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .testTarget(
            name: "IndexCoreTests",
            dependencies: ["IndexCore", "IndexTestSupport", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .testTarget(
            name: "IndexIOTests",
            dependencies: [
                "IndexIO", "IndexTestSupport", .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["COINrReference"]
        ),
        .testTarget(
            name: "IndexReportTests",
            dependencies: ["IndexReport", "IndexCore", "IndexCatalog", "IndexIO", "IndexTestSupport"],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "IndexServerTests",
            dependencies: [
                "IndexServer", "IndexStore", "IndexCatalog", "IndexCore", "IndexTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // To fill NIO's shared thread pool, as analyst work does, beside an expert's requests.
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "IndexStoreTests",
            dependencies: [
                "IndexWorkflows",
                "IndexStore", "IndexIO", "IndexCore", "IndexCatalog", "IndexTestSupport",
                // To write schema-v1 rows through the records, as older stores hold them.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "IndexCatalogTests",
            dependencies: [
                "IndexCatalog", "IndexIO", "IndexTestSupport",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .testTarget(
            name: "IndexWorkflowsTests",
            dependencies: [
                "IndexWorkflows", "IndexCLI", "IndexServer", "IndexStore", "IndexCatalog", "IndexCore", "IndexIO",
                "IndexTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "IndexCLITests",
            dependencies: [
                "IndexCLI", "IndexCatalog", "IndexIO", "IndexCore", "IndexStore", "IndexWorkflows", "IndexTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)

// The same strictness for every target (swift-log, Point-Free).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings += [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
    target.swiftSettings = settings
}
