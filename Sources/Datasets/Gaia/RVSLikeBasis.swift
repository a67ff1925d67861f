import DataIO
import Foundation
import HMFCore
import RHMF

extension PlantedBasis {
    /// An RVS-like planted basis: the leading `rank` right singular vectors of the noiseless synthetic Gaia RVS
    /// spectra of `stars` normal stars (`GaiaSpectrumSynthesizer`, the survey generator's spectrum model), on
    /// the clipped RVS grid binned by `binning` pixels (mean of each group; 2321 / 8 = 290 pixels by default).
    ///
    /// The stars have colours uniform in `colours` (BP - RP), the survey's rotation for their colour, radial
    /// velocities N(0, 2) km/s, its continuum tilts, and no anomalies, interstellar band or noise. No mean is
    /// subtracted, so the mean spectrum lies in the span. The coefficient pool is U_K S_K of the same SVD: a
    /// planted spectrum is the rank-K projection of one of these stars.
    /// - Throws: `DatasetError.invalidConfiguration` for a rank, star count or binning out of range.
    public static func rvsLike(
        rank: Int = 5, stars: Int = 1500, binning: Int = 8,
        colours: ClosedRange<Double> = 0.6...2.5, seed: UInt64 = 1
    ) throws(DatasetError) -> PlantedBasis {
        let columns = GaiaRVSGrid.clippedColumns
        guard binning >= 1, columns.count / binning > rank, rank >= 1, stars > rank else {
            throw .invalidConfiguration(
                "an RVS-like basis needs 1 <= rank < stars and rank < 2321 / binning pixels")
        }
        let m = columns.count / binning
        var random = RandomStream(seed: seed, stage: 901)
        let synthesizer = GaiaSpectrumSynthesizer()
        var spectra = Matrix(rows: stars, cols: m)
        for i in 0..<stars {
            let colour = random.uniform(colours)
            var p = GaiaSpectrumParameters()
            p.vsini = GaiaSpectrumDraw.vsini(colour: colour, &random)
            p.radialVelocity = random.normal(0, 2)
            p.continuumA0 = random.normal(0, 0.003)
            p.continuumA1 = random.normal(0, 0.01)
            p.continuumA2 = random.normal(0, 0.005)
            let star = GaiaStar(
                sourceID: Int64(i), population: .mainSequence, isUnresolvedBinary: false,
                binaryBrightening: 0, bpRp: colour, absMagG: 0, gMag: 12, distance: 100,
                parallaxTrue: 10, parallaxObserved: 10, ra: 0, dec: 0, status: .complete,
                spectrumRow: i, spectrum: p)
            let flux = synthesizer.noiseless(star)
            for b in 0..<m {
                var sum = 0.0
                for t in 0..<binning { sum += flux[columns.lowerBound + b * binning + t] }
                spectra[i, b] = sum / Double(binning)
            }
        }
        let svd: SVD
        do { svd = try SVD(spectra) } catch { throw .engine(error) }
        let vectors = Matrix(rows: m, cols: rank) { j, k in svd.Vt[k, j] }
        let pool = Matrix(rows: stars, cols: rank) { i, k in svd.U[i, k] * svd.s[k] }
        let grid = GaiaRVSGrid.wavelengths
        let wavelength = (0..<m).map { b in
            (0..<binning).reduce(0.0) { $0 + grid[columns.lowerBound + b * binning + $1] }
                / Double(binning)
        }
        return PlantedBasis(
            name: "rvs", wavelength: wavelength, vectors: vectors, coefficients: .pool(pool))
    }
}
