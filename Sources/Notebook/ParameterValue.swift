import Foundation

/// A typed notebook parameter value: the type is fixed by the default in the front matter, and overrides
/// from `-p name=value` must parse as that type. Values become Swift literals, never spliced source text.
package enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    /// A homogeneous list (all elements of the first element's type; ints widen to doubles).
    case list([ParameterValue])

    /// The Swift type of the injected constant.
    package var swiftType: String {
        switch self {
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        case .string: return "String"
        case .list(let items): return "[\(items.first?.swiftType ?? "Int")]"
        }
    }

    /// The value as a Swift literal expression of `swiftType`.
    package var swiftLiteral: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d):
            return d.isFinite
                ? "\(d)"
                : (d.isNaN ? "Double.nan" : (d > 0 ? "Double.infinity" : "-Double.infinity"))
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return ParameterValue.quoted(s)
        case .list(let items): return "[" + items.map(\.swiftLiteral).joined(separator: ", ") + "]"
        }
    }

    /// The value as the user writes it on the command line.
    package var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// A Swift string literal for `s`: every character that could end the literal or start an escape or an
    /// interpolation is escaped, control and non-ASCII characters as `\u{...}`.
    package static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value >= 0x20 && scalar.value < 0x7F {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                }
            }
        }
        return out + "\""
    }

    /// Parses a command-line value as the same type as `self` (the declared default).
    /// - Throws: `NotebookError.parameter` when `text` is not a valid value of that type.
    package func parseOverride(_ text: String, name: String) throws(NotebookError) -> ParameterValue
    {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch self {
        case .int:
            guard let i = Int(t) else {
                throw .parameter(name: name, message: "expected an integer (Int), got \"\(text)\"")
            }
            return .int(i)
        case .double:
            guard let d = Double(t), d.isFinite else {
                throw .parameter(
                    name: name, message: "expected a finite number (Double), got \"\(text)\"")
            }
            return .double(d)
        case .bool:
            switch t.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default:
                throw .parameter(
                    name: name, message: "expected true or false (Bool), got \"\(text)\"")
            }
        case .string:
            return .string(text)
        case .list(let items):
            let element = items.first ?? .int(0)
            var body = t
            if body.hasPrefix("[") && body.hasSuffix("]") {
                body = String(body.dropFirst().dropLast())
            }
            if body.trimmingCharacters(in: .whitespaces).isEmpty { return .list([]) }
            if case .list = element {
                throw .parameter(
                    name: name, message: "nested lists cannot be overridden from the command line")
            }
            var parsed: [ParameterValue] = []
            for part in body.split(separator: ",", omittingEmptySubsequences: false) {
                parsed.append(try element.parseOverride(String(part), name: name))
            }
            return .list(parsed)
        }
    }
}
