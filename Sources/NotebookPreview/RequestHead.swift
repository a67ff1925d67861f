import Foundation

/// A request head as the preview's gate reads and passes it on: the request line and headers up to the blank
/// line, at most a given size, within a deadline.
enum RequestHead {
    enum Reading: Equatable {
        /// The head, up to and including its blank line (bytes after it are dropped: no route takes a body).
        case complete([UInt8])
        /// A status to answer with: 431 for a head over the limit, 408 for one not sent within the deadline.
        case refused(Int)
        /// The client closed the connection before sending a whole head.
        case closed
    }

    /// Reads a head from `fd`, refusing one longer than `limit` bytes or slower than `deadline` seconds.
    static func read(from fd: Int32, limit: Int, deadline: Int) -> Reading {
        let end = Date().addingTimeInterval(Double(deadline))
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = end.timeIntervalSinceNow
            guard left > 0 else { return .refused(408) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32((left * 1000).rounded(.up)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return .refused(408) }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return .closed }
            let searchFrom = max(0, head.count - 3)
            head += buffer[0..<n]
            if let blank = blankLine(in: head, from: searchFrom) {
                return blank <= limit ? .complete(Array(head[..<blank])) : .refused(431)
            }
            if head.count > limit { return .refused(431) }
        }
    }

    /// The head to pass on: its request line and headers with `Connection: close` in place of any
    /// Connection header; nil when the head is malformed or announces a body.
    static func forwarded(_ head: [UInt8]) -> [UInt8]? {
        var lines = self.lines(head).filter { !$0.isEmpty }
        guard let requestLine = lines.first, requestLine.split(separator: " ").count == 3,
            !hasBody(head)
        else { return nil }
        lines.removeAll { $0.lowercased().hasPrefix("connection:") }
        lines.append("Connection: close")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// Whether the head announces a body (a non-zero Content-Length, or any Transfer-Encoding).
    static func hasBody(_ head: [UInt8]) -> Bool {
        for line in lines(head) {
            let parts = line.lowercased().split(separator: ":", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard parts.count == 2 else { continue }
            if parts[0] == "transfer-encoding" { return true }
            if parts[0] == "content-length" && parts[1] != "0" { return true }
        }
        return false
    }

    /// The head's lines without their line ends, split on bytes (a Swift string holds CR LF as one
    /// character, so splitting text on LF would not split it).
    private static func lines(_ head: [UInt8]) -> [String] {
        head.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self)
        }
    }

    /// The index just past the first blank line (CRLF CRLF or LF LF) at or after `start`.
    private static func blankLine(in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 0x0A {
                if bytes[i + 1] == 0x0A { return i + 2 }
                if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { return i + 3 }
            }
            i += 1
        }
        return nil
    }
}
