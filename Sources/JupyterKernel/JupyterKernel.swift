import Crypto
import Foundation
import HMFCore
import Notebook
import NotebookKernel
import NotebookProtocol
import Synchronization

/// hmfbook's Jupyter kernel: the Jupyter messaging protocol (5.3) over ZeroMQ, backed by a live
/// `NotebookSession`. Cells keep their values; running a cell runs the cells that depend on it.
///
/// Threads: the heartbeat echoes on its own; control (shutdown, interrupt) has its own, so that an interrupt
/// reaches a running cell; shell requests run on the caller's thread. IOPub is shared under a lock.
package final class JupyterKernel: @unchecked Sendable {
    private let info: ConnectionInfo
    private let key: SymmetricKey?
    private let context: ZMQContext
    private let shell, control, stdin, heartbeat: ZMQSocket
    private let iopub: ZMQSocket
    private let iopubLock = NSLock()
    private let stopped = Atomic(false)
    private let session = UUID().uuidString.lowercased()
    private let executor: JupyterExecutor
    private var executionCount = 0

    /// A kernel for the connection file at `path`, running cells with `toolchain` in `projectRoot`;
    /// `notebook` is the notebook the front end opened (its front matter gives the parameters), when known.
    package init(
        connectionFile path: String, toolchain: Toolchain, projectRoot: String, notebook: String?
    ) throws {
        info = try ConnectionInfo.read(path)
        key = info.signingKey
        context = try ZMQContext()
        shell = try ZMQSocket(
            context: context, kind: .router, endpoint: info.endpoint(info.shell_port))
        control = try ZMQSocket(
            context: context, kind: .router, endpoint: info.endpoint(info.control_port))
        stdin = try ZMQSocket(
            context: context, kind: .router, endpoint: info.endpoint(info.stdin_port))
        iopub = try ZMQSocket(
            context: context, kind: .publisher, endpoint: info.endpoint(info.iopub_port))
        heartbeat = try ZMQSocket(
            context: context, kind: .reply, endpoint: info.endpoint(info.hb_port))
        executor = try JupyterExecutor(
            toolchain: toolchain, projectRoot: projectRoot, notebook: notebook)
    }

    /// Serves until a shutdown request, `stop()`, or the end of the process that started the kernel.
    package func run() {
        let parent = getppid()
        startThread("hmfbook-jupyter-parent") { [self] in
            // A kernel whose front end died (and so never sends shutdown) must not live on, holding its cells.
            while !stopped.load(ordering: .relaxed) {
                if getppid() != parent { stop() }
                usleep(500_000)
            }
        }
        startThread("hmfbook-jupyter-heartbeat") { [self] in
            while !stopped.load(ordering: .relaxed) {
                if let frames = heartbeat.receive(timeout: 200) { heartbeat.send(frames) }
            }
        }
        startThread("hmfbook-jupyter-control") { [self] in serve(control) }
        publish(
            JupyterMessage(
                type: "status", session: session, content: ["execution_state": "starting"]))
        serve(shell)
        executor.shutdown()
    }

    /// Ends `run()`: the running cell is interrupted and the session shut down.
    package func stop() {
        stopped.store(true, ordering: .relaxed)
        executor.interrupt()
    }

    /// Interrupts the running cell, if any (what SIGINT does).
    package func interrupt() { executor.interrupt() }

    private func startThread(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let t = Thread(block: body)
        t.name = name
        t.start()
    }

    /// Receives and handles requests on `socket` until stopped.
    private func serve(_ socket: ZMQSocket) {
        while !stopped.load(ordering: .relaxed) {
            guard let frames = socket.receive(timeout: 100) else { continue }
            let message: JupyterMessage
            do {
                message = try JupyterMessage.parse(frames, key: key)
            } catch {
                protocolError(error, frames: frames, on: socket)
                continue
            }
            publishStatus("busy", parent: message)
            handle(message, on: socket)
            publishStatus("idle", parent: message)
        }
    }

    private func handle(_ m: JupyterMessage, on socket: ZMQSocket) {
        switch m.type {
        case "kernel_info_request": reply(m, on: socket, content: kernelInfo)
        case "execute_request": execute(m, on: socket)
        case "is_complete_request":
            reply(
                m, on: socket, content: CodeCompleteness.reply(m.content["code"] as? String ?? ""))
        case "complete_request":
            reply(
                m, on: socket,
                content: executor.complete(
                    m.content["code"] as? String ?? "", cursor: m.content["cursor_pos"] as? Int))
        case "inspect_request":
            reply(
                m, on: socket,
                content: ["status": "ok", "found": false, "data": [:], "metadata": [:]])
        case "history_request": reply(m, on: socket, content: ["status": "ok", "history": []])
        case "comm_info_request": reply(m, on: socket, content: ["status": "ok", "comms": [:]])
        case "interrupt_request":
            executor.interrupt()
            reply(m, on: socket, content: ["status": "ok"])
        case "shutdown_request":
            // Also for a restart: the front end starts a new kernel process once this one has ended.
            reply(
                m, on: socket,
                content: ["status": "ok", "restart": m.content["restart"] as? Bool ?? false])
            stop()
        default:
            let base =
                m.type.hasSuffix("_request") ? String(m.type.dropLast("_request".count)) : m.type
            reply(
                m, on: socket, type: base + "_reply",
                content: [
                    "status": "error", "ename": "ProtocolError",
                    "evalue": "unknown message type \(m.type)", "traceback": [],
                ])
        }
    }

    private var kernelInfo: [String: Any] {
        [
            "status": "ok", "protocol_version": "5.3", "implementation": "hmfbook",
            "implementation_version": BuildVersion.text,
            "language_info": [
                "name": "swift", "version": BuildVersion.swift, "mimetype": "text/x-swift",
                "file_extension": ".swift",
                "pygments_lexer": "swift", "codemirror_mode": "swift",
            ],
            "banner":
                "Swift (hmfbook): cells keep their values; running a cell runs the cells that depend on it.",
            "help_links": [[String: String]](),
        ]
    }

    // MARK: Execution

    private func execute(_ m: JupyterMessage, on socket: ZMQSocket) {
        let code = m.content["code"] as? String ?? ""
        let silent = m.content["silent"] as? Bool ?? false
        if !silent { executionCount += 1 }
        let count = executionCount
        publish(
            JupyterMessage(
                type: "execute_input", session: session, parent: m,
                content: ["code": code, "execution_count": count]))
        if let deleted = m.metadata["deletedCells"] as? [String] { executor.remove(ids: deleted) }
        var progress = JupyterProgress(id: "hmfbook-progress-\(session)-\(count)")
        let outcome = executor.execute(
            code, id: m.metadata["cellId"] as? String, executionCount: count
        ) { status in
            if let update = progress.message(for: status) {
                self.publish(
                    JupyterMessage(
                        type: update.type, session: self.session, parent: m, content: update.content
                    ))
            }
        }
        if let done = progress.finished() {
            publish(
                JupyterMessage(type: done.type, session: session, parent: m, content: done.content))
        }
        for output in outcome.iopub {
            publish(
                JupyterMessage(
                    type: output.type, session: session, parent: m, content: output.content))
        }
        var content: [String: Any] = [
            "execution_count": count, "user_expressions": [:], "payload": [],
        ]
        if let error = outcome.error {
            content.merge([
                "status": "error", "ename": error.ename, "evalue": error.evalue,
                "traceback": error.traceback,
            ]) { $1 }
        } else {
            content["status"] = "ok"
        }
        reply(m, on: socket, content: content)
    }

    // MARK: Wire

    private func reply(
        _ parent: JupyterMessage, on socket: ZMQSocket, type: String? = nil, content: [String: Any]
    ) {
        let t = type ?? parent.type.replacingOccurrences(of: "_request", with: "_reply")
        socket.send(
            JupyterMessage(type: t, session: session, parent: parent, content: content).frames(
                key: key))
    }

    private func publish(_ message: JupyterMessage) {
        var m = message
        m.identities = [Data(m.type.utf8)]
        iopubLock.lock()
        defer { iopubLock.unlock() }
        iopub.send(m.frames(key: key))
    }

    private func publishStatus(_ state: String, parent: JupyterMessage) {
        publish(
            JupyterMessage(
                type: "status", session: session, parent: parent,
                content: ["execution_state": state]))
    }

    /// A message that cannot be read gets an error reply on the socket it came on (when it can be routed), and
    /// the kernel goes on.
    private func protocolError(_ error: Error, frames: [Data], on socket: ZMQSocket) {
        let identities =
            frames.firstIndex(of: JupyterMessage.delimiter).map { Array(frames[..<$0]) }
            ?? Array(frames.prefix(1))
        var header: [String: Any] = [:]
        if case .badSignature(let raw) = error as? JupyterError {
            header = (try? JupyterMessage.object(raw)) ?? [:]
        }
        let type =
            (header["msg_type"] as? String).map {
                $0.replacingOccurrences(of: "_request", with: "_reply")
            } ?? "error"
        var m = JupyterMessage(
            type: type, session: session,
            content: [
                "status": "error", "ename": "ProtocolError", "evalue": "\(error)", "traceback": [],
            ])
        m.identities = identities
        m.parentHeader = header
        socket.send(m.frames(key: key))
    }
}

/// The versions the kernel reports.
enum BuildVersion {
    static let text = BuildInfo.version
    static var swift: String {
        BuildInfo.compiler.firstMatch(of: /Swift version ([0-9.]+)/).map { String($0.1) } ?? "6"
    }
}
