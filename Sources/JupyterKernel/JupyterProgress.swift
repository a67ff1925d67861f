import NotebookKernel

/// The progress line of a long cell, as one display that updates in place (`display_data`, then
/// `update_display_data` with the same id), at most every half second, and removed when the cell ends (the
/// cell's own outputs are published after it, so clearing the output area removes only the line).
struct JupyterProgress {
    let id: String
    private var shown = false
    private var lastText = ""
    private var lastElapsed = -1.0

    init(id: String) { self.id = id }

    /// The message for `status`, or nil when there is nothing new to show.
    mutating func message(for status: NotebookSession.Status) -> (
        type: String, content: [String: Any]
    )? {
        guard status.elapsed >= 1, status.elapsed - lastElapsed >= 0.5 || !shown else { return nil }
        var text = "cell running: \(Int(status.elapsed)) s"
        if let p = status.progress { text += String(format: ", %.0f%%", p * 100) }
        if let label = status.label, !label.isEmpty { text += ", \(label)" }
        guard text != lastText else { return nil }
        lastText = text
        lastElapsed = status.elapsed
        defer { shown = true }
        return (
            shown ? "update_display_data" : "display_data",
            ["data": ["text/plain": text], "metadata": [:], "transient": ["display_id": id]]
        )
    }

    /// Removes the line once the cell has ended (nil when it never showed).
    func finished() -> (type: String, content: [String: Any])? {
        shown ? ("clear_output", ["wait": false]) : nil
    }
}
