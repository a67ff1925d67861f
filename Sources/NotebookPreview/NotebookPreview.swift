import FlyingFox
import FlyingSocks
import Foundation
import Notebook
import NotebookKernel
import Synchronization

/// `hmfbook preview`: serves a notebook's executed HTML page on 127.0.0.1, re-runs the notebook whenever it
/// (or a declared input) changes, and makes open pages reload themselves through server-sent events.
///
/// Routes: `GET /` the page (with the live-reload script), `GET /events` the event stream (`version` after
/// every run, `running` when a run starts), `GET /version` the page version as text. Clients reach them through
/// a `RequestGate`, which refuses oversized and slow request heads before the HTTP server sees them.
package final class NotebookPreview: Sendable {
    private let server: HTTPServer
    private let state = PreviewState()
    private let loop: PreviewLoop
    private let requestedPort: UInt16
    /// A private folder (mode 0700) holding the HTTP server's Unix socket, which only the gate connects to.
    private let socketFolder: String
    private let gate = Mutex<RequestGate?>(nil)

    /// A preview of `notebook` (relative to `options.projectRoot`) on `port` (0: any free port).
    /// `log` receives one line per run.
    package init(
        notebook: String, toolchain: Toolchain, options: NotebookRunner.Options, port: UInt16,
        pollInterval: Double = 0.05, log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(PreviewError) {
        var template = Array((NSTemporaryDirectory() + "hmfbook-preview-XXXXXX").utf8CString)
        guard let folder = mkdtemp(&template) else {
            throw .cannotListen(
                port: port, message: "cannot make a private folder for the server's socket")
        }
        socketFolder = String(cString: folder)
        server = HTTPServer(
            address: sockaddr_un.unix(path: socketFolder + "/server.sock"), timeout: 30,
            logger: .disabled)
        loop = PreviewLoop(
            notebook: notebook, toolchain: toolchain, options: options, state: state,
            interval: pollInterval, log: log)
        requestedPort = port
    }

    /// Starts serving and watching; returns the port the server listens on.
    /// - Throws: `PreviewError.cannotListen` when the port cannot be bound.
    package func start() async throws(PreviewError) -> UInt16 {
        let state = self.state
        await server.appendRoute("GET /") { _ in
            let (page, version) = state.current
            return HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: Data(LiveReload.inject(into: page, version: version).utf8))
        }
        await server.appendRoute("GET /version") { _ in
            HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/plain"],
                body: Data("\(state.current.version)".utf8))
        }
        await server.appendRoute("GET /events") { _ in
            HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: HTTPBodySequence(from: EventStreamBytes(messages: state.subscribe())))
        }
        let server = self.server
        let serving = Task { try await server.run() }
        do {
            try await server.waitUntilListening(timeout: 10)
        } catch {
            serving.cancel()
            let reason = await (try? serving.value).map { "\(error)" } ?? "\(error)"
            throw .cannotListen(port: requestedPort, message: reason)
        }
        let gate = try RequestGate(port: requestedPort, backend: socketFolder + "/server.sock")
        self.gate.withLock { $0 = gate }
        gate.start()
        loop.start()
        return gate.port
    }

    /// Number of pages connected for live reload.
    package var connectedPages: Int { state.clientCount }

    /// The version of the page being served (0 until the first run is done, then one more per run).
    package var pageVersion: Int { state.current.version }

    /// Stops watching (after the current run) and serving.
    package func stop() async {
        loop.stop()
        gate.withLock { $0?.stop() }
        state.finishAll()
        await server.stop(timeout: 2)
        try? FileManager.default.removeItem(atPath: socketFolder)
    }
}

/// Why a preview could not start.
package enum PreviewError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The server could not listen on 127.0.0.1:`port`.
    case cannotListen(port: UInt16, message: String)

    package var description: String {
        switch self {
        case .cannotListen(let port, let message):
            return
                "cannot serve on 127.0.0.1:\(port) (\(message)); is another preview running? choose another --port"
        }
    }
}
