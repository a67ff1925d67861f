import CellGraph
import Foundation
import HMFCore
import Notebook
import NotebookProtocol
import Synchronization

/// A notebook's session: one kernel process that keeps every unit's values, and what each unit last produced.
/// `run` takes the notebook as it is now, compiles what is new, runs only what changed and what depends on it
/// (`RoundPlanner` over the `RefinedGraph`), and returns every cell's result, kept or new. `hmfbook preview`,
/// `hmfbook kernel` and the Jupyter kernel hold one session for as long as they run; `hmfbook run` makes one per
/// run, seeded with the records of the last run.
package final class NotebookSession: @unchecked Sendable {
    /// Where a session runs and writes.
    package struct Options: Sendable {
        /// Project root: the kernel's working directory; relative paths are resolved against it.
        package var projectRoot: String
        /// `.hmfbook` (absolute).
        package var stateDirectory: String
        /// Folder of published figures (absolute).
        package var figuresDirectory: String
        /// Folder of displayed images (absolute).
        package var assetsDirectory: String
        /// Name of the session's run folder under `.hmfbook/runs`.
        package var runName: String
        /// Seconds a cell may run when it sets no `timeout`.
        package var timeout: Double = 3600
        /// Variables added to the kernel's environment.
        package var environment: [String: String] = [:]
        /// Keep every top-level value of every cell for later cells, whether a later cell uses it yet or not (a
        /// notebook that grows one cell at a time, as in Jupyter).
        package var keepsEveryValue = false

        package init(
            projectRoot: String, stateDirectory: String, figuresDirectory: String,
            assetsDirectory: String,
            runName: String
        ) {
            self.projectRoot = projectRoot
            self.stateDirectory = stateDirectory
            self.figuresDirectory = figuresDirectory
            self.assetsDirectory = assetsDirectory
            self.runName = runName
        }
    }

    /// Live status for a terminal or a page: the running cell, its time and its latest progress report.
    package struct Status: Sendable {
        package var cell: Int
        package var elapsed: Double
        package var progress: Double?
        package var label: String?
    }

    /// What one `run` did.
    package struct Round: Sendable {
        /// Every cell's result (kept ones marked `.reused`).
        package var result: RunResult
        /// Cells that ran, in order (restored ones included).
        package var ran: [Int]
        /// Seconds spent compiling cells.
        package var compileSeconds: Double
        /// The static cell graph of this round.
        package var graph: CellGraph
    }

    package let notebook: String
    package let toolchain: Toolchain
    package let options: Options
    let program: KernelProgram
    /// The versions of the kit the kernel links.
    package let versions: KitVersions
    let compiler: CellCompiler
    var kernel: KernelProcess?
    /// Incremented each time a kernel starts; values belong to one kernel.
    var epoch = 0
    var analyses: [String: CellAnalysis] = [:]
    /// Results by state key.
    var records: [String: UnitRecord]
    /// What each unit did when it last ran, by its source key.
    var facts: [String: UnitRecord.Facts] = [:]
    /// Values the kernel holds, by state key: the module that holds them and the kernel it is loaded in.
    var live: [String: (module: String, epoch: Int)] = [:]
    /// Loaded kernel units by module (in the current kernel).
    var loaded: [String: Int] = [:]
    /// Loaded modules that add conformances to types of other cells or libraries: Swift cannot unload them.
    var conformances: Set<String> = []
    /// Copies of other units' variables taken before each unit (by position) last ran in this kernel
    /// (`module.name` -> snapshot id). Positions hold while the notebook keeps its number of units; when it
    /// changes, every variable's users count as changed and the copies are dropped.
    var copies: [Int: [String: Int]] = [:]
    /// Users of each variable in the last round (`declaring unit's code key.name` -> user positions).
    var variableUsers: [String: [Int]] = [:]
    var lastUnitCount = -1
    /// The source keys of the last round's units, by position.
    var lastSourceKeys: [String] = []
    /// State keys of the units of the last round.
    var lastKeys: [String] = []

    /// A session for `notebook` (relative to the project root); it starts its kernel when it first runs a cell.
    package convenience init(notebook: String, toolchain: Toolchain, options: Options)
        throws(NotebookError)
    {
        try self.init(notebook: notebook, toolchain: toolchain, options: options, records: [:])
    }

    /// A session seeded with `records`, the results of an earlier run.
    init(notebook: String, toolchain: Toolchain, options: Options, records: [String: UnitRecord])
        throws(NotebookError)
    {
        self.notebook = notebook
        self.toolchain = toolchain
        self.options = options
        self.records = records
        for record in records.values { facts[record.sourceKey] = record.facts }
        program = try KernelProgram.build(toolchain)
        versions = try program.versions()
        compiler = CellCompiler(
            toolchain: toolchain, cacheDirectory: "\(options.stateDirectory)/cells")
        compiler.removeAbandonedBuilds()
    }

    deinit { kernel?.shutdown() }

    /// The records of the last round's units (what a later batch run can keep).
    func currentRecords() -> [String: UnitRecord] {
        Dictionary(lastKeys.compactMap { k in records[k].map { (k, $0) } }) { a, _ in a }
    }

    /// Stops the cell that runs now, from any thread: the kernel process is killed (Swift code cannot be stopped
    /// half-way otherwise), the cell fails as interrupted, and the next run restores the values it needs.
    package func interrupt() {
        interruption.withLock { state in
            guard let kernel = state.running else { return }
            state.requested = true
            kernel.stop()
        }
    }

    /// The kernel of the request in flight, and whether an interrupt stopped it.
    let interruption = Mutex<(running: KernelProcess?, requested: Bool)>((nil, false))

    /// Ends the kernel process.
    package func shutdown() {
        kernel?.shutdown()
        kernel = nil
    }

    /// Runs what `document` needs: units whose state changed and everything that depends on them (all of them
    /// with `force`); the rest keep their results. With `restoringValues`, units whose values the kernel does not
    /// hold run too, so that a later edit costs only what it touches. With `only`, the cells run are those cells
    /// (changed or not) and what depends on them; other changed or failed cells wait (a Jupyter front end runs
    /// the cell the user runs).
    package func run(
        _ document: NotebookDocument, parameters: [(name: String, value: ParameterValue)],
        force: Bool = false,
        restoringValues: Bool = false, only: Set<Int>? = nil,
        onStatus: (Status) -> Void = { _ in }
    ) throws(NotebookError) -> Round {
        let started = Date()
        let units = NotebookUnit.units(of: document, analyses: &analyses)
        let positionsHold = Self.positionsHold(
            old: lastSourceKeys, new: units.map(NotebookPlan.sourceKey))
        if !positionsHold, !copies.isEmpty {
            // Copies are kept by position, which an added or removed unit shifts.
            if let kernel, kernel.isRunning {
                _ = kernel.send(.drop(ids: copies.values.flatMap(\.values)))
            }
            copies = [:]
        }
        let plan = NotebookPlan(parameters: parameters, units: units, context: context(document))
        var state = RoundState(units: units)
        var notes: [String] = []
        if kernel != nil, !conformances.isSubset(of: Set(plan.modules)) {
            restartKernel()
            notes.append(
                "The kernel was restarted: an edited or removed cell had added a conformance, which Swift cannot "
                    + "take back from a running process; the cells the notebook needs were run again to restore their values."
            )
        }
        // A first run runs every unit: the next cells compile while this one runs. Otherwise the new modules
        // are built first, so that what they write is known when the round is planned.
        let builder = ModuleBuilder(plan: plan, compiler: compiler, notebook: notebook)
        if force || records.isEmpty {
            builder.buildAllAhead()
        } else {
            builder.buildAll(workers: ProcessInfo.processInfo.activeProcessorCount)
        }
        var refined = RefinedGraph(plan, knowledge: knowledge(plan, state, builder))
        var ran: [Int] = []
        roundLoop: while true {
            let order = planner(plan, refined, state: state, force: force, only: only).plan(
                restoringAll: restoringValues)
            // After a restart, a unit that already ran in this round runs again when a later one needs its values.
            for (u, reason) in order
            where !state.done.contains(u) || (reason == .restores && !state.failed.contains(u)) {
                if refined.dependencies[u].contains(where: state.failed.contains) {
                    state.notRun(u)
                    continue
                }
                guard let built = try builder.module(u) else {
                    if case .some(.some(let failure)) = builder.failure(u) {
                        state.results[u] = .failure(
                            failure, sourceKey: NotebookPlan.sourceKey(units[u]))
                        state.done.insert(u)
                        state.failed.insert(u)
                    } else {
                        state.notRun(u)
                    }
                    continue
                }
                refined.refresh(u, plan: plan, knowledge: knowledge(plan, state, builder))
                let key = refined.stateKeys[u]
                let restoring =
                    reason != .changed && !force && key.flatMap({ records[$0] })?.isCurrent == true
                let digest = plan.codeDigest(u, ancestors: refined.ancestors[u])
                let outcome = try execute(
                    u, built: built, key: key, digest: digest, plan: plan, state: &state,
                    restoring: restoring, onStatus: onStatus)
                ran.append(u)
                if case .interrupted = outcome {
                    for (v, _) in order where !state.done.contains(v) { state.notRun(v) }
                    notes.append(
                        "Cell \(units[u].cell + 1) was interrupted; the cells after it did not run."
                    )
                    break roundLoop
                }
                if case .kernelStopped(let why) = outcome {
                    for d in refined.dependents(of: u) { state.notRun(d) }
                    notes.append(
                        "The kernel stopped in cell \(units[u].cell + 1) (\(why)) and was restarted; "
                            + "the cells the rest of the notebook needs were run again to restore their values."
                    )
                    continue roundLoop
                }
                // What the run showed may reach cells the plan kept: a changed process state, a file they read.
                let reached = reachedByFacts(u, plan: plan, state: state)
                if !reached.isEmpty {
                    state.forced.formUnion(reached)
                    refined = RefinedGraph(plan, knowledge: knowledge(plan, state, builder))
                    continue roundLoop
                }
            }
            break
        }
        remember(plan, refined: refined)
        var result = assemble(
            document, parameters: parameters, plan: plan, refined: refined, state: state)
        result.startedAt = ISO8601DateFormatter().string(from: started)
        result.compileSeconds = builder.seconds
        result.totalSeconds = Date().timeIntervalSince(started)
        result.notes = notes
        return Round(
            result: result, ran: ran.filter { units[$0].isCell }.map { units[$0].cell },
            compileSeconds: builder.seconds, graph: plan.graph)
    }

    /// For each unit, the units it depends on as the kernel would plan now: the static graph refined by what
    /// the runs this session knows of showed (`hmfbook graph --refined`).
    package func plannedDependencies(
        _ document: NotebookDocument,
        parameters: [(name: String, value: ParameterValue)]
    ) -> [[Int]] {
        let units = NotebookUnit.units(of: document, analyses: &analyses)
        let plan = NotebookPlan(parameters: parameters, units: units, context: context(document))
        let builder = ModuleBuilder(plan: plan, compiler: compiler, notebook: notebook)
        return RefinedGraph(plan, knowledge: knowledge(plan, RoundState(units: units), builder))
            .dependencies
    }

    // MARK: Results

    /// What a round has done so far.
    struct RoundState {
        let units: [NotebookUnit]
        var done: Set<Int> = []
        var failed: Set<Int> = []
        var notRunUnits: Set<Int> = []
        var restored: Set<Int> = []
        /// Units the plan kept that a run in this round reached (a file they read, a changed process state).
        var forced: Set<Int> = []
        var results: [Int: UnitRecord] = [:]
        /// Variables (`module.name`) put back or made fresh in this round.
        var freshVariables: Set<String> = []

        init(units: [NotebookUnit]) { self.units = units }

        mutating func notRun(_ u: Int) {
            done.insert(u)
            failed.insert(u)
            notRunUnits.insert(u)
        }
    }

    private func assemble(
        _ document: NotebookDocument, parameters: [(name: String, value: ParameterValue)],
        plan: NotebookPlan, refined: RefinedGraph, state: RoundState
    ) -> RunResult {
        let units = plan.units
        var result = RunResult(
            document: document, parameters: parameters,
            cells: document.cells.map { CellResult(index: $0.index) })
        for (u, unit) in units.enumerated() {
            let kept = refined.stateKeys[u].flatMap { records[$0] }
            let record = state.results[u] ?? kept
            let ranNow = state.results[u] != nil || state.notRunUnits.contains(u)
            if unit.isCell {
                var cell =
                    state.notRunUnits.contains(u)
                    ? CellResult(index: unit.cell)
                    : (record?.result ?? CellResult(index: unit.cell))
                cell.index = unit.cell
                cell.execution = !ranNow ? .reused : (state.restored.contains(u) ? .restored : .ran)
                cell.dependencies = Array(
                    Set(refined.dependencies[u].map { units[$0].cell }).subtracting([unit.cell])
                ).sorted()
                cell.inlineValues = result.cells[unit.cell].inlineValues
                result.cells[unit.cell] = cell
            } else if let record, result.cells.indices.contains(unit.cell) {
                result.cells[unit.cell].inlineValues.merge(record.inlineValues) { _, b in b }
                // Prose expressions that do not compile or crash fail the cell they follow.
                if case .failed = record.result.status, result.cells[unit.cell].status == .ok {
                    result.cells[unit.cell].status = record.result.status
                    result.cells[unit.cell].stderr += record.result.stderr
                }
            }
        }
        return result
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
