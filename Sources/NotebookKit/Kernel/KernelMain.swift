import Foundation
internal import KitVersion
import NotebookProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The kernel process: the host compiles a two-line program that calls `KernelMain.run()`, starts it once per
/// notebook session and sends it `KernelRequest`s on standard input. Replies and cell events go out on the
/// process's standard output (`KernelOutput` lines); what cells print goes to `stdout.txt` and `stderr.txt` in
/// `HMFBOOK_RUN_DIR`, whose offsets the events carry.
///
/// `--versions` prints the numerics and kit versions as JSON and exits.
public enum KernelMain {
    /// Runs the kernel until `shutdown` or the end of its input.
    public static func run(arguments: [String] = CommandLine.arguments) -> Never {
        if arguments.contains("--versions") {
            print("{\"kit\":\"\(kitVersion)\",\"numerics\":\"\(numericsVersion)\"}")
            exit(0)
        }
        let channel = connectOutput()
        NotebookRuntime.connect(channel: channel)
        FileAccessLog.listen { access, path in
            NotebookRuntime.recordFile(path, written: access == .write)
        }
        exitWhenOrphaned()
        let writes = StoreWrites.startKernelWrites()
        var kernel = Kernel(writes: writes)
        while let line = readLine() {
            guard let request = try? JSONDecoder().decode(KernelRequest.self, from: Data(line.utf8))
            else {
                NotebookRuntime.reply(
                    .failed("the kernel cannot read the request \(line.prefix(200))"))
                continue
            }
            if request == .shutdown { break }
            NotebookRuntime.reply(kernel.handle(request))
        }
        fflush(nil)
        exit(0)
    }

    /// Moves the kernel's own standard output to a new descriptor (the channel) and sends what cells print to
    /// the run folder's files: line-buffered standard output, unbuffered standard error.
    private static func connectOutput() -> Int32 {
        let channel = dup(STDOUT_FILENO)
        let folder =
            ProcessInfo.processInfo.environment["HMFBOOK_RUN_DIR"]
            ?? FileManager.default.temporaryDirectory.path
        for (name, target) in [("stdout.txt", STDOUT_FILENO), ("stderr.txt", STDERR_FILENO)] {
            let fd = open("\(folder)/\(name)", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if fd >= 0 {
                dup2(fd, target)
                close(fd)
            }
        }
        if let out = cStream("stdout") { setvbuf(out, nil, _IOLBF, 0) }
        if let err = cStream("stderr") { setvbuf(err, nil, _IONBF, 0) }
        return channel
    }

    /// The C library's `stdout`/`stderr` stream, looked up by symbol (Swift 6 rejects direct use of the
    /// mutable C globals).
    private static func cStream(_ name: String) -> UnsafeMutablePointer<FILE>? {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return sym.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    }

    /// Stops the kernel once the host is gone (killed with kill -9, say), so that no orphan keeps computing,
    /// holding the project's store lock or writing into a later session's run folder.
    ///
    /// The watcher keeps the default stack: a small one (it had 64 KiB) is refused by `pthread_create` once
    /// the libraries' thread-local storage outgrows it, and Foundation's `Thread` drops that error silently.
    private static func exitWhenOrphaned() {
        let parent = getppid()
        let watcher = Thread {
            while getppid() == parent { usleep(200_000) }
            _exit(137)
        }
        watcher.name = "hmfbook-kernel-orphan-watch"
        watcher.start()
    }
}

/// The kernel's state: the loaded cell units and the copies of values the host asked for.
struct Kernel {
    /// The store writes of the cells' sessions, finished at the end of every cell.
    let writes: StoreWrites

    init(writes: StoreWrites) { self.writes = writes }

    private var units: [CellUnit] = []
    private var snapshots: [Int: (binding: CellBinding, value: Any)] = [:]
    private var nextSnapshot = 1

    mutating func handle(_ request: KernelRequest) -> KernelReply {
        switch request {
        case .load(let library, let symbol):
            guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
                return .failed("cannot load \(library): \(String(cString: dlerror()))")
            }
            guard let entry = dlsym(handle, symbol) else {
                return .failed("\(library) has no \(symbol)")
            }
            typealias Entry = @convention(c) () -> UnsafeMutableRawPointer
            let unit = Unmanaged<CellUnit>.fromOpaque(unsafeBitCast(entry, to: Entry.self)())
                .takeRetainedValue()
            units.append(unit)
            return .loaded(unit: units.count - 1)
        case .run(let run):
            guard units.indices.contains(run.unit) else { return .failed("no unit \(run.unit)") }
            return execute(units[run.unit], run)
        case .snapshot(let module, let name):
            guard let binding = binding(module, name) else {
                return .failed("no value \(name) in \(module)")
            }
            guard let value = binding.get() else { return .failed("\(name) has no value yet") }
            let id = nextSnapshot
            nextSnapshot += 1
            snapshots[id] = (binding, value)
            return .snapshot(id: id)
        case .restore(let ids):
            for id in ids {
                guard let (binding, value) = snapshots[id] else { return .failed("no copy \(id)") }
                binding.set(value)
            }
            return .done
        case .drop(let ids):
            for id in ids { snapshots[id] = nil }
            return .done
        case .clear(let module):
            for unit in units where unit.module == module { for b in unit.bindings { b.clear() } }
            return .done
        case .shutdown:
            return .done
        }
    }

    /// The latest loaded binding `name` of `module`.
    private func binding(_ module: String, _ name: String) -> CellBinding? {
        units.last { $0.module == module }?.bindings.first { $0.name == name }
    }

    /// Runs a unit as a cell: events around it, then which of its values hold references.
    private func execute(_ unit: CellUnit, _ run: KernelRequest.RunCell) -> KernelReply {
        let before = ProcessSnapshot()
        NotebookRuntime.beginCell(run.cell, cache: run.cache, code: run.code, announce: !run.inline)
        let started = Date()
        var threw: String?
        do { try unit.body() } catch { threw = "\(error)" }
        // The cell's store entries are on disk before it ends; a failed write is its error.
        do { try writes.finishCell() } catch { threw = threw ?? "\(error)" }
        let seconds = Date().timeIntervalSince(started)
        if !run.inline { NotebookRuntime.endCell(run.cell) }
        let references = unit.bindings.filter { b in
            b.get().map { ValueInspector.holdsReferences($0) } ?? false
        }
        return .finished(
            .init(
                threw: threw, references: references.map(\.name),
                changedProcessState: ProcessSnapshot() != before, seconds: seconds))
    }
}

/// The working directory and the environment, to notice a cell that changes them.
struct ProcessSnapshot: Equatable {
    let directory = FileManager.default.currentDirectoryPath
    let environment: [String] = {
        var out: [String] = []
        var p = environ
        while let entry = p.pointee {
            out.append(String(cString: entry))
            p += 1
        }
        return out.sorted()
    }()
}
