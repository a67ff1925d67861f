import Foundation
import Spawn
import Testing

/// The CPU's instruction-set flags, from /proc/cpuinfo.
private let cpuFlags: Set<Substring> = {
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    return Set(
        text.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? [])
}()

/// OpenBLAS's Haswell and SkylakeX kernel families both run on a CPU with AVX-512.
private let bothKernelFamilies = cpuFlags.isSuperset(of: ["avx2", "fma", "avx512f", "avx512dq"])

/// A notebook re-run with another OpenBLAS kernel family leaves every published file as it was: its
/// results agree to rounding, and published numbers and figures are compared at their stated precision.
@Suite(.serialized)
struct ReproducibilityTests {
    static let notebook = """
        ---
        title: Reproducible
        parameters:
          seed: 42
        figures: figures/r
        ---
        ```swift
        let toy = try ToySpectra(
            configuration: ToyConfiguration(nSpectra: 1200, nPixels: 300), seed: UInt64(seed))
        let settings = FitSettings(
            rank: 5, likelihood: .cauchy(q: 5),
            convergence: Convergence(criterion: .maxFracG, tolerance: 1e-4, cadence: 5))
        let fit = try RobustHMF(settings).fit(toy.train.data)
        let angles = try principalAngles(between: fit.basis, and: toy.trueBasis)
        try "\\(fit.loss) \\(fit.basis[0, 0]) \\(fit.cycles)\\n".write(
            toFile: "build/raw.txt", atomically: true, encoding: .utf8)
        ```

        ```swift
        struct Summary: Codable { var loss: Double, cycles: Int, angles: [Double], first: [Double] }
        try publishJSON(Summary(loss: fit.loss, cycles: fit.cycles, angles: angles.degrees,
                                first: Array(fit.basis.column(0))))
        try publishCSV("basis.csv", header: ["pixel", "g0", "g1"],
                       rows: (0..<fit.basis.rows).map { [$0, fit.basis[$0, 0], fit.basis[$0, 1]] })
        var values = PaperValues(prefix: "r")
        values.set("Loss", fit.loss, significant: 4)
        try values.publish()
        let fig = Figure(width: 4, height: 2.5)
        let ax = fig.axes()
        for k in 0..<5 { ax.plot(toy.wavelength, Array(fit.basis.column(k)), lineWidth: 0.8) }
        try fig.publish("basis")
        ```
        """

    /// Runs the notebook (forced) with `OPENBLAS_CORETYPE` set to `family`; returns every file of the figures
    /// folder and the full-precision numbers the run wrote outside it.
    func run(_ p: Project, _ family: String) throws -> (files: [String: Data], raw: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = family
        // The release kit when it is current: a fit in the debug engine takes many times longer.
        environment["HMFBOOK_KIT_DIR"] = ReleaseKit.toolchain?.kitDirectory
        let (termination, output) = try ChildProcess.run(
            try #require(Kit.hmfbook), ["run", "Notebooks/r.md", "--force"],
            environment: environment,
            directory: p.root, timeout: 600)
        #expect(termination.succeeded, "\(family): \(output)")
        let folder = p.root + "/figures/r"
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return (files, p.read("build/raw.txt"))
    }

    @Test(
        .enabled(if: Kit.hmfbook != nil, "the hmfbook executable is not built beside the tests"),
        .enabled(
            if: bothKernelFamilies,
            "this CPU runs only one of OpenBLAS's Haswell and SkylakeX kernels")
    )
    func anotherKernelFamilyChangesNoPublishedFile() throws {
        let p = try Project()
        defer { p.remove() }
        try FileManager.default.createDirectory(
            atPath: p.root + "/build", withIntermediateDirectories: true)
        try p.write("r.md", Self.notebook)
        let haswell = try run(p, "Haswell")
        let skylake = try run(p, "SkylakeX")
        #expect(
            haswell.files.keys.sorted() == [
                "basis.csv", "basis.pdf", "basis.png", "freeze.json", "summary.json", "values.tex",
            ])
        // The two kernel families compute differently in the last bits...
        #expect(haswell.raw != skylake.raw, "the kernels agreed to the bit: nothing was tested")
        // ... and no published file shows it.
        for (name, bytes) in haswell.files {
            #expect(skylake.files[name] == bytes, "\(name) changed with the kernel family")
        }
    }
}
