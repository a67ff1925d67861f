import HMFCore
public import RHMF

/// robusta-hmf's saved states: an `.npz` archive with `A` (N x K), `G` (M x K) and the scalar
/// integer `it` (completed iterations), as written by `robusta_hmf.state.save_state_to_npz`.
///
/// Reading accepts float32 or float64 factors and an int32 or int64 `it` (JAX without x64
/// produces 32-bit arrays); writing uses float64 and int64, which robusta-hmf loads as well.
public enum RobustaStateFile {
    /// Loads a robusta-hmf state.
    /// - Throws: `.missingItem` when `A` or `G` is absent (a missing `it` reads as 0 cycles),
    ///   `.wrongShape` when they are not 2-D with the same number of columns, plus any `.npz` error.
    public static func read(path: String) throws(DataIOError) -> RHMFState {
        try state(from: try NPZArchive.read(path: path))
    }

    /// Writes `state` in robusta-hmf's layout.
    public static func write(
        _ state: RHMFState, to path: String, compression: NPZCompression = .stored
    ) throws(DataIOError) {
        var archive = NPZArchive()
        add(state, to: &archive)
        try archive.write(to: path, compression: compression)
    }

    /// Puts `A`, `G` and `it` into `archive`.
    static func add(_ state: RHMFState, to archive: inout NPZArchive) {
        archive["A"] = NPYArray(state.coefficients)
        archive["G"] = NPYArray(state.basis)
        archive["it"] = .scalar(Int64(state.cycles))
    }

    /// The state held by `A`, `G` and `it` in `archive`.
    static func state(from archive: NPZArchive) throws(DataIOError) -> RHMFState {
        let path = archive.path
        let a = try factor("A", in: archive)
        let g = try factor("G", in: archive)
        let cycles = archive["it"] == nil ? 0 : try archive.scalarInt("it")
        guard let cycles = Int(exactly: cycles), cycles >= 0 else {
            throw .corrupt(
                path: path, item: "it", reason: "iteration count \(cycles) is negative or too large"
            )
        }
        do {
            return try RHMFState(coefficients: a, basis: g, cycles: cycles)
        } catch {
            throw .wrongShape(
                path: path, item: "A, G", expected: "A (N x K) and G (M x K) with the same K",
                found: "A \(a.rows) x \(a.cols), G \(g.rows) x \(g.cols)")
        }
    }

    private static func factor(_ name: String, in archive: NPZArchive) throws(DataIOError) -> Matrix
    {
        let array = try archive.array(name)
        guard array.shape.count == 2 else {
            throw .wrongShape(
                path: archive.path, item: name, expected: "2 dimensions", found: "\(array.shape)")
        }
        return try archive.matrix(name)
    }
}
