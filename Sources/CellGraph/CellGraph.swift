/// The dependency graph of a notebook's cells: cell C depends on an earlier cell D when re-running D could change
/// what C computes. A missed edge would show a stale value, so where the code alone cannot tell, the graph
/// takes the edge. The rules, each an `Edge.Reason`:
///
/// - **declares**: C uses a name D declares (a value, function, type, member, operator). Overloads and
///   redeclarations make C depend on every cell that declares the name.
/// - **mentions**: C uses a top-level value (or a static stored property) that D also uses: D may have changed
///   it (`x += 1`, `rng.next()`, `fig.axes().plot(...)`), and names alone cannot tell a read from a write. Only
///   a value declared before D counts: D cannot reach one that a later cell declares.
/// - **extends**: D extends a type C can hold values of (a type declared in a cell C depends on, or any type
///   from a library): a conformance or member can change what a call in C means without C naming it.
/// - **process state**: D writes state outside the notebook (the working directory, the environment, a static
///   property of a library type): every later cell depends on it.
/// - **unreadable**: D or C has a syntax error, so its names cannot be read: every later cell depends on D and
///   C depends on every earlier cell.
/// - **file**: C read a file D wrote (known from an earlier run; the kernel adds it).
///
/// Parameters are nodes too: `parameters(of:)` lists those a cell uses.
package struct CellGraph: Sendable, Equatable {
    /// Why one cell depends on another.
    package enum Reason: Sendable, Hashable, Comparable, CustomStringConvertible {
        case declares(String)
        case mentions(String)
        case extends(String)
        case processState(String)
        case unreadable
        case file(String)

        package var description: String {
            switch self {
            case .declares(let name): return "uses \(name)"
            case .mentions(let name): return "uses \(name), which it may change"
            case .extends(let type): return "extends \(type)"
            case .processState(let what): return "changes process state (\(what))"
            case .unreadable: return "cannot be read (syntax error)"
            case .file(let path): return "reads \(path), which it writes"
            }
        }
    }

    /// One edge: `cell` depends on `dependency` for `reasons`.
    package struct Edge: Sendable, Equatable {
        package var dependency: Int
        package var cell: Int
        package var reasons: [Reason]
    }

    /// The cells' analyses, in order.
    package let analyses: [CellAnalysis]
    /// Declared parameter names.
    package let parameterNames: [String]
    /// Edges, grouped by the dependent cell, dependencies in increasing order.
    package private(set) var edges: [[Edge]]
    /// Parameters each cell uses.
    package private(set) var parameterUses: [[String]]

    /// The graph of `analyses` (cells in document order) with the declared `parameters`, plus file edges known
    /// from an earlier run (`files`: writer, reader, path) and cells known to change process state (`stateWriters`).
    package init(
        _ analyses: [CellAnalysis], parameters: [String] = [],
        files: [(writer: Int, reader: Int, path: String)] = [],
        stateWriters: [Int: String] = [:]
    ) {
        self.analyses = analyses
        parameterNames = parameters
        edges = Array(repeating: [], count: analyses.count)
        parameterUses = analyses.map { a in parameters.filter { a.mentions.contains($0) } }
        build(files: files, stateWriters: stateWriters)
    }

    /// Direct dependencies of `cell`, in increasing order.
    package func dependencies(of cell: Int) -> [Int] { edges[cell].map(\.dependency) }

    /// Parameters `cell` uses.
    package func parameters(of cell: Int) -> [String] { parameterUses[cell] }

    /// Every cell `cell` depends on, directly or through others, in increasing order.
    package func ancestors(of cell: Int) -> [Int] { ancestorSets[cell].sorted() }

    /// Every cell that depends on `cell`, directly or through others, in increasing order.
    package func dependents(of cell: Int) -> [Int] {
        (cell + 1..<analyses.count).filter { ancestorSets[$0].contains(cell) }
    }

    /// Transitive dependencies of each cell.
    package private(set) var ancestorSets: [Set<Int>] = []

    private mutating func build(
        files: [(writer: Int, reader: Int, path: String)], stateWriters: [Int: String]
    ) {
        let notebookValues = Set(analyses.flatMap(\.values))
        let notebookStatics = Set(analyses.flatMap(\.staticStored))
        let notebookTypes = Set(analyses.flatMap(\.types))
        let notebookMembers = Set(analyses.flatMap(\.members))
        let valuesBefore = analyses.indices.map { d in Set(analyses[..<d].flatMap(\.values)) }
        let staticsBefore = analyses.indices.map { d in Set(analyses[..<d].flatMap(\.staticStored))
        }
        let declaringCells = Dictionary(
            grouping: analyses.indices.flatMap { i in analyses[i].types.map { ($0, i) } },
            by: \.0
        ).mapValues { $0.map(\.1) }
        let processState = analyses.indices.map { i -> String? in
            if let dynamic = stateWriters[i] { return dynamic }
            let a = analyses[i]
            if let call = a.processStateCalls.first { return "calls \(call)" }
            let roots = a.assignedRoots.subtracting(a.locals).subtracting(notebookValues)
                .subtracting(notebookTypes)
                .subtracting(notebookStatics)
                .subtracting(notebookMembers).subtracting(["self", "super", "Self"])
            if let root = roots.sorted().first { return "assigns through \(root)" }
            return nil
        }
        ancestorSets = []
        for c in analyses.indices {
            var reasons: [Int: Set<Reason>] = [:]
            let uses = analyses[c].mentions
            let all = analyses[c].allMentions
            for d in 0..<c {
                let other = analyses[d]
                // Top-level names are used on their own; members also after a dot (or on their own, in a method).
                let declared = uses.intersection(other.topLevel).union(
                    all.intersection(other.members))
                for name in declared { reasons[d, default: []].insert(.declares(name)) }
                // Only a value that exists when D runs (declared by a cell before D) can be changed by D.
                let shared = uses.intersection(other.mentions).intersection(valuesBefore[d])
                    .union(all.intersection(other.allMentions).intersection(staticsBefore[d]))
                for name in shared
                where !declared.contains(name) && !other.topLevel.contains(name)
                    && !other.members.contains(name)
                {
                    reasons[d, default: []].insert(.mentions(name))
                }
                if let what = processState[d] {
                    reasons[d, default: []].insert(.processState(what))
                }
                if other.hasSyntaxErrors || analyses[c].hasSyntaxErrors {
                    reasons[d, default: []].insert(.unreadable)
                }
            }
            for f in files where f.reader == c && f.writer < c {
                reasons[f.writer, default: []].insert(.file(f.path))
            }
            // Extensions: of a library type reach every later cell; of a notebook type, the cells that can hold one.
            var closure = Set(reasons.keys).reduce(into: Set<Int>()) {
                $0.insert($1)
                $0.formUnion(ancestorSets[$1])
            }
            var grew = true
            while grew {
                grew = false
                for d in 0..<c {
                    for ext in analyses[d].extensions
                    where !(reasons[d]?.contains(.extends(ext.typeName)) ?? false) {
                        let declaring = declaringCells[ext.typeName] ?? []
                        let isNotebookType = notebookTypes.contains(ext.typeName)
                        guard
                            !isNotebookType
                                || declaring.contains(where: { $0 == c || closure.contains($0) })
                        else { continue }
                        reasons[d, default: []].insert(.extends(ext.typeName))
                        closure.insert(d)
                        closure.formUnion(ancestorSets[d])
                        grew = true
                    }
                }
            }
            edges[c] = reasons.keys.sorted().map {
                Edge(dependency: $0, cell: c, reasons: reasons[$0]!.sorted())
            }  // invariant: key exists
            ancestorSets.append(closure)
        }
    }
}
