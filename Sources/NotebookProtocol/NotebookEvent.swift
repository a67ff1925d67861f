import Foundation
import HMFCore

/// One structured event of a running cell, one JSON object per line of the kernel's output (`KernelOutput`).
///
/// The host reads these instead of parsing free text, so that stdout, stderr, displayed values, figures and
/// timings are attributed to the right cell even when the program later crashes.
package struct NotebookEvent: Codable, Sendable, Equatable {
    /// What happened.
    package enum Kind: String, Codable, Sendable {
        /// A cell started; `stdout`/`stderr` hold the byte offsets of the output files at that moment.
        case cellBegin
        /// A cell finished; offsets as for `cellBegin`, `seconds` its wall time.
        case cellEnd
        /// A value shown with `display(...)`: `text`, `table`, or `image` (a PNG path) for figures.
        case display
        /// A figure saved with `fig.save(name)`: `image` is the PNG, `files` everything written.
        case figure
        /// Progress of a long operation: `fraction` in 0...1 and a `text` label.
        case progress
        /// A thrown error caught in a cell marked `error: allow`, or a store problem: `text`.
        case error
        /// A recoverable problem (e.g. a corrupted store entry that was recomputed): `text`.
        case warning
        /// A `Session` cache lookup: `text` is "hit" or "miss", `key` the operation.
        case cache
        /// The value of a `` `{swift} expr` `` in prose: `key` is the expression's index (decimal), `text` the value.
        case inline
        /// A `` `{swift} expr` `` that threw: `key` is the expression's index, `text` the error.
        case inlineError
        /// A file the cell read through the notebook libraries: `text` is its path.
        case fileRead
        /// A file the cell wrote through the notebook libraries: `text` is its path.
        case fileWritten
    }

    /// What happened.
    package var kind: Kind
    /// Index of the cell (0-based, in notebook order).
    package var cell: Int
    /// Text payload (display text, error message, cache outcome).
    package var text: String?
    /// Path of a PNG image (figures and displayed figures).
    package var image: String?
    /// Files written (figures: the PDF and the PNG).
    package var files: [String]?
    /// Byte offset of the captured stdout file.
    package var stdout: Int?
    /// Byte offset of the captured stderr file.
    package var stderr: Int?
    /// Wall time in seconds (cell end).
    package var seconds: Double?
    /// Progress fraction in 0...1.
    package var fraction: Double?
    /// Operation name for cache events; the expression's index for inline values.
    package var key: String?
    /// A table shown with `display(header, rows:)` (rendered as a real table in Markdown and HTML).
    package var table: TextTable?

    /// An event of `kind` for `cell`; the remaining fields are filled by the caller.
    package init(kind: Kind, cell: Int, text: String? = nil) {
        self.kind = kind
        self.cell = cell
        self.text = text
    }
}
