import DataIO
import Foundation
import RHMF

/// Loads Y and W from a data file for the command-line tool.
///
/// - `.npz`: arrays `Y` and `W` (or `ivar`), N x M, float32 or float64.
/// - HDF5 (`.h5`, `.hdf5`): datasets `Y` and `W`/`ivar`, or Gaia-style `flux` and `flux_error`
///   (W = 1 / flux_error^2; NaN flux or error, or a non-positive error, become missing with W = 0).
enum TrainingData {
    static func load(_ path: String) throws -> WeightedData {
        let (y, w) = path.lowercased().hasSuffix(".npz") ? try loadNPZ(path) : try loadHDF5(path)
        return try WeightedData(Y: y, W: w)
    }

    private static func loadNPZ(_ path: String) throws -> (Matrix, Matrix) {
        let archive = try NPZArchive.read(path: path)
        let y = try archive.matrix("Y")
        let weightName = archive["W"] != nil ? "W" : "ivar"
        guard archive[weightName] != nil else {
            throw DataIOError.missingItem(path: path, item: "W (or ivar)")
        }
        return (y, try archive.matrix(weightName))
    }

    private static func loadHDF5(_ path: String) throws -> (Matrix, Matrix) {
        let file = try HDF5File(path: path)
        defer { file.close() }
        if file.contains("Y") {
            let weightName = file.contains("W") ? "W" : "ivar"
            guard file.contains(weightName) else { throw DataIOError.missingItem(path: path, item: "W (or ivar)") }
            return (try file.dataset("Y").readMatrix(), try file.dataset(weightName).readMatrix())
        }
        guard file.contains("flux"), file.contains("flux_error") else {
            throw DataIOError.missingItem(path: path, item: "Y and W, or flux and flux_error")
        }
        var y = try file.dataset("flux").readMatrix()
        var w = try file.dataset("flux_error").readMatrix()
        for k in y.storage.indices {
            let e = w.storage[k]
            if y.storage[k].isFinite, e.isFinite, e > 0 {
                w.storage[k] = 1 / (e * e)
            } else {
                y.storage[k] = 0
                w.storage[k] = 0
            }
        }
        return (y, w)
    }
}
