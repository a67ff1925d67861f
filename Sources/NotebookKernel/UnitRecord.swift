import Foundation
import HMFCore
import Notebook

/// What a unit's last run with a given state key produced, kept so that an unchanged unit is not run again: its
/// result, the files it read and wrote (with fingerprints, to notice a change outside the notebook), and which
/// of its values hold references. Kept in memory by a session and on disk between batch runs.
struct UnitRecord: Codable, Sendable {
    /// The unit's kind and code (`NotebookPlan.sourceKey`), whose facts this record tells.
    var sourceKey: String
    /// The cell's result (for a unit of inline expressions, the cell it follows, with only its inline values).
    var result: CellResult
    /// Inline values the unit reported.
    var inlineValues: [Int: CellResult.InlineValue]
    /// Values of the unit that hold references.
    var references: [String]
    /// Files it read, with their fingerprints when it ran.
    var filesRead: [String: FileFingerprint]
    /// Files it wrote (figures, values, tables, images), with their fingerprints after the run.
    var filesWritten: [String: FileFingerprint]
    var changedProcessState: Bool

    /// Whether the record can stand for a new run: the unit succeeded, what it wrote is still there as it wrote
    /// it, and what it read has not changed.
    var isCurrent: Bool {
        guard result.status == .ok else { return false }
        for (path, print) in filesWritten where FileFingerprint(path) != print { return false }
        for (path, print) in filesRead where FileFingerprint(path) != print { return false }
        return true
    }

    /// What the unit did when it ran, beyond its result.
    struct Facts: Sendable, Equatable {
        var filesRead: [String] = []
        var filesWritten: [String] = []
        var changedProcessState = false
    }

    var facts: Facts {
        Facts(
            filesRead: filesRead.keys.sorted(), filesWritten: filesWritten.keys.sorted(),
            changedProcessState: changedProcessState)
    }

    /// A record of a unit that failed or did not run (kept for this round only).
    static func failure(_ result: CellResult, sourceKey: String) -> UnitRecord {
        UnitRecord(
            sourceKey: sourceKey, result: result, inlineValues: [:], references: [], filesRead: [:],
            filesWritten: [:],
            changedProcessState: false)
    }
}

/// A file's identity and size and modification time: changes when the file is rewritten.
struct FileFingerprint: Codable, Sendable, Equatable {
    var size: Int64
    var modified: Double
    var inode: UInt64

    /// The fingerprint of the file at `path`; nil when it does not exist.
    init?(_ path: String) {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        size = Int64(s.st_size)
        modified = Double(s.st_mtim.tv_sec) + Double(s.st_mtim.tv_nsec) / 1e9
        inode = UInt64(s.st_ino)
    }
}

/// The records of a notebook's last batch run (`.hmfbook/runs/NAME/units.json`), by state key.
enum UnitRecordFile {
    static func read(_ path: String) -> [String: UnitRecord] {
        guard let data = FileManager.default.contents(atPath: path),
            let records = try? JSONDecoder().decode([String: UnitRecord].self, from: data)
        else { return [:] }
        return records
    }

    static func write(_ records: [String: UnitRecord], to path: String) throws(NotebookError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { try AtomicFile.write(try encoder.encode(records), to: path) } catch {
            throw .io(path: path, message: "cannot write the run's records: \(error)")
        }
    }
}
