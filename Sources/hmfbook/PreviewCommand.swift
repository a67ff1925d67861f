import ArgumentParser
import Foundation
import Notebook
import NotebookKernel
import NotebookPreview
import Synchronization

/// `hmfbook preview`: serves the executed page of one notebook, re-running it on every save.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract:
            "Serve a notebook's executed page on 127.0.0.1, re-run it on every save and reload the page.",
        discussion:
            "Watches the notebook and the inputs its front matter declares. Stop with Ctrl-C."
    )

    @Argument(help: "The notebook (Notebooks/NAME.md).")
    var notebook: String

    @Option(help: "Port on 127.0.0.1 (0: any free port).")
    var port: UInt16 = 8765

    @OptionGroup var parameters: ParameterOptions

    @Option(help: "Default per-cell timeout in seconds.")
    var timeout: Double = 3600

    func run() throws {
        Self.unblockStopSignals()
        var options = NotebookRunner.Options()
        options.overrides = try parameters.overrides()
        options.timeout = timeout
        guard FileManager.default.fileExists(atPath: notebook) else {
            throw ValidationError("\(notebook): no such notebook")
        }
        let preview = try NotebookPreview(
            notebook: notebook, toolchain: try Toolchain.locate(), options: options, port: port
        ) { line in
            Self.say(line)
        }
        let started = Mutex<Result<UInt16, PreviewError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<UInt16, PreviewError>
            do throws(PreviewError) { result = .success(try await preview.start()) } catch {
                result = .failure(error)
            }
            started.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        switch started.withLock({ $0 }) {
        case .success(let port)?:
            Self.say("previewing \(notebook) at http://127.0.0.1:\(port)/ (Ctrl-C to stop)")
        case .failure(let error)?:
            throw ValidationError(error.description)
        case nil:
            throw ExitCode(1)  // invariant: the task sets the result before signalling
        }
        while true { sleep(3600) }
    }

    /// The preview runs until it is stopped, so Ctrl-C and kill must work even when it was started with those
    /// signals blocked or ignored (both are inherited through exec: a blocked mask from a test runner's thread,
    /// an ignored SIGINT from a shell that started it in the background with `&`).
    static func unblockStopSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGINT, SIGTERM, SIGHUP] {
            sigaddset(&set, s)
            signal(s, SIG_DFL)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// A line on standard output, written at once (also when the output is a pipe or a file).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
