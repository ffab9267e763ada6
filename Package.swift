// swift-tools-version: 6.0
import PackageDescription

// The book has three pieces, and the folder names say which is which:
//   RNNKit       the model library that every chapter imports (matrices, cells, training, data, plots);
//   BookBuilder  the builder as a library, one folder per pipeline stage, each stage testable alone;
//   book         the thin command line over BookBuilder (`swift run book build`);
//   NotebookProtocol  the records a chapter program sends the builder (figures, checks, inline
//                values), with their encoder and decoder: RNNKit writes with it, BookBuilder reads.
// CBLAS and CCmark are system-library shims: a module map and a header, nothing else.
let package = Package(
    name: "RNNBook",
    products: [
        // Dynamic, so that each chapter program links against one release build of it.
        .library(name: "RNNKit", type: .dynamic, targets: ["RNNKit"]),
        .library(name: "BookBuilder", targets: ["BookBuilder"]),
        .executable(name: "book", targets: ["book"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CCmark", path: "Sources/CCmark",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .target(name: "NotebookProtocol"),
        .target(name: "RNNKit", dependencies: ["CBLAS", "NotebookProtocol"]),
        .target(name: "BookBuilder", dependencies: ["CCmark", "NotebookProtocol"]),
        .executableTarget(
            name: "book",
            dependencies: [
                "BookBuilder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // `make bench`: training speed of the library on the book's workloads. The Python script
        // beside it times the same workloads in JAX and PyTorch (`make bench-frameworks`).
        .executableTarget(name: "bench", dependencies: ["RNNKit", "CBLAS"], exclude: ["frameworks.py"]),
        .testTarget(
            name: "RNNKitTests", dependencies: ["RNNKit"],
            // The NumPy scripts that wrote Fixtures/ReferenceValues.swift and the safetensors files
            // (read by the Serialization tests from their source path), kept beside their output.
            exclude: [
                "Fixtures/make_reference.py", "Fixtures/make_safetensors.py", "Fixtures/gru_state.safetensors",
                "Fixtures/gru_check.safetensors",
            ]),
        .testTarget(
            name: "BookBuilderTests", dependencies: ["BookBuilder"],
            // Golden pages, read by the tests from their source path.
            // compare-sites.sh builds the site from two commits and compares every file.
            exclude: ["Fixtures/golden.html", "Fixtures/authoring-golden.html", "SiteComparison/compare-sites.sh"]),
        // The notebook protocol round trip: records written by RNNKit's notebook functions,
        // read by the builder's reader.
        .testTarget(name: "NotebookProtocolTests", dependencies: ["NotebookProtocol", "RNNKit", "BookBuilder"]),
        .testTarget(name: "ChapterTests", dependencies: ["BookBuilder"]),
    ]
)
