import Datasets
import Foundation
import HMFCore
import RHMF

/// Plain ALS against SQUAREM from the same start on the same data: cycles and seconds to the tolerance, the
/// final loss, and the largest principal angle between the two bases (`rhmf-bench --acceleration`).
struct AccelerationComparison {
    struct Row {
        var label: String
        var plain: FitResult
        var accelerated: FitResult
        var angle: Double
        /// Largest principal angles of the plain and the accelerated basis to the true one, when known.
        var truth: (plain: Double, accelerated: Double)?

        var relativeLoss: Double {
            let a = plain.trace.loss.last ?? .nan
            let b = accelerated.trace.loss.last ?? .nan
            return (b - a) / abs(a)
        }
    }

    /// Fits `data` both ways from the SVD start with `settings` (its acceleration is overridden).
    static func compare(
        _ label: String, _ data: WeightedData, _ settings: FitSettings, truth: Matrix? = nil
    ) throws -> Row {
        var plainSettings = settings
        var fastSettings = settings
        plainSettings.acceleration = nil
        fastSettings.acceleration = .squarem
        // The same deterministic SVD start for both.
        let plain = try RobustHMF(plainSettings).fit(data)
        let accelerated = try RobustHMF(fastSettings).fit(data)
        let angle = try principalAngles(between: plain.basis, and: accelerated.basis).largestDegrees
        let toTruth = try truth.map { t in
            (
                try principalAngles(between: plain.basis, and: t).largestDegrees,
                try principalAngles(between: accelerated.basis, and: t).largestDegrees
            )
        }
        return Row(
            label: label, plain: plain, accelerated: accelerated, angle: angle, truth: toTruth)
    }

    static func header() {
        print(
            "case                           plain cycles      s  accel cycles     s (rejected/tried)"
                + "  loss accel-plain (rel)  angle deg  to truth: plain, accel")
    }

    /// Prints `r`, and `note` after it.
    static func show(_ r: Row, note: String = "") {
        let rejected = r.accelerated.trace.rejected?.count ?? 0
        let tried = r.accelerated.trace.extrapolated?.count ?? 0
        let label = r.label.padding(toLength: 30, withPad: " ", startingAt: 0)
        let truth =
            r.truth.map { String(format: "  %8.3f %8.3f", $0.plain, $0.accelerated) }
            ?? String(repeating: " ", count: 19)
        print(
            String(
                format: "%@ %12d %6.2f %13d %5.2f (%d/%d)  %22.3e  %9.4f", label, r.plain.cycles,
                r.plain.fitSeconds,
                r.accelerated.cycles, r.accelerated.fitSeconds, rejected, tried, r.relativeLoss,
                r.angle) + truth + (note.isEmpty ? "" : "  " + note))
    }

    /// The toy training set at (K, Q) over `tolerances`, and `seeds` toy seeds at (5, 5).
    static func run(seeds: Int) throws {
        header()
        let spectra = try ToySpectra(configuration: .paper, seed: ToySpectra.defaultSeed)
        let toy = spectra.train.data
        let converged = Convergence(criterion: .relativeLoss, tolerance: 1e-10, maxCycles: 3000)
        for tolerance in [1e-2, 1e-4] {
            let settings = FitSettings(
                rank: 5, likelihood: .cauchy(q: 5),
                convergence: Convergence(tolerance: tolerance, maxCycles: 3000))
            show(
                try compare(
                    "toy 42 max_frac_G \(tolerance)", toy, settings, truth: spectra.trueBasis))
        }
        show(
            try compare(
                "toy 42 rel. loss 1e-10", toy,
                FitSettings(rank: 5, likelihood: .cauchy(q: 5), convergence: converged),
                truth: spectra.trueBasis))
        for seed in 1...UInt64(max(seeds, 1)) where seeds > 0 {
            let toy = try ToySpectra(configuration: .paper, seed: seed)
            show(
                try compare(
                    "toy \(seed) rel. loss 1e-10", toy.train.data,
                    FitSettings(rank: 5, likelihood: .cauchy(q: 5), convergence: converged),
                    truth: toy.trueBasis))
        }
    }
}
