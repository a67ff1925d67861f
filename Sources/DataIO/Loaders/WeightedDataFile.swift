import Foundation
import HMFCore
public import RHMF

extension WeightedData {
    /// Loads Y and W from a data file, in the file's precision unless `precision` says otherwise:
    ///
    /// - `.npz`: arrays `Y` and `W` (or `ivar`), N x M, float32 or float64;
    /// - HDF5: datasets `Y` and `W` (or `ivar`), or Gaia-style `flux` and `flux_error` (`WeightRule`).
    ///
    /// - Throws: `DataIOError` naming the file, the entry and, for invalid values, the row and column.
    public init(contentsOf path: String, precision: Precision? = nil) throws(DataIOError) {
        if path.lowercased().hasSuffix(".npz") {
            self = try Self.loadNPZ(path, precision: precision)
        } else {
            let source = try HDF5RowSource(path: path, precision: precision)
            do { self = try source.loadAll() } catch {
                throw .invalidData(path: path, item: source.valuesName, reason: "\(error)")
            }
        }
    }

    private static func loadNPZ(_ path: String, precision: Precision?) throws(DataIOError)
        -> WeightedData
    {
        let archive = try NPZArchive.read(path: path)
        guard let weightName = ["W", "ivar"].first(where: { archive[$0] != nil }) else {
            throw .missingItem(path: path, item: "W (or ivar)")
        }
        let y = try archive.array("Y")
        let w = try archive.array(weightName)
        guard y.shape.count == 2 else {
            throw .wrongShape(path: path, item: "Y", expected: "N x M", found: "\(y.shape)")
        }
        guard w.shape == y.shape else {
            throw .wrongShape(
                path: path, item: weightName, expected: "\(y.shape) like Y", found: "\(w.shape)")
        }
        let stored: Precision
        if case .float32 = y, case .float32 = w { stored = .single } else { stored = .double }
        let description = (path as NSString).lastPathComponent
        do {
            switch precision ?? stored {
            case .single:
                return try WeightedData(
                    Y: try Self.singles(y, path, "Y"), W: try Self.singles(w, path, weightName),
                    description: description)
            case .double:
                return try WeightedData(
                    Y: try archive.matrix("Y"), W: try archive.matrix(weightName),
                    description: description)
            }
        } catch let error as DataIOError {
            throw error
        } catch {
            throw .invalidData(path: path, item: "Y, \(weightName)", reason: "\(error)")
        }
    }

    private static func singles(_ a: NPYArray, _ path: String, _ item: String) throws(DataIOError)
        -> FloatMatrix
    {
        let values: [Float]
        switch a {
        case .float32(let d): values = d.values
        default: values = try a.doubles().values.map { Float($0) }
        }
        do { return try FloatMatrix(rows: a.shape[0], cols: a.shape[1], elements: values) } catch {
            throw .wrongShape(
                path: path, item: item, expected: "\(a.shape)", found: "\(values.count) values")
        }
    }
}
