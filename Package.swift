// swift-tools-version:6.0
import PackageDescription

/// Robust heteroskedastic matrix factorisation (RHMF) with literate Swift notebooks.
/// Dependencies point one way: hmfbook -> Notebook -> NotebookKit -> {RHMF, DataIO, Plotting, Datasets} -> C modules.
let package = Package(
    name: "hmfbook",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RHMF", targets: ["RHMF"]),
        .library(name: "DataIO", targets: ["DataIO"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .executable(name: "hmfbook", targets: ["hmfbook"]),
        // What notebook programs link against; dynamic so a notebook compiles and links in well under a second.
        .library(name: "NotebookKit", type: .dynamic, targets: ["NotebookKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // HDF5 exposes its type identifiers as macros over globals; this shim returns them as functions.
        .target(name: "CHDF5Shim", dependencies: ["CHDF5"]),

        // Numerical core.
        .target(name: "RHMF", dependencies: ["CBLAS", "CLAPACKE"]),
        // Files: HDF5, NumPy, CSV, model state files.
        .target(name: "DataIO", dependencies: [
            "RHMF", "CHDF5", "CHDF5Shim",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Publication figures on Cairo.
        .target(name: "Plotting", dependencies: ["CCairo"]),
        // Generators: the paper's toy spectra.
        .target(name: "Datasets", dependencies: ["RHMF"]),
        // Writes every golden figure of the Plotting tests to a folder: swift run plot-gallery OUTDIR.
        .executableTarget(name: "plot-gallery", dependencies: ["Plotting"]),

        // Notebooks: what cells link against (Session, display, figure capture) and the host that runs them.
        .target(name: "NotebookKit", dependencies: [
            "RHMF", "DataIO", "Plotting", "Datasets",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Notebook", dependencies: [
            "NotebookKit",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Ink", package: "Ink"),
        ]),

        // Command-line tool.
        .executableTarget(name: "hmfbook", dependencies: [
            "RHMF", "DataIO", "Datasets", "Notebook",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks (make bench): ratios against a BLAS floor measured in the same run.
        .executableTarget(name: "rhmf-bench", dependencies: ["RHMF", "Datasets", "CBLAS"],
                          swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
        // HDF5 row-block read speed against h5py in the same run (swift run -c release dataio-bench).
        .executableTarget(name: "dataio-bench", dependencies: ["DataIO"]),

        .testTarget(name: "RHMFTests", dependencies: ["RHMF"]),
        .testTarget(name: "DataIOTests", dependencies: ["DataIO", "RHMF"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "RHMF"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "NotebookKit"], exclude: ["Fixtures"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"], resources: [.copy("Golden")]),
    ]
)
