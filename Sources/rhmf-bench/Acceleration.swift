import Datasets
import Foundation
import RHMF

/// Plain ALS against SQUAREM from the same start on the same data: cycles and seconds to the tolerance, the
/// final loss, and the largest principal angle between the two bases (`rhmf-bench --acceleration`).
struct AccelerationComparison {
    struct Row {
        var label: String
        var plain: FitResult
        var accelerated: FitResult
        var angle: Double

        var relativeLoss: Double {
            let a = plain.trace.loss.last ?? .nan, b = accelerated.trace.loss.last ?? .nan
            return (b - a) / abs(a)
        }
    }

    /// Fits `data` both ways from the SVD start with `settings` (its acceleration is overridden).
    static func compare(_ label: String, _ data: WeightedData, _ settings: FitSettings) throws -> Row {
        var plainSettings = settings, fastSettings = settings
        plainSettings.acceleration = nil
        fastSettings.acceleration = .squarem
        // The same deterministic SVD start for both.
        let plain = try RobustHMF(plainSettings).fit(data)
        let accelerated = try RobustHMF(fastSettings).fit(data)
        let angle = try principalAngles(between: plain.basis, and: accelerated.basis).largestDegrees
        return Row(label: label, plain: plain, accelerated: accelerated, angle: angle)
    }

    static func header() {
        print("case                         plain cycles    s   accel cycles    s (rejected)  loss accel-plain (rel)  angle deg")
    }

    static func show(_ r: Row) {
        let rejected = r.accelerated.trace.rejected?.count ?? 0, tried = r.accelerated.trace.extrapolated?.count ?? 0
        print(String(format: "%-28@ %7d %7.2f %9d %7.2f (%d/%d)  %+12.3e  %9.4f", r.label as NSString,
                           r.plain.cycles, r.plain.fitSeconds, r.accelerated.cycles, r.accelerated.fitSeconds,
                           rejected, tried, r.relativeLoss, r.angle))
    }

    /// The toy training set at (K, Q) over `tolerances`, and `seeds` toy seeds at (5, 5).
    static func run(seeds: Int) throws {
        header()
        let toy = try ToySpectra(configuration: .paper, seed: ToySpectra.defaultSeed).train.data
        let converged = Convergence(criterion: .relativeLoss, tolerance: 1e-10, maxCycles: 3000)
        for tolerance in [1e-2, 1e-4] {
            let settings = FitSettings(rank: 5, likelihood: .cauchy(q: 5),
                                       convergence: Convergence(tolerance: tolerance, maxCycles: 3000))
            show(try compare("toy 42 max_frac_G \(tolerance)", toy, settings))
        }
        show(try compare("toy 42 rel. loss 1e-10", toy, FitSettings(rank: 5, likelihood: .cauchy(q: 5), convergence: converged)))
        for seed in 1...UInt64(max(seeds, 1)) where seeds > 0 {
            let data = try ToySpectra(configuration: .paper, seed: seed).train.data
            show(try compare("toy \(seed) rel. loss 1e-10", data, FitSettings(rank: 5, likelihood: .cauchy(q: 5), convergence: converged)))
        }
    }
}
