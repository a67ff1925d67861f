/// A table of text cells with an optional header, rendered as aligned plain text, a Markdown pipe table or
/// an HTML table. `display(header, rows:)` in notebooks and the command-line summaries all build one of these.
public struct TextTable: Sendable, Equatable, Codable {
    /// Column titles (empty for a headerless table).
    public var header: [String]
    /// The cells, row by row.
    public var rows: [[String]]

    /// A table from its header and cells.
    public init(header: [String] = [], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// A table whose cells are formatted by `TextTable.cell`.
    public init(header: [String] = [], values: [[Any]]) {
        self.init(header: header, rows: values.map { $0.map(Self.cell) })
    }

    /// One cell: integers as integers, other numbers with 6 significant digits, anything else as text.
    public static func cell(_ value: Any) -> String {
        switch value {
        case let d as Double: return NumberFormat.significant(d)
        case let f as Float: return NumberFormat.significant(Double(f))
        case let i as Int: return String(i)
        case let s as String: return s
        default: return String(describing: value)
        }
    }

    private var columnCount: Int { max(header.count, rows.map(\.count).max() ?? 0) }

    private func padded(_ row: [String]) -> [String] {
        row + [String](repeating: "", count: columnCount - row.count)
    }

    /// Right-aligned columns separated by two spaces, with a rule under the header.
    public var plainText: String {
        let all = (header.isEmpty ? [] : [padded(header)]) + rows.map(padded)
        var widths = [Int](repeating: 0, count: columnCount)
        for row in all { for (j, c) in row.enumerated() { widths[j] = max(widths[j], c.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { j, c in String(repeating: " ", count: widths[j] - c.count) + c }
                .joined(separator: "  ")
        }
        var out: [String] = []
        if !header.isEmpty {
            out.append(line(padded(header)))
            out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        }
        out += rows.map { line(padded($0)) }
        return out.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table (a blank header when there is none); `|` in cells is escaped.
    public var markdown: String {
        func line(_ row: [String]) -> String {
            "| "
                + padded(row).map {
                    $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(
                        of: "\n", with: " ")
                }
                .joined(separator: " | ") + " |"
        }
        let head = header.isEmpty ? [String](repeating: " ", count: columnCount) : header
        return
            ([line(head), "|" + String(repeating: " ---: |", count: columnCount)] + rows.map(line))
            .joined(separator: "\n")
    }

    /// An HTML `<table>` with escaped cells; numeric cells carry `class="num"`.
    public var html: String {
        func cell(_ tag: String, _ text: String) -> String {
            let numeric = Double(text) != nil || ["nan", "inf", "-inf"].contains(text)
            return "<\(tag)\(numeric ? " class=\"num\"" : "")>\(HTMLText.escape(text))</\(tag)>"
        }
        var out = ["<table>"]
        if !header.isEmpty {
            out.append(
                "<thead><tr>" + padded(header).map { cell("th", $0) }.joined() + "</tr></thead>")
        }
        out.append("<tbody>")
        out += rows.map { "<tr>" + padded($0).map { cell("td", $0) }.joined() + "</tr>" }
        out.append("</tbody></table>")
        return out.joined(separator: "\n")
    }
}

/// HTML escaping for text placed in element content or attribute values.
package enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
