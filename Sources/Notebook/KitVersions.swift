/// The versions of the code cells run against, as the notebook library reports them: the engine's numerics
/// version and the kit version (everything cells call). Freeze stamps and session keys depend on them; the host
/// asks the kit instead of compiling them in, so that an engine edit does not rebuild the host.
package struct KitVersions: Codable, Sendable, Equatable {
    /// Digest of the engine's sources (`numericsVersion`).
    package var numerics: String
    /// Digest of the sources of NotebookKit and everything it links (`kitVersion`).
    package var kit: String

    package init(numerics: String, kit: String) {
        self.numerics = numerics
        self.kit = kit
    }
}
