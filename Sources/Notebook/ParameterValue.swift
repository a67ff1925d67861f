import Foundation

/// A typed notebook parameter value: the type is fixed by the default in the front matter, and overrides
/// from `-p name=value` must parse as that type. Values become Swift literals, never spliced source text.
package enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    /// A homogeneous list of `element` values (the Swift type of every item; ints widen to doubles). The
    /// element type is kept apart from the items so that an empty list keeps its declared type.
    case list([ParameterValue], element: String)

    /// A list typed by its first item (`Int` when empty).
    package static func list(_ items: [ParameterValue]) -> ParameterValue {
        .list(items, element: items.first?.swiftType ?? "Int")
    }

    /// The Swift type of the injected constant.
    package var swiftType: String {
        switch self {
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        case .string: return "String"
        case .list(_, let element): return "[\(element)]"
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
        case .list(let items, _):
            return "[" + items.map(\.swiftLiteral).joined(separator: ", ") + "]"
        }
    }

    /// The value as the user writes it on the command line.
    package var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .list(let items, _):
            return "[" + items.map(\.description).joined(separator: ", ") + "]"
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
        case .list(let items, let elementType):
            let element = items.first ?? ParameterValue.zero(of: elementType)
            var body = t
            if body.hasPrefix("[") && body.hasSuffix("]") {
                body = String(body.dropFirst().dropLast())
            }
            if body.trimmingCharacters(in: .whitespaces).isEmpty {
                return .list([], element: elementType)
            }
            if case .list = element {
                throw .parameter(
                    name: name, message: "nested lists cannot be overridden from the command line")
            }
            var parsed: [ParameterValue] = []
            for part in body.split(separator: ",", omittingEmptySubsequences: false) {
                parsed.append(try element.parseOverride(String(part), name: name))
            }
            return .list(parsed, element: elementType)
        }
    }
}

extension ParameterValue {
    /// A value of the scalar Swift type `type`, to parse list items with when the declared list is empty.
    fileprivate static func zero(of type: String) -> ParameterValue {
        switch type {
        case "Double": return .double(0)
        case "Bool": return .bool(false)
        case "String": return .string("")
        default: return .int(0)
        }
    }
}
