import DataIO

/// How many stars of each part of the population a survey draws, so that the expected number of spectra the
/// loader puts in each bin is the paper's count times `scale` (at least `minimumPerBin`).
///
/// The probability of each main-sequence segment's stars falling in each bin forms a 14 x 14 membership matrix;
/// non-negative least squares against the targets, less the giants' expected contributions and divided by the
/// fraction of stars the loader keeps, gives the segment counts. At scale 1 they are close to the spec's
/// 8232, 22058, ... 560 (divided by the kept fraction 0.96).
package struct GaiaCalibration: Sendable, Equatable {
    /// The scale calibrated for.
    package let scale: Double
    /// Target members per bin: max(paper count x scale, minimumPerBin).
    package let targets: [Double]
    /// Main-sequence stars drawn per colour segment.
    package let segmentCounts: [Int]
    /// Giants drawn: red clump, red-giant branch, subgiants.
    package let giantCounts: [Int]
    /// Expected spectra per bin after the loader's cuts, from the population model alone (no sampling).
    package let expectedMembers: [Double]
    /// Fraction of drawn stars the loader keeps (spectrum and usable metadata).
    package let keptFraction: Double

    /// Total stars drawn.
    package var starCount: Int { segmentCounts.reduce(0, +) + giantCounts.reduce(0, +) }

    /// Calibrates a configuration.
    /// - Throws: `DatasetError.invalidConfiguration` for an invalid configuration.
    package init(configuration c: GaiaSurveyConfiguration) throws(DatasetError) {
        try c.validate()
        let bins = HRBins.count
        let model = GaiaPopulationModel.self
        let giants = Double(c.giantsAtScaleOne * c.scale).rounded()
        let clump = (giants * model.Giant.redClump.share).rounded()
        let branch = (giants * model.Giant.redGiantBranch.share).rounded()
        let giantCounts = [Int(clump), Int(branch), Int(max(0, giants - clump - branch))]
        let membership = Self.membership
        let giantMembers = (0..<bins).map { b in
            zip(model.Giant.allCases, giantCounts).reduce(0.0) {
                $0 + Double($1.1) * Self.giantMembership[$1.0.rawValue][b]
            }
        }
        let kept = GaiaCatalogStatus.keptFraction
        let targets = GaiaPaper.binCounts.map { max(Double($0) * c.scale, c.minimumPerBin) }
        func expected(_ n: [Double]) -> [Double] {
            (0..<bins).map { b in
                kept * ((0..<bins).reduce(0.0) { $0 + membership[b][$1] * n[$1] } + giantMembers[b])
            }
        }
        // Solve, then raise the right-hand side of any bin the least-squares compromise leaves below the floor.
        var rhs = (0..<bins).map { b in targets[b] / kept - giantMembers[b] }
        var solution = NonNegativeLeastSquares.solve(membership, rhs)
        for _ in 0..<50 {
            let e = expected(solution)
            let short = (0..<bins).filter { e[$0] < c.minimumPerBin - 0.5 }
            guard !short.isEmpty else { break }
            for b in short { rhs[b] += (c.minimumPerBin - e[b]) / kept }
            solution = NonNegativeLeastSquares.solve(membership, rhs)
        }
        let counts = solution.map { Int($0.rounded()) }
        scale = c.scale
        self.targets = targets
        segmentCounts = counts
        self.giantCounts = giantCounts
        expectedMembers = expected(counts.map(Double.init))
        keptFraction = kept
    }

    /// `membership[b][s]`: probability that a main-sequence star of segment s is in bin b.
    static let membership: [[Double]] = (0..<HRBins.count).map { b in
        (0..<GaiaPopulationModel.segmentCount).map { s in
            GaiaPopulationModel.mainSequenceProbability(segment: s, bin: b)
        }
    }

    /// `giantMembership[kind][b]`: probability that a giant of a kind is in bin b.
    static let giantMembership: [[Double]] = GaiaPopulationModel.Giant.allCases.map { kind in
        (0..<HRBins.count).map { GaiaPopulationModel.giantProbability(kind, bin: $0) }
    }
}
