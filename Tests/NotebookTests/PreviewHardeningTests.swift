import Foundation
import Fuzzing
import Testing

/// The first IPv4 address of this machine that is not loopback (nil when it has none).
private let outsideAddress: String? = {
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0 else { return nil }
    defer { freeifaddrs(list) }
    var entry = list
    while let e = entry {
        defer { entry = e.pointee.ifa_next }
        guard let a = e.pointee.ifa_addr, a.pointee.sa_family == sa_family_t(AF_INET) else {
            continue
        }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        var sin = a.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
        inet_ntop(AF_INET, &sin, &text, socklen_t(text.count))
        let address = String(
            decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if !address.hasPrefix("127.") { return address }
    }
    return nil
}()

/// `hmfbook preview` facing hostile or heavy clients: it listens on loopback only, serves its three routes
/// and nothing else, refuses oversized, slow and body-carrying requests, and keeps serving with a hundred
/// live-reload pages open and one client that never reads.
@Suite(
    .serialized,
    .enabled(
        if: Kit.available && PreviewProcess.executable != nil,
        "hmfbook or NotebookKit not built: run `swift build`"))
struct PreviewHardeningTests {
    static let notebook =
        "---\ntitle: Hardened\n---\n```swift\nlet word = \"one\"\nprint(\"word \\(word)\")\n```\n"

    /// A preview of the small notebook, with its first page served; the port it listens on.
    func start(_ p: Project) throws -> (PreviewProcess, Int) {
        try p.write("h.md", Self.notebook)
        let preview = try #require(PreviewProcess(project: p, notebook: "Notebooks/h.md"))
        _ = try #require(
            preview.waitForPage(containing: "word one", seconds: 120), "\(preview.output)")
        let port = try #require(URL(string: preview.url)?.port)
        return (preview, port)
    }

    /// Sends `request` and returns the response (what arrived before the server closed or 10 s passed).
    func exchange(_ port: Int, _ request: [UInt8]) -> Data {
        guard let c = TCPConnection(host: "127.0.0.1", port: port) else { return Data() }
        c.send(request)
        return c.receive()
    }

    func get(_ path: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    }

    @Test(.enabled(if: outsideAddress != nil, "this machine has no address but loopback"))
    func itListensOnLoopbackOnly() throws {
        let p = try Project()
        defer { p.remove() }
        let (preview, port) = try start(p)
        defer { preview.stop() }
        #expect(TCPConnection(host: "127.0.0.1", port: port) != nil)
        #expect(TCPConnection(host: try #require(outsideAddress), port: port, timeout: 3) == nil)
    }

    @Test func pathsOutsideItsRoutesAreNotFound() throws {
        let p = try Project()
        defer { p.remove() }
        let (preview, port) = try start(p)
        defer { preview.stop() }
        let hostile = [
            "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2f..%2fetc%2fpasswd",
            "//etc/passwd", "/figures/../../Notebooks/h.md", "/Notebooks/h.md",
            "/build/Notebooks/h.html",
            "/figures/%00.png", "/figures/%3Cscript%3Ealert(1)%3C%2Fscript%3E.png",
            "/.hmfbook/store",
        ]
        for path in hostile {
            let response = exchange(port, get(path))
            let text = String(decoding: response, as: UTF8.self)
            #expect(
                [400, 404].contains(TCPConnection.status(response) ?? 0),
                "\(path): \(text.prefix(80))")
            #expect(!text.contains("root:") && !text.contains("let word"), "\(path) leaked a file")
        }
        #expect(preview.waitForPage(containing: "word one", seconds: 10) != nil)
    }

    @Test func oversizedSlowAndBodyCarryingRequestsAreRefused() throws {
        let p = try Project()
        defer { p.remove() }
        let (preview, port) = try start(p)
        defer { preview.stop() }
        let long = String(repeating: "a", count: 1 << 20)
        let cases: [(String, [UInt8], Int)] = [
            ("a 1 MB path", Array("GET /\(long) HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 431),
            (
                "4 MB of headers",
                Array("GET / HTTP/1.1\r\n".utf8) + Array(repeating: 0x62, count: 4 << 20), 431
            ),
            (
                "a body of 100 GB",
                Array("POST / HTTP/1.1\r\nContent-Length: 100000000000\r\n\r\n".utf8), 413
            ),
            (
                "a chunked body",
                Array("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".utf8), 413
            ),
        ]
        for (what, request, status) in cases {
            let t0 = Date()
            let c = try #require(TCPConnection(host: "127.0.0.1", port: port))
            c.send(request)
            #expect(
                TCPConnection.status(c.receive { TCPConnection.status($0) != nil }) == status,
                "\(what)")
            #expect(
                Date().timeIntervalSince(t0) < 5, "\(what) took \(Date().timeIntervalSince(t0)) s")
        }
        // A head that never ends is cut off at the deadline, and the page is served meanwhile.
        let slow = try #require(TCPConnection(host: "127.0.0.1", port: port, timeout: 30))
        slow.send(Array("GET / HTTP/1.1\r\nX-Slow: ".utf8))
        #expect(HTTPGet.text(preview.url)?.contains("word one") == true)
        #expect(TCPConnection.status(slow.receive { TCPConnection.status($0) != nil }) == 408)
    }

    @Test func aHundredLivePagesAndAClientThatNeverReads() throws {
        let p = try Project()
        defer { p.remove() }
        let (preview, port) = try start(p)
        defer { preview.stop() }
        let subscribe = Array("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        let silent = try #require(TCPConnection(host: "127.0.0.1", port: port))
        silent.send(subscribe)
        var pages: [TCPConnection] = []
        for _ in 0..<100 {
            let c = try #require(TCPConnection(host: "127.0.0.1", port: port))
            c.send(subscribe)
            let hello = c.receive { String(decoding: $0, as: UTF8.self).contains("event: version") }
            #expect(TCPConnection.status(hello) == 200)
            pages.append(c)
        }
        let t0 = Date()
        #expect(HTTPGet.text(preview.url)?.contains("word one") == true)
        #expect(Date().timeIntervalSince(t0) < 5, "the page took \(Date().timeIntervalSince(t0)) s")
        // An edit reaches every open page while one client has read nothing at all.
        try p.write("h.md", Self.notebook.replacingOccurrences(of: "\"one\"", with: "\"two\""))
        #expect(
            preview.waitForPage(containing: "word two", seconds: 120) != nil, "\(preview.output)")
        for (k, page) in pages.enumerated() where k % 10 == 0 {
            let events = page.receive { String(decoding: $0, as: UTF8.self).contains("data: 2") }
            #expect(
                String(decoding: events, as: UTF8.self).contains("data: 2"),
                "page \(k) missed the reload")
        }
        #expect(preview.isRunning)
        withExtendedLifetime(silent) {}
    }

    /// 300 generated requests (`hmfbook-fuzz --target request` sends 10,000): each gets a status or a closed
    /// connection, and the server answers `/version` after every one.
    @Test func generatedRequests() throws {
        let p = try Project()
        defer { p.remove() }
        let (preview, port) = try start(p)
        defer { preview.stop() }
        let campaign = FuzzCampaign(
            target: .request(port: port), seed: 7, scratch: URL(fileURLWithPath: p.root + "/fuzz"))
        let report = try campaign.run(count: 300)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.accepted > 0 && !report.rejected.isEmpty, "\(report.rejected)")
        #expect(preview.isRunning)
    }
}
