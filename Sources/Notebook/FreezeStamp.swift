import Foundation
import HMFCore
import SwiftSourceText

/// What a published figure set was made from, committed beside it as `figures/NAME/freeze.json`, so that
/// `hmfbook check` can say on a fresh clone, without running anything, whether every figure and value file is
/// current: the digest of the notebook's code (cells and front matter, comments and spacing ignored, prose
/// not counted), its parameters, the digests of its declared input files, the numerics and kit versions (the
/// code of the engine, and of everything the cells call), and the digest of every file the run wrote into the
/// folder.
package struct FreezeStamp: Codable, Sendable, Equatable {
    /// A file and the hex SHA-256 of its content.
    package struct FileDigest: Codable, Sendable, Equatable {
        package var path: String
        package var sha256: String
    }

    /// What the outputs depend on, compared field by field.
    package struct Source: Codable, Sendable, Equatable {
        /// The notebook path relative to the project root.
        package var notebook: String
        /// SHA-256 of the front matter and the normalised code of every cell.
        package var code: String
        /// Parameter name = Swift literal, in declaration order.
        package var parameters: [String]
        /// Declared inputs with their digests ("missing" when absent).
        package var inputs: [FileDigest]
        /// The engine's numerics version.
        package var numericsVersion: String
        /// The kit version: the code of everything the cells call (nil in stamps written before it was recorded).
        package var kitVersion: String?
    }

    package var source: Source
    /// Files the run wrote into the figures folder (relative to the project root), with their digests.
    package var outputs: [FileDigest]

    package init(source: Source, outputs: [FileDigest]) {
        self.source = source
        self.outputs = outputs
    }

    /// The stamp's file in a figures folder.
    package static func path(inFolder folder: String) -> String { "\(folder)/freeze.json" }

    /// The current source of `document` (read from `root`).
    package static func source(
        of document: NotebookDocument, parameters: [(name: String, value: ParameterValue)],
        root: String, versions: KitVersions
    ) -> Source {
        var h = ContentHasher()
        h.update(field: "hmfbook-freeze-source-1")
        let fm = document.frontMatter
        h.update(field: fm.figures ?? "")
        for input in fm.inputs { h.update(field: input) }
        for cell in document.cells {
            h.update(field: "\(cell.options)")
            h.update(field: SwiftSourceNormalizer.normalize(cell.source))
        }
        let inputs = fm.inputs.map { input in
            let data = FileManager.default.contents(
                atPath: input.hasPrefix("/") ? input : "\(root)/\(input)")
            return FileDigest(path: input, sha256: data.map(ContentHasher.hex) ?? "missing")
        }
        return Source(
            notebook: document.path, code: h.finalize().hex,
            parameters: parameters.map { "\($0.name) = \($0.value.swiftLiteral)" }, inputs: inputs,
            numericsVersion: versions.numerics, kitVersion: versions.kit)
    }

    /// Why `current` differs from this stamp's source, nil when it does not.
    package func staleness(against current: Source) -> String? {
        if current.numericsVersion != source.numericsVersion {
            return
                "the engine changed (numerics \(source.numericsVersion) then, \(current.numericsVersion) now)"
        }
        if current.kitVersion != source.kitVersion {
            return
                "the notebook library changed (kit \(source.kitVersion ?? "not recorded") then, \(current.kitVersion ?? "none") now)"
        }
        if current.code != source.code { return "the notebook's code changed" }
        if current.parameters != source.parameters { return "its default parameters changed" }
        for (now, then) in zip(current.inputs, source.inputs) where now != then {
            return "input \(now.path) changed"
        }
        if current.inputs.count != source.inputs.count { return "its declared inputs changed" }
        return nil
    }

    /// Reads a stamp; nil when absent or unreadable.
    package static func read(_ path: String) -> FreezeStamp? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(FreezeStamp.self, from: data)
    }

    /// JSON with sorted keys and one entry per line, so that changes read well in a diff.
    package func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
            + "\n"
    }
}
