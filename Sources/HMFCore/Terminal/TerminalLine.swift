import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A status line on standard error: rewritten in place on a terminal; in a log (not a terminal) only the
/// lines the caller marks as milestones are printed, so logs stay readable.
package final class TerminalLine: @unchecked Sendable {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var shown = false
    private let lock = NSLock()

    package init() {}

    /// Shows `text`; when standard error is not a terminal it is printed only if `milestone` is true.
    package func update(_ text: String, milestone: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            shown = true
        } else if milestone {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    /// Clears the line (on a terminal) so that the next output starts on a clean line.
    package func finish() {
        lock.lock()
        defer { lock.unlock() }
        if isTerminal && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
