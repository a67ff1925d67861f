import Foundation
import Fuzzing
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
        guard let u = URL(string: url), u.scheme == "http", let host = u.host, let port = u.port,
            let connection = TCPConnection(host: host, port: port)
        else { return nil }
        let path = u.path.isEmpty ? "/" : u.path
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
        guard connection.send(Array(request.utf8)) else { return nil }
        // Read to the end of the body: the connection's end, or Content-Length bytes (Chromium keeps it open).
        let response = connection.receive(until: isComplete)
        guard TCPConnection.status(response) == 200,
            let split = response.range(of: Data("\r\n\r\n".utf8))
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
