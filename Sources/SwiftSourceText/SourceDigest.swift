/// A digest of a set of source files that changes with their code and not with their comments, spacing or
/// location on disk: each file contributes its path relative to `root` and its text, Swift files normalised
/// (`SwiftSourceNormalizer`), other files (C, headers, module maps) as they are. Files are taken in path order.
package enum SourceDigest {
    /// The 16-digit hex digest of `files` (path and text pairs) under `root`.
    package static func hex(of files: [(path: String, text: String)], root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var hash = FNV1a()
        for file in files.sorted(by: { $0.path < $1.path }) {
            hash.update(
                file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path)
            hash.update(
                file.path.hasSuffix(".swift")
                    ? SwiftSourceNormalizer.normalize(file.text) : file.text)
        }
        return hash.hex
    }
}
