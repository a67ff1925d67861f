import HMFCore

/// Per-lane state shared with the lanes: each lane touches only its own slot.
final class LaneSlots<T>: @unchecked Sendable {
    private var slots: [T]
    init(_ slots: [T]) { self.slots = slots }
    /// Calls `body` with lane `i`'s slot.
    func with<R, E: Error>(_ i: Int, _ body: (inout T) throws(E) -> R) throws(E) -> R {
        try body(&slots[i])
    }
    /// Lane `i`'s slot.
    subscript(i: Int) -> T { slots[i] }
}
