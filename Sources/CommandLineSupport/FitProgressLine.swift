import Foundation
import HMFCore
import RHMF

/// The fit's progress on standard error: cycle, loss, and the convergence quantity against its tolerance.
package struct FitProgressLine {
    let label: String
    let every: Int
    private let line = TerminalLine()

    package init(label: String, every: Int = 10) {
        self.label = label
        self.every = every
    }

    package func report(_ p: FitProgress) {
        let conv = p.convergence.isNaN ? "-" : String(format: "%.3e", p.convergence)
        let text = String(
            format: "%@ cycle %d/%d  loss %.6e  %@ %@ (stop below %.1e)", label, p.cycle,
            p.maxCycles, p.loss,
            p.criterion.description, conv, p.tolerance)
        line.update(text, milestone: p.cycle % every == 0 || p.cycle == 1)
    }

    package func finish() { line.finish() }
}
