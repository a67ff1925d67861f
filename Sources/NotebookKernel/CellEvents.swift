import Notebook
import NotebookProtocol

/// Turns the events of one unit's run into its result: printed output (sliced from the kernel's output files by
/// the offsets the events carry), displays, figures, warnings, session counts, inline values, and the files the
/// unit read and wrote.
struct CellEvents {
    var result: CellResult
    /// Inline values reported (for a unit of inline expressions).
    var inlineValues: [Int: CellResult.InlineValue] = [:]
    var filesRead: Set<String> = []
    var filesWritten: Set<String> = []
    /// The latest progress report.
    var progress: (fraction: Double?, label: String?) = (nil, nil)
    private var begin: (stdout: Int, stderr: Int)?
    private(set) var ended = false

    init(cell: Int) { result = CellResult(index: cell) }

    mutating func apply(_ e: NotebookEvent, kernel: KernelProcess) {
        switch e.kind {
        case .cellBegin:
            begin = (e.stdout ?? 0, e.stderr ?? 0)
        case .cellEnd:
            ended = true
            result.seconds = e.seconds
            capture(kernel, stdoutEnd: e.stdout, stderrEnd: e.stderr)
        case .display:
            if let image = e.image {
                result.outputs.append(.image(path: image, caption: nil))
            } else if let table = e.table {
                result.outputs.append(.table(table))
            } else if let text = e.text {
                result.outputs.append(e.key == "result" ? .value(text) : .text(text))
            }
        case .figure:
            if let image = e.image { result.outputs.append(.image(path: image, caption: e.text)) }
            result.figureFiles += e.files ?? []
        case .error:
            result.outputs.append(.error(e.text ?? "error"))
        case .warning:
            result.outputs.append(.warning(e.text ?? "warning"))
        case .cache:
            if e.text == "hit" { result.cacheHits += 1 } else { result.cacheMisses += 1 }
        case .inline, .inlineError:
            guard let index = e.key.flatMap({ Int($0) }) else { return }
            inlineValues[index] =
                e.kind == .inline ? .value(e.text ?? "") : .error(e.text ?? "error")
        case .progress:
            progress = (e.fraction, e.text)
        case .fileRead:
            if let path = e.text { filesRead.insert(path) }
        case .fileWritten:
            if let path = e.text { filesWritten.insert(path) }
        }
    }

    /// Reads what the unit printed so far (after a crash, to the end of the files).
    mutating func capture(_ kernel: KernelProcess, stdoutEnd: Int? = nil, stderrEnd: Int? = nil) {
        guard let begin else { return }
        result.stdout = kernel.output("stdout.txt", from: begin.stdout, to: stdoutEnd)
        result.stderr = kernel.output("stderr.txt", from: begin.stderr, to: stderrEnd)
    }
}
