/// Fits of the same data from several starts, compared: the lowest-loss fit, how far the others' bases end
/// from it, and a `FitWarning.startsDisagree` when they end far apart.
public struct StartComparison: Sendable {
    /// The fit with the lowest loss.
    public let best: FitResult
    /// All the fits, in the order given.
    public let fits: [FitResult]
    /// The largest principal angle, in degrees, between each fit's basis and the best's (0 for the best).
    public let degreesFromBest: [Double]
    /// Each fit's loss relative to the best's: (loss - best) / |best|.
    public let lossAboveBest: [Double]

    /// Compares `fits` of one data set.
    /// - Throws: `RHMFError.invalidSetting` when `fits` is empty or their likelihoods differ (their losses
    ///   would not compare), `shapeMismatch` when their bases differ in shape.
    public init(_ fits: [FitResult]) throws(RHMFError) {
        guard let first = fits.first else {
            throw .invalidSetting("a start comparison needs at least one fit")
        }
        guard fits.allSatisfy({ $0.likelihood == first.likelihood }) else {
            throw .invalidSetting("fits with different likelihoods have losses that do not compare")
        }
        var best = first
        for fit in fits.dropFirst() where fit.loss < best.loss { best = fit }
        var degrees: [Double] = []
        for fit in fits { degrees.append(try fit.largestAngle(to: best.basis)) }
        let scale = max(abs(best.loss), .leastNormalMagnitude)
        self.best = best
        self.fits = fits
        degreesFromBest = degrees
        lossAboveBest = fits.map { ($0.loss - best.loss) / scale }
    }

    /// The best fit's own warnings, and `startsDisagree` when another start ended more than
    /// `FitWarning.disagreeingDegrees` from it.
    public var warnings: [FitWarning] {
        var found = best.warnings
        if let far = degreesFromBest.indices.max(by: { degreesFromBest[$0] < degreesFromBest[$1] }),
            degreesFromBest[far] > FitWarning.disagreeingDegrees
        {
            found.append(
                .startsDisagree(degrees: degreesFromBest[far], relativeLossGap: lossAboveBest[far]))
        }
        return found
    }
}
