public import HMFCore
import RHMF

/// What can be wrong with a toy spectrum.
public enum ToyFeature: String, CaseIterable, Sendable, Codable {
    /// The whole spectrum was replaced by 1 + a sin(f t) (an impostor).
    case replacedSpectrum
    /// Absorption lines that the basis cannot make.
    case outlierLines
    /// Single bad pixels.
    case outlierPixels
    /// Pixels of a bad detector column.
    case outlierColumn
    /// A missing segment.
    case missingSegment
}

/// What a toy pixel is, for histograms of weights by kind.
public enum ToyPixelKind: String, CaseIterable, Sendable, Codable {
    case clean, missing, outlierSpectrum, outlierPixel, outlierColumn, outlierLine
}

extension ToyTruth {
    /// The features of spectrum `i`, in the order of `ToyFeature.allCases`.
    public func features(ofSpectrum i: Int) -> [ToyFeature] {
        ToyFeature.allCases.filter { feature in
            switch feature {
            case .replacedSpectrum: return isOutlierSpectrum[i]
            case .outlierLines: return hasOutlierLines[i]
            case .outlierPixels: return outlierPixels.rowContainsTrue(i)
            case .outlierColumn: return outlierColumns.rowContainsTrue(i)
            case .missingSegment: return missingSegments[i] != nil
            }
        }
    }

    /// The kind of pixel `(i, j)`. Missing comes first (nothing was observed), then outlier spectrum, pixel,
    /// column and line, in that order of precedence.
    public func kind(ofPixel i: Int, _ j: Int) -> ToyPixelKind {
        if missing[i, j] { return .missing }
        if outlierSpectra[i, j] { return .outlierSpectrum }
        if outlierPixels[i, j] { return .outlierPixel }
        if outlierColumns[i, j] { return .outlierColumn }
        if outlierLines[i, j] { return .outlierLine }
        return .clean
    }

    /// The spectra without any of `excluded`, from the quietest to the noisiest (by the noise scale s_i).
    public func spectraByNoise(without excluded: Set<ToyFeature> = [.replacedSpectrum]) -> [Int] {
        (0..<count).filter { i in excluded.isDisjoint(with: features(ofSpectrum: i)) }
            .sorted { spectrumNoiseScale[$0] < spectrumNoiseScale[$1] }
    }
}

extension ToyTruth {
    /// The robust weights of the observed pixels and whether each is an outlier of any kind, for per-pixel
    /// detection scores. Missing pixels are left out: nothing was observed there, so they are neither hits nor
    /// misses.
    public func observedPixels(weights: Matrix) -> (weights: [Double], isOutlier: [Bool]) {
        var w: [Double] = []
        var truth: [Bool] = []
        w.reserveCapacity(weights.elementCount)
        truth.reserveCapacity(weights.elementCount)
        for i in 0..<weights.rows {
            for j in 0..<weights.cols where !missing[i, j] {
                w.append(weights[i, j])
                truth.append(anyOutlier[i, j])
            }
        }
        return (w, truth)
    }
}

extension ToyTruth {
    /// The robust weights of every pixel grouped by its kind (`kind(ofPixel:_:)`), each group in data order.
    public func weightsByKind(_ weights: Matrix) -> [ToyPixelKind: [Double]] {
        precondition(
            weights.rows == count && weights.cols == missing.cols,
            "weights and truth differ in shape")  // invariant
        var groups = [[Double]](repeating: [], count: ToyPixelKind.allCases.count)
        let masks = [missing, outlierSpectra, outlierPixels, outlierColumns, outlierLines].map(
            \.elements)
        let order: [ToyPixelKind] = [
            .missing, .outlierSpectrum, .outlierPixel, .outlierColumn, .outlierLine,
        ]
        let slot = Dictionary(
            uniqueKeysWithValues: ToyPixelKind.allCases.enumerated().map { ($1, $0) })
        let clean = slot[.clean] ?? 0
        let slots = order.map { slot[$0] ?? 0 }
        weights.withUnsafeBufferPointer { w in
            for k in 0..<w.count {
                var target = clean
                for (m, mask) in masks.enumerated() where mask[k] {
                    target = slots[m]
                    break
                }
                groups[target].append(w[k])
            }
        }
        var out: [ToyPixelKind: [Double]] = [:]
        for (kind, index) in slot { out[kind] = groups[index] }
        return out
    }
}
