import Foundation

/// An object that cells may share without one cell's use changing what another observes: what it returns depends
/// on its inputs alone (`Session` answers from a content-addressed store). The kernel does not re-run the cell
/// that made such an object when a cell that uses it is edited.
public protocol SharedAcrossCells: AnyObject {}

/// Tells whether a value holds references another cell could change it through: class instances, closures, or
/// contents that cannot be inspected. Values without them (numbers, strings, arrays and structs of such) can only
/// change by assignment, which the kernel sees; values with them can change whenever a cell uses them.
enum ValueInspector {
    /// Whether `value` holds a reference, looking at no more than `budget` parts (more counts as a reference).
    static func holdsReferences(_ value: Any, budget: Int = 20_000) -> Bool {
        var remaining = budget
        return holdsReferences(value, remaining: &remaining)
    }

    private static func holdsReferences(_ value: Any, remaining: inout Int) -> Bool {
        remaining -= 1
        if remaining < 0 { return true }
        if value is SharedAcrossCells { return false }
        if isPlainValue(value) { return false }
        switch metadataKind(of: value) {
        case .reference: return true
        case .trivial: return false
        case .container: break
        }
        if let collection = value as? any InspectableCollection {
            if collection.elementsArePlain { return false }
            for element in collection.elements where holdsReferences(element, remaining: &remaining) { return true }
            return false
        }
        // A custom mirror may hide what the value holds.
        if value is CustomReflectable { return true }
        for child in Mirror(reflecting: value).children where holdsReferences(child.value, remaining: &remaining) {
            return true
        }
        return false
    }

    /// Types with value semantics whose storage is not reachable through reflection.
    private static func isPlainValue(_ value: Any) -> Bool {
        if isPOD(value) { return true }
        switch value {
        case is String, is Substring, is Data, is Date, is URL, is UUID, is Decimal, is Character: return true
        default: return false
        }
    }

    private static func isPOD<T>(_ value: T) -> Bool { _isPOD(T.self) }

    private enum Kind { case reference, trivial, container }

    /// The kind from the Swift runtime's metadata: classes and functions are references, metatypes are
    /// trivial, everything else (structs, enums, tuples, optionals, existentials) is looked into.
    private static func metadataKind(of value: Any) -> Kind {
        let metadata = unsafeBitCast(type(of: value), to: UnsafeRawPointer.self)
        let kind = metadata.load(as: UInt.self)
        switch kind {
        case 0, 0x203, 0x305: return .reference   // class, foreign class, wrapped class
        case 0x302: return .reference              // function: a closure may capture mutable state
        case 0x304, 0x306: return .trivial         // metatypes
        case 0x200, 0x201, 0x202, 0x301, 0x303: return .container
        default: return kind > 0x7FF ? .reference : .container
        }
    }
}

/// Collections the inspector can skip when their elements are plain bits.
private protocol InspectableCollection {
    var elementsArePlain: Bool { get }
    var elements: [Any] { get }
}

extension Array: InspectableCollection {
    var elementsArePlain: Bool { _isPOD(Element.self) }
    var elements: [Any] { map { $0 } }
}

extension ContiguousArray: InspectableCollection {
    var elementsArePlain: Bool { _isPOD(Element.self) }
    var elements: [Any] { map { $0 } }
}

extension ArraySlice: InspectableCollection {
    var elementsArePlain: Bool { _isPOD(Element.self) }
    var elements: [Any] { map { $0 } }
}

extension Set: InspectableCollection {
    var elementsArePlain: Bool { _isPOD(Element.self) }
    var elements: [Any] { map { $0 } }
}

extension Dictionary: InspectableCollection {
    var elementsArePlain: Bool { _isPOD(Key.self) && _isPOD(Value.self) }
    var elements: [Any] { flatMap { [$0.key as Any, $0.value as Any] } }
}
