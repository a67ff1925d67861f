import Foundation
import NotebookKit
import Spawn
import Testing

@testable import Notebook
@testable import NotebookKernel

/// `hmfbook preview` as a user runs it: the real executable in a temporary project, fetched over HTTP and
/// watched in headless Chromium while the notebook is edited.
@Suite(
    .serialized,
    .enabled(
        if: Kit.available && PreviewProcess.executable != nil,
        "hmfbook or NotebookKit not built: run `swift build`"))
struct PreviewTests {
    static let first =
        "---\ntitle: Version 1\n---\n# Live\n\n```swift\nlet word = \"one\"\nprint(\"output \\(word)\")\n```\n\nThe word is `{swift} word`.\n"

    @Test func editingTheNotebookReloadsTheOpenPage() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("live.md", Self.first)
        let preview = try #require(PreviewProcess(project: p, notebook: "Notebooks/live.md"))
        defer { preview.stop() }
        let page = try #require(
            preview.waitForPage(containing: "output one", seconds: 120),
            "first page never served\n\(preview.output)")
        #expect(page.contains("new EventSource(\"/events\")"))
        #expect(
            page.contains("The word is <span class=\"inline-value\" title=\"word\">one</span>."))
        #expect(
            !p.read("build/Notebooks/live.html").contains("EventSource"),
            "the page on disk stays script-free")

        let browser = Chromium.Browser(url: preview.url)
        defer { browser?.close() }
        if let browser {
            #expect(Self.waitFor(seconds: 30) { browser.pageTitles().contains("Version 1") })
        }

        let t0 = Date()
        try p.write(
            "live.md",
            Self.first.replacingOccurrences(of: "Version 1", with: "Version 2")
                .replacingOccurrences(of: "\"one\"", with: "\"two\""))
        let updated = try #require(
            preview.waitForPage(containing: "output two", seconds: 60),
            "edit never served\n\(preview.output)")
        let served = Date().timeIntervalSince(t0)
        #expect(
            updated.contains("The word is <span class=\"inline-value\" title=\"word\">two</span>."))
        if let browser {
            let reloaded = Self.waitFor(seconds: 30) { browser.pageTitles().contains("Version 2") }
            #expect(reloaded, "the open page did not reload: \(browser.pageTitles())")
            print(
                "preview: edit served after \(String(format: "%.2f", served)) s, open page reloaded after \(String(format: "%.2f", Date().timeIntervalSince(t0))) s"
            )
        }
        if Chromium.available {
            let png = try #require(Chromium.screenshot(preview.url, width: 900, height: 700))
            let image = try RasterImage(png: png)
            #expect(
                Set(stride(from: 0, to: image.rgba.count, by: 4).map { image.rgba[$0] }).count > 20,
                "blank screenshot of the preview")
        }
    }

    @Test func aFailingNotebookShowsItsErrorAndTheServerKeepsServing() throws {
        let p = try Project()
        defer { p.remove() }
        try p.write("bad.md", Self.first)
        let preview = try #require(PreviewProcess(project: p, notebook: "Notebooks/bad.md"))
        defer { preview.stop() }
        #expect(
            preview.waitForPage(containing: "output one", seconds: 120) != nil, "\(preview.output)")

        try p.write("bad.md", Self.first + "\n```swift\nlet never = 1\n")
        let syntax = preview.waitForPage(containing: "never closed", seconds: 30)
        #expect(syntax?.contains("The notebook could not be run") == true, "\(preview.output)")

        try p.write("bad.md", Self.first + "\n```swift\nlet x: Int = \"text\"\n```\n")
        let compile = preview.waitForPage(containing: "Compile Error in cell 2", seconds: 60)
        #expect(compile?.contains("<a href=\"#cell-2\">Go to cell 2") == true, "\(preview.output)")

        try p.write("bad.md", Self.first.replacingOccurrences(of: "\"one\"", with: "\"fixed\""))
        #expect(
            preview.waitForPage(containing: "output fixed", seconds: 60) != nil, "\(preview.output)"
        )
        #expect(preview.isRunning)
    }

    /// Polls `condition` every 100 ms for up to `seconds`.
    static func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }
}

/// `hmfbook preview NOTEBOOK --port 0` running in a project folder.
final class PreviewProcess {
    /// The hmfbook executable next to the test bundle.
    static let executable = Kit.hmfbook

    private var process: ChildProcess?
    let logPath: String
    private(set) var url = ""

    /// Starts the preview and waits (up to 30 s) for the address it prints; nil when it does not start.
    init?(project: Project, notebook: String) {
        guard let exe = Self.executable else { return nil }
        logPath = "\(project.root)/preview.log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
            let log = FileHandle(forWritingAtPath: logPath)
        else { return nil }
        defer { try? log.close() }
        var env = ProcessInfo.processInfo.environment
        env["HMFBOOK_KIT_DIR"] = Kit.kitDirectory
        process = try? ChildProcess(
            executable: exe, arguments: ["preview", notebook, "--port", "0"], environment: env,
            directory: project.root, output: .descriptor(log.fileDescriptor), error: .output)
        guard process != nil else { return nil }
        let found = PreviewTests.waitFor(seconds: 30) {
            guard
                let r = self.output.range(
                    of: "http://127.0.0.1:[0-9]+/", options: .regularExpression)
            else { return false }
            self.url = String(self.output[r])
            return true
        }
        if !found {
            stop()
            return nil
        }
    }

    /// Everything the preview printed.
    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    var isRunning: Bool { process?.isRunning == true }

    /// The served page once it contains `text` (nil after `seconds`).
    func waitForPage(containing text: String, seconds: Double) -> String? {
        var page: String?
        _ = PreviewTests.waitFor(seconds: seconds) {
            page = HTTPGet.text(url)
            return page?.contains(text) == true
        }
        return page?.contains(text) == true ? page : nil
    }

    /// Stops the preview: SIGTERM, then SIGKILL after 5 s.
    func stop() {
        guard let process, process.isRunning else { return }
        process.send(SIGTERM)
        if process.wait(timeout: 5) == nil { process.kill() }
    }
}
