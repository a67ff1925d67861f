import CellGraph
import HMFCore

/// The static cell graph, refined by what compiling and running the cells showed.
///
/// The static graph makes a cell depend on every earlier cell that uses a value it uses (`.mentions`), because
/// names alone cannot tell a read from a write. The kernel can: a value whose last run showed no references
/// (numbers, arrays, structs of such) can only change by assignment, and a compiled cell's library names every
/// variable of another cell it assigns or changes in place (`ForeignWrites`). Such an edge is dropped when the
/// earlier cell provably cannot change the value; every other edge stays. Runs also add edges the code does not
/// show: a cell that changed the working directory or the environment reaches every later cell, and a file one
/// cell wrote and a later cell read joins them.
///
/// A unit's **state key** digests its code key and the state keys of its refined dependencies: equal keys mean
/// equal results, so a kept result stands while the key stays. What a run showed is tied to the key of the
/// cell that showed it, so the refinement never changes a key by itself.
struct RefinedGraph {
    /// Direct dependencies per unit, in increasing order.
    private(set) var dependencies: [[Int]] = []
    /// Transitive dependencies per unit, in increasing order.
    private(set) var ancestors: [[Int]] = []
    /// State keys; nil for a unit with a dependency whose key is not known yet (it must run first).
    private(set) var stateKeys: [String?] = []

    /// What compiling and running have shown so far.
    struct Knowledge {
        /// The record standing for unit `u` with state key `key` (this round's run, or a kept one).
        var record: (_ u: Int, _ key: String?) -> UnitRecord?
        /// `module.name` of the values of other units the compiled unit writes; nil when it is not compiled.
        var writes: (_ u: Int) -> Set<String>?
        /// What the unit did the last time it ran (files, process state), whatever its key.
        var facts: (_ u: Int) -> UnitRecord.Facts?
    }

    init(_ plan: NotebookPlan, knowledge: Knowledge) {
        for u in plan.units.indices {
            let deps = Self.dependencies(
                of: u, plan: plan, stateKeys: stateKeys, knowledge: knowledge)
            dependencies.append(deps)
            ancestors.append(Set(deps + deps.flatMap { ancestors[$0] }).sorted())
            stateKeys.append(Self.stateKey(u, deps: deps, plan: plan, keys: stateKeys))
        }
    }

    /// Recomputes unit `u` (and nothing else) with what is known now (after the units before it ran).
    mutating func refresh(_ u: Int, plan: NotebookPlan, knowledge: Knowledge) {
        let deps = Self.dependencies(of: u, plan: plan, stateKeys: stateKeys, knowledge: knowledge)
        dependencies[u] = deps
        ancestors[u] = Set(deps + deps.flatMap { ancestors[$0] }).sorted()
        stateKeys[u] = Self.stateKey(u, deps: deps, plan: plan, keys: stateKeys)
    }

    /// Transitive dependents of `u`.
    func dependents(of u: Int) -> [Int] { ancestors.indices.filter { ancestors[$0].contains(u) } }

    private static func stateKey(_ u: Int, deps: [Int], plan: NotebookPlan, keys: [String?])
        -> String?
    {
        var h = ContentHasher()
        h.update(field: "hmfbook-state-2")
        h.update(field: plan.codeKeys[u])
        for d in deps {
            guard let key = keys[d] else { return nil }
            h.update(field: key)
        }
        return h.finalize().hex
    }

    private static func dependencies(
        of u: Int, plan: NotebookPlan, stateKeys: [String?], knowledge: Knowledge
    ) -> [Int] {
        var deps = Set<Int>()
        for edge in plan.graph.edges[u] {
            let needed = edge.reasons.contains { reason in
                guard case .mentions(let name) = reason else { return true }
                return mayChange(
                    edge.dependency, name, user: u, plan: plan, stateKeys: stateKeys,
                    knowledge: knowledge)
            }
            if needed { deps.insert(edge.dependency) }
        }
        let read = Set(knowledge.facts(u)?.filesRead ?? [])
        let literals = plan.units[u].analysis.stringLiterals
        for d in 0..<u {
            guard let facts = knowledge.facts(d) else { continue }
            if facts.changedProcessState || !read.isDisjoint(with: facts.filesWritten) {
                deps.insert(d)
            }
            // A file read some other way than through the notebook libraries shows only in the code: a string
            // that names a file the earlier cell wrote joins them too.
            if facts.filesWritten.contains(where: { path in
                let name = path.split(separator: "/").last.map(String.init) ?? path
                return literals.contains { $0.contains(name) }
            }) {
                deps.insert(d)
            }
        }
        return deps.sorted()
    }

    /// Whether unit `d` could change the value `name` that unit `user` uses.
    private static func mayChange(
        _ d: Int, _ name: String, user: Int, plan: NotebookPlan, stateKeys: [String?],
        knowledge: Knowledge
    ) -> Bool {
        guard let a = (0..<user).last(where: { plan.units[$0].analysis.values.contains(name) })
        else { return true }
        // A cell before the one that declares the value cannot change it; the declaring cell is a dependency anyway.
        if d <= a { return d == a }
        guard let record = knowledge.record(a, stateKeys[a]) else { return true }
        if record.references.contains(name) { return true }
        guard plan.units[a].analysis.variables.contains(name) else { return false }
        guard let writes = knowledge.writes(d) else { return true }
        return writes.contains("\(plan.modules[a]).\(name)")
    }
}
