import Foundation
@_spi(Reflection) import Swift
import Synchronization

/// An object that cells may share without one cell's use changing what another observes: what it returns depends
/// on its inputs alone (`Session` answers from a content-addressed store). The kernel does not re-run the cell
/// that made such an object when a cell that uses it is edited.
public protocol SharedAcrossCells: AnyObject {}

/// Tells whether a value holds references another cell could change it through: class instances, closures, or
/// contents that cannot be inspected. Values without them (numbers, strings, arrays and structs of such) can only
/// change by assignment, which the kernel sees; values with them can change whenever a cell uses them.
///
/// Most types are decided once from their fields (the runtime's field records), so a matrix of a million
/// numbers costs as little as one number; enums and existentials are decided from the value itself.
enum ValueInspector {
    /// Whether `value` holds a reference, looking at no more than `budget` parts (more counts as a reference).
    static func holdsReferences(_ value: Any, budget: Int = 5_000) -> Bool {
        var remaining = budget
        return holdsReferences(value, remaining: &remaining)
    }

    private static func holdsReferences(_ value: Any, remaining: inout Int) -> Bool {
        remaining -= 1
        if remaining < 0 { return true }
        switch verdict(of: type(of: value)) {
        case .plain: return false
        case .references: return true
        case .depends: break
        }
        if value is SharedAcrossCells { return false }
        if let collection = value as? any InspectableCollection {
            for element in collection.elements where holdsReferences(element, remaining: &remaining)
            { return true }
            return false
        }
        // A custom mirror may hide what the value holds.
        if value is CustomReflectable { return true }
        for child in Mirror(reflecting: value).children
        where holdsReferences(child.value, remaining: &remaining) {
            return true
        }
        return false
    }

    /// What a type says on its own.
    enum Verdict { case plain, references, depends }

    private static let verdicts = Mutex<[ObjectIdentifier: Verdict]>([:])

    static func verdict(of type: Any.Type) -> Verdict {
        let id = ObjectIdentifier(type)
        if let known = verdicts.withLock({ $0[id] }) { return known }
        // A type met again while it is being decided (a recursive enum) depends on the value.
        verdicts.withLock { $0[id] = .depends }
        let decided = decide(type)
        verdicts.withLock { $0[id] = decided }
        return decided
    }

    private static func decide(_ type: Any.Type) -> Verdict {
        if type is SharedAcrossCells.Type { return .plain }
        if isPOD(type) { return .plain }
        if plainValueTypes.contains(ObjectIdentifier(type)) { return .plain }
        if let collection = type as? any InspectableCollection.Type {
            return combine(collection.elementTypes.map(verdict(of:)))
        }
        switch metadataKind(of: type) {
        case .class, .foreignClass, .objcClassWrapper, .function: return .references
        case .metatype, .existentialMetatype: return .plain
        case .struct:
            var fields: [Any.Type] = []
            let readable = _forEachField(of: type) { _, _, fieldType, _ in
                fields.append(fieldType)
                return true
            }
            return readable ? combine(fields.map(verdict(of:))) : .depends
        default:
            return .depends
        }
    }

    private static func combine(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.contains(.references) { return .references }
        return verdicts.contains(.depends) ? .depends : .plain
    }

    private static func isPOD<T>(_: T.Type) -> Bool { _isPOD(T.self) }

    /// Value types whose storage reflection does not show, but which never share mutable state.
    private static let plainValueTypes: Set<ObjectIdentifier> = [
        ObjectIdentifier(String.self), ObjectIdentifier(Substring.self),
        ObjectIdentifier(Data.self),
        ObjectIdentifier(Date.self), ObjectIdentifier(URL.self), ObjectIdentifier(UUID.self),
        ObjectIdentifier(Decimal.self), ObjectIdentifier(Character.self),
    ]

    /// The kind from the Swift runtime's metadata.
    private static func metadataKind(of type: Any.Type) -> _MetadataKind {
        let kind = unsafeBitCast(type, to: UnsafeRawPointer.self).load(as: UInt.self)
        if kind > 0x7FF { return .class }
        return _MetadataKind(rawValue: kind) ?? .unknown
    }
}

/// Collections (and optionals) whose element types decide them.
private protocol InspectableCollection {
    static var elementTypes: [Any.Type] { get }
    var elements: [Any] { get }
}

extension Array: InspectableCollection {
    static var elementTypes: [Any.Type] { [Element.self] }
    var elements: [Any] { map { $0 } }
}

extension ContiguousArray: InspectableCollection {
    static var elementTypes: [Any.Type] { [Element.self] }
    var elements: [Any] { map { $0 } }
}

extension ArraySlice: InspectableCollection {
    static var elementTypes: [Any.Type] { [Element.self] }
    var elements: [Any] { map { $0 } }
}

extension Set: InspectableCollection {
    static var elementTypes: [Any.Type] { [Element.self] }
    var elements: [Any] { map { $0 } }
}

extension Dictionary: InspectableCollection {
    static var elementTypes: [Any.Type] { [Key.self, Value.self] }
    var elements: [Any] { flatMap { [$0.key as Any, $0.value as Any] } }
}

extension Optional: InspectableCollection {
    static var elementTypes: [Any.Type] { [Wrapped.self] }
    var elements: [Any] { map { [$0] } ?? [] }
}
