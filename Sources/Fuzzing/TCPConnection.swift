import Foundation

/// A plain TCP connection to a server, for tests that speak HTTP by hand: requests no client library would
/// send, and clients that never read.
package final class TCPConnection {
    private let fd: Int32

    /// Connects to `host` (a dotted IPv4 address) on `port`; nil when refused or after `timeout` seconds.
    package init?(host: String, port: Int, timeout: Int = 10) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            return nil
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
    }

    deinit { close(fd) }

    /// Sends every byte; false when the peer closed the connection or the send timed out.
    @discardableResult
    package func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Tells the peer that nothing more will be sent (a half-close: replies can still be read).
    package func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads until `done` holds for what has arrived, the peer closes, or the receive times out.
    package func receive(until done: (Data) -> Bool = { _ in false }) -> Data {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !done(received) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return received
    }

    /// The status code of an HTTP response (nil without a status line).
    package static func status(_ response: Data) -> Int? {
        let line = String(decoding: response.prefix(64), as: UTF8.self).split(separator: "\r\n")
            .first
        return line?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}
