import Foundation

/// One of the paper's 14 overlapping elliptical bins in the HR diagram (`spec/gaia-rvs.md` section 2): centre
/// and full widths in BP-RP colour and absolute G magnitude.
public struct HRBinShape: Sendable, Equatable {
    /// Bin number, 0 (blue, bright) ... 13 (red, faint).
    public let index: Int
    /// Colour centre c_i (BP-RP, mag).
    public let colourCentre: Double
    /// Absolute-magnitude centre M_i (mag).
    public let magnitudeCentre: Double
    /// Full width in colour, Δc = 3.1/13 * 1.5.
    public let colourWidth: Double
    /// Full height in absolute magnitude, ΔM = 11/13 * 2.8.
    public let magnitudeWidth: Double

    /// Whether a star is inside the ellipse, with the pipeline's strict inequality:
    /// `((c - c_i)/(Δc/2))^2 + ((M - M_i)/(ΔM/2))^2 < 1`. NaN values are in no bin.
    public func contains(bpRp c: Double, absMagG m: Double) -> Bool {
        let u = (c - colourCentre) / (colourWidth / 2)
        let v = (m - magnitudeCentre) / (magnitudeWidth / 2)
        return u * u + v * v < 1
    }
}

/// The members of one bin.
public struct HRBin: Sendable, Equatable {
    /// The bin's ellipse.
    public let shape: HRBinShape
    /// Members as indices into the matched catalogue (`GaiaCatalog`), ascending (the pipeline's `idx`).
    public let members: [Int]
    /// Source ids of the members, parallel to `members` (the pipeline's `ids`).
    public let ids: [Int64]
    /// BP-RP of the members.
    public let bpRp: [Double]
    /// Absolute G magnitude of the members.
    public let absMagG: [Double]

    /// Number of members.
    public var count: Int { members.count }
}

/// The paper's 14 HR-diagram bins, and the assignment of stars to them.
///
/// Colour centres `c_i = linspace(-0.1, 3.0, 14)`, magnitude centres
/// `M_i = linspace(0, 11, 14) + 1.5 exp(-0.5 ((c_i - 1.5)/0.6)^2)`, full widths Δc = 3.1/13 * 1.5 = 0.357692 and
/// ΔM = 11/13 * 2.8 = 2.369231. A star can be in two adjacent bins, never three; bins are used independently.
public struct HRBins: Sendable, Equatable {
    /// Number of bins.
    public static let count = 14
    /// Full colour width of every bin.
    public static let colourWidth = 3.1 / 13 * 1.5
    /// Full magnitude height of every bin.
    public static let magnitudeWidth = 11.0 / 13 * 2.8

    /// The 14 ellipses, computed as the pipeline computes them (numpy's linspace).
    public static let shapes: [HRBinShape] = {
        let c = GaiaRVSGrid.linspace(-0.1, 3.0, count)
        let m = GaiaRVSGrid.linspace(0, 11, count)
        return (0..<count).map { i in
            let bump = (c[i] - 1.5) / 0.6
            return HRBinShape(
                index: i, colourCentre: c[i], magnitudeCentre: m[i] + 1.5 * exp(-0.5 * bump * bump),
                colourWidth: colourWidth, magnitudeWidth: magnitudeWidth)
        }
    }()

    /// The bins with their members.
    public let bins: [HRBin]

    /// Assigns the stars of a matched catalogue to the bins.
    public init(catalog: GaiaCatalog) {
        self.init(ids: catalog.sourceIDs, bpRp: catalog.bpRp, absMagG: catalog.absMagG)
    }

    /// Assigns stars given by parallel arrays (index k is star k) to the bins.
    /// - Precondition: the three arrays have the same length. // invariant: callers build them together
    public init(ids: [Int64], bpRp: [Double], absMagG: [Double]) {
        precondition(
            ids.count == bpRp.count && bpRp.count == absMagG.count,
            "parallel arrays differ in length")  // invariant
        let members = HRBins.memberships(bpRp: bpRp, absMagG: absMagG)
        bins = zip(HRBins.shapes, members).map { shape, rows in
            HRBin(
                shape: shape, members: rows, ids: rows.map { ids[$0] }, bpRp: rows.map { bpRp[$0] },
                absMagG: rows.map { absMagG[$0] })
        }
    }

    /// For each bin, the ascending indices of the stars inside it.
    public static func memberships(bpRp: [Double], absMagG: [Double]) -> [[Int]] {
        var members = [[Int]](repeating: [], count: count)
        for k in 0..<min(bpRp.count, absMagG.count) {
            for i in bins(bpRp: bpRp[k], absMagG: absMagG[k]) { members[i].append(k) }
        }
        return members
    }

    /// The bins (zero, one or two) that contain a star.
    public static func bins(bpRp c: Double, absMagG m: Double) -> [Int] {
        // Bins are ordered in colour; only those whose colour range covers c can contain the star.
        shapes.filter {
            abs(c - $0.colourCentre) < colourWidth / 2 && $0.contains(bpRp: c, absMagG: m)
        }.map(\.index)
    }

    /// Members per bin.
    public var counts: [Int] { bins.map(\.count) }

    /// Bin `i`.
    public subscript(i: Int) -> HRBin { bins[i] }
}
