import Foundation
import HMFCore

/// Numbers a notebook computed, published for the paper as LaTeX macros in the figures folder
/// (`figures/NAME/values.tex`), so that no number in the manuscript is typed by hand.
///
///     var values = PaperValues(prefix: "toy")
///     values["BestK"] = "\(best.rank)"                 // \toyBestK
///     values.set("KLScore", kl, significant: 3)         // \toyKLScore -> 5.29\times10^{-6}
///     try values.publish()
///
/// Macro names are the prefix followed by letters only (TeX control words cannot hold digits). Publishing
/// writes the file atomically and records it as an output of the run, so `hmfbook check` and the freeze
/// stamp cover it like a figure.
public struct PaperValues: Sendable {
    /// The prefix of every macro name (letters only), usually the notebook's name.
    public let prefix: String
    private var entries: [String: String] = [:]

    public init(prefix: String) { self.prefix = prefix }

    /// The TeX text of a macro (set it to a string that is valid inside math or text, as the paper uses it).
    public subscript(name: String) -> String? {
        get { entries[name] }
        set { entries[name] = newValue }
    }

    /// Sets a macro to an integer with thousands separators (`12{,}345`).
    public mutating func set(_ name: String, _ value: Int) {
        let digits = String(value.magnitude)
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped += "{,}" }
            grouped.append(c)
        }
        entries[name] = (value < 0 ? "-" : "") + grouped
    }

    /// Sets a macro to a number with `decimals` digits after the point.
    public mutating func set(_ name: String, _ value: Double, decimals: Int) {
        entries[name] =
            value.isFinite ? String(format: "%.\(max(0, decimals))f", value) : "\\text{n/a}"
    }

    /// Sets a macro to a number with `significant` digits, in scientific notation (`5.29\times10^{-6}`, for math
    /// mode) when its magnitude is below 0.01 or at least 10^5.
    public mutating func set(_ name: String, _ value: Double, significant: Int) {
        guard value.isFinite else {
            entries[name] = "\\text{n/a}"
            return
        }
        let digits = max(1, significant)
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 0.01 || magnitude >= 1e5) {
            let exponent = Int(floor(log10(magnitude)))
            var mantissa = value / pow(10, Double(exponent))
            var e = exponent
            if abs((mantissa * pow(10, Double(digits - 1))).rounded()) >= pow(10, Double(digits)) {
                mantissa /= 10
                e += 1
            }
            entries[name] = String(format: "%.\(digits - 1)f", mantissa) + "\\times10^{\(e)}"
        } else {
            let decimals =
                magnitude == 0 ? digits - 1 : max(0, digits - 1 - Int(floor(log10(magnitude))))
            entries[name] = String(format: "%.\(decimals)f", value)
        }
    }

    /// Sets a macro to a percentage of `fraction` with `decimals` digits (`12.5\%`).
    public mutating func set(_ name: String, percent fraction: Double, decimals: Int = 1) {
        entries[name] =
            fraction.isFinite
            ? String(format: "%.\(max(0, decimals))f", fraction * 100) + "\\%" : "\\text{n/a}"
    }

    /// The file's text: one `\newcommand` per macro, sorted by name.
    public func tex() throws(PaperValuesError) -> String {
        var lines = ["% Written by the notebook that owns this folder; do not edit by hand.", ""]
        for name in entries.keys.sorted() {
            let full = prefix + name
            guard !full.isEmpty, full.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw .invalidName(full)
            }
            lines.append("\\newcommand{\\\(full)}{\(entries[name]!)}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `values.tex` into the notebook's figures folder and records it as an output of the run.
    @discardableResult
    public func publish(_ fileName: String = "values.tex") throws -> PublishedFiles {
        let path = (NotebookRuntime.figuresDirectory as NSString).appendingPathComponent(fileName)
        try AtomicFile.write(try tex(), to: path)
        NotebookRuntime.recordOutput(path)
        return PublishedFiles(paths: [path])
    }
}

/// Why a set of paper values could not be written.
public enum PaperValuesError: Error, Equatable, CustomStringConvertible {
    /// A macro name with a character TeX does not allow in a control word.
    case invalidName(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "paper value \\\(name): a TeX macro name may hold letters only (no digits, '_' or spaces)"
        }
    }
}

/// Writes a value as pretty, key-sorted JSON into the notebook's figures folder (for example `summary.json`)
/// and records it as an output of the run. Numbers with a fraction are written with `significant`
/// significant digits, and a file that already says the same to that precision is left as it is (see
/// `StablePublication`), so a re-run whose results agree to rounding changes nothing.
@discardableResult
public func publishJSON<T: Encodable>(
    _ value: T, as fileName: String = "summary.json", significant: Int = 6
) throws -> PublishedFiles {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let json = String(decoding: try encoder.encode(value), as: UTF8.self)
    let path = (NotebookRuntime.figuresDirectory as NSString).appendingPathComponent(fileName)
    try StablePublication.write(
        Data(StablePublication.rounded(json, significant: significant).utf8), to: path,
        unless: StablePublication.sameTextToRounding)
    NotebookRuntime.recordOutput(path)
    return PublishedFiles(paths: [path])
}
