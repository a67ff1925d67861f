import DataIO
import Foundation
public import HMFCore
import RHMF

/// Data with a known rank-K truth, for recovery tests and benchmarks: Y = A G^T + heteroskedastic noise, with
/// a fraction of entries shifted by gross outliers and a missing segment in a third of the rows.
///
/// The basis is smooth (a constant and sinusoids with seeded phases), the coefficients normal with the first
/// one shifted to 2. Noise has per-row scale exp(N(0, 0.5)) times a ramp over columns, times `noise`; outliers
/// are +/- U(0.5, 1.5); every third row misses a segment of min(20, M / 4) columns (W = 0). Every row has its
/// own random stream, so any block of rows can be generated alone (`writeHDF5` streams a file larger than
/// memory) and gives the same values as the whole set.
public struct PlantedFactorization: Sendable {
    /// The data (single precision when asked, as large survey sets are held).
    public let data: WeightedData
    /// True basis, M x K.
    public let basis: Matrix
    /// True coefficients, N x K.
    public let coefficients: Matrix
    /// Entries that received gross outliers.
    public let outliers: Mask

    /// Generates N x M data of rank K in memory.
    public init(
        N: Int, M: Int, K: Int, noise: Double = 0.05, outlierFraction: Double = 0.01,
        precision: Precision = .double, seed: UInt64 = 1
    ) throws(DatasetError) {
        let rows = try PlantedRows(
            N: N, M: M, K: K, noise: noise, outlierFraction: outlierFraction, seed: seed)
        var a = Matrix(rows: N, cols: K)
        var mask = Mask(rows: N, cols: M)
        var yd = [Double]()
        var wd = [Double]()
        var yf = [Float]()
        var wf = [Float]()
        let count = N * M
        if precision == .single {
            yf.reserveCapacity(count)
            wf.reserveCapacity(count)
        } else {
            yd.reserveCapacity(count)
            wd.reserveCapacity(count)
        }
        for i in 0..<N {
            let row = rows.row(i)
            for k in 0..<K { a[i, k] = row.coefficients[k] }
            for j in 0..<M where row.outlier[j] { mask[i, j] = true }
            if precision == .single {
                yf.append(contentsOf: row.y.map { Float($0) })
                wf.append(contentsOf: row.w.map { Float($0) })
            } else {
                yd.append(contentsOf: row.y)
                wd.append(contentsOf: row.w)
            }
        }
        do {
            let description = "planted rank-\(K) data"
            data =
                precision == .single
                ? try WeightedData(
                    Y: try FloatMatrix(rows: N, cols: M, elements: yf),
                    W: try FloatMatrix(rows: N, cols: M, elements: wf), description: description)
                : try WeightedData(
                    Y: try Matrix(rows: N, cols: M, elements: yd),
                    W: try Matrix(rows: N, cols: M, elements: wd), description: description)
        } catch let error as RHMFError {
            throw .engine(error)
        } catch {
            throw .invalidConfiguration("\(error)")
        }
        basis = rows.basis
        coefficients = a
        outliers = mask
    }

    /// Streams the same data, as float32 datasets `Y` and `W`, into an HDF5 file in blocks of rows, so files
    /// far larger than memory can be made; returns the true basis. The file is written atomically.
    public static func writeHDF5(
        to path: String, N: Int, M: Int, K: Int, noise: Double = 0.05,
        outlierFraction: Double = 0.01,
        seed: UInt64 = 1, blockRows: Int = 4096
    ) throws -> Matrix {
        let rows = try PlantedRows(
            N: N, M: M, K: K, noise: noise, outlierFraction: outlierFraction, seed: seed)
        let temporary = AtomicFile.temporaryPath(for: path)
        do {
            let file = try HDF5File.create(path: temporary)
            let y = try file.createDataset(
                "Y", of: Float.self, shape: [N, M], options: HDF5WriteOptions(chunkRows: 256))
            let w = try file.createDataset(
                "W", of: Float.self, shape: [N, M], options: HDF5WriteOptions(chunkRows: 256))
            for start in stride(from: 0, to: N, by: blockRows) {
                var ys = [Float]()
                var ws = [Float]()
                for i in start..<min(start + blockRows, N) {
                    let row = rows.row(i)
                    ys += row.y.map { Float($0) }
                    ws += row.w.map { Float($0) }
                }
                try y.writeRows(ys, startingAt: start)
                try w.writeRows(ws, startingAt: start)
            }
            file.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        try AtomicFile.commit(temporary, to: path)
        return rows.basis
    }
}

/// The row-by-row generator behind `PlantedFactorization`.
struct PlantedRows {
    let N: Int, M: Int, K: Int
    let noise: Double, outlierFraction: Double, seed: UInt64
    let basis: Matrix
    let gapLength: Int

    init(N: Int, M: Int, K: Int, noise: Double, outlierFraction: Double, seed: UInt64)
        throws(DatasetError)
    {
        guard N > 1, M > 4, K >= 1, K < min(N, M), noise > 0, (0...1).contains(outlierFraction)
        else {
            throw .invalidConfiguration(
                "planted data need N > 1, M > 4, 1 <= K < min(N, M), noise > 0 and an outlier fraction in [0, 1]"
            )
        }
        (self.N, self.M, self.K, self.noise, self.outlierFraction, self.seed) = (
            N, M, K, noise, outlierFraction, seed
        )
        var random = RandomStream(seed: seed, stage: 1)
        let phase = (0..<K).map { _ in random.uniform(0...(2 * Double.pi)) }
        basis = Matrix(rows: M, cols: K) { j, k in
            let t = Double(j) / Double(M - 1)
            return k == 0 ? 1 : sin(Double(k + 1) * 2.3 * t + phase[k]) + 0.3 * t
        }
        gapLength = min(20, M / 4)
    }

    /// Row i: coefficients, values, weights and outlier flags.
    func row(_ i: Int) -> (coefficients: [Double], y: [Double], w: [Double], outlier: [Bool]) {
        var random = RandomStream(seed: seed, stage: 2, index: UInt64(i))
        let a = (0..<K).map { k in random.normal() + (k == 0 ? 2 : 0) }
        let scale = exp(random.normal(0, 0.5))
        let gap = i % 3 == 0 ? Int(random.uniform() * Double(M - gapLength)) : -M
        var y = [Double](repeating: 0, count: M)
        var w = y
        var outlier = [Bool](repeating: false, count: M)
        for j in 0..<M {
            var model = 0.0
            for k in 0..<K { model += a[k] * basis[j, k] }
            let sigma = noise * scale * (0.5 + Double(j) / Double(M))
            var value = model + sigma * random.normal()
            var weight = 1 / (sigma * sigma)
            if random.uniform() < outlierFraction {
                value += random.sign() * random.uniform(0.5...1.5)
                outlier[j] = true
            }
            if j >= gap && j < gap + gapLength {
                value = 0
                weight = 0
                outlier[j] = false
            }
            y[j] = value
            w[j] = weight
        }
        return (a, y, w, outlier)
    }
}
