import Foundation
import HMFCore
import Notebook
import NotebookKernel
import Spawn
import Synchronization

/// Answers `complete_request` with the names in scope that start with the word before the cursor: the
/// notebook's own declarations and parameters, Swift's keywords, and the public names of the libraries cells
/// link (read once per library build from the compiler's symbol graphs, in the user's cache). After a dot it
/// offers the members of the libraries' types; which type the value before the dot has is not known here.
final class Completions: @unchecked Sendable {
    private let toolchain: Toolchain
    private let library = Mutex<(topLevel: [String], members: [String])?>(nil)

    init(toolchain: Toolchain) { self.toolchain = toolchain }

    static let keywords = [
        "let", "var", "func", "struct", "class", "enum", "protocol", "extension", "import",
        "return",
        "if", "else", "guard", "for", "in", "while", "repeat", "switch", "case", "default", "break",
        "continue", "throw", "throws", "try", "catch", "do", "defer", "true", "false", "nil",
        "self",
        "where", "as", "is", "some", "any", "typealias", "static", "private", "mutating", "inout",
    ]

    func reply(_ code: String, cursor: Int?, notebookNames: Set<String>) -> [String: Any] {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor ?? scalars.count, 0), scalars.count)
        var start = end
        while start > 0, Self.isIdentifier(scalars[start - 1]) { start -= 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        let afterDot = start > 0 && scalars[start - 1] == "."
        let names = libraryNames()
        let pool =
            afterDot ? Set(names.members) : notebookNames.union(Self.keywords).union(names.topLevel)
        let matches = pool.filter { $0.hasPrefix(word) && $0 != word }.sorted()
        return [
            "status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end,
            "metadata": [:],
        ]
    }

    private static func isIdentifier(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s)
    }

    /// The libraries' public names, extracted once and kept beside the kernel program.
    private func libraryNames() -> (topLevel: [String], members: [String]) {
        if let known = library.withLock({ $0 }) { return known }
        var h = ContentHasher()
        h.update(field: toolchain.libraryFingerprint)
        let cache = "\(KernelProgram.userCache)/names-\(h.finalize().hex.prefix(16)).json"
        if let data = FileManager.default.contents(atPath: cache),
            let names = try? JSONDecoder().decode([String: [String]].self, from: data),
            let top = names["topLevel"], let members = names["members"]
        {
            library.withLock { $0 = (top, members) }
            return (top, members)
        }
        let extracted = extract()
        if let data = try? JSONEncoder().encode([
            "topLevel": extracted.topLevel, "members": extracted.members,
        ]) {
            try? AtomicFile.write(data, to: cache)
        }
        library.withLock { $0 = extracted }
        return extracted
    }

    /// Runs `swift-symbolgraph-extract` over the kit's modules.
    private func extract() -> (topLevel: [String], members: [String]) {
        let tool = ((toolchain.swiftc as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("swift-symbolgraph-extract")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hmfbook-symbols-\(getpid())"
        ).path
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        var flags: [String] = []
        var i = 0
        while i < toolchain.flags.count {
            if ["-I", "-Xcc"].contains(toolchain.flags[i]), i + 1 < toolchain.flags.count {
                flags += toolchain.flags[i...(i + 1)]
            }
            i += 1
        }
        var top = Set<String>()
        var members = Set<String>()
        for module in [
            "NotebookKit", "RHMF", "DataIO", "Plotting", "Datasets", "HMFCore", "NotebookProtocol",
        ] {
            let args =
                ["-module-name", module, "-target", "x86_64-unknown-linux-gnu", "-output-dir", out]
                + flags
            guard (try? ChildProcess.run(tool, args)) != nil else { continue }
            guard let data = FileManager.default.contents(atPath: "\(out)/\(module).symbols.json"),
                let graph = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let symbols = graph["symbols"] as? [[String: Any]]
            else { continue }
            for symbol in symbols {
                guard let path = symbol["pathComponents"] as? [String], let last = path.last else {
                    continue
                }
                let name = String(last.prefix { $0 != "(" })
                if path.count == 1 { top.insert(name) } else { members.insert(name) }
            }
        }
        return (top.sorted(), members.sorted())
    }
}
