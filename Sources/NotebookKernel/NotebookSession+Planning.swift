import CellGraph
import Foundation
import HMFCore
import Notebook
import NotebookProtocol
import Synchronization

/// How a session plans a round: the plan's context, what the last rounds showed, and which cells run.
extension NotebookSession {
    func context(_ document: NotebookDocument) -> NotebookPlan.Context {
        let inputs = document.frontMatter.inputs.map { input -> String in
            let path = input.hasPrefix("/") ? input : "\(options.projectRoot)/\(input)"
            return FileManager.default.contents(atPath: path).map(ContentHasher.hex)
                ?? "missing \(input)"
        }
        return .init(
            versions: versions,
            toolchainIdentity: ([toolchain.swiftc] + toolchain.flags).joined(separator: " "),
            figures: options.figuresDirectory, assets: options.assetsDirectory,
            inputDigests: inputs,
            keepsEveryValue: options.keepsEveryValue)
    }

    func knowledge(_ plan: NotebookPlan, _ state: RoundState, _ builder: ModuleBuilder)
        -> RefinedGraph.Knowledge
    {
        RefinedGraph.Knowledge(
            record: { u, key in state.results[u] ?? key.flatMap { self.records[$0] } },
            writes: { u in
                (builder.existing(u) ?? self.compiler.cached(plan.modules[u])).map {
                    Set($0.writes)
                }
            },
            facts: { u in
                state.results[u]?.facts ?? self.facts[NotebookPlan.sourceKey(plan.units[u])]
            })
    }

    /// Whether units keep their positions from the last round: the same number of units (edits in place), or
    /// units added after all of the last round's, unchanged.
    static func positionsHold(old: [String], new: [String]) -> Bool {
        new.count == old.count || (new.count > old.count && Array(new.prefix(old.count)) == old)
    }

    func planner(
        _ plan: NotebookPlan, _ refined: RefinedGraph, state: RoundState, force: Bool,
        only: Set<Int>? = nil
    ) -> RoundPlanner {
        let n = plan.units.count
        let keys = refined.stateKeys
        let kept = (0..<n).map { u in
            if let only {
                return state.done.contains(u) || !only.contains(plan.units[u].cell)
                    || !plan.units[u].isCell
            }
            return state.done.contains(u)
                || (!force && !state.forced.contains(u)
                    && keys[u].flatMap { records[$0] }?.isCurrent == true)
        }
        let liveNow = (0..<n).map { u in
            keys[u].flatMap { live[$0] }?.epoch == epoch && kernel?.isRunning == true
        }
        let references = (0..<n).map { u in
            Set(keys[u].flatMap { records[$0] }?.references ?? plan.exports[u].map(\.name))
        }
        let variables = (0..<n).map { u in Set(plan.exports[u].filter(\.isVariable).map(\.name)) }
        var changed = Set<String>()
        let positionsHold = Self.positionsHold(
            old: lastSourceKeys, new: plan.units.map(NotebookPlan.sourceKey))
        for (variable, users) in currentVariableUsers(plan) {
            let remembered = "\(plan.codeKeys[variable.unit])|\(variable.name)"
            // Users added after every earlier user see the variable as it is now; any other change of the users
            // (one added before another, one removed, positions that moved) needs the variable made again.
            let before = variableUsers[remembered] ?? []
            let appended =
                before.count <= users.count && Array(users.prefix(before.count)) == before
                && users.dropFirst(before.count).allSatisfy { $0 >= lastUnitCount }
            if !positionsHold || !appended { changed.insert("\(variable.unit).\(variable.name)") }
        }
        return RoundPlanner(
            dependents: (0..<n).map(refined.dependents(of:)), ancestors: refined.ancestors,
            uses: plan.uses, kept: kept, live: liveNow, references: references,
            variables: variables,
            changedUsers: changed)
    }

    /// For each exported variable (declaring unit, name), the positions of the units using it.
    func currentVariableUsers(_ plan: NotebookPlan) -> [VariableRef: [Int]] {
        var users: [VariableRef: [Int]] = [:]
        for (u, list) in plan.uses.enumerated() {
            for use in list
            where plan.exports[use.unit].contains(where: { $0.name == use.name && $0.isVariable }) {
                users[VariableRef(unit: use.unit, name: use.name), default: []].append(u)
            }
        }
        return users
    }

    struct VariableRef: Hashable {
        var unit: Int
        var name: String
    }

    /// Later units whose last run read a file `u` just wrote, or all later units when `u` changed the process
    /// state, that have not run in this round.
    func reachedByFacts(_ u: Int, plan: NotebookPlan, state: RoundState) -> Set<Int> {
        guard let facts = state.results[u]?.facts else { return [] }
        let later = (u + 1)..<plan.units.count
        if facts.changedProcessState {
            return Set(later.filter { !state.done.contains($0) && !state.forced.contains($0) })
        }
        let written = Set(facts.filesWritten)
        let names = Set(written.map { $0.split(separator: "/").last.map(String.init) ?? $0 })
        return Set(
            later.filter { v in
                guard !state.done.contains(v), !state.forced.contains(v) else { return false }
                let read = self.facts[NotebookPlan.sourceKey(plan.units[v])]?.filesRead ?? []
                let literals = plan.units[v].analysis.stringLiterals
                return !written.isDisjoint(with: read)
                    || names.contains { name in literals.contains { $0.contains(name) } }
            })
    }

    func remember(_ plan: NotebookPlan, refined: RefinedGraph) {
        variableUsers = Dictionary(
            uniqueKeysWithValues: currentVariableUsers(plan).map {
                ("\(plan.codeKeys[$0.key.unit])|\($0.key.name)", $0.value)
            })
        lastUnitCount = plan.units.count
        lastSourceKeys = plan.units.map(NotebookPlan.sourceKey)
        lastKeys = refined.stateKeys.compactMap { $0 }
        releaseValues(notIn: Set(lastKeys))
    }
}
