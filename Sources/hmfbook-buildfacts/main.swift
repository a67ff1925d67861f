import Foundation
import SwiftSourceText

// Build-time facts for hmfbook, run by the package's build-tool plugins (never by hand):
//
//   hmfbook-buildfacts numerics-version OUT.swift ROOT FILE...
//       writes `numericsVersion`, a digest of the engine's sources with comments and spacing ignored;
//   hmfbook-buildfacts kit-version OUT.swift ROOT FILE...
//       writes `kitVersion`, the same digest over the sources of NotebookKit and everything it links;
//   hmfbook-buildfacts kit-modules OUT.swift NAME|MODULEMAP|FLAG;FLAG... ...
//       writes the C modules that programs linking NotebookKit must see (module map and compiler flags).

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hmfbook-buildfacts: \(message)\n".utf8))
    exit(1)
}

/// Writes `text` to `path` only when it differs, so an unchanged fact does not trigger a rebuild.
func writeIfChanged(_ text: String, to path: String) {
    if let old = try? String(contentsOfFile: path, encoding: .utf8), old == text { return }
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        fail("cannot write \(path): \(error)")
    }
}

/// The source digest of `files` (paths) under `root`.
func digest(root: String, files: [String]) -> String {
    let texts = files.map { file -> (path: String, text: String) in
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            fail("cannot read \(file)")
        }
        return (file, text)
    }
    return SourceDigest.hex(of: texts, root: root)
}

func swiftLiteral(_ s: String) -> String {
    "\""
        + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"", with: "\\\"") + "\""
}

let args = CommandLine.arguments
guard args.count >= 3 else {
    fail("usage: numerics-version|kit-version OUT ROOT FILE... | kit-modules OUT ENTRY...")
}
switch args[1] {
case "numerics-version":
    guard args.count >= 4 else { fail("numerics-version needs OUT ROOT FILE...") }
    writeIfChanged(
        """
        // Generated at build time by hmfbook-buildfacts from the sources of RHMF. Do not edit.

        /// The version of the engine's numbers: a digest of RHMF's sources, ignoring comments and spacing. Model
        /// files, run records and freeze stamps carry it, so any change to the engine's code shows in them.
        public let numericsVersion = "rhmf-\(digest(root: args[3], files: Array(args.dropFirst(4))))"

        """, to: args[2])
case "kit-version":
    guard args.count >= 4 else { fail("kit-version needs OUT ROOT FILE...") }
    writeIfChanged(
        """
        // Generated at build time by hmfbook-buildfacts from the sources notebook programs link. Do not edit.

        /// The version of everything a notebook's cells compute with: a digest of the sources of NotebookKit and
        /// of every module it links (engine, file formats, figures, data sets, foundation), ignoring comments and
        /// spacing. Session keys and freeze stamps include it, so a change to any of that code recomputes.
        public let kitVersion = "kit-\(digest(root: args[3], files: Array(args.dropFirst(4))))"

        """, to: args[2])
case "kit-modules":
    var entries: [String] = []
    for entry in args.dropFirst(3) {
        let parts = entry.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(
            String.init)
        guard parts.count == 3 else { fail("bad module entry \(entry)") }
        let flags = parts[2].split(separator: ";").map { swiftLiteral(String($0)) }.joined(
            separator: ", ")
        entries.append(
            "        KitModule(name: \(swiftLiteral(parts[0])), moduleMap: \(swiftLiteral(parts[1])), flags: [\(flags)]),"
        )
    }
    writeIfChanged(
        """
        // Generated at build time by hmfbook-buildfacts from the package graph (SwiftPM's plugin API). Do not edit.

        extension KitModule {
            /// The C modules that NotebookKit's dependencies import, as this build found them.
            static let builtWith: [KitModule] = [
        \(entries.joined(separator: "\n"))
            ]
        }

        """, to: args[2])
default:
    fail("unknown fact \(args[1])")
}
