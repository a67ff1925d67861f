import Foundation
import NotebookProtocol

extension NotebookRuntime {
    /// Evaluates the inline expression (`{swift} expr` in backticks) number `index` of the notebook's prose and reports its value (called
    /// by the tangled program after the cell the prose follows). A thrown error is reported in place of the
    /// value; the run goes on.
    public static func inline<T>(_ index: Int, _ value: () throws -> T) {
        var e: NotebookEvent
        do {
            e = NotebookEvent(kind: .inline, cell: currentCell, text: inlineText(try value()))
        } catch {
            e = NotebookEvent(kind: .inlineError, cell: currentCell, text: "\(error)")
        }
        e.key = String(index)
        emit(e)
    }

    /// How an inline value is written in prose: floating-point numbers with 6 significant digits (integral
    /// values as integers, like tables), strings as they are, anything else as `"\(value)"`. For another
    /// format write it in the expression, e.g. `{swift} String(format: "%.3f", x)` in backticks.
    public static func inlineText(_ value: Any) -> String {
        switch value {
        case let d as Double: return NumberFormat.significant(d)
        case let f as Float: return NumberFormat.significant(Double(f))
        case let s as String: return s
        case let s as Substring: return String(s)
        default: return "\(value)"
        }
    }
}
