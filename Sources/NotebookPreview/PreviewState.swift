import Synchronization

/// What the preview serves, shared between the watch loop and the HTTP handlers: the current page and its
/// version, whether a run is going on, and the open event streams of the browsers showing the page.
final class PreviewState: Sendable {
    private struct State {
        var page = PreviewState.placeholder
        var version = 0
        var running = false
        var nextClient = 0
        var clients: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// Shown until the first run is done.
    static let placeholder =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Running…</title></head><body><p>Running the notebook…</p></body></html>"

    /// The page and its version.
    var current: (page: String, version: Int) { state.withLock { ($0.page, $0.version) } }

    /// A run started: browsers show a badge.
    func runStarted() {
        broadcast { s in
            s.running = true
            return ServerSentEvent.bytes(event: "running", data: "\(s.version)")
        }
    }

    /// A run finished with `page`: browsers reload.
    func publish(_ page: String) {
        broadcast { s in
            s.page = page
            s.version += 1
            s.running = false
            return ServerSentEvent.bytes(event: "version", data: "\(s.version)")
        }
    }

    /// Sends a comment to every stream, so that streams of closed connections end.
    func keepAlive() { broadcast { _ in ServerSentEvent.keepAlive } }

    /// A new event stream, starting with the current version (and the running state).
    func subscribe() -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(
            bufferingPolicy: .bufferingNewest(16))
        let id: Int = state.withLock { s in
            let id = s.nextClient
            s.nextClient += 1
            s.clients[id] = continuation
            var hello =
                Array("retry: 1000\n\n".utf8)
                + ServerSentEvent.bytes(event: "version", data: "\(s.version)")
            if s.running { hello += ServerSentEvent.bytes(event: "running", data: "\(s.version)") }
            continuation.yield(hello)
            return id
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return stream
    }

    /// Number of open event streams.
    var clientCount: Int { state.withLock { $0.clients.count } }

    /// Ends every event stream (when the server stops).
    func finishAll() {
        let all = state.withLock { s in
            defer { s.clients = [:] }
            return Array(s.clients.values)
        }
        for c in all { c.finish() }
    }

    private func unsubscribe(_ id: Int) {
        _ = state.withLock { $0.clients.removeValue(forKey: id) }
    }

    private func broadcast(_ change: (inout State) -> [UInt8]) {
        var ended: [Int] = []
        state.withLock { s in
            let message = change(&s)
            for (id, c) in s.clients {
                if case .terminated = c.yield(message) { ended.append(id) }
            }
            for id in ended { s.clients.removeValue(forKey: id) }
        }
    }
}
