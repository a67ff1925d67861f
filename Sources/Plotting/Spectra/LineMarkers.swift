import Foundation

/// A spectral line to mark on a spectrum: a shaded band at its wavelength in every panel, and a label with a
/// callout above the top panel.
public struct LineMarker: Sendable, Equatable {
    /// The species as it is labelled ("Ca II").
    public var species: String
    /// The wavelength (the x unit of the axes it is drawn on).
    public var wavelength: Double
    /// The species colour.
    public var color: Color

    public init(species: String, wavelength: Double, color: Color) {
        self.species = species
        self.wavelength = wavelength
        self.color = color
    }

    /// The strong-line list of the Gaia RVS figures (robusta-hmf's `rvs_strong_features.csv`, vacuum nm), with
    /// its colours. The H I entries are the list's values, not the true Paschen positions: they are what the
    /// paper's figures show.
    public static let gaiaRVSStrong: [LineMarker] = {
        let caII = Color(rgb: 0xFF4500)
        let hI = Color(rgb: 0x9370DB)
        let mgI = Color(rgb: 0x90EE90)
        let feI = Color(rgb: 0x6495ED)
        let nI = Color(rgb: 0xFFB6C1)
        return [850.035, 854.444, 866.452].map {
            LineMarker(species: "Ca II", wavelength: $0, color: caII)
        }
            + [846.991, 849.471, 852.379, 855.827, 859.999, 865.210].map {
                LineMarker(species: "H I", wavelength: $0, color: hI)
            }
            + [LineMarker(species: "Mg I", wavelength: 848.416, color: mgI)]
            + [850.201, 851.80, 858.741, 860.12, 867.715, 869.098].map {
                LineMarker(species: "Fe I", wavelength: $0, color: feI)
            }
            + [863.161, 863.524, 868.184, 868.266, 868.58].map {
                LineMarker(species: "N I", wavelength: $0, color: nI)
            }
    }()

    /// The markers that are drawn for a panel spanning `range`, in list order: those inside the open range,
    /// skipping any within `minimumSeparation` of one already kept (the reference's rule).
    public static func drawn(
        _ markers: [LineMarker], in range: ClosedRange<Double>,
        minimumSeparation: Double = 0.05
    ) -> [LineMarker] {
        var kept: [LineMarker] = []
        for m in markers where m.wavelength > range.lowerBound && m.wavelength < range.upperBound {
            if kept.contains(where: { abs($0.wavelength - m.wavelength) < minimumSeparation }) {
                continue
            }
            kept.append(m)
        }
        return kept
    }
}

extension Axes {
    /// Shades a band of `halfWidth` either side of each marker over the full height (alpha 0.3, no edge), for
    /// the markers `LineMarker.drawn` keeps in `range`.
    public func shadeLines(
        _ markers: [LineMarker], in range: ClosedRange<Double>, halfWidth: Double = 0.24,
        alpha: Double = 0.3
    ) {
        for m in LineMarker.drawn(markers, in: range) {
            axvspan(
                m.wavelength - halfWidth, m.wavelength + halfWidth, color: m.color, alpha: alpha)
        }
    }

    /// Labels the markers above the axes: sorted by wavelength, spread evenly across the width (2% margins) at
    /// axes height 1.06, rotated 90 degrees, each joined to its line at the top of the axes by a callout in the
    /// species colour. The axes' x limits must be `range`.
    public func labelLines(
        _ markers: [LineMarker], in range: ClosedRange<Double>, size: Double = 10
    ) {
        let shown = LineMarker.drawn(markers, in: range).sorted { $0.wavelength < $1.wavelength }
        guard !shown.isEmpty else { return }
        let span = range.upperBound - range.lowerBound
        for (i, m) in shown.enumerated() {
            let f = shown.count == 1 ? 0.5 : 0.02 + 0.96 * Double(i) / Double(shown.count - 1)
            let x = range.lowerBound + f * span
            annotate(
                m.species, point: (m.wavelength, 1.0), pointCoordinates: .dataXAxesY,
                textAt: (x, 1.06),
                textCoordinates: .dataXAxesY, leader: LeaderLine(color: m.color, width: 1, gap: 1),
                size: size, rotation: 90, ha: .left, va: .center)
        }
    }
}
