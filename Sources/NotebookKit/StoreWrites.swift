import Dispatch
import Foundation
import NotebookProtocol
import Synchronization

/// Session store writes made on a background thread in a notebook kernel, so that a cell's next computation does
/// not wait for the disk: hashing, copying and syncing the toy grid's 35 inference entries (39 MB of robust
/// weights each) kept one core busy for about 5 s while the other waited.
///
/// At most one write is in flight: the next waits for it, so memory holds one extra entry at most. A lookup
/// finds the entry in flight by its key. The kernel waits for the write at the end of every cell
/// (`finishCell`), so a finished cell's entries are on disk, and a failed write becomes that cell's error.
/// Outside a kernel, `Session` writes synchronously.
package final class StoreWrites: @unchecked Sendable {
    /// The kernel's writer, which sessions made in its cells use (nil outside a kernel).
    package static var kernel: StoreWrites? { kernelWrites.withLock { $0 } }
    private static let kernelWrites = Mutex<StoreWrites?>(nil)

    /// Makes sessions created from now on write through a background writer (called once by the kernel).
    static func startKernelWrites() -> StoreWrites {
        kernelWrites.withLock { w in
            if let w { return w }
            let writes = StoreWrites()
            w = writes
            return writes
        }
    }

    private let queue = DispatchQueue(label: "hmfbook.store-writes")
    private let condition = NSCondition()
    /// The entry being written: its store folder, key and payload.
    private var inFlight: (root: String, key: String, payload: Data)?
    /// The first failure not yet reported.
    private var failure: SessionError?

    /// A writer with nothing in flight.
    package init() {}

    /// Writes `payload` under `key` in `store` after the write in flight ends; throws an earlier write's failure.
    package func write(_ payload: Data, key: String, to store: SessionStore) throws(SessionError) {
        condition.lock()
        while inFlight != nil { condition.wait() }
        let earlier = failure
        failure = nil
        if earlier == nil { inFlight = (store.root, key, payload) }
        condition.unlock()
        if let earlier { throw earlier }
        queue.async { [self] in
            var error: SessionError?
            do throws(SessionError) { try store.write(key, payload) } catch let e { error = e }
            condition.withLock {
                inFlight = nil
                failure = failure ?? error
                condition.broadcast()
            }
        }
    }

    /// The payload being written under `key` in `store`, if that write is in flight.
    package func payloadInFlight(_ key: String, in store: SessionStore) -> Data? {
        condition.withLock {
            guard let w = inFlight, w.key == key, w.root == store.root else { return nil }
            return w.payload
        }
    }

    /// Waits until no write is in flight (called by the kernel at the end of every cell).
    /// - Throws: the first write failure since the last call.
    package func finishCell() throws(SessionError) {
        condition.lock()
        while inFlight != nil { condition.wait() }
        let f = failure
        failure = nil
        condition.unlock()
        if let f { throw f }
    }
}
