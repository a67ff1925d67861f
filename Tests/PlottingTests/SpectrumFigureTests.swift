import Foundation
import Plotting
import Testing

/// The line-marker rules and the residual figures of the Gaia notebook.
@Suite struct SpectrumFigureTests {
    @Test func strongListHasTheReferenceLines() {
        let list = LineMarker.gaiaRVSStrong
        #expect(list.count == 21)
        #expect(
            list.filter { $0.species == "Ca II" }.map(\.wavelength) == [850.035, 854.444, 866.452])
        #expect(list.first { $0.species == "Ca II" }?.color == Color(rgb: 0xFF4500))
        // Every strong line lies inside the clipped range and none is within 0.05 nm of another.
        #expect(LineMarker.drawn(list, in: 846.40...869.60).count == 21)
    }

    @Test func drawnSkipsOutOfRangeAndCrowdedLines() {
        let c = Color.black
        let markers = [
            LineMarker(species: "A", wavelength: 846.0, color: c),  // outside
            LineMarker(species: "B", wavelength: 850.0, color: c),
            LineMarker(species: "C", wavelength: 850.04, color: c),  // within 0.05 of B
            LineMarker(species: "D", wavelength: 850.06, color: c),  // 0.06 from B: kept
            LineMarker(species: "E", wavelength: 869.60, color: c),
        ]  // on the open bound
        #expect(LineMarker.drawn(markers, in: 846.40...869.60).map(\.species) == ["B", "D"])
    }

    func fit(_ n: Int = 400) -> SpectrumFit {
        let x = (0..<n).map { 846.4 + 23.2 * Double($0) / Double(n - 1) }
        let model = x.map { 1 - 0.4 * exp(-0.5 * pow(($0 - 854.444) / 0.2, 2)) }
        var flux = model.enumerated().map { $0.element + 0.01 * sin(Double($0.offset)) }
        flux[10] = .nan
        return SpectrumFit(
            wavelength: x, flux: flux, model: model, weights: flux.map { $0.isNaN ? 1 : 0.9 })
    }

    @Test func residualIsFluxMinusModel() {
        let f = fit()
        #expect(f.residual[10].isNaN)
        #expect(abs(f.residual[3] - 0.01 * sin(3.0)) < 1e-15)
    }

    @Test func residualFiguresRenderWithoutProblems() throws {
        let range = 846.40...869.60
        let single = ResidualPanels.figure(
            fit(), title: "One", lines: LineMarker.gaiaRVSStrong, range: range)
        let pair = ResidualPanels.pairFigure(
            fit(), fit(), title: "Two", lines: LineMarker.gaiaRVSStrong, range: range)
        let gallery = ResidualPanels.gallery(
            [("a", fit()), ("b", fit())], title: "G", lines: [], range: range)
        for figure in [single, pair, gallery] {
            let png = try figure.renderPNG(dpi: 40)
            #expect(png.count > 1000)
            #expect(figure.issues.isEmpty, "\(figure.issues)")
        }
        #expect(single.allAxes.count == 3 && pair.allAxes.count == 6 && gallery.allAxes.count == 4)
        // The top panel holds the labels: one annotation per drawn line.
        #expect(single.allAxes[0].artists.filter { $0 is Annotation }.count == 21)
    }
}
