import Foundation
import Notebook

/// The notebook's own parsers under fuzz: the Markdown notebook with its YAML front matter, and parameter
/// values given on the command line. Their results become Swift source, so the checks are about what the
/// generated program will say: parameter names are identifiers, and a value's literal means that value.
extension FuzzTarget {
    /// `MarkdownParser.parse`: front matter, prose, fences (backticks, tildes, in list items, nested).
    package static let notebook = FuzzTarget(
        name: "notebook", fileName: "input.md",
        tokens: [
            "```", "```swift", "~~~", "---", "\n", "\r\n", "  - ", "> ", "`{swift} x`",
            "parameters:",
            "inputs: [", "figures: ", ": [1, 2.5]", "\"", "'", "\t", "\u{0}", "é",
        ].map { Array($0.utf8) },
        makeSeeds: { _ in notebookSeeds.map { Array($0.utf8) } },
        run: { input, _ in
            let text = String(decoding: input, as: UTF8.self)
            let document: NotebookDocument
            do { document = try MarkdownParser.parse(text, path: "input.md") } catch {
                return .rejected(kind: kind(of: error))
            }
            for (name, value) in document.frontMatter.parameters {
                guard isIdentifier(name) else {
                    throw FuzzFinding("parameter name \"\(name)\" accepted")
                }
                try checkLiteral(value)
            }
            for cell in document.cells {
                for line in cell.source.split(separator: "\n") where !text.contains(line) {
                    throw FuzzFinding(
                        "cell \(cell.index) holds a line that is not in the notebook: \(line)")
                }
            }
            return .accepted
        })

    /// `ParameterValue.parseOverride`: the first byte chooses the declared type (in `declaredTypes`' order),
    /// the rest is the `-p` text.
    package static let parameter = FuzzTarget(
        name: "parameter", fileName: "input.txt",
        tokens: ["[", "]", ",", "\"", "\\", "\\(", "1e400", "nan", "-0", "0x1p3", "true", " "].map {
            Array($0.utf8)
        },
        makeSeeds: { _ in
            ["42", "0.25", "yes", "a \"quoted\" \\ text", "[1, 2, 3]", "[0.5, 1e-3]", "[a, b]"]
                .enumerated()
                .map { [UInt8($0.offset)] + Array($0.element.utf8) }
        },
        run: { input, _ in
            let declared = declaredTypes[Int(input.first ?? 0) % declaredTypes.count]
            let value: ParameterValue
            do {
                value = try declared.parseOverride(
                    String(decoding: input.dropFirst(), as: UTF8.self), name: "p")
            } catch { return .rejected(kind: kind(of: error)) }
            guard value.swiftType == declared.swiftType else {
                throw FuzzFinding("a \(declared.swiftType) parameter became \(value.swiftType)")
            }
            try checkLiteral(value)
            return .accepted
        })

    private static let declaredTypes: [ParameterValue] = [
        .int(1), .double(1), .bool(true), .string(""), .list([.int(1)]), .list([.double(1)]),
        .list([.string("")]),
    ]

    /// A value's Swift literal must read back as the value: a string cannot end its literal early or
    /// interpolate, and a number is finite.
    private static func checkLiteral(_ value: ParameterValue) throws {
        switch value {
        case .double(let d) where !d.isFinite:
            throw FuzzFinding("a parameter holds \(d)")
        case .string(let s):
            guard let read = SwiftStringLiteral.value(of: value.swiftLiteral), read == s else {
                throw FuzzFinding(
                    "the literal \(value.swiftLiteral) does not mean \(s.debugDescription)")
            }
        case .list(let items, _):
            for item in items { try checkLiteral(item) }
        default: break
        }
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
            !("0"..."9").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII
                && ($0 == "_" || $0.properties.isAlphabetic
                    || ("0"..."9").contains($0))
        }
    }

    private static let notebookSeeds = [
        """
        ---
        title: A fuzz seed
        figures: figures/seed
        inputs: [data/a.h5, data/b.csv]
        parameters:
          K: 5
          tolerance: 1.0e-3
          robust: true
          label: "a \\"quoted\\" name"
          ks: [1, 2, 3]
          scales: [0.5, 1]
        ---
        # Title

        Some prose with `{swift} K * 2` inline.

        ```swift
        let x = K + 1
        print(x)
        ```

        1. A list item
           ```swift
           let y = x * 2
           ```

        ````markdown
        ```swift
        not a cell
        ```
        ````

        ~~~swift
        print("tilde")
        ~~~
        """,
        "# No front matter\r\n\r\n```swift\r\nlet a = 1\r\n```\r\n",
        "---\nparameters: {}\n---\n\n> ```swift\n> quoted, prose\n> ```\n\n    ```swift\n    indented\n    ```\n",
    ]
}

/// Reads a Swift string literal the way the compiler does, for the escapes `ParameterValue.quoted` writes.
enum SwiftStringLiteral {
    /// The string `literal` denotes, or nil when it is not one closed literal without interpolation.
    static func value(of literal: String) -> String? {
        var scalars = Array(literal.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else { return nil }
        scalars = Array(scalars.dropFirst().dropLast())
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if c == "\"" || c == "\n" || c == "\r" { return nil }
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard i < scalars.count else { return nil }
            let e = scalars[i]
            i += 1
            switch e {
            case "\"", "\\", "'": out.append(e)
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "0": out.append("\0")
            case "u":
                guard i < scalars.count, scalars[i] == "{",
                    let close = scalars[i...].firstIndex(of: "}"),
                    let code = UInt32(
                        String(String.UnicodeScalarView(scalars[(i + 1)..<close])), radix: 16),
                    let scalar = Unicode.Scalar(code)
                else { return nil }
                out.append(scalar)
                i = close + 1
            default: return nil  // `\(` (interpolation) and unknown escapes
            }
        }
        return String(out)
    }
}
