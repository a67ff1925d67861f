import Foundation
import NotebookProtocol
import Testing

@testable import NotebookKit

/// The kernel's background store writes: a value is returned before its entry is on disk, a lookup in the
/// meantime finds it, the end of the cell leaves it on disk, and a write that fails becomes an error.
struct StoreWritesTests {
    private func folder() -> String {
        NSTemporaryDirectory() + "hmfbook-store-writes-\(UUID().uuidString)"
    }

    @Test func aLookupFindsTheEntryInFlightAndTheCellEndLeavesItOnDisk() throws {
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let writes = StoreWrites()
        let session = Session(root: root, writes: writes)
        let payload = Matrix(rows: 2000, cols: 1000) { i, j in Double(i - j) }  // 16 MB
        var computed = 0
        let key = try session.key("copy", [payload])
        var seenInFlight = false
        for _ in 0..<3 {
            let copy = try session.cached("copy", payload) { () -> Matrix in
                computed += 1
                return payload
            }
            #expect(copy == payload)
            seenInFlight = seenInFlight || writes.payloadInFlight(key, in: session.store) != nil
        }
        #expect(computed == 1, "the second and third lookups find the entry, in flight or on disk")
        try writes.finishCell()
        #expect(writes.payloadInFlight(key, in: session.store) == nil)
        #expect(try session.store.read(key) != nil)
        // A session without the writer reads the same entry.
        let later = Session(root: root, writes: nil)
        #expect(
            try later.cached("copy", payload) { () -> Matrix in Matrix(rows: 1, cols: 1) }
                == payload)
        print("the entry was \(seenInFlight ? "" : "not ")seen in flight")
    }

    @Test func aFailedWriteIsReportedAtTheCellEndAndAtTheNextWrite() throws {
        let root = folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The store's folder is a file: no entry can be written under it.
        FileManager.default.createFile(atPath: root, contents: Data("not a folder".utf8))
        let writes = StoreWrites()
        let session = Session(root: root + "/store", writes: writes)
        #expect(try session.cached("one", 1) { 1 } == 1)
        #expect(throws: SessionError.self) { try writes.finishCell() }
        try writes.finishCell()  // reported once
        _ = try session.cached("two", 2) { 2 }
        #expect(throws: SessionError.self) { _ = try session.cached("three", 3) { 3 } }
    }
}
