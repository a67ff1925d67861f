import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Headless Chromium for tests that look at pages: screenshots and a browser that stays open (for live
/// reload). Tests that need it are skipped when no Chromium is installed.
enum Chromium {
    /// The browser executable (`CHROMIUM`, or chromium / chromium-browser / google-chrome on PATH).
    static let path: String? = {
        let env = ProcessInfo.processInfo.environment
        if let p = env["CHROMIUM"], FileManager.default.isExecutableFile(atPath: p) { return p }
        for dir in (env["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    static var available: Bool { path != nil }

    static func baseArguments(profile: String) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-extensions", "--user-data-dir=\(profile)"]
    }

    /// A PNG screenshot of `url` (nil when Chromium fails or takes longer than a minute).
    static func screenshot(_ url: String, width: Int, height: Int, dark: Bool = false) -> [UInt8]? {
        guard let path else { return nil }
        let dir = NSTemporaryDirectory() + "hmfbook-shot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let png = "\(dir)/shot.png"
        var args = baseArguments(profile: "\(dir)/profile") + ["--screenshot=\(png)", "--window-size=\(width),\(height)"]
        if dark { args.append("--force-dark-mode") }
        args.append(url)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning && Date() < deadline { usleep(100_000) }
        if p.isRunning { p.terminate(); p.waitUntilExit(); return nil }
        return FileManager.default.contents(atPath: png).map { [UInt8]($0) }
    }

    /// A browser left running on `url` with a DevTools port (for reading the page title as it changes).
    final class Browser {
        let process = Process()
        let profile: String
        private(set) var devToolsPort: Int?

        init?(url: String) {
            guard let path = Chromium.path else { return nil }
            profile = NSTemporaryDirectory() + "hmfbook-browser-\(UUID().uuidString)"
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = Chromium.baseArguments(profile: profile) + ["--remote-debugging-port=0", "--window-size=1000,800", url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            // Chromium writes the port it chose into the profile folder.
            let deadline = Date().addingTimeInterval(30)
            while devToolsPort == nil && Date() < deadline {
                if let text = try? String(contentsOfFile: "\(profile)/DevToolsActivePort", encoding: .utf8),
                   let first = text.split(separator: "\n").first, let port = Int(first) { devToolsPort = port }
                else { usleep(100_000) }
            }
            if devToolsPort == nil { close(); return nil }
        }

        /// Titles of the open pages, from the DevTools HTTP endpoint.
        func pageTitles() -> [String] {
            guard let port = devToolsPort, let data = HTTPGet.data("http://127.0.0.1:\(port)/json/list"),
                  let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
            return list.filter { ($0["type"] as? String) == "page" }.compactMap { $0["title"] as? String }
        }

        func close() {
            if process.isRunning { process.terminate(); process.waitUntilExit() }
            try? FileManager.default.removeItem(atPath: profile)
        }
    }
}

/// A blocking HTTP GET for tests (URLSession waited on with a semaphore).
enum HTTPGet {
    /// The body of `url` (nil on any error or a status other than 200; 10 s timeout).
    static func data(_ url: String) -> Data? {
        guard let u = URL(string: url) else { return nil }
        let box = ResultBox()
        var request = URLRequest(url: u)
        request.timeoutInterval = 10
        let task = URLSession.shared.dataTask(with: request) { data, response, _ in
            box.set((response as? HTTPURLResponse)?.statusCode == 200 ? data : nil)
        }
        task.resume()
        return box.wait(seconds: 15)
    }

    static func text(_ url: String) -> String? { data(url).map { String(decoding: $0, as: UTF8.self) } }

    private final class ResultBox: @unchecked Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var value: Data?
        func set(_ d: Data?) { lock.lock(); value = d; lock.unlock(); semaphore.signal() }
        func wait(seconds: Double) -> Data? {
            guard semaphore.wait(timeout: .now() + seconds) == .success else { return nil }
            lock.lock(); defer { lock.unlock() }
            return value
        }
    }
}
