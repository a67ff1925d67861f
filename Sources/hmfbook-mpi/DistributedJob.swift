import ArgumentParser
import DataIO
import Foundation
import RHMF
import RHMFMPI

/// Options every distributed command takes: the data file and how its rows are shared.
struct DistributedData: ParsableArguments {
    @Argument(
        help: "HDF5 file with Y and W (or ivar), or flux and flux_error; every process opens it.")
    var data: String
    @Option(
        help:
            "Relative share of the rows for each process, comma-separated (default: equal); a share may be 0."
    )
    var shares: String?
    @Option(help: "Hold the data in single or double precision (default: the file's).")
    var precision: Precision?

    /// The shares as numbers, one per process.
    func shareWeights() throws -> [Double]? {
        guard let shares else { return nil }
        return try shares.split(separator: ",").map { text in
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--shares: '\(text)' is not a number")
            }
            return value
        }
    }
}

/// One process of a distributed job: MPI started, this process's rows of the file opened. Every failure ends
/// the whole job through `MPIWorld.abort` with the failing rank's message, so no process waits forever for
/// one that stopped, and no result file is written.
struct DistributedJob {
    let world: MPIWorld
    /// This process's rows of the file.
    let source: HDF5RowSource
    /// Every process's row range.
    let shares: RowShares
    /// Rows of the file.
    let totalRows: Int

    /// Starts MPI and opens this process's rows, or ends the job saying why.
    static func start(_ options: DistributedData) -> DistributedJob {
        let world: MPIWorld
        do { world = try MPIWorld() } catch {
            FileHandle.standardError.write(Data("hmfbook-mpi: \(error)\n".utf8))
            exit(1)
        }
        let job = world.run { () throws -> DistributedJob in
            let whole = try HDF5RowSource(path: options.data, precision: options.precision)
            let shares = try RowShares(
                rowCount: whole.rowCount, processes: world.size, shares: try options.shareWeights())
            let mine = shares.ranges[world.rank]
            return DistributedJob(
                world: world, source: try whole.selecting(Array(mine)), shares: shares,
                totalRows: whole.rowCount)
        }
        return job
    }

    /// Prints on rank 0 only.
    func say(_ line: String) {
        if world.rank == 0 { print(line) }
    }
}

extension MPIWorld {
    /// The value of `body`, or the end of the job with this rank's error.
    func run<T>(_ body: () throws -> T) -> T {
        do { return try body() } catch { abort("\(error)") }
    }
}

extension MPIWorld.Communication {
    /// The reductions from `earlier` to now, per cycle over `cycles` cycles.
    func perCycle(since earlier: Self, cycles: Int, processes: Int) -> String {
        let n = Double(max(cycles, 1))
        let values = Double(self.values - earlier.values)
        return String(
            format:
                "communication per cycle: %.1f reductions of %.0f doubles in all (%.3f MB), %.2f ms, %d processes",
            Double(reductions - earlier.reductions) / n, values / n, values * 8 / n / 1e6,
            1000 * (seconds - earlier.seconds) / n, processes)
    }
}
