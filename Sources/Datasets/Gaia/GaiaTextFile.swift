import DataIO
import Foundation
import HMFCore

/// A text file written line by line to a temporary file beside its destination, and moved into place only when
/// complete (`commit`), so an interrupted run never leaves a partial file under the real name.
final class GaiaTextFile {
    /// The destination.
    let path: String
    private let temporary: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var failure: String?
    private var committed = false

    /// Creates the temporary file.
    /// - Throws: `DataIOError.cannotAccess` when the folder is not writable.
    init(path: String) throws(DataIOError) {
        self.path = path
        temporary = AtomicFile.temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw .cannotAccess(path: path, reason: "cannot create the temporary file \(temporary)")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !committed {
            try? handle.close()
            unlink(temporary)
        }
    }

    /// Appends `line` and a newline.
    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            failure = "\(error.localizedDescription)"
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, syncs, and moves the file into place.
    /// - Throws: `DataIOError.cannotAccess` naming the file when a write failed or the rename is refused.
    func commit() throws(DataIOError) {
        flush()
        if let failure { throw .cannotAccess(path: path, reason: "write failed: \(failure)") }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw .cannotAccess(
                path: path, reason: "cannot finish the file: \(error.localizedDescription)")
        }
        committed = true
        do { try AtomicFile.commit(temporary, to: path) } catch {
            throw .cannotAccess(path: path, reason: error.reason)
        }
    }
}
