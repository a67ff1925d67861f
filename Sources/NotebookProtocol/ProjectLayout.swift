/// Where a project keeps what hmfbook makes, relative to the project root. Every module that reads or writes
/// these folders takes the names from here.
public enum ProjectLayout {
    /// Hidden state: compiled notebooks, run folders, locks and the session store.
    public static let stateDirectory = ".hmfbook"
    /// The content-addressed session store, inside the state folder.
    public static let storeDirectory = ".hmfbook/store"
    /// Compiled cells, one module per folder, named after the digest of what it was compiled from.
    public static let cellsDirectory = ".hmfbook/cells"
    /// Per-notebook run folders (captured output, events).
    public static let runsDirectory = ".hmfbook/runs"
    /// Per-notebook locks.
    public static let locksDirectory = ".hmfbook/locks"
    /// Executed documents (Markdown, HTML, .ipynb) and their run records.
    public static let outputDirectory = "build/Notebooks"
    /// The notebooks of the project.
    public static let notebooksDirectory = "Notebooks"
    /// Published figure sets, one folder per notebook.
    public static let figuresDirectory = "figures"
    /// The manuscript.
    public static let paperDirectory = "paper"
}
