import DataIO
import Foundation
import RHMF
import Testing

@testable import Datasets

/// A generated survey read back through the real loader path: files, join, cuts, clipping, bins, truth.
@Suite struct GaiaSurveyTests {
    let survey: GaiaFixtures.Survey

    init() throws { survey = try GaiaFixtures.small.get() }

    @Test func theLoaderJoinsCutsAndBinsAsDocumented() throws {
        let catalog = try GaiaCatalog(folder: survey.folder)
        let plan = survey.plan
        let n = plan.stars.count
        // Exactly round(fraction x N) stars of each injected defect.
        func count(_ status: GaiaCatalogStatus) -> Int {
            plan.stars.filter { $0.status == status }.count
        }
        for status in GaiaCatalogStatus.allCases where status != .complete {
            #expect(count(status) == Int((status.fraction * Double(n)).rounded()), "\(status)")
        }
        let counts = catalog.counts
        #expect(counts == survey.summary.joinCounts)
        #expect(
            counts.spectra == n - count(.noSpectrum)
                && counts.metadataRows == n - count(.noMetadataRow))
        #expect(counts.droppedNull == count(.nullBpRp) + count(.nullParallax) + count(.nullBoth))
        // Injected non-positive parallaxes, plus any distant star whose noisy parallax fell to <= 0.
        let natural = plan.stars.filter { $0.status == .complete && $0.parallaxObserved <= 0 }.count
        #expect(counts.droppedNonPositiveParallax == count(.nonPositiveParallax) + natural)
        #expect(counts.metadataWithoutSpectrum == count(.noSpectrum))
        #expect(counts.matched + counts.spectraWithoutMetadata == counts.spectra)
        #expect(
            counts.droppedNull + counts.droppedNonPositiveParallax + counts.kept
                == counts.metadataRows)
        // Matched rows in HDF5 order, each with its star's CSV values.
        #expect(catalog.spectrumRows == catalog.spectrumRows.sorted())
        let loaded = plan.loadedStars
        #expect(catalog.sourceIDs == loaded.map { plan.stars[$0.star].sourceID })
        #expect(catalog.bpRp == loaded.map(\.bpRp) && catalog.absMagG == loaded.map(\.absMagG))
        // Bins as the summary says.
        let bins = HRBins(catalog: catalog)
        #expect(bins.counts == survey.summary.bins.map(\.generated))
        #expect(bins.counts.allSatisfy { $0 > 0 })
        for bin in bins.bins {
            #expect(
                bin.members == bin.members.sorted()
                    && bin.ids == bin.members.map { catalog.sourceIDs[$0] })
        }
    }

    @Test func aBinsRowSourceHoldsItsClippedSpectraWithThePipelinesWeights() throws {
        let catalog = try GaiaCatalog(folder: survey.folder)
        let bin = HRBins(catalog: catalog)[4]
        let members = Array(bin.members.reversed().prefix(12))
        let data = try catalog.spectra(members).loadAll()
        #expect(data.N == members.count && data.M == 2321 && data.precision == .single)
        #expect(GaiaRVSGrid.clippedWavelengths.count == data.M)
        for (r, k) in members.enumerated() {
            let (flux, error) = survey.generator.spectrum(row: catalog.spectrumRows[k])
            for j in 0..<data.M {
                let f = flux[j + 40]
                let e = error[j + 40]
                if f.isNaN || e.isNaN {
                    #expect(data.y(r, j) == 0 && data.w(r, j) == 0)
                } else {
                    #expect(
                        data.y(r, j) == Double(f)
                            && data.w(r, j) == Double(Float(1 / (Double(e) * Double(e)))))
                }
            }
        }
    }

    @Test func theTruthTableAgreesWithTheFiles() throws {
        let truth = try CSVTable.read(
            path: survey.path(GaiaSurveyGenerator.truthFileName),
            types: [
                "source_id": .int64, "hdf5_row": .int64, "nan_left": .int64, "nan_right": .int64,
                "gap_start": .int64, "gap_length": .int64, "spike_pixels": .string,
            ])
        let plan = survey.plan
        #expect(truth.rowCount == plan.stars.count)
        let ids = try truth.int64s("source_id")
        let rows = try truth.int64s("hdf5_row")
        let file = try HDF5File(path: survey.path(GaiaCatalog.spectraFileName))
        let fileIDs = try file.dataset("source_id").read(as: Int64.self).values
        let flux = try file.dataset("flux").read(as: Float.self).values
        let error = try file.dataset("flux_error").read(as: Float.self).values
        let m = GaiaRVSGrid.pixelCount
        // Every HDF5 row is one truth row; ids survive exactly (most exceed 2^53).
        var rowOfID: [Int64: Int] = [:]
        for (k, (id, row)) in zip(ids, rows).enumerated() {
            if let row {
                #expect(fileIDs[Int(row)] == id)
                rowOfID[id ?? 0] = k
            }
        }
        #expect(rowOfID.count == fileIDs.count && Set(fileIDs).count == fileIDs.count)
        #expect(
            fileIDs.allSatisfy { (1_000_000_000_000_000...6_900_000_000_000_000_000).contains($0) })
        #expect(fileIDs.filter { $0 > 1 << 53 }.count > fileIDs.count * 9 / 10)
        // NaN edges, gaps and errors as the truth says; never a zero or negative error.
        let left = try truth.int64s("nan_left")
        let right = try truth.int64s("nan_right")
        let gapStart = try truth.int64s("gap_start")
        let gapLength = try truth.int64s("gap_length")
        for (row, id) in fileIDs.enumerated() {
            let k = try #require(rowOfID[id])
            let nl = Int(left[k] ?? 0)
            let nr = Int(right[k] ?? 0)
            var missing = Set(Array(0..<nl) + Array((m - nr)..<m))
            if let g = gapStart[k], let length = gapLength[k] {
                missing.formUnion(Int(g)..<Int(g + length))
            }
            let nan = (0..<m).filter { flux[row * m + $0].isNaN }
            #expect(Set(nan) == missing, "row \(row)")
            #expect((0..<m).allSatisfy { error[row * m + $0].isNaN == flux[row * m + $0].isNaN })
            #expect(
                (0..<m).allSatisfy { j in
                    let e = error[row * m + j]
                    return e.isNaN || e >= 1e-4
                })
        }
        // The metadata CSV is what the truth says it is (exact ids and values; nulls where the status says).
        let meta = try CSVTable.read(
            path: survey.path(GaiaCatalog.metadataFileName),
            types: ["source_id": .int64, "parallax": .double, "bp_rp": .double])
        #expect(
            meta.columnNames == ["source_id", "parallax", "bp_rp", "phot_g_mean_mag", "ra", "dec"])
        let metaIDs = try meta.int64s("source_id")
        let parallax = try meta.doubles("parallax")
        let bpRp = try meta.doubles("bp_rp")
        let status = try truth.strings("status")
        let truthBpRp = try truth.doubles("bp_rp")
        let truthIndex = Dictionary(
            uniqueKeysWithValues: ids.enumerated().map { ($0.element ?? 0, $0.offset) })
        for (r, id) in metaIDs.enumerated() {
            let metaID = try #require(id)
            let k = try #require(truthIndex[metaID])
            let s = status[k] ?? ""
            #expect((bpRp[r] == nil) == (s == "null_bp_rp" || s == "null_bp_rp_and_parallax"))
            #expect(
                (parallax[r] == nil) == (s == "null_parallax" || s == "null_bp_rp_and_parallax"))
            if s == "nonpositive_parallax" { #expect(try #require(parallax[r]) <= 0) }
            if let c = bpRp[r] { #expect(c == truthBpRp[k]) }
        }
        // Every anomaly class is present (rates x 25 in this fixture) and recorded.
        let classes = Set((try truth.strings("class")).compactMap { $0 })
        #expect(classes == Set(GaiaAnomalyClass.allCases.map(\.rawValue)))
    }

    @Test func injectedAnomaliesAreWhereTheTruthSaysTheyAre() throws {
        let plan = survey.plan
        for (i, star) in plan.stars.enumerated()
        where star.status.hasSpectrum && star.spectrum.anomaly != .normal {
            var plain = star
            plain.spectrum.be = nil
            plain.spectrum.caTEmission = nil
            plain.spectrum.sb2 = nil
            let with = survey.generator.noiselessSpectrum(star: i)
            let without = GaiaSurveyGenerator.noiselessSpectrum(of: plain)
            func pixel(_ lambda: Double) -> Int { Int(((lambda - 846) / 0.01).rounded()) }
            switch star.spectrum.anomaly {
            case .caTEmissionObvious, .caTEmissionSubtle:
                let e = try #require(star.spectrum.caTEmission)
                for (centre, amplitude) in zip(GaiaLineList.caTCentres, e.amplitudes) {
                    let j = pixel(centre * (1 + star.spectrum.radialVelocity / GaiaLineList.cLight))
                    let added = (j - 2...j + 2).map { with[$0] - without[$0] }.max() ?? 0
                    #expect(abs(added - amplitude) < 0.25 * amplitude, "emission at \(centre)")
                }
            case .beShell:
                let be = try #require(star.spectrum.be)
                // The blue emission peak of 854.778 / 866.745 region: excess flux about λ0 (1 - v_disk / c).
                let centre = 860.081
                let offset = centre * be.diskVelocity / GaiaLineList.cLight
                let peak = pixel(centre - offset)
                let core = pixel(centre)
                #expect(with[peak] - without[peak] > 0.5 * be.emissionAmplitude * 0.32 / 0.35)
                #expect(with[core] < without[core])
            case .sb2:
                #expect(zip(with, without).map { abs($0 - $1) }.max() ?? 0 > 0.01)
            case .fastRotator:
                #expect(star.spectrum.vsini >= 80 && star.bpRp > 0.6)
            case .normal:
                break
            }
        }
    }

    @Test func noiseAndErrorsFollowTheNoiseModel() throws {
        let plan = survey.plan
        var pulls: [Double] = []
        var ratios: [Double] = []
        for row in stride(from: 0, to: plan.spectrumStars.count, by: 7) {
            let i = plan.spectrumStars[row]
            let star = plan.stars[i]
            guard star.spectrum.spikes.isEmpty, star.spectrum.step == nil else { continue }
            let (flux, error) = survey.generator.spectrum(row: row)
            let model = survey.generator.noiselessSpectrum(star: i)
            for j in stride(from: 100, to: 2300, by: 3) where !flux[j].isNaN {
                let sigma =
                    star.spectrum.noiseSigma * max(model[j], 0.01).squareRoot()
                    * GaiaSpectrumSynthesizer.inverseRootThroughput[j]
                pulls.append((Double(flux[j]) - model[j]) / sigma)
                ratios.append(Double(error[j]) / sigma)
            }
        }
        let (mean, sd) = meanAndSD(pulls)
        #expect(abs(mean) < 0.03 && abs(sd - 1) < 0.03)
        let (ratioMean, ratioSD) = meanAndSD(ratios)
        #expect(abs(ratioMean - 1) < 0.01 && abs(ratioSD - 0.05) < 0.005)
    }
}
