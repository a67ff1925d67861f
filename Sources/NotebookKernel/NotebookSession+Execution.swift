import Foundation
import Notebook
import NotebookProtocol

/// Running one unit in the kernel: loading its module, putting back the variables it changes, sending it, and
/// turning its events and reply into its record; starting and restarting the kernel.
extension NotebookSession {
    enum Execution {
        case finished
        case kernelStopped(String)
        /// An interrupt stopped the cell: the round ends.
        case interrupted
    }

    func execute(
        _ u: Int, built: CellCompiler.BuiltModule, key: String?, digest: String, plan: NotebookPlan,
        state: inout RoundState, restoring: Bool, onStatus: (Status) -> Void
    ) throws(NotebookError) -> Execution {
        let unit = plan.units[u]
        let sourceKey = NotebookPlan.sourceKey(unit)
        let kernel = try runningKernel()
        if restoring && !state.done.contains(u) { state.restored.insert(u) }
        state.done.insert(u)
        func fail(_ kind: CellResult.FailureKind, _ message: String, _ result: CellResult? = nil) {
            var r = result ?? CellResult(index: unit.cell)
            r.status = .failed(kind: kind, message: message, line: nil)
            state.results[u] = .failure(r, sourceKey: sourceKey)
            state.failed.insert(u)
        }
        // Load the module (once per kernel).
        let unitID: Int
        if let id = loaded[built.module] {
            unitID = id
        } else {
            switch kernel.send(
                .load(library: built.library, symbol: CellModuleSource.entrySymbol(built.module)))
            {
            case .reply(.loaded(let id)):
                unitID = id
                loaded[built.module] = id
                if unit.analysis.extensions.contains(where: \.addsConformances) {
                    conformances.insert(built.module)
                }
            case .reply(let other):
                fail(.trap, "the kernel could not load the cell: \(other)")
                return .finished
            case .ended, .timedOut:
                fail(.trap, "the kernel stopped while loading the cell")
                restartKernel()
                return .kernelStopped("it stopped while loading the cell")
            }
        }
        // Put back variables other units changed since this unit last ran, and copy them for next time.
        let previousCopies = copies[u] ?? [:]
        copies[u] = restoreAndCopyVariables(u, plan: plan, state: &state, kernel: kernel)
        if !previousCopies.isEmpty { _ = kernel.send(.drop(ids: Array(previousCopies.values))) }
        var events = CellEvents(cell: unit.cell)
        let request = KernelRequest.RunCell(
            unit: unitID, cell: unit.cell, cache: unit.options.cache, code: digest,
            inline: !unit.isCell)
        let started = Date()
        let timeout = unit.options.timeout ?? options.timeout
        interruption.withLock { $0 = (kernel, false) }
        defer { interruption.withLock { $0.running = nil } }
        let answer = kernel.send(
            .run(request), timeout: timeout, onEvent: { events.apply($0, kernel: kernel) },
            tick: {
                onStatus(
                    Status(
                        cell: unit.cell, elapsed: Date().timeIntervalSince(started),
                        progress: events.progress.fraction,
                        label: events.progress.label))
            })
        switch answer {
        case .reply(.finished(let f)):
            if !events.ended { events.capture(kernel) }
            var result = events.result
            result.seconds = result.seconds ?? f.seconds
            result.status = .ok
            var blocksUsers = false
            if let threw = f.threw {
                if unit.options.allowError {
                    result.outputs.append(.error(threw))
                    blocksUsers = !plan.exports[u].isEmpty
                } else {
                    result.status = .failed(kind: .thrown, message: threw, line: nil)
                    blocksUsers = true
                }
            }
            let record = makeRecord(result, events: events, finished: f, sourceKey: sourceKey)
            state.results[u] = record
            facts[sourceKey] = record.facts
            if blocksUsers {
                state.failed.insert(u)
            } else if let key {
                records[key] = record
                live[key] = (built.module, epoch)
            }
            for e in plan.exports[u] where e.isVariable {
                state.freshVariables.insert("\(built.module).\(e.name)")
            }
            return .finished
        case .reply(let other):
            fail(.trap, "the kernel could not run the cell: \(other)")
            return .finished
        case .timedOut:
            events.capture(kernel)
            fail(
                .timeout,
                "cell \(unit.cell + 1) did not finish within \(Self.seconds(timeout)) and was stopped",
                events.result)
            restartKernel()
            return .kernelStopped("a timeout")
        case .ended where interruption.withLock({ $0.requested }):
            events.capture(kernel)
            fail(.interrupted, "cell \(unit.cell + 1) was interrupted", events.result)
            restartKernel()
            return .interrupted
        case .ended:
            events.capture(kernel)
            var result = events.result
            let crash = CrashReport.read("\(kernel.runDirectory)/backtrace.json") { file, line in
                guard let v = plan.modules.firstIndex(of: file) else { return nil }
                return SourceLines.notebookLine(line, of: plan.units[v])
            }
            let message =
                CrashReport.message(fromStderr: result.stderr) ?? crash.description
                ?? "the kernel stopped (status \(kernel.terminationStatus))"
            result.status = .failed(kind: .trap, message: message, line: crash.line)
            state.results[u] = .failure(result, sourceKey: sourceKey)
            state.failed.insert(u)
            restartKernel()
            return .kernelStopped("a crash")
        }
    }

    private func makeRecord(
        _ result: CellResult, events: CellEvents, finished: KernelReply.Finished,
        sourceKey: String
    ) -> UnitRecord {
        var written: [String: FileFingerprint] = [:]
        for path in events.filesWritten { written[path] = FileFingerprint(path) }
        var read: [String: FileFingerprint] = [:]
        for path in events.filesRead where !events.filesWritten.contains(path) {
            read[path] = FileFingerprint(path)
        }
        return UnitRecord(
            sourceKey: sourceKey, result: result, inlineValues: events.inlineValues,
            references: finished.references, filesRead: read, filesWritten: written,
            changedProcessState: finished.changedProcessState)
    }

    /// Before unit `u` runs: every variable of another unit it uses that no unit has touched in this round yet is
    /// put back to its value before `u` last ran (from `u`'s copy, or the copy of the first later unit that has
    /// one); then each is copied for `u`'s next run.
    private func restoreAndCopyVariables(
        _ u: Int, plan: NotebookPlan, state: inout RoundState, kernel: KernelProcess
    ) -> [String: Int] {
        var made: [String: Int] = [:]
        var restore: [Int] = []
        for use in plan.uses[u] {
            guard plan.exports[use.unit].contains(where: { $0.name == use.name && $0.isVariable })
            else { continue }
            let module = plan.modules[use.unit]
            let qualified = "\(module).\(use.name)"
            if !state.freshVariables.contains(qualified) {
                if let id = (u..<plan.units.count).lazy.compactMap({ self.copies[$0]?[qualified] })
                    .first
                {
                    restore.append(id)
                }
                state.freshVariables.insert(qualified)
            }
            if case .reply(.snapshot(let id)) = kernel.send(
                .snapshot(module: module, name: use.name))
            {
                made[qualified] = id
            }
        }
        if !restore.isEmpty { _ = kernel.send(.restore(ids: restore)) }
        return made
    }

    /// Releases the values of units that are no longer part of the notebook as it is now.
    func releaseValues(notIn current: Set<String>) {
        let stale = live.filter { !current.contains($0.key) }
        guard !stale.isEmpty else { return }
        let keptModules = Set(live.filter { current.contains($0.key) }.map(\.value.module))
        for (key, value) in stale {
            live[key] = nil
            guard value.epoch == epoch, let kernel, kernel.isRunning,
                !keptModules.contains(value.module)
            else { continue }
            _ = kernel.send(.clear(module: value.module))
        }
    }

    private func runningKernel() throws(NotebookError) -> KernelProcess {
        if let k = kernel, k.isRunning { return k }
        epoch += 1
        loaded = [:]
        copies = [:]
        conformances = []
        let k = try KernelProcess(
            program: program, runDirectory: "\(options.stateDirectory)/runs/\(options.runName)",
            workingDirectory: options.projectRoot,
            environment: options.environment.merging([
                "HMFBOOK_FIGURES": options.figuresDirectory,
                "HMFBOOK_ASSETS": options.assetsDirectory,
                "HMFBOOK_STORE": "\(options.stateDirectory)/store",
            ]) { $1 })
        kernel = k
        return k
    }

    func restartKernel() {
        kernel?.stop()
        kernel = nil
    }
}
