import Foundation
import Spawn

/// Headless Chromium for tests that look at pages: screenshots and a browser that stays open (for live
/// reload). Tests that need it are skipped when no Chromium is installed.
enum Chromium {
    /// The browser executable (`CHROMIUM`, or chromium / chromium-browser / google-chrome on PATH).
    static let path: String? = {
        let env = ProcessInfo.processInfo.environment
        if let p = env["CHROMIUM"], FileManager.default.isExecutableFile(atPath: p) { return p }
        for dir in (env["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"]
            where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    static var available: Bool { path != nil }

    static func baseArguments(profile: String) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-extensions", "--user-data-dir=\(profile)",
        ]
    }

    /// A PNG screenshot of `url` (nil when Chromium fails or takes longer than a minute).
    static func screenshot(_ url: String, width: Int, height: Int, dark: Bool = false) -> [UInt8]? {
        guard let path else { return nil }
        let dir = NSTemporaryDirectory() + "hmfbook-shot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let png = "\(dir)/shot.png"
        var args =
            baseArguments(profile: "\(dir)/profile") + [
                "--screenshot=\(png)", "--window-size=\(width),\(height)",
            ]
        if dark { args.append("--force-dark-mode") }
        args.append(url)
        guard let (termination, _) = try? ChildProcess.run(path, args, error: .null, timeout: 60),
            termination != .signalled(SIGKILL)
        else { return nil }
        return FileManager.default.contents(atPath: png).map { [UInt8]($0) }
    }

    /// A browser left running on `url` with a DevTools port (for reading the page title as it changes).
    final class Browser {
        let process: ChildProcess
        let profile: String
        private(set) var devToolsPort: Int?

        init?(url: String) {
            guard let path = Chromium.path else { return nil }
            profile = NSTemporaryDirectory() + "hmfbook-browser-\(UUID().uuidString)"
            let args =
                Chromium.baseArguments(profile: profile) + [
                    "--remote-debugging-port=0", "--window-size=1000,800", url,
                ]
            guard
                let started = try? ChildProcess(
                    executable: path, arguments: args, output: .null, error: .null)
            else { return nil }
            process = started
            // Chromium writes the port it chose into the profile folder.
            let deadline = Date().addingTimeInterval(30)
            while devToolsPort == nil && Date() < deadline {
                if let text = try? String(
                    contentsOfFile: "\(profile)/DevToolsActivePort", encoding: .utf8),
                    let first = text.split(separator: "\n").first, let port = Int(first)
                {
                    devToolsPort = port
                } else {
                    usleep(100_000)
                }
            }
            if devToolsPort == nil {
                close()
                return nil
            }
        }

        /// Titles of the open pages, from the DevTools HTTP endpoint.
        func pageTitles() -> [String] {
            guard let port = devToolsPort,
                let data = HTTPGet.data("http://127.0.0.1:\(port)/json/list"),
                let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
            else { return [] }
            return list.filter { ($0["type"] as? String) == "page" }.compactMap {
                $0["title"] as? String
            }
        }

        func close() {
            if process.isRunning {
                process.send(SIGTERM)
                if process.wait(timeout: 5) == nil { process.kill() }
            }
            try? FileManager.default.removeItem(atPath: profile)
        }
    }
}

/// A blocking HTTP GET on a plain socket, for tests (FoundationNetworking's URLSession rejects the
/// headers of Chromium's DevTools endpoint).
enum HTTPGet {
    /// The body of `url` (http://127.0.0.1:PORT/PATH) when the status is 200; nil on any error or after 10 s.
    static func data(_ url: String) -> Data? {
        guard let u = URL(string: url), u.scheme == "http", let host = u.host, let port = u.port
        else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let path = u.path.isEmpty ? "/" : u.path
        let request = Array(
            "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count
        else { return nil }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        // Read to the end of the body: the connection's end, or Content-Length bytes (Chromium keeps it open).
        while !isComplete(response) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { return nil }
            if n == 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        guard let split = response.range(of: Data("\r\n\r\n".utf8)),
            let status = String(data: response[..<split.lowerBound], encoding: .utf8)?.split(
                separator: " "
            ).dropFirst().first,
            status == "200"
        else { return nil }
        return Data(response[split.upperBound...])
    }

    /// Whether `response` holds its headers and the Content-Length bytes they announce.
    private static func isComplete(_ response: Data) -> Bool {
        guard let split = response.range(of: Data("\r\n\r\n".utf8)) else { return false }
        let head = String(decoding: response[..<split.lowerBound], as: UTF8.self).lowercased()
        guard
            let line = head.split(separator: "\r\n").first(where: {
                $0.hasPrefix("content-length:")
            }),
            let length = Int(
                line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return response.count - split.upperBound >= length
    }

    static func text(_ url: String) -> String? {
        data(url).map { String(decoding: $0, as: UTF8.self) }
    }
}
