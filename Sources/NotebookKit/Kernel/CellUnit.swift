/// What a compiled cell library hands the kernel: its module name, the code of the cell, and access to the values
/// it keeps for later cells. The generated code of each cell makes one; notebooks never do.
public final class CellUnit: @unchecked Sendable {
    /// The cell module's name.
    public let module: String
    /// The values the cell keeps for later cells.
    public let bindings: [CellBinding]
    let body: () throws -> Void

    /// A unit of `module` running `body`.
    public init(module: String, bindings: [CellBinding], body: @escaping () throws -> Void) {
        self.module = module
        self.bindings = bindings
        self.body = body
    }

    /// The unit, retained, for the library's C entry point (the kernel takes ownership).
    public func retainedPointer() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }
}

/// One value a cell keeps for later cells: read it, put a copy back, release it.
public struct CellBinding: @unchecked Sendable {
    /// The name the cell declares.
    public let name: String
    let get: () -> Any?
    let set: (Any) -> Void
    let clear: () -> Void

    /// Access to the cell's value `name` (generated code).
    public init(
        _ name: String, get: @escaping () -> Any?, set: @escaping (Any) -> Void,
        clear: @escaping () -> Void
    ) {
        self.name = name
        self.get = get
        self.set = set
        self.clear = clear
    }
}

/// Helpers the generated code of a cell calls.
public enum CellValues {
    /// Stops with a clear message when a value is read before the cell that declares it assigned it.
    public static func unset(_ name: String) -> Never {
        let message = "`\(name)` was used before the cell that declares it gave it a value"
        fatalError(message)  // invariant: the kernel runs a cell after the cells it depends on
    }
}
