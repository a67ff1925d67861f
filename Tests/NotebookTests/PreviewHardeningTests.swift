import Foundation
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
/// and nothing else, and keeps serving with a hundred live-reload pages open and one client that never reads.
/// (Oversized requests are not covered: see the README's preview-server table.)
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
}
