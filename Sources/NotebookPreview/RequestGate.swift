import Foundation

/// The preview's front door on 127.0.0.1: it reads each request's head itself, with a size cap and a deadline,
/// and passes only complete, bodiless heads on to the HTTP server behind it (on a Unix socket in a private
/// folder), one request per connection, then relays the response.
///
/// Why by hand: FlyingFox (0.27.1) reads a request head with no size limit and no deadline, a line at a time,
/// and has no setting for either, so one client sending megabytes of headers kept the server busy (in a debug
/// build, no page for minutes). The gate is small because the preview's routes are GETs without bodies.
final class RequestGate: @unchecked Sendable {
    /// The largest request head passed on (request line and headers); larger ones get 431.
    static let headLimit = 32 * 1024
    /// Seconds a client has to send its whole head; slower ones get 408.
    static let headDeadline = 10
    /// Seconds a relayed write may wait for a client that reads nothing before the connection is dropped.
    static let sendDeadline = 30

    private let listener: Int32
    private let backend: String
    private let lock = NSLock()
    private var stopped = false

    /// The port the gate listens on.
    let port: UInt16

    /// Listens on 127.0.0.1:`port` (0: any free port) in front of the server on the Unix socket `backend`.
    init(port: UInt16, backend: String) throws(PreviewError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else {
            throw .cannotListen(port: port, message: String(cString: strerror(errno)))
        }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port.bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, SOMAXCONN) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .cannotListen(port: port, message: reason)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        listener = fd
        self.backend = backend
    }

    /// Accepts connections on a thread of its own until `stop()`; each connection gets a thread.
    func start() {
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return  // the listener was closed by stop()
                }
                Thread.detachNewThread { [self] in serve(client) }
            }
        }
    }

    /// Stops accepting; connections already relayed end when the server behind closes them.
    func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        if first {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    // MARK: One connection

    private func serve(_ client: Int32) {
        defer { close(client) }
        var limit = timeval(tv_sec: Self.sendDeadline, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let head: [UInt8]
        switch RequestHead.read(from: client, limit: Self.headLimit, deadline: Self.headDeadline) {
        case .complete(let bytes): head = bytes
        case .refused(let status): return reply(client, status)
        case .closed: return
        }
        guard let forwarded = RequestHead.forwarded(head) else {
            return reply(client, RequestHead.hasBody(head) ? 413 : 400)
        }
        guard let server = connectToBackend() else { return reply(client, 503) }
        defer { close(server) }
        guard send(all: forwarded[...], to: server) else { return reply(client, 503) }
        shutdown(server, Int32(SHUT_WR))
        // Relay the response (for /events, a stream) until the server or the client closes.
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(server, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0, send(all: buffer[0..<n], to: client) else { return }
        }
    }

    private func reply(_ client: Int32, _ status: Int) {
        let reason = [
            400: "Bad Request", 408: "Request Timeout", 413: "Content Too Large",
            431: "Request Header Fields Too Large", 503: "Service Unavailable",
        ][status, default: "Error"]
        let text = "HTTP/1.1 \(status) \(reason)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _ = send(all: Array(text.utf8)[...], to: client)
        // Close gently: a client still sending would get a reset that can discard the answer before it is
        // read. So stop sending, and read and drop what comes for up to two seconds.
        shutdown(client, Int32(SHUT_WR))
        let end = Date().addingTimeInterval(2)
        var sink = [UInt8](repeating: 0, count: 64 * 1024)
        while end.timeIntervalSinceNow > 0 {
            var p = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) >= 0 else { return }
            guard p.revents != 0 else { continue }
            guard sink.withUnsafeMutableBytes({ recv(client, $0.baseAddress, $0.count, 0) }) > 0
            else { return }
        }
    }

    private func connectToBackend() -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(backend.utf8CString)
        guard path.count <= MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            return nil
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            path.withUnsafeBytes { raw.copyMemory(from: $0) }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    private func send(all bytes: ArraySlice<UInt8>, to fd: Int32) -> Bool {
        var rest = bytes
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            rest = rest.dropFirst(n)
        }
        return true
    }
}
