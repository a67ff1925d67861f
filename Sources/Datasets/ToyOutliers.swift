import Foundation
import HMFCore
import RHMF

/// The four kinds of outliers of the toy experiment, injected into noiseless spectra in this order: outlier
/// spectra replace whole rows, then outlier columns, outlier pixels and outlier lines add to whatever is there
/// (so an outlier spectrum can also carry column offsets and outlier pixels, like any other spectrum).
///
/// Each kind draws from its own random stream (see `ToyStage`), so changing one kind's settings leaves the
/// others, the coefficients and the noise unchanged.
struct ToyOutliers {
    var outlierPixels: Mask
    var outlierColumns: Mask
    var outlierLines: Mask
    var outlierSpectra: Mask
    var isOutlierSpectrum: [Bool]
    var hasOutlierLines: [Bool]
    var columnIndices: [Int]

    /// Injects all outliers of `configuration` into `y` (N x M, noiseless) and records where they went.
    init(into y: inout Matrix, configuration c: ToyConfiguration, seed: UInt64) {
        let n = c.nSpectra
        let m = c.nPixels
        outlierPixels = Mask(rows: n, cols: m)
        outlierColumns = Mask(rows: n, cols: m)
        outlierLines = Mask(rows: n, cols: m)
        outlierSpectra = Mask(rows: n, cols: m)
        isOutlierSpectrum = [Bool](repeating: false, count: n)
        hasOutlierLines = [Bool](repeating: false, count: n)
        columnIndices = []

        replaceSpectra(&y, c, RandomStream(seed: seed, stage: ToyStage.outlierSpectra.rawValue))
        offsetColumns(&y, c, RandomStream(seed: seed, stage: ToyStage.outlierColumns.rawValue))
        offsetPixels(&y, c, RandomStream(seed: seed, stage: ToyStage.outlierPixels.rawValue))
        addLines(&y, c, RandomStream(seed: seed, stage: ToyStage.outlierLines.rawValue))
    }

    /// Outlier spectra: `outlierSpectrumCount` distinct spectra become 1 + a sin(f t), t = linspace(0, 2 pi, M),
    /// with f and a uniform in their ranges (one draw of each per spectrum).
    private mutating func replaceSpectra(
        _ y: inout Matrix, _ c: ToyConfiguration, _ stream: RandomStream
    ) {
        var random = stream
        let m = c.nPixels
        for i in random.sample(c.outlierSpectrumCount, from: c.nSpectra) {
            let f = random.uniform(c.outlierSpectrumFrequency)
            let a = random.uniform(c.outlierSpectrumAmplitude)
            for j in 0..<m {
                let t = 2 * Double.pi * Double(j) / Double(m - 1)
                y[i, j] = 1 + a * sin(f * t)
                outlierSpectra[i, j] = true
            }
            isOutlierSpectrum[i] = true
        }
    }

    /// Outlier columns: `outlierColumnCount` distinct columns; for each, its own random set of
    /// round(fraction N) distinct spectra gets +/- U(amplitude) there (sign and size drawn per entry).
    private mutating func offsetColumns(
        _ y: inout Matrix, _ c: ToyConfiguration, _ stream: RandomStream
    ) {
        var random = stream
        let columns = random.sample(c.outlierColumnCount, from: c.nPixels)
        for column in columns {
            for i in random.sample(c.outlierColumnSpectrumCount, from: c.nSpectra) {
                y[i, column] += random.sign() * random.uniform(c.outlierColumnAmplitude)
                outlierColumns[i, column] = true
            }
        }
        columnIndices = columns.sorted()
    }

    /// Outlier pixels: round(fraction N M) *distinct* pixels (a pixel already drawn is drawn again, so the
    /// fraction is exact), each offset by +/- U(amplitude). Weights stay as they are: these are unknown bad pixels.
    private mutating func offsetPixels(
        _ y: inout Matrix, _ c: ToyConfiguration, _ stream: RandomStream
    ) {
        var random = stream
        let total = c.nSpectra * c.nPixels
        for _ in 0..<c.outlierPixelCount {
            var k = random.integer(below: total)
            while outlierPixels[k / c.nPixels, k % c.nPixels] { k = random.integer(below: total) }
            outlierPixels[k / c.nPixels, k % c.nPixels] = true
            y[k / c.nPixels, k % c.nPixels] +=
                random.sign() * random.uniform(c.outlierPixelAmplitude)
        }
    }

    /// Outlier lines: `outlierLineSpectrumCount` distinct spectra, chosen among those that were not replaced, each
    /// get `outlierLinesPerSpectrum` Gaussian absorption lines -d exp(-((j - c)/w)^2 / 2) with the centre c a
    /// uniformly random pixel, d ~ U(depth range) and w the width in pixels. The profile is added over the whole
    /// spectrum; the mask marks the pixels where it is deeper than `outlierLineMaskThreshold` d. Lines of one
    /// spectrum may overlap.
    private mutating func addLines(_ y: inout Matrix, _ c: ToyConfiguration, _ stream: RandomStream)
    {
        var random = stream
        let candidates = isOutlierSpectrum.indices.filter { !isOutlierSpectrum[$0] }
        for i in random.sample(c.outlierLineSpectrumCount, from: candidates) {
            for _ in 0..<c.outlierLinesPerSpectrum {
                let centre = Double(random.integer(below: c.nPixels))
                let depth = random.uniform(c.outlierLineDepth)
                for j in 0..<c.nPixels {
                    let t = (Double(j) - centre) / c.outlierLineWidth
                    let profile = exp(-0.5 * t * t)
                    y[i, j] -= depth * profile
                    if profile > c.outlierLineMaskThreshold { outlierLines[i, j] = true }
                }
            }
            if c.outlierLinesPerSpectrum > 0 { hasOutlierLines[i] = true }
        }
    }
}

/// The independent random streams of the toy generator (the raw values are part of the seed contract: changing
/// them changes the data of every seed).
enum ToyStage: UInt64 {
    case coefficients = 1
    case outlierSpectra = 2
    case outlierColumns = 3
    case outlierPixels = 4
    case outlierLines = 5
    case spectrumNoiseScale = 6
    /// One stream per spectrum (index = spectrum) for the factors u_ij.
    case pixelNoiseFactor = 7
    /// One stream per spectrum (index = spectrum) for the Gaussian noise draws.
    case noiseDraws = 8
    case missing = 9
}
