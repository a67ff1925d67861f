import Foundation
import RHMF

/// A one-line progress report on standard error: rewritten in place on a terminal, one line every
/// `every` cycles otherwise (so logs stay readable).
struct ProgressLine {
    let label: String
    let every: Int
    private let isTerminal = isatty(STDERR_FILENO) != 0

    init(label: String, every: Int = 10) {
        self.label = label
        self.every = every
    }

    func report(_ p: FitProgress) {
        let conv = p.convergence.isNaN ? "-" : String(format: "%.3e", p.convergence)
        let line = String(format: "%@ cycle %d/%d  loss before it %.6e  convergence %@", label, p.cycle, p.maxCycles, p.loss, conv)
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else if p.cycle % every == 0 || p.cycle == 1 {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
