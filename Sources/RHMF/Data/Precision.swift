import HMFCore

/// How the data values Y and W are held: as `Float` (half the memory and bandwidth, as survey files store them)
/// or as `Double`. Whatever the data's precision, Gram matrices, right-hand sides, solves and losses are
/// accumulated in double.
public enum Precision: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case single
    case double

    /// Bytes per stored value.
    public var bytes: Int { self == .single ? 4 : 8 }
}

/// The element types data can be stored in.
public protocol DataScalar: BinaryFloatingPoint, Sendable {
    /// The precision this type stores.
    static var precision: Precision { get }
    /// The value in double precision.
    var double: Double { get }
    /// The nearest representable value (may be infinite when out of range).
    init(rounding value: Double)
}

extension Float: DataScalar {
    public static var precision: Precision { .single }
    @inlinable public var double: Double { Double(self) }
    @inlinable public init(rounding value: Double) { self = Float(value) }
}

extension Double: DataScalar {
    public static var precision: Precision { .double }
    @inlinable public var double: Double { self }
    @inlinable public init(rounding value: Double) { self = value }
}
