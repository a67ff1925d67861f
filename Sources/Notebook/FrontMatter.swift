import Foundation
import Yams

/// The YAML front matter of a notebook.
package struct FrontMatter: Sendable, Equatable {
    /// Document title (default: the file name).
    package var title: String?
    /// Declared parameters in declaration order, with their typed defaults.
    package var parameters: [(name: String, value: ParameterValue)] = []
    /// Folder for figures saved with `fig.save(name)`.
    package var figures: String?
    /// Input files whose content decides whether the notebook is up to date.
    package var inputs: [String] = []
    /// Number of lines the front matter occupies (0 without one), so that line numbers stay right.
    package var lineCount = 0

    package init() {}

    /// The parameters with `-p` overrides applied, in declaration order.
    /// - Throws: `NotebookError.parameter` for an unknown name or a value that does not parse as its type.
    package func resolve(overrides: [String: String]) throws(NotebookError) -> [(
        name: String, value: ParameterValue
    )] {
        for name in overrides.keys.sorted() where !parameters.contains(where: { $0.name == name }) {
            let known = parameters.map(\.name).joined(separator: ", ")
            throw .parameter(
                name: name,
                message:
                    "not declared in the front matter (declared: \(known.isEmpty ? "none" : known))"
            )
        }
        return try parameters.map {
            (p) throws(NotebookError) -> (name: String, value: ParameterValue) in
            guard let text = overrides[p.name] else { return p }
            return (p.name, try p.value.parseOverride(text, name: p.name))
        }
    }

    package static func == (a: FrontMatter, b: FrontMatter) -> Bool {
        a.title == b.title && a.figures == b.figures && a.inputs == b.inputs
            && a.lineCount == b.lineCount
            && a.parameters.map(\.name) == b.parameters.map(\.name)
            && a.parameters.map(\.value) == b.parameters.map(\.value)
    }

    /// Parses front matter text (without the `---` lines) that starts on notebook line `firstLine`.
    /// - Throws: `NotebookError.syntax` naming the notebook line of the problem.
    static func parse(_ yaml: String, file: String, firstLine: Int) throws(NotebookError)
        -> FrontMatter
    {
        var fm = FrontMatter()
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw .syntax(
                file: file, line: firstLine + Self.line(of: error),
                message: "front matter is not valid YAML: \(Self.summary(error))")
        } catch {
            throw .syntax(
                file: file, line: firstLine, message: "front matter is not valid YAML: \(error)")
        }
        guard let node else { return fm }
        guard let map = node.mapping else {
            throw .syntax(
                file: file, line: firstLine,
                message:
                    "front matter must be a mapping of keys (title, parameters, figures, inputs)")
        }
        for (keyNode, value) in map {
            let key = keyNode.string ?? ""
            let line = firstLine + (keyNode.mark.map { $0.line - 1 } ?? 0)
            switch key {
            case "title":
                guard let s = value.string else {
                    throw .syntax(file: file, line: line, message: "title must be a string")
                }
                fm.title = s
            case "figures":
                guard let s = value.string, !s.isEmpty else {
                    throw .syntax(file: file, line: line, message: "figures must be a folder path")
                }
                fm.figures = s
            case "inputs":
                guard let seq = value.sequence, let paths = Optional(seq.compactMap(\.string)),
                    paths.count == seq.count
                else {
                    throw .syntax(
                        file: file, line: line, message: "inputs must be a list of file paths")
                }
                fm.inputs = paths
            case "parameters":
                guard let params = value.mapping else {
                    throw .syntax(
                        file: file, line: line,
                        message: "parameters must be a mapping of name: default value")
                }
                for (nameNode, valueNode) in params {
                    let pline = firstLine + (nameNode.mark.map { $0.line - 1 } ?? 0)
                    let name = nameNode.string ?? ""
                    guard Self.isIdentifier(name) else {
                        throw .syntax(
                            file: file, line: pline,
                            message:
                                "parameter name \"\(name)\" is not a Swift identifier (letters, digits, _; not starting with a digit)"
                        )
                    }
                    do {
                        fm.parameters.append((name, try Self.value(valueNode, name: name)))
                    } catch {
                        throw .syntax(file: file, line: pline, message: error.description)
                    }
                }
            default:
                continue  // unknown keys (author, date, ...) are allowed and ignored
            }
        }
        return fm
    }

    /// Whether `s` can name a Swift constant (ASCII identifier, not a keyword we would shadow badly).
    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first,
            first == "_" || (first.properties.isAlphabetic && first.isASCII)
        else { return false }
        let keywords: Set<String> = [
            "let", "var", "func", "class", "struct", "enum", "import", "return", "if", "else",
            "for",
            "while", "in", "self", "Self", "true", "false", "nil", "try", "throw", "do", "case",
            "switch",
        ]
        return !keywords.contains(s)
            && s.unicodeScalars.allSatisfy {
                $0 == "_"
                    || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
            }
    }

    private static func value(_ node: Node, name: String) throws(NotebookError) -> ParameterValue {
        if let seq = node.sequence {
            let items = try seq.map { (n: Node) throws(NotebookError) -> ParameterValue in
                try value(n, name: name)
            }
            if items.contains(where: { if case .list = $0 { return true } else { return false } }) {
                throw .parameter(
                    name: name, message: "nested lists are not supported as parameters")
            }
            let hasDouble = items.contains {
                if case .double = $0 { return true } else { return false }
            }
            let widened: [ParameterValue] = items.map {
                if hasDouble, case .int(let i) = $0 { return .double(Double(i)) } else { return $0 }
            }
            if let first = widened.first, !widened.allSatisfy({ $0.swiftType == first.swiftType }) {
                throw .parameter(name: name, message: "list elements must all have the same type")
            }
            return .list(widened)
        }
        guard let scalar = node.scalar else {
            throw .parameter(name: name, message: "default must be a number, bool, string or list")
        }
        if scalar.style == .plain {
            if let i = Int(scalar.string) { return .int(i) }
            if let d = Double(scalar.string), d.isFinite { return .double(d) }
            switch scalar.string {
            case "true", "false": return .bool(scalar.string == "true")
            default: break
            }
        }
        return .string(scalar.string)
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return max(mark.line - 1, 0)
        default: return 0
        }
    }

    private static func summary(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _),
            .composer(_, let problem, _, _):
            return problem
        default: return "\(error)"
        }
    }
}
