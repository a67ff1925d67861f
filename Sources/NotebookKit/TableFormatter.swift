import Foundation

/// Plain-text tables and matrices for `display(...)`: aligned columns, large matrices shown by their corners.
enum TableFormatter {
    /// Formats one cell: numbers with up to 6 significant digits, everything else as text.
    static func cell(_ value: Any) -> String {
        switch value {
        case let d as Double: return number(d)
        case let f as Float: return number(Double(f))
        case let i as Int: return String(i)
        default: return String(describing: value)
        }
    }

    static func number(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(format: "%.6g", d)
    }

    /// Right-aligned columns, a rule under the header when there is one.
    static func format(header: [String]?, rows: [[String]]) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (j, c) in row.enumerated() { widths[j] = max(widths[j], c.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { j, c in String(repeating: " ", count: widths[j] - c.count) + c }.joined(separator: "  ")
        }
        var out: [String] = []
        if let header {
            out.append(line(header))
            out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        }
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

/// Matrix display: the shape, then the matrix, or its four corners when larger than 8 x 8.
enum MatrixFormatter {
    static func format(_ m: Matrix, edge: Int = 4) -> String {
        let rowIdx = indices(m.rows, edge: edge), colIdx = indices(m.cols, edge: edge)
        let rows: [[String]] = rowIdx.map { i in
            colIdx.map { j in
                guard let i, let j else { return "…" }
                return TableFormatter.number(m[i, j])
            }
        }
        return "Matrix \(m.rows) x \(m.cols)\n" + TableFormatter.format(header: nil, rows: rows)
    }

    /// All indices when n <= 2 edge, else the first and last `edge` with a gap (nil) between.
    private static func indices(_ n: Int, edge: Int) -> [Int?] {
        if n <= 2 * edge { return Array(0..<n) }
        return Array(0..<edge) + [nil] + Array((n - edge)..<n)
    }
}
