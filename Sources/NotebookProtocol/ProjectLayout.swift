/// Where a project keeps what hmfbook makes, relative to the project root. Every module that reads or writes
/// these folders takes the names from here.
package enum ProjectLayout {
    /// Hidden state: compiled notebooks, run folders, locks and the session store.
    package static let stateDirectory = ".hmfbook"
    /// The content-addressed session store, inside the state folder.
    package static let storeDirectory = ".hmfbook/store"
    /// Compiled cells, one module per folder, named after the digest of what it was compiled from.
    package static let cellsDirectory = ".hmfbook/cells"
    /// Per-notebook run folders (captured output, events).
    package static let runsDirectory = ".hmfbook/runs"
    /// Per-notebook locks.
    package static let locksDirectory = ".hmfbook/locks"
    /// Executed documents (Markdown, HTML, .ipynb) and their run records.
    package static let outputDirectory = "build/Notebooks"
    /// The notebooks of the project.
    package static let notebooksDirectory = "Notebooks"
    /// Published figure sets, one folder per notebook.
    package static let figuresDirectory = "figures"
    /// The manuscript.
    package static let paperDirectory = "paper"
}
