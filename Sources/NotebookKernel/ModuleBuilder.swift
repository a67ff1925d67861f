import Foundation
import Notebook
import Synchronization

/// Builds the modules of a round's units, each after its compile ancestors: on the caller's thread, or ahead of
/// the kernel on a thread of its own (a first run, when every unit runs anyway and compiling the next cells can
/// overlap with running this one).
final class ModuleBuilder: @unchecked Sendable {
    private let plan: NotebookPlan
    private let compiler: CellCompiler
    private let notebook: String
    private let condition = NSCondition()
    private var built: [Int: CellCompiler.BuiltModule] = [:]
    /// Units that did not compile (their result), or whose ancestors did not (nil).
    private var failed: [Int: CellResult?] = [:]
    private var ioError: NotebookError?
    private(set) var seconds = 0.0

    init(plan: NotebookPlan, compiler: CellCompiler, notebook: String) {
        self.plan = plan
        self.compiler = compiler
        self.notebook = notebook
    }

    /// Builds every unit in order on a background thread; `module(_:)` waits for the unit it asks for.
    func buildAllAhead() {
        let thread = Thread { [self] in for u in plan.units.indices { _ = try? build(u) } }
        thread.name = "hmfbook-cell-compiler"
        thread.start()
    }

    /// Builds every unit now, on `workers` threads (a unit waits for its ancestors; independent units compile
    /// side by side). Errors show when the unit is asked for.
    func buildAll(workers: Int) {
        let next = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
            while true {
                let u = next.withLock { i in
                    defer { i += 1 }
                    return i
                }
                guard u < plan.units.count else { return }
                _ = try? build(u)
            }
        }
    }

    /// The module of unit `u`, building it (and its ancestors) if no one has; nil when it or an ancestor does not
    /// compile (`failure(_:)` tells which).
    func module(_ u: Int) throws(NotebookError) -> CellCompiler.BuiltModule? {
        try build(u)
    }

    /// The compile failure of unit `u`: its result (nil when an ancestor failed instead).
    func failure(_ u: Int) -> CellResult?? { condition.withLock { failed[u] } }

    /// The built module of `u` if it is built already.
    func existing(_ u: Int) -> CellCompiler.BuiltModule? { condition.withLock { built[u] } }

    private var building: Set<Int> = []

    @discardableResult
    private func build(_ u: Int) throws(NotebookError) -> CellCompiler.BuiltModule? {
        // Wait while another thread builds this unit.
        condition.lock()
        while building.contains(u) { condition.wait() }
        if let m = built[u] {
            condition.unlock()
            return m
        }
        if failed[u] != nil {
            condition.unlock()
            return nil
        }
        if let e = ioError {
            condition.unlock()
            throw e
        }
        building.insert(u)
        condition.unlock()
        var outcome: CellCompiler.BuiltModule??
        var error: NotebookError?
        do { outcome = try compile(u) } catch let e { error = e }
        condition.lock()
        building.remove(u)
        if let error { ioError = error } else if let m = outcome ?? nil { built[u] = m }
        condition.broadcast()
        condition.unlock()
        if let error { throw error }
        return outcome ?? nil
    }

    /// Compiles unit `u`: `.some(module)`, or `.some(nil)` when it (or an ancestor) failed.
    private func compile(_ u: Int) throws(NotebookError) -> CellCompiler.BuiltModule?? {
        var ancestors: [CellCompiler.BuiltModule] = []
        for a in plan.compileAncestors[u] {
            guard let m = try build(a) else {
                condition.withLock { failed[u] = .some(nil) }
                return .some(nil)
            }
            ancestors.append(m)
        }
        let unit = plan.units[u]
        let code: CellCompiler.Request.Code
        switch unit.kind {
        case .cell: code = .cell(source: unit.source, analysis: unit.analysis)
        case .inline(let expressions): code = .inline(expressions)
        }
        let request = CellCompiler.Request(
            module: plan.modules[u], code: code, exports: plan.exports[u],
            parameters: plan.parameterLines[u], imports: plan.imports, ancestors: ancestors)
        let started = Date()
        defer { condition.withLock { seconds += Date().timeIntervalSince(started) } }
        switch try compiler.build(request) {
        case .built(let m):
            return .some(m)
        case .failed(let diagnostics, let output):
            var result = CellResult(index: unit.cell)
            let errors = diagnostics.filter { $0.severity == "error" }
            let lines = errors.map {
                $0.file == plan.modules[u] ? SourceLines.notebookLine($0.line, of: unit) : nil
            }
            result.status = .failed(
                kind: .compile, message: errors.first?.message ?? output,
                line: lines.compactMap { $0 }.first)
            result.stderr =
                errors.isEmpty
                ? output
                : zip(errors, lines).map { d, line in
                    "\(notebook):\(line.map(String.init) ?? "?"):\(d.column): error: \(d.message)"
                }.joined(separator: "\n")
            condition.withLock { failed[u] = .some(result) }
            return .some(nil)
        }
    }
}
