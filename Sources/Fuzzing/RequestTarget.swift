import Foundation

/// The preview server under fuzz: each input is sent as raw bytes on a new connection to a running
/// `hmfbook preview`. The server must answer with an HTTP status or close the connection, and must still
/// serve `/version` afterwards; a request after which it does not is a finding.
extension FuzzTarget {
    /// Requests to the preview server listening on 127.0.0.1:`port`.
    package static func request(port: Int) -> FuzzTarget {
        FuzzTarget(
            name: "request", fileName: "input.http",
            tokens: [
                "\r\n", "\r\n\r\n", "GET ", "/../", "%2e%2e/", "%00", "Content-Length: ", "Host: ",
                "Transfer-Encoding: chunked\r\n", "Connection: keep-alive\r\n",
                String(repeating: "A", count: 4096),
                "HTTP/1.1", "HTTP/0.9", "?", "#", "\u{0}",
            ].map { Array($0.utf8) },
            makeSeeds: { _ in
                [
                    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                    "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                    "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
                    "POST /version HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
                    "GET /figures/../../etc/passwd HTTP/1.0\r\n\r\n",
                ].map { Array($0.utf8) }
            },
            run: { input, _ in
                guard let connection = TCPConnection(host: "127.0.0.1", port: port, timeout: 5)
                else {
                    throw FuzzFinding("the server refused a connection")
                }
                connection.send(input)
                // Half-close, so the server sees the end of a request that never finished its head.
                connection.finishSending()
                let reply = connection.receive { TCPConnection.status($0) != nil }
                let outcome = FuzzOutcome.rejected(
                    kind: TCPConnection.status(reply).map { "HTTP \($0)" } ?? "closed")
                guard let probe = TCPConnection(host: "127.0.0.1", port: port, timeout: 10),
                    probe.send(
                        Array("GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)),
                    TCPConnection.status(probe.receive { TCPConnection.status($0) != nil }) == 200
                else {
                    throw FuzzFinding(
                        "after this request the server no longer answers GET /version")
                }
                return outcome == .rejected(kind: "HTTP 200") ? .accepted : outcome
            })
    }
}
