// swift-tools-version: 6.1
// Benchmarks, a package of their own so the main build and tests never compile ordo-one/benchmark.
//   cd Benchmarks && swift package benchmark
import PackageDescription

let package = Package(
    name: "IIDEIBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "iidei", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "IndexBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "IndexCore", package: "iidei"),
                .product(name: "IndexIO", package: "iidei"),
                .product(name: "IndexCatalog", package: "iidei"),
                .product(name: "IndexStore", package: "iidei"),
            ],
            path: "Benchmarks/IndexBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
