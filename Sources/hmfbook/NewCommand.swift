import ArgumentParser
import Foundation

/// `hmfbook new NAME`: writes Notebooks/NAME.md, a starter notebook (front matter, data, fit and plot cells).
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a starter notebook Notebooks/NAME.md that runs as written."
    )

    @Argument(help: "Notebook name (letters, digits, - and _).")
    var name: String

    func run() throws {
        guard !name.isEmpty,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else {
            throw ValidationError(
                "notebook name \"\(name)\" may only contain letters, digits, - and _")
        }
        let path = "Notebooks/\(name).md"
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(path) already exists; choose another name")
        }
        try FileManager.default.createDirectory(
            atPath: "Notebooks", withIntermediateDirectories: true)
        try Self.template(name).write(toFile: path, atomically: true, encoding: .utf8)
        print("wrote \(path); run it with: hmfbook run \(path)")
    }

    static func template(_ name: String) -> String {
        """
        ---
        title: \(name)
        parameters:
          n: 200
          rank: 3
        figures: figures/\(name)
        ---
        # \(name)

        ```swift
        // Data: a smooth low-rank signal plus noise, with inverse-variance weights.
        var rng = SeededGenerator(seed: 1)
        let m = 40
        let y = Matrix(rows: n, cols: m) { i, j in sin(Double(j) / 5 + Double(i % 7)) + rng.uniform(-0.05, 0.05) }
        let data = try WeightedData(Y: y, W: Matrix(rows: n, cols: m, repeating: 400))
        print("data: \\(data.N) x \\(data.M)")
        ```

        ```swift
        // Fit, kept in the session store between runs.
        let session = Session()
        let fit = try session.fit(data, FitSettings(rank: rank))
        display(["cycles", "loss", "converged"], rows: [[fit.cycles, fit.loss, fit.converged]])
        ```

        ```swift
        let fig = Figure(width: 6, height: 3.5)
        let ax = fig.axes()
        for k in 0..<rank {
            ax.plot((0..<m).map(Double.init), (0..<m).map { fit.basis[$0, k] }, label: "basis \\(k + 1)")
        }
        ax.legend()
        try fig.publish("basis")
        ```

        """
    }
}
