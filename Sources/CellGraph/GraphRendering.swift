extension CellGraph {
    /// The graph as text: one paragraph per node with what it declares, the parameters it uses, and each cell
    /// it depends on with the reasons. `labels` names the nodes ("[3] line 42").
    package func text(labels: [String]) -> String {
        var out: [String] = []
        for (i, a) in analyses.enumerated() {
            var lines = [labels[i]]
            let declared = a.values + a.functions.sorted() + a.types.sorted() + a.operators.sorted()
            if !declared.isEmpty { lines.append("  declares " + declared.joined(separator: ", ")) }
            if !parameterUses[i].isEmpty {
                lines.append("  parameters " + parameterUses[i].joined(separator: ", "))
            }
            if edges[i].isEmpty { lines.append("  depends on nothing") }
            for e in edges[i] {
                lines.append("  depends on \(labels[e.dependency]): " + Self.summary(e.reasons))
            }
            out.append(lines.joined(separator: "\n"))
        }
        return out.joined(separator: "\n\n") + "\n\n" + costSummary + "\n"
    }

    /// What an edit costs by these rules: how many other cells depend on each cell, on average and at most.
    package var costSummary: String {
        Self.costSummary(analyses.indices.map { dependents(of: $0).count })
    }

    /// The cost line for `counts`, the number of dependents of each node.
    package static func costSummary(_ counts: [Int], refined: Bool = false) -> String {
        guard let most = counts.max(), let at = counts.firstIndex(of: most) else {
            return "no cells"
        }
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        let rounded = (mean * 10).rounded() / 10
        return
            "editing one of the \(counts.count) nodes re-runs \(rounded) others on average, at most \(most) (node \(at + 1)), "
            + (refined
                ? "as the last run refined the graph"
                : "by the rules of the code alone (`--refined`: as the last run refined them)")
    }

    /// The graph in Graphviz's DOT language, edges labelled with their reasons.
    package func dot(labels: [String]) -> String {
        var out = [
            "digraph cells {", "  rankdir=TB;", "  node [shape=box, fontname=\"monospace\"];",
        ]
        for (i, label) in labels.enumerated() {
            out.append("  n\(i) [label=\(Self.quoted(label))];")
        }
        for (i, p) in parameterNames.enumerated() {
            let users = parameterUses.indices.filter { parameterUses[$0].contains(p) }
            guard !users.isEmpty else { continue }
            out.append("  p\(i) [label=\(Self.quoted(p)), shape=ellipse];")
            for u in users { out.append("  p\(i) -> n\(u) [style=dashed];") }
        }
        for list in edges {
            for e in list {
                out.append(
                    "  n\(e.dependency) -> n\(e.cell) [label=\(Self.quoted(Self.summary(e.reasons, limit: 3)))];"
                )
            }
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// "uses a, b; extends T" with at most `limit` reasons per kind.
    static func summary(_ reasons: [Reason], limit: Int = 8) -> String {
        var declares: [String] = []
        var mentions: [String] = []
        var rest: [String] = []
        for r in reasons {
            switch r {
            case .declares(let n): declares.append(n)
            case .mentions(let n): mentions.append(n)
            default: rest.append(r.description)
            }
        }
        func list(_ names: [String]) -> String {
            names.count > limit
                ? names.prefix(limit).joined(separator: ", ") + ", ... (\(names.count))"
                : names.joined(separator: ", ")
        }
        var parts: [String] = []
        if !declares.isEmpty { parts.append("uses " + list(declares)) }
        if !mentions.isEmpty { parts.append("may change " + list(mentions)) }
        return (parts + rest).joined(separator: "; ")
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            if c == "\\" || c == "\"" { out.append("\\") }
            out.append(c == "\n" ? " " : c)
        }
        return out + "\""
    }
}
