import Foundation

/// The check a reader makes before it allocates what a file's header asks for: a damaged or hostile header
/// can claim any size, and an allocation larger than the machine's memory would stop the process.
enum MemoryBudget {
    /// Throws `.outOfRange` when `count` values of `T` need more bytes than the machine has memory.
    static func check<T>(count: Int, of _: T.Type, path: String, item: String) throws(DataIOError) {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        let memory = ProcessInfo.processInfo.physicalMemory
        guard overflow || count < 0 || UInt64(bytes) > memory else { return }
        let gib = { (b: Double) in String(format: "%.1f GiB", b / 1_073_741_824) }
        throw .outOfRange(
            path: path, item: item,
            reason:
                "reading its \(count) values needs \(overflow ? "more than any" : gib(Double(bytes))) of "
                + "memory; this machine has \(gib(Double(memory)))")
    }
}
