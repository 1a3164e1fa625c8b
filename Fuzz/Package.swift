// swift-tools-version: 6.1
// Coverage-guided fuzzing of the readers (libFuzzer), kept out of the normal build: this separate
// package is built and run by `scripts/fuzz.sh`, with `swiftc -sanitize=fuzzer`.
import PackageDescription

let harnesses = ["FuzzCSV", "FuzzXLSX", "FuzzFramework", "FuzzRunBody"]

let package = Package(
    name: "iidei-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "iidei", path: "../")],
    targets: harnesses.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "IndexIO", package: "iidei"), .product(name: "IndexCore", package: "iidei"),
                .product(name: "IndexWorkflows", package: "iidei"),
            ],
            path: "Sources/\(name)",
            // libFuzzer supplies `main`; the harness only defines LLVMFuzzerTestOneInput.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
