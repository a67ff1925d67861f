internal import CMPI
internal import CMPIShim
import Foundation
package import HMFCore
package import RHMF

/// The processes of an MPI job (Open MPI): this process's rank, their number, and the collective operations a
/// distributed fit needs. MPI errors are returned rather than fatal, so that each failure is reported with its
/// cause before the job is ended with `abort`.
package final class MPIWorld: @unchecked Sendable {
    /// This process's rank, 0 ..< size.
    package let rank: Int
    /// Number of processes.
    package let size: Int
    /// Values summed or maximised over the processes so far, and the wall time spent doing so.
    package private(set) var communication = Communication()

    /// What the collective operations have moved.
    package struct Communication: Sendable {
        /// Number of reductions.
        package var reductions = 0
        /// Doubles reduced (each reduction's length, summed).
        package var values = 0
        /// Wall time inside the reductions, including waiting for slower processes.
        package var seconds = 0.0
    }

    /// Initialises MPI (once per process; a process started without mpirun is a job of one).
    /// - Throws: `RHMFError.invalidSetting` when MPI cannot start.
    package init() throws(RHMFError) {
        var argc: Int32 = 0
        guard MPI_Init(&argc, nil) == hmf_mpi_success() else {
            throw .invalidSetting("MPI_Init failed; start the job with mpirun")
        }
        MPI_Comm_set_errhandler(hmf_mpi_comm_world(), hmf_mpi_errors_return())
        var r: Int32 = 0
        var s: Int32 = 0
        MPI_Comm_rank(hmf_mpi_comm_world(), &r)
        MPI_Comm_size(hmf_mpi_comm_world(), &s)
        rank = Int(r)
        size = Int(s)
    }

    /// Ends MPI cleanly (every process must call it).
    package func finalize() { MPI_Finalize() }

    /// Prints `message` with this rank and ends every process of the job with `code`, so no process is left
    /// waiting for this one.
    package func abort(_ message: String, code: Int32 = 1) -> Never {
        FileHandle.standardError.write(
            Data("hmfbook-mpi: rank \(rank) of \(size): \(message)\n".utf8))
        MPI_Abort(hmf_mpi_comm_world(), code)
        exit(code)  // invariant: MPI_Abort does not return
    }

    /// Replaces `values` by their sum (or maximum) over all processes. The total is formed once, on rank 0, and
    /// broadcast, so every process holds the same bits and takes the same decisions (MPI_Allreduce does not
    /// promise identical results on every process).
    func reduce(_ values: inout [Double], maximum: Bool) throws(RHMFError) {
        guard !values.isEmpty else { return }
        let start = ContinuousClock.now
        let piece = 1 << 26
        var local = values
        for lo in stride(from: 0, to: values.count, by: piece) {
            let n = Int32(min(piece, values.count - lo))
            let status = local.withUnsafeMutableBufferPointer { l in
                values.withUnsafeMutableBufferPointer { v in
                    let reduced = MPI_Reduce(
                        l.baseAddress! + lo, v.baseAddress! + lo, n, hmf_mpi_double(),
                        maximum ? hmf_mpi_max() : hmf_mpi_sum(), 0, hmf_mpi_comm_world())
                    guard reduced == hmf_mpi_success() else { return reduced }
                    return MPI_Bcast(
                        v.baseAddress! + lo, n, hmf_mpi_double(), 0, hmf_mpi_comm_world())
                }
            }  // invariant: both buffers are non-empty
            guard status == hmf_mpi_success() else {
                throw .unreadable(
                    "a reduction of \(values.count) values failed on rank \(rank) of \(size) (MPI error \(status)); another process may have died"
                )
            }
        }
        communication.reductions += 1
        communication.values += values.count
        communication.seconds += Double((ContinuousClock.now - start) / .seconds(1))
    }

    /// The rows of each process's row-major matrix (same column count everywhere), stacked on rank 0 in rank
    /// order; other processes get nil.
    package func gatherRows(_ local: Matrix) throws(RHMFError) -> Matrix? {
        var counts = [Int32](repeating: 0, count: size)
        guard local.elementCount <= Int(Int32.max) else {
            throw .invalidSetting("\(local.rows) rows are too many to gather in one message")
        }
        let mine = [Int32(local.elementCount)]
        let shared = mine.withUnsafeBufferPointer { m in
            counts.withUnsafeMutableBufferPointer { c in
                MPI_Allgather(
                    m.baseAddress, 1, hmf_mpi_int(), c.baseAddress, 1, hmf_mpi_int(),
                    hmf_mpi_comm_world())
            }
        }
        guard shared == hmf_mpi_success() else {
            throw .unreadable("gathering row counts failed on rank \(rank) of \(size)")
        }
        let total = counts.reduce(0) { $0 + Int($1) }
        guard total <= Int(Int32.max) else {
            throw .invalidSetting("\(total) values are too many to gather in one message")
        }
        var displacements = [Int32](repeating: 0, count: size)
        for r in 1..<size { displacements[r] = displacements[r - 1] + counts[r - 1] }
        var all = [Double](repeating: 0, count: rank == 0 ? max(total, 1) : 1)
        let source = local.elementCount > 0 ? local.elements : [0]
        let status = source.withUnsafeBufferPointer { l in
            all.withUnsafeMutableBufferPointer { a in
                counts.withUnsafeBufferPointer { c in
                    displacements.withUnsafeBufferPointer { d in
                        MPI_Gatherv(
                            l.baseAddress, Int32(local.elementCount), hmf_mpi_double(),
                            a.baseAddress, c.baseAddress,
                            d.baseAddress, hmf_mpi_double(), 0, hmf_mpi_comm_world())
                    }
                }
            }
        }
        guard status == hmf_mpi_success() else {
            throw .unreadable(
                "gathering rows failed on rank \(rank) of \(size) (MPI error \(status))")
        }
        guard rank == 0 else { return nil }
        let cols = local.cols
        do {
            return try Matrix(
                rows: cols == 0 ? 0 : total / cols, cols: cols, elements: Array(all.prefix(total)))
        } catch {
            throw .shapeMismatch(
                "gathered \(total) values, not whole rows of \(cols) columns: \(error)")
        }
    }

    /// Waits for every process.
    package func barrier() { MPI_Barrier(hmf_mpi_comm_world()) }
}

/// The reduction of a distributed fit: sums and maxima over every process of an MPI job.
package struct MPIReduction: Reduction {
    let world: MPIWorld

    package init(_ world: MPIWorld) { self.world = world }

    package func sum(_ values: inout [Double]) throws(RHMFError) {
        try world.reduce(&values, maximum: false)
    }
    package func max(_ values: inout [Double]) throws(RHMFError) {
        try world.reduce(&values, maximum: true)
    }
    package var isRoot: Bool { world.rank == 0 }
}
