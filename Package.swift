// swift-tools-version:6.0
// Tandem: joint Dynamic-OFA sub-network + DVFS control for embedded boards.
// Module map and import rules: ../shared/ARCHITECTURE.md (each module imports only modules above it).
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode (strict concurrency) comes from the tools version.
let common: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The numeric kernels (Tensor) and the OFA engine's fused loops are compiled for the CPU that builds them
/// (AVX2/AVX-512 on x86-64 instead of the SSE2 baseline): the SIMD depthwise kernels run about 3x faster (README,
/// section tensor). `make` always builds on the machine that runs the result. On other architectures (arm64: NEON is
/// baseline) nothing changes. Cross-compiling from x86-64 for a board: see README, "Deploy to a board".
#if arch(x86_64)
let vectorISA: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]
#else
let vectorISA: [SwiftSetting] = []
#endif

let package = Package(
    name: "Tandem",
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .executable(name: "tandemd", targets: ["tandemd"]),
        .library(name: "TandemC", type: .dynamic, targets: ["TandemC"]),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev, libhdf5-dev), found through pkg-config.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),

        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: common + vectorISA),
        .target(name: "HDF5", dependencies: ["CHDF5"], swiftSettings: common),
        // A small Foundation-free JSON parser and Decoder (tandemd links no Foundation).
        .target(name: "JSONParsing", swiftSettings: common),
        // A read-only pure-Swift HDF5 reader (no libhdf5) for tandemd and every policy read.
        .target(name: "HDF5Reader", swiftSettings: common),
        // The Dynamic-OFA inference engine and what it reads (weights, configs), free of libhdf5 and Foundation for
        // tandemd; OFA re-exports it and adds profiling, search, tables and the libhdf5 writers.
        .target(name: "OFAEngine", dependencies: ["Tensor", "HDF5Reader", "JSONParsing"], swiftSettings: common + vectorISA),
        .target(name: "OFA", dependencies: ["OFAEngine", "Tensor", "HDF5"], swiftSettings: common + vectorISA),
        .target(name: "Platform", dependencies: ["JSONParsing"], exclude: ["Descriptions"], swiftSettings: common),
        .target(name: "Governors", dependencies: ["Platform"], swiftSettings: common),
        .target(name: "Policy", dependencies: ["Tensor", "HDF5Reader"], swiftSettings: common),
        .target(name: "PolicyWriter", dependencies: ["Policy", "Tensor", "HDF5"], swiftSettings: common),
        .target(name: "Environment", dependencies: ["OFA", "Platform", "Governors", "Policy"], swiftSettings: common),
        .target(name: "Agents", dependencies: ["Environment", "Policy", "Tensor", "HDF5"], swiftSettings: common),
        .target(name: "Controller", dependencies: ["OFAEngine", "Platform", "Policy"], swiftSettings: common),
        .target(name: "TandemC", dependencies: ["Environment", "Policy"], swiftSettings: common),
        .target(name: "Evaluation", dependencies: ["Environment", "Policy", "Governors", "HDF5"], swiftSettings: common),
        // A small hand-written command-line parser shared by `tandem` and `tandemd` (no outside packages).
        .target(name: "ArgumentParsing", swiftSettings: common),

        .executableTarget(
            name: "tandem",
            dependencies: ["ArgumentParsing", "Tensor", "HDF5", "OFA", "Platform", "Governors", "Policy",
                           "Environment", "Agents", "Controller", "Evaluation", "PolicyWriter"],
            swiftSettings: common),
        .executableTarget(name: "tandemd", dependencies: ["ArgumentParsing", "Controller"], swiftSettings: common),

        // Helpers the test suites share: the shared data folder, temporary folders, running the executables.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: common),
        .testTarget(name: "TensorTests", dependencies: ["TestSupport", "Tensor"], swiftSettings: common),
        .testTarget(name: "HDF5Tests", dependencies: ["TestSupport", "HDF5"], swiftSettings: common),
        .testTarget(name: "JSONParsingTests", dependencies: ["JSONParsing"], swiftSettings: common),
        .testTarget(name: "HDF5ReaderTests", dependencies: ["TestSupport", "HDF5Reader", "HDF5"], swiftSettings: common),
        .testTarget(name: "OFATests", dependencies: ["TestSupport", "OFA", "OFAEngine", "Tensor", "HDF5"], swiftSettings: common),
        .testTarget(name: "PlatformTests", dependencies: ["TestSupport", "Platform"], swiftSettings: common),
        .testTarget(name: "GovernorsTests", dependencies: ["TestSupport", "Governors", "Platform"], swiftSettings: common),
        .testTarget(name: "PolicyTests", dependencies: ["TestSupport", "PolicyWriter", "Policy", "HDF5", "Tensor"], swiftSettings: common),
        .testTarget(name: "EnvironmentTests", dependencies: ["TestSupport", "Environment", "Platform", "OFA", "Policy"], swiftSettings: common),
        .testTarget(name: "AgentsTests", dependencies: ["TestSupport", "PolicyWriter", "Agents", "Environment", "Policy", "Tensor", "HDF5"], swiftSettings: common),
        .testTarget(name: "ControllerTests", dependencies: ["TestSupport", "PolicyWriter", "Controller"], swiftSettings: common),
        .testTarget(name: "EvaluationTests", dependencies: ["TestSupport", "PolicyWriter", "Evaluation", "Environment", "OFA", "Platform", "HDF5", "Policy"], swiftSettings: common),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "ArgumentParsing", "tandem", "tandemd", "HDF5"], swiftSettings: common),
    ]
)
