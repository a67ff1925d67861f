import CellGraph
import Foundation
import HMFCore
import Notebook
import NotebookProtocol

/// A notebook's session: one kernel process that keeps every unit's values, and what each unit last produced.
/// `run` takes the notebook as it is now, runs only what changed and what depends on it (`RoundPlanner`), and
/// returns every cell's result, kept or new. `hmfbook preview`, `hmfbook kernel` and the Jupyter kernel hold one
/// session for as long as they run; `hmfbook run` makes one per run, seeded with the records of the last run.
public final class NotebookSession: @unchecked Sendable {
    /// Where a session runs and writes.
    public struct Options: Sendable {
        /// Project root: the kernel's working directory; relative paths are resolved against it.
        public var projectRoot: String
        /// `.hmfbook` (absolute).
        public var stateDirectory: String
        /// Folder of published figures (absolute).
        public var figuresDirectory: String
        /// Folder of displayed images (absolute).
        public var assetsDirectory: String
        /// Name of the session's run folder under `.hmfbook/runs`.
        public var runName: String
        /// Seconds a cell may run when it sets no `timeout`.
        public var timeout: Double = 3600

        public init(projectRoot: String, stateDirectory: String, figuresDirectory: String, assetsDirectory: String,
                    runName: String) {
            self.projectRoot = projectRoot
            self.stateDirectory = stateDirectory
            self.figuresDirectory = figuresDirectory
            self.assetsDirectory = assetsDirectory
            self.runName = runName
        }
    }

    /// Live status for a terminal or a page: the running cell, its time and its latest progress report.
    public struct Status: Sendable {
        public var cell: Int
        public var elapsed: Double
        public var progress: Double?
        public var label: String?
    }

    /// What one `run` did.
    public struct Round: Sendable {
        /// Every cell's result (kept ones marked `.reused`).
        public var result: RunResult
        /// Cells that ran, in order.
        public var ran: [Int]
        /// Seconds spent compiling cells.
        public var compileSeconds: Double
        /// Things the page should say (a restarted kernel).
        public var notes: [String]
        /// The cell graph of this round.
        public var graph: CellGraph
    }

    public let notebook: String
    public let toolchain: Toolchain
    public let options: Options
    let program: KernelProgram
    /// The versions of the kit the kernel links.
    public let versions: KitVersions
    private let compiler: CellCompiler
    private var kernel: KernelProcess?
    /// Incremented each time a kernel starts; values belong to one kernel.
    private var epoch = 0
    private var analyses: [String: CellAnalysis] = [:]
    /// Last results by state key.
    private(set) var records: [String: UnitRecord]
    /// Run facts by unit source key.
    private var facts: [String: NotebookPlan.RunFacts] = [:]
    /// Values the kernel holds, by state key.
    private var live: [String: LiveUnit] = [:]
    /// Loaded kernel units by module (in the current kernel).
    private var loaded: [String: Int] = [:]
    /// Users of each variable in the last round (`declaring state key.name` -> user state keys, in order).
    private var variableUsers: [String: [Int]] = [:]
    private var lastUnitCount = -1
    /// State keys of the units of the last round.
    private var lastKeys: [String] = []

    /// What the kernel holds for a unit.
    private struct LiveUnit {
        var epoch: Int
        var module: String
        /// Copies of other units' variables taken before this unit last ran (`module.name` -> snapshot id).
        var snapshots: [String: Int]
    }

    /// A session for `notebook` (relative to the project root); it starts its kernel when it first runs a cell.
    public convenience init(notebook: String, toolchain: Toolchain, options: Options) throws(NotebookError) {
        try self.init(notebook: notebook, toolchain: toolchain, options: options, records: [:])
    }

    /// A session seeded with `records`, the results of an earlier run.
    init(notebook: String, toolchain: Toolchain, options: Options, records: [String: UnitRecord]) throws(NotebookError) {
        self.notebook = notebook
        self.toolchain = toolchain
        self.options = options
        self.records = records
        program = try KernelProgram.build(toolchain, cacheDirectory: "\(options.stateDirectory)/bin")
        versions = try program.versions()
        compiler = CellCompiler(toolchain: toolchain, cacheDirectory: "\(options.stateDirectory)/cells")
    }

    deinit { kernel?.shutdown() }

    /// The records of the last round's units (what a later batch run can keep).
    func currentRecords() -> [String: UnitRecord] {
        Dictionary(uniqueKeysWithValues: lastKeys.compactMap { k in records[k].map { (k, $0) } })
    }

    /// Ends the kernel process.
    public func shutdown() {
        kernel?.shutdown()
        kernel = nil
    }

    /// Runs what `document` needs: units whose state changed and everything that depends on them (all of them
    /// with `force`); the rest keep their results.
    public func run(_ document: NotebookDocument, parameters: [(name: String, value: ParameterValue)], force: Bool = false,
                    onStatus: (Status) -> Void = { _ in }) throws(NotebookError) -> Round {
        let started = Date()
        let units = NotebookUnit.units(of: document, analyses: &analyses)
        let plan = NotebookPlan(document: document, parameters: parameters, units: units, facts: facts,
                                context: context(document))
        var state = RoundState(units: units, plan: plan)
        var notes: [String] = []
        var compileSeconds = 0.0
        var excluded = Set<Int>()
        var ran: [Int] = []
        roundLoop: while true {
            let order = planner(plan, force: force, done: state.done, excluded: excluded).plan()
            for (u, reason) in order where !state.done.contains(u) && !excluded.contains(u) {
                if let blocker = plan.graph.dependencies(of: u).first(where: { state.failed.contains($0) }) {
                    state.notRun(u, because: blocker)
                    continue
                }
                let t0 = Date()
                let built = try build(u, plan: plan, state: &state)
                compileSeconds += Date().timeIntervalSince(t0)
                guard let built else { continue }
                let restoring = reason != .changed && records[plan.stateKeys[u]]?.isCurrent == true && !force
                switch try execute(u, built: built, plan: plan, state: &state, restoring: restoring, onStatus: onStatus) {
                case .finished:
                    ran.append(u)
                case .kernelStopped(let why):
                    ran.append(u)
                    excluded.insert(u)
                    excluded.formUnion(plan.graph.dependents(of: u))
                    for d in plan.graph.dependents(of: u) { state.notRun(d, because: u) }
                    notes.append("The kernel stopped in cell \(units[u].cell + 1) (\(why)) and was restarted; "
                                 + "the cells the rest of the notebook needs were run again to restore their values.")
                    continue roundLoop
                }
            }
            break
        }
        rememberVariableUsers(plan)
        releaseValues(notIn: plan)
        lastKeys = plan.stateKeys
        var result = RunResult(document: document, parameters: parameters, cells: document.cells.map { CellResult(index: $0.index) })
        result.startedAt = ISO8601DateFormatter().string(from: started)
        result.compileSeconds = compileSeconds
        for (u, unit) in units.enumerated() {
            let record = state.results[u] ?? records[plan.stateKeys[u]]
            let execution: CellResult.Execution = state.results[u] == nil ? .reused : (state.restored.contains(u) ? .restored : .ran)
            if unit.isCell {
                var cell = state.results[u]?.result ?? record?.result ?? CellResult(index: unit.cell)
                if state.notRunUnits.contains(u) { cell = CellResult(index: unit.cell) }
                cell.index = unit.cell
                cell.execution = execution
                cell.dependencies = Array(Set(plan.graph.dependencies(of: u).map { units[$0].cell })).sorted()
                cell.inlineValues = result.cells[unit.cell].inlineValues.merging(cell.inlineValues) { a, _ in a }
                result.cells[unit.cell] = cell
            } else if let values = record?.inlineValues, !result.cells.isEmpty {
                result.cells[unit.cell].inlineValues.merge(values) { _, b in b }
            }
        }
        result.totalSeconds = Date().timeIntervalSince(started)
        result.notes = notes
        return Round(result: result, ran: ran.filter { units[$0].isCell }.map { units[$0].cell }, compileSeconds: compileSeconds,
                     notes: notes, graph: plan.graph)
    }

    // MARK: Planning

    private func context(_ document: NotebookDocument) -> NotebookPlan.Context {
        let inputs = document.frontMatter.inputs.map { input -> String in
            let path = input.hasPrefix("/") ? input : "\(options.projectRoot)/\(input)"
            return FileManager.default.contents(atPath: path).map(ContentHasher.hex) ?? "missing \(input)"
        }
        return .init(versions: versions, toolchainIdentity: ([toolchain.swiftc] + toolchain.flags).joined(separator: " "),
                     figures: options.figuresDirectory, assets: options.assetsDirectory, inputDigests: inputs)
    }

    private func planner(_ plan: NotebookPlan, force: Bool, done: Set<Int>, excluded: Set<Int>) -> RoundPlanner {
        let n = plan.units.count
        let keys = plan.stateKeys
        let kept = (0..<n).map { u in done.contains(u) || excluded.contains(u)
            || (!force && records[keys[u]]?.isCurrent == true) }
        let liveNow = (0..<n).map { u in live[keys[u]]?.epoch == epoch && kernel?.isRunning == true }
        let references = (0..<n).map { Set(records[keys[$0]]?.references ?? []) }
        let variables = (0..<n).map { u in Set(plan.exports[u].filter(\.isVariable).map(\.name)) }
        var changed = Set<String>()
        let users = currentVariableUsers(plan)
        for (key, list) in users {
            let declaring = Int(key.split(separator: ".")[0]) ?? -1
            let previous = variableUsers["\(keys[declaring]).\(key.split(separator: ".")[1])"]
            if previous != list || lastUnitCount != n { changed.insert(key) }
        }
        return RoundPlanner(graph: (0..<n).map(plan.graph.dependencies(of:)), dependents: (0..<n).map(plan.graph.dependents(of:)),
                            ancestors: (0..<n).map(plan.graph.ancestors(of:)), uses: plan.uses, kept: kept, live: liveNow,
                            references: references, variables: variables, changedUsers: changed)
    }

    /// For each exported variable (`declaring unit.name`), the units using it, in order.
    private func currentVariableUsers(_ plan: NotebookPlan) -> [String: [Int]] {
        var users: [String: [Int]] = [:]
        for (u, list) in plan.uses.enumerated() {
            for use in list where plan.exports[use.unit].contains(where: { $0.name == use.name && $0.isVariable }) {
                users["\(use.unit).\(use.name)", default: []].append(u)
            }
        }
        return users
    }

    private func rememberVariableUsers(_ plan: NotebookPlan) {
        variableUsers = [:]
        for (key, list) in currentVariableUsers(plan) {
            let parts = key.split(separator: ".")
            guard let d = Int(parts[0]) else { continue }
            variableUsers["\(plan.stateKeys[d]).\(parts[1])"] = list
        }
        lastUnitCount = plan.units.count
    }

    // MARK: Building and running one unit

    /// What a round has done so far.
    struct RoundState {
        let units: [NotebookUnit]
        let plan: NotebookPlan
        var done: Set<Int> = []
        var failed: Set<Int> = []
        var notRunUnits: Set<Int> = []
        var restored: Set<Int> = []
        var results: [Int: UnitRecord] = [:]
        var built: [Int: CellCompiler.BuiltModule] = [:]
        /// Variables (`module.name`) put back or made fresh in this round.
        var freshVariables: Set<String> = []

        init(units: [NotebookUnit], plan: NotebookPlan) {
            self.units = units
            self.plan = plan
        }

        mutating func notRun(_ u: Int, because blocker: Int) {
            done.insert(u)
            failed.insert(u)
            notRunUnits.insert(u)
        }
    }

    private func build(_ u: Int, plan: NotebookPlan, state: inout RoundState) throws(NotebookError) -> CellCompiler.BuiltModule? {
        if let known = state.built[u] { return known }
        var ancestors: [CellCompiler.BuiltModule] = []
        for a in plan.graph.ancestors(of: u) {
            guard let m = try moduleOf(a, plan: plan, state: &state) else { return nil }
            ancestors.append(m)
        }
        let unit = plan.units[u]
        let code: CellCompiler.Request.Code
        switch unit.kind {
        case .cell: code = .cell(source: unit.source, analysis: unit.analysis)
        case .inline(let expressions): code = .inline(expressions)
        }
        let request = CellCompiler.Request(module: plan.modules[u], code: code, exports: plan.exports[u],
                                           parameters: plan.parameterLines[u], imports: plan.imports, ancestors: ancestors)
        switch try compiler.build(request) {
        case .built(let m):
            state.built[u] = m
            return m
        case .failed(let diagnostics, let output):
            var result = CellResult(index: unit.cell)
            let mapped = diagnostics.filter { $0.severity == "error" }.map { d -> (line: Int?, text: String) in
                let line = d.file == plan.modules[u] ? SourceLines.notebookLine(d.line, of: unit) : nil
                return (line, "\(notebook):\(line.map(String.init) ?? "?"):\(d.column): error: \(d.message)")
            }
            let first = mapped.first
            result.status = .failed(kind: .compile, message: diagnostics.first { $0.severity == "error" }?.message ?? output,
                                    line: first?.line)
            result.stderr = mapped.isEmpty ? output : mapped.map(\.text).joined(separator: "\n")
            state.results[u] = UnitRecord(result: result, inlineValues: [:], references: [], filesRead: [:], filesWritten: [:],
                                          changedProcessState: false)
            state.done.insert(u)
            state.failed.insert(u)
            return nil
        }
    }

    /// The module of an ancestor: built in this round, or built before (from the cache, by name).
    private func moduleOf(_ a: Int, plan: NotebookPlan, state: inout RoundState) throws(NotebookError) -> CellCompiler.BuiltModule? {
        if let m = state.built[a] { return m }
        return try build(a, plan: plan, state: &state)
    }

    private enum Execution {
        case finished
        case kernelStopped(String)
    }

    private func execute(_ u: Int, built: CellCompiler.BuiltModule, plan: NotebookPlan, state: inout RoundState,
                         restoring: Bool, onStatus: (Status) -> Void) throws(NotebookError) -> Execution {
        let unit = plan.units[u]
        let kernel = try runningKernel()
        state.done.insert(u)
        if restoring { state.restored.insert(u) }
        // Load the module (once per kernel).
        let unitID: Int
        if let id = loaded[built.module] {
            unitID = id
        } else {
            switch kernel.send(.load(library: built.library, symbol: CellModuleSource.entrySymbol(built.module))) {
            case .reply(.loaded(let id)):
                unitID = id
                loaded[built.module] = id
            case .reply(let other):
                fail(u, unit, kind: .trap, message: "the kernel could not load the cell: \(other)", state: &state)
                return .finished
            case .ended, .timedOut:
                fail(u, unit, kind: .trap, message: "the kernel stopped while loading the cell", state: &state)
                restartAfterStop()
                return .kernelStopped("it stopped while loading the cell")
            }
        }
        // Put back variables other units changed since this unit last ran, and copy them for next time.
        let snapshots = restoreAndCopyVariables(u, plan: plan, state: &state, kernel: kernel)
        var events = CellEvents(cell: unit.cell)
        let request = KernelRequest.RunCell(unit: unitID, cell: unit.cell, cache: unit.options.cache,
                                            code: plan.codeDigests[u], inline: !unit.isCell)
        let started = Date()
        let timeout = unit.options.timeout ?? options.timeout
        let answer = kernel.send(.run(request), timeout: timeout, onEvent: { events.apply($0, kernel: kernel) }, tick: {
            onStatus(Status(cell: unit.cell, elapsed: Date().timeIntervalSince(started), progress: events.progress.fraction,
                            label: events.progress.label))
        })
        switch answer {
        case .reply(.finished(let f)):
            if !events.ended { events.capture(kernel) }
            var result = events.result
            result.seconds = result.seconds ?? f.seconds
            if let threw = f.threw {
                if unit.options.allowError {
                    result.outputs.append(.error(threw))
                    result.status = .ok
                    if !plan.exports[u].isEmpty { state.failed.insert(u) }
                } else {
                    result.status = .failed(kind: .thrown, message: threw, line: nil)
                    state.failed.insert(u)
                }
            } else {
                result.status = .ok
            }
            let record = makeRecord(result, events: events, finished: f)
            state.results[u] = record
            if result.status == .ok && !state.failed.contains(u) {
                records[plan.stateKeys[u]] = record
                live[plan.stateKeys[u]] = LiveUnit(epoch: epoch, module: built.module, snapshots: snapshots)
            }
            facts[NotebookPlan.sourceKey(unit)] = record.facts
            for e in plan.exports[u] where e.isVariable { state.freshVariables.insert("\(built.module).\(e.name)") }
            return .finished
        case .reply(let other):
            fail(u, unit, kind: .trap, message: "the kernel could not run the cell: \(other)", state: &state)
            return .finished
        case .timedOut:
            events.capture(kernel)
            var result = events.result
            result.status = .failed(kind: .timeout, message: "cell \(unit.cell + 1) did not finish within \(Self.seconds(timeout)) and was stopped", line: nil)
            state.results[u] = UnitRecord(result: result, inlineValues: [:], references: [], filesRead: [:], filesWritten: [:], changedProcessState: false)
            state.failed.insert(u)
            restartAfterStop()
            return .kernelStopped("a timeout")
        case .ended:
            events.capture(kernel)
            var result = events.result
            let crash = CrashReport.read("\(kernel.runDirectory)/backtrace.json") { file, line in
                guard let v = plan.modules.firstIndex(of: file) else { return nil }
                return SourceLines.notebookLine(line, of: plan.units[v])
            }
            let thrown = result.stderr.contains("Error raised at top")
            let message = CrashReport.message(fromStderr: result.stderr) ?? crash.description
                ?? "the kernel stopped (status \(kernel.terminationStatus))"
            result.status = .failed(kind: thrown ? .thrown : .trap, message: message, line: crash.line)
            state.results[u] = UnitRecord(result: result, inlineValues: [:], references: [], filesRead: [:], filesWritten: [:], changedProcessState: false)
            state.failed.insert(u)
            restartAfterStop()
            return .kernelStopped("a crash")
        }
    }

    private func fail(_ u: Int, _ unit: NotebookUnit, kind: CellResult.FailureKind, message: String, state: inout RoundState) {
        var result = CellResult(index: unit.cell)
        result.status = .failed(kind: kind, message: message, line: nil)
        state.results[u] = UnitRecord(result: result, inlineValues: [:], references: [], filesRead: [:], filesWritten: [:], changedProcessState: false)
        state.failed.insert(u)
    }

    private func makeRecord(_ result: CellResult, events: CellEvents, finished: KernelReply.Finished) -> UnitRecord {
        var written: [String: FileFingerprint] = [:]
        for path in events.filesWritten { written[path] = FileFingerprint(path) }
        var read: [String: FileFingerprint] = [:]
        for path in events.filesRead where !events.filesWritten.contains(path) { read[path] = FileFingerprint(path) }
        return UnitRecord(result: result, inlineValues: events.inlineValues, references: finished.references,
                          filesRead: read, filesWritten: written, changedProcessState: finished.changedProcessState)
    }

    /// Before unit `u` runs: every variable of another unit it uses that no unit has touched in this round yet is
    /// put back to its value before `u` last ran (from `u`'s copy, or the copy of the first later unit that has
    /// one); then each is copied for `u`'s next run.
    private func restoreAndCopyVariables(_ u: Int, plan: NotebookPlan, state: inout RoundState, kernel: KernelProcess) -> [String: Int] {
        var copies: [String: Int] = [:]
        var restore: [Int] = []
        for use in plan.uses[u] {
            guard plan.exports[use.unit].contains(where: { $0.name == use.name && $0.isVariable }),
                  let module = state.built[use.unit]?.module ?? live[plan.stateKeys[use.unit]]?.module else { continue }
            let qualified = "\(module).\(use.name)"
            if !state.freshVariables.contains(qualified) {
                let source = (u..<plan.units.count).lazy.compactMap { self.live[plan.stateKeys[$0]].flatMap { l in l.epoch == self.epoch ? l.snapshots[qualified] : nil } }.first
                if let id = source { restore.append(id) }
                state.freshVariables.insert(qualified)
            }
            if case .reply(.snapshot(let id)) = kernel.send(.snapshot(module: module, name: use.name)) { copies[qualified] = id }
        }
        if !restore.isEmpty { _ = kernel.send(.restore(ids: restore)) }
        return copies
    }

    /// Releases the values (and copies) of units that are no longer part of the notebook as it is now.
    private func releaseValues(notIn plan: NotebookPlan) {
        let current = Set(plan.stateKeys)
        let stale = live.filter { !current.contains($0.key) }
        guard !stale.isEmpty else { return }
        let keptModules = Set(live.filter { current.contains($0.key) }.map(\.value.module))
        for (key, unit) in stale {
            live[key] = nil
            guard unit.epoch == epoch, let kernel, kernel.isRunning else { continue }
            if !unit.snapshots.isEmpty { _ = kernel.send(.drop(ids: Array(unit.snapshots.values))) }
            if !keptModules.contains(unit.module) { _ = kernel.send(.clear(module: unit.module)) }
        }
    }

    private func runningKernel() throws(NotebookError) -> KernelProcess {
        if let k = kernel, k.isRunning { return k }
        epoch += 1
        loaded = [:]
        let k = try KernelProcess(program: program, runDirectory: "\(options.stateDirectory)/runs/\(options.runName)",
                                  workingDirectory: options.projectRoot,
                                  environment: ["HMFBOOK_FIGURES": options.figuresDirectory,
                                                "HMFBOOK_ASSETS": options.assetsDirectory,
                                                "HMFBOOK_STORE": "\(options.stateDirectory)/store"])
        kernel = k
        return k
    }

    private func restartAfterStop() {
        kernel?.stop()
        kernel = nil
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s) }
}
