import Foundation
import PlotGallery
import Plotting

/// Writes every gallery figure (the golden figures of the Plotting tests) as PDF, SVG and PNG.
/// Usage: plot-gallery OUTDIR [--dpi N] [--png-only]
let args = Array(CommandLine.arguments.dropFirst())
guard let outDir = args.first(where: { !$0.hasPrefix("--") }) else {
    FileHandle.standardError.write(Data("usage: plot-gallery OUTDIR [--dpi N] [--png-only]\n".utf8))
    exit(2)
}
let dpi =
    args.firstIndex(of: "--dpi").flatMap {
        args.indices.contains($0 + 1) ? Double(args[$0 + 1]) : nil
    } ?? 150
let pngOnly = args.contains("--png-only")
do {
    try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
} catch {
    FileHandle.standardError.write(Data("cannot create \(outDir): \(error)\n".utf8))
    exit(1)
}
var failures = 0
for name in Gallery.names {
    let start = Date()
    do {
        let fig = try Gallery.figure(name)
        try fig.save("\(outDir)/\(name).png", dpi: dpi)
        if !pngOnly {
            try fig.save("\(outDir)/\(name).pdf")
            try fig.save("\(outDir)/\(name).svg")
        }
        print(String(format: "%-28@ %.2f s", name as NSString, Date().timeIntervalSince(start)))
    } catch {
        failures += 1
        print("\(name): FAILED: \(error)")
    }
}
// Timing of the 1-million-point scatter (PNG, 100 dpi, 6.4 x 4.8 in).
var rng = SystemRandomNumberGenerator()
let n = 1_000_000
let xs = (0..<n).map { _ in Double.random(in: 0...1, using: &rng) }
let ys = xs.map { $0 + Double.random(in: -0.2...0.2, using: &rng) }
let fig = Figure()
fig.axes().scatter(xs, ys, size: 2, values: ys, colormap: .viridis, alpha: 0.5)
let t0 = Date()
if let png = try? fig.renderPNG(dpi: 100) {
    print(
        String(
            format: "1M-point scatter to PNG: %.2f s (%d bytes)", Date().timeIntervalSince(t0),
            png.count))
}
exit(failures == 0 ? 0 : 1)
