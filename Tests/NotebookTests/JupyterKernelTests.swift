import Foundation
import Spawn
import Testing

@testable import Notebook
@testable import NotebookKernel

/// hmfbook's Jupyter kernel driven by Jupyter's own clients: `jupyter_client` (the protocol, message by message)
/// and `nbclient` (a whole exported notebook, headless). The Python drivers are in `Python/`.
@Suite(
    .serialized,
    .enabled(
        if: Kit.available && PreviewProcess.executable != nil && JupyterTools.available,
        "hmfbook, NotebookKit or Python's jupyter_client/nbclient missing (make deps installs them)"
    ))
struct JupyterKernelTests {
    @Test func jupyterClientDrivesTheKernel() throws {
        let p = try Project()
        defer { p.remove() }
        let env = try JupyterTools.install(in: p)
        let (status, output) = try JupyterTools.python(
            ["kernel_protocol.py", p.root], environment: env)
        print(output)
        #expect(status == 0, "\(output)")
        #expect(output.contains("all checks passed"))
    }

    /// An exported toy notebook (small preset) runs headless in nbclient with the kernel, in a project of its
    /// own (so every fit is computed again), and gives the outputs, figures and values `hmfbook run` gave.
    @Test func nbclientRunsAnExportedToyNotebookAsHmfbookRunDoes() throws {
        let batch = try Project()
        defer { batch.remove() }
        try batch.write(
            "toy.md",
            try String(contentsOfFile: "\(Self.repository)/Notebooks/toy.md", encoding: .utf8))
        let overrides = [
            "nSpectra": "1000", "nPixels": "300", "ranks": "[4, 5]", "scales": "[2.0, 5.0]",
        ]
        let r = try #require(
            batch.result(try batch.run("toy.md", overrides: overrides, timeout: 900, ipynb: true)))
        #expect(r.succeeded)

        let jupyter = try Project()
        defer { jupyter.remove() }
        let env = try JupyterTools.install(in: jupyter)
        let batchFigures = "\(batch.root)/build/Notebooks/toy_figures"
        let kernelFigures = "\(jupyter.root)/build/jupyter/jupyter/figures"
        let (status, output) = try JupyterTools.python(
            [
                "nbclient_run.py", "\(batch.root)/build/Notebooks/toy.ipynb", jupyter.root,
                batchFigures, kernelFigures,
            ],
            environment: env)
        print(output)
        #expect(status == 0 && output.contains("outputs equal"), "\(output)")

        let fm = FileManager.default
        for name in ToyNotebookTests.figureNames {
            let a = fm.contents(atPath: "\(batchFigures)/\(name).png")
            let b = fm.contents(atPath: "\(kernelFigures)/\(name).png")
            #expect(a != nil && a == b, "\(name).png differs between hmfbook run and the kernel")
        }
        #expect(
            fm.contents(atPath: "\(batchFigures)/values.tex")
                == fm.contents(atPath: "\(kernelFigures)/values.tex"))
        // The summary records fit times, which differ from run to run; everything else must agree.
        let summaries = try [batchFigures, kernelFigures].map { folder in
            try String(contentsOfFile: "\(folder)/summary.json", encoding: .utf8)
                .split(separator: "\n").filter { !$0.contains("\"fitSeconds\"") }
        }
        #expect(!summaries[0].isEmpty && summaries[0] == summaries[1])
    }

    /// jupytext opens every notebook of the repository as a notebook of Swift code cells and saves it back to
    /// the same Markdown, byte for byte (front matter, `//|` options and prose included), also after a front
    /// end has chosen the kernel.
    @Test func jupytextRoundTripsTheNotebooks() throws {
        let p = try Project()
        defer { p.remove() }
        try FileManager.default.copyItem(
            atPath: "\(Self.repository)/jupytext.toml", toPath: "\(p.root)/jupytext.toml")
        let names = try FileManager.default.contentsOfDirectory(
            atPath: "\(Self.repository)/Notebooks"
        ).filter { $0.hasSuffix(".md") }
        #expect(names.count >= 5)
        for name in names {
            let original = try String(
                contentsOfFile: "\(Self.repository)/Notebooks/\(name)", encoding: .utf8)
            try p.write(name, original)
            // The command line, as a user runs it: jupytext finds the project's jupytext.toml from the file.
            let script = """
                import json, subprocess, sys
                md, ipynb = sys.argv[1], sys.argv[1][:-3] + ".ipynb"
                subprocess.run(["jupytext", "-q", "--to", "ipynb", "-o", ipynb, md], check=True)
                nb = json.load(open(ipynb))
                code = [c for c in nb["cells"] if c["cell_type"] == "code"]
                assert code and all(not "".join(c["source"]).startswith("```") for c in code), "Swift cells are code cells"
                nb["metadata"]["kernelspec"] = {"name": "hmfbook", "display_name": "Swift (hmfbook)", "language": "swift"}
                json.dump(nb, open(ipynb, "w"))
                subprocess.run(["jupytext", "-q", "--to", "md", "-o", md, ipynb], check=True)
                print(len(code), "code cells")
                """
            let (status, output) = try JupyterTools.python(
                ["-c", script, "Notebooks/\(name)"], environment: [:], directory: p.root)
            #expect(status == 0, "\(name): \(output)")
            let swiftCells = original.split(separator: "\n").filter { $0.hasPrefix("```swift") }
                .count
            #expect(output.hasPrefix("\(swiftCells) code cells"), "\(name): \(output)")
            #expect(
                p.read("Notebooks/\(name)") == original, "\(name) changed in a jupytext round trip")
        }
    }

    /// JupyterLab, in headless Chromium, opens `Notebooks/quickstart.md` as a notebook (jupytext) with the
    /// hmfbook kernel, runs every cell and shows the figure. The screenshot is kept in
    /// `.build/test-artifacts/jupyterlab.png` to look at.
    @Test(
        .enabled(
            if: JupyterTools.browserAvailable,
            "chromium, chromedriver, selenium or jupyterlab missing"))
    func jupyterLabRunsAMarkdownNotebook() throws {
        let p = try Project()
        defer { p.remove() }
        let env = try JupyterTools.install(in: p)
        try FileManager.default.copyItem(
            atPath: "\(Self.repository)/jupytext.toml", toPath: "\(p.root)/jupytext.toml")
        try p.write(
            "quickstart.md",
            try String(
                contentsOfFile: "\(Self.repository)/Notebooks/quickstart.md", encoding: .utf8))
        let shot = "\(p.root)/jupyterlab.png"
        let (status, output) = try JupyterTools.python(
            ["jupyterlab_screenshot.py", p.root, "Notebooks/quickstart.md", shot],
            environment: env)
        print(output)
        #expect(status == 0, "\(output)")
        #expect(output.contains("kernel: Swift (hmfbook)"))
        #expect(output.contains("prompts: ['[1]:', '[2]:', '[3]:']"))
        #expect(output.contains("'data: 200 x 40'"))
        #expect(output.contains("images: 1 first 900 x 525"))
        let png = try #require(FileManager.default.contents(atPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000)
        let artifacts = "\(Self.repository)/.build/test-artifacts"
        try? FileManager.default.createDirectory(
            atPath: artifacts, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: "\(artifacts)/jupyterlab.png")
        try? FileManager.default.copyItem(atPath: shot, toPath: "\(artifacts)/jupyterlab.png")
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().path
}

/// Python and the kernelspec for the tests.
enum JupyterTools {
    static let available: Bool = {
        (try? python(["-c", "import jupyter_client, nbclient, jupytext"], environment: [:]))?.status
            == 0
    }()

    static let browserAvailable: Bool = {
        available && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
            && (try? python(["-c", "import selenium, jupyterlab, jupytext"], environment: [:]))?
                .status == 0
    }()

    /// Installs the kernelspec into the project's `env` folder; the environment that finds it.
    static func install(in project: Project) throws -> [String: String] {
        let exe = try #require(PreviewProcess.executable)
        let prefix = "\(project.root)/env"
        let environment = ProcessInfo.processInfo.environment.merging([
            "HMFBOOK_KIT_DIR": Kit.kitDirectory
        ]) { $1 }
        let (installed, output) = try ChildProcess.run(
            exe, ["jupyter", "install", "--prefix", prefix], environment: environment)
        #expect(installed.succeeded, "hmfbook jupyter install: \(output)")
        return ["JUPYTER_PATH": "\(prefix)/share/jupyter", "HMFBOOK_KIT_DIR": Kit.kitDirectory]
    }

    /// Runs `python3` with `arguments` (a script name is looked up beside this file) and returns its status and
    /// combined output.
    static func python(
        _ arguments: [String], environment: [String: String], directory: String? = nil
    ) throws -> (status: Int32, output: String) {
        let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Python").path
        var args = arguments
        if let first = args.first, first.hasSuffix(".py") { args[0] = "\(scripts)/\(first)" }
        // A driver that stalls must fail the test, not hang the suite.
        let (termination, output) = try ChildProcess.run(
            "/usr/bin/env", ["python3"] + args,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: directory, timeout: 1200)
        return (termination.status, output)
    }
}
