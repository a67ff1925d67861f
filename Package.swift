// swift-tools-version:6.1
import Foundation
import PackageDescription

/// The engine's SIMD kernels are written with fused multiply-adds. On a build machine whose CPU has AVX2 and
/// FMA (x86-64-v3: Intel Haswell, AMD Zen and later) the engine is compiled for that level; elsewhere for the
/// x86-64 baseline, where the same code is correct but several times slower. hmfbook checks at start-up that
/// the CPU it runs on has what the build assumed.
let buildCPUHasAVX2: Bool = {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let flags = Set(
        cpu.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(
            String.init) ?? [])
    return flags.isSuperset(of: ["avx2", "fma", "bmi2"])
}()
/// Tells hmfbook what the engine was compiled for, so that it can check the CPU it runs on.
let engineLevel: [SwiftSetting] = buildCPUHasAVX2 ? [.define("HMF_TARGET_HASWELL")] : []
let engineTarget: [SwiftSetting] =
    buildCPUHasAVX2 ? [.unsafeFlags(["-target-cpu", "haswell"])] + engineLevel : []

/// Distributed fits need Open MPI (`libopenmpi-dev`, which `make deps` installs). Without it the package builds
/// and tests as before, minus `hmfbook-mpi` and its tests; `HMFBOOK_MPI=0` leaves MPI out even when installed.
/// (SwiftPM caches this decision with the manifest: after installing MPI later, `touch Package.swift`.)
let hasOpenMPI: Bool = {
    let env = ProcessInfo.processInfo.environment
    guard env["HMFBOOK_MPI"] != "0" else { return false }
    let dirs =
        (env["PKG_CONFIG_PATH"] ?? "").split(separator: ":").map(String.init)
        + [
            "/usr/lib/x86_64-linux-gnu/pkgconfig", "/usr/lib/aarch64-linux-gnu/pkgconfig",
            "/usr/lib/pkgconfig",
            "/usr/local/lib/pkgconfig", "/usr/share/pkgconfig",
        ]
    return dirs.contains { FileManager.default.fileExists(atPath: "\($0)/ompi-c.pc") }
}()

/// Robust heteroskedastic matrix factorisation (RHMF) with literate Swift notebooks. Linux only (OpenBLAS,
/// LAPACKE, libhdf5 and Cairo from the distribution's packages).
///
/// Dependencies point one way:
///   hmfbook -> NotebookPreview (FlyingFox) -> NotebookKernel -> {Notebook, CellGraph (swift-syntax)}
///     -> NotebookProtocol -> HMFCore
///   NotebookKit (what cells link) -> {RHMF, DataIO, Plotting, Datasets} -> HMFCore -> C modules
let package = Package(
    name: "hmfbook",
    products: [
        .library(name: "HMFCore", targets: ["HMFCore"]),
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
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        // The cell graph reads each cell with the compiler's own parser (about 1-2.5 min more on a first build).
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        // `make docs`: the DocC catalogs of NotebookKit and RHMF.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // libzmq.pc names include folders of its optional transports (Kerberos, PGM) that zmq.h does not need.
        .systemLibrary(name: "CZMQ", providers: [.apt(["libzmq3-dev"])]),
        // Child processes that inherit no descriptor but their streams (posix_spawn's closefrom, a GNU call the
        // Glibc module does not show): the kernel, the compiler and the tools the host and the tests start.
        .target(name: "CSpawn"),
        .target(name: "Spawn", dependencies: ["CSpawn"]),
        // HDF5 exposes its type identifiers as macros over globals; this shim returns them as functions.
        .target(name: "CHDF5Shim", dependencies: ["CHDF5"]),

        // Build-time facts: the numerics version (a digest of RHMF's sources), the kit version (a digest of
        // everything notebook programs link) and the C modules they must see. The tool runs inside the
        // build-tool plugins below.
        .target(name: "SwiftSourceText"),
        .executableTarget(name: "hmfbook-buildfacts", dependencies: ["SwiftSourceText"]),
        .plugin(
            name: "NumericsVersionPlugin", capability: .buildTool(),
            dependencies: ["hmfbook-buildfacts"]),
        .plugin(
            name: "KitModulesPlugin", capability: .buildTool(), dependencies: ["hmfbook-buildfacts"]
        ),
        .plugin(
            name: "KitVersionPlugin", capability: .buildTool(), dependencies: ["hmfbook-buildfacts"]
        ),
        // `kitVersion`, the digest of everything notebook programs link: part of session keys and freeze stamps.
        .target(name: "KitVersion", plugins: ["KitVersionPlugin"]),

        // The foundation under every module: Matrix (sealed storage), SeededGenerator, atomic writes, hashing,
        // tables and number formats, the terminal's live line.
        .target(name: "HMFCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // `numericsVersion`, the digest of RHMF's sources, in a module of its own: an engine edit rebuilds what
        // records it (model files, run folders, the tools), not the foundation or the notebook host.
        .target(name: "NumericsVersion", plugins: ["NumericsVersionPlugin"]),
        // The notebook protocol shared by the host, the kernel and the runtime: events, the session store, the
        // project layout and the kernel's messages.
        .target(name: "NotebookProtocol", dependencies: ["HMFCore"]),

        // Numerical core.
        .target(
            name: "RHMF", dependencies: ["HMFCore", "CBLAS", "CLAPACKE"],
            swiftSettings: engineTarget),
        // Files: HDF5, NumPy, CSV; loaders (WeightedData from files, the Gaia DR3 reader); model files, run records.
        .target(
            name: "DataIO",
            dependencies: [
                "HMFCore", "NumericsVersion", "RHMF", "CHDF5", "CHDF5Shim",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        // Publication figures on Cairo.
        .target(name: "Plotting", dependencies: ["HMFCore", "CCairo"]),
        // Example figures of every Plotting feature: the golden images of its tests and `swift run plot-gallery OUTDIR`.
        .target(name: "PlotGallery", dependencies: ["Plotting"]),
        .executableTarget(name: "plot-gallery", dependencies: ["PlotGallery"]),
        // Generators: the paper's toy spectra.
        .target(name: "Datasets", dependencies: ["HMFCore", "RHMF", "DataIO"]),

        // The Gaia RVS analysis: each HR bin's split, fit, inference and scores, the bin store, the summary.
        .target(name: "GaiaAnalysis", dependencies: ["HMFCore", "RHMF", "DataIO", "Datasets"]),

        // Notebooks: what cells link against (Session, display, figures, the kernel's side of the protocol).
        .target(
            name: "NotebookKit",
            dependencies: [
                "HMFCore", "NotebookProtocol", "KitVersion", "NumericsVersion", "RHMF", "DataIO",
                "Plotting", "Datasets",
                "GaiaAnalysis",
            ]),
        // The cells' dependency graph: what each cell declares and uses, read with swift-syntax.
        .target(
            name: "CellGraph",
            dependencies: [
                "SwiftSourceText",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ]),
        // The host's document model: parse, render (Markdown, HTML, ipynb), results, freeze stamps, checks.
        .target(
            name: "Notebook",
            dependencies: [
                "HMFCore", "NotebookProtocol", "SwiftSourceText",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
            ], plugins: ["KitModulesPlugin"]),
        // The live kernel: each cell compiled as a small module, loaded into one long-lived process that keeps
        // every cell's values; an edit re-runs the changed cells and their dependents. Batch runs use it too.
        .target(
            name: "NotebookKernel",
            dependencies: [
                "Notebook", "CellGraph", "NotebookProtocol", "HMFCore", "Spawn",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ]),

        // `hmfbook jupyter`: the Jupyter kernel (messaging protocol 5.3 over ZeroMQ) on the live kernel.
        .target(
            name: "JupyterKernel",
            dependencies: [
                "NotebookKernel", "Notebook", "CellGraph", "NotebookProtocol", "HMFCore", "CZMQ",
                "Spawn",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ]),

        // `hmfbook preview`: serves the executed page, re-runs on save, live reload (FlyingFox, no SwiftNIO).
        .target(
            name: "NotebookPreview",
            dependencies: [
                "Notebook", "NotebookKernel",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]),

        // Command-line tools: what hmfbook and hmfbook-mpi share (fit options, progress line, CPU check), and hmfbook.
        .target(
            name: "CommandLineSupport",
            dependencies: [
                "HMFCore", "RHMF",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: engineLevel),
        .executableTarget(
            name: "hmfbook",
            dependencies: [
                "HMFCore", "NumericsVersion", "NotebookProtocol", "RHMF", "DataIO", "Datasets",
                "Notebook",
                "NotebookKernel", "NotebookPreview", "CellGraph", "JupyterKernel",
                "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Benchmarks (make bench): ratios against floors measured in the same run.
        .executableTarget(
            name: "rhmf-bench",
            dependencies: ["RHMF", "DataIO", "Datasets", "GaiaAnalysis", "Spawn", "CBLAS"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])] + engineTarget),
        // The toy notebook's edit loop, timed through hmfbook run and hmfbook preview (make bench-notebook).
        .executableTarget(name: "notebook-bench"),
        // HDF5 row-block read speed against h5py in the same run (swift run -c release dataio-bench).
        .executableTarget(name: "dataio-bench", dependencies: ["DataIO"]),
        // Generated inputs for every parser (`make fuzz`): each gets a typed error or a correct result.
        .target(name: "Fuzzing", dependencies: ["DataIO", "RHMF", "HMFCore", "Notebook"]),
        .executableTarget(
            name: "hmfbook-fuzz",
            dependencies: [
                "Fuzzing", "Spawn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(
            name: "HMFCoreTests", dependencies: ["HMFCore", "NumericsVersion", "SwiftSourceText"]),
        .testTarget(name: "CellGraphTests", dependencies: ["CellGraph"]),
        .testTarget(name: "RHMFTests", dependencies: ["RHMF", "Datasets"]),
        .testTarget(name: "DataIOTests", dependencies: ["DataIO", "RHMF", "Spawn"]),
        .testTarget(
            name: "GaiaAnalysisTests", dependencies: ["GaiaAnalysis", "DataIO", "RHMF", "HMFCore"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "RHMF", "Spawn"]),
        .testTarget(
            name: "FuzzingTests",
            dependencies: ["Fuzzing", "DataIO", "Notebook", "HMFCore", "RHMF"]),
        .testTarget(
            name: "NotebookTests",
            dependencies: [
                "Notebook", "NotebookKernel", "NotebookKit", "NotebookPreview", "KitVersion",
                "NumericsVersion", "CellGraph",
                "JupyterKernel", "Spawn", "Fuzzing",
            ], exclude: ["Fixtures", "Python"]),
        .testTarget(
            name: "PlottingTests", dependencies: ["Plotting", "PlotGallery", "Spawn"],
            resources: [.copy("Golden")]),
        .testTarget(name: "SpawnTests", dependencies: ["Spawn"]),
    ]
)

if hasOpenMPI {
    package.products.append(.executable(name: "hmfbook-mpi", targets: ["hmfbook-mpi"]))
    package.targets += [
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        // Open MPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, ...) are macros over globals; the shim returns them.
        .target(name: "CMPIShim", dependencies: ["CMPI"]),
        // The engine's Reduction over MPI processes.
        .target(name: "RHMFMPI", dependencies: ["HMFCore", "RHMF", "CMPI", "CMPIShim"]),
        // `mpirun -np R hmfbook-mpi fit|infer FILE ...`: each rank reads its own rows of an HDF5 file.
        .executableTarget(
            name: "hmfbook-mpi",
            dependencies: [
                "HMFCore", "NumericsVersion", "RHMF", "DataIO", "RHMFMPI", "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "DistributedTests", dependencies: ["RHMF", "DataIO", "Datasets", "Spawn"]),
    ]
}
