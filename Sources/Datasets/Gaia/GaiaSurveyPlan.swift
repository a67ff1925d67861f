import DataIO
import Foundation

/// The random streams of the survey generator: each stage (and each star within a stage) has its own, so the
/// draws of one stage never shift those of another, and spectra can be made on any thread in any order.
enum GaiaStage: UInt64 {
    case population = 101
    case photometry, status, properties, noise, ids, order
}

/// Every star of a synthetic survey with everything but its pixels: the population draw (colours and absolute
/// magnitudes), photometry and astrometry, ids, how each star appears in the files, the order of the rows of
/// both files, and each spectrum's parameters. Cheap (about a second at scale 1), so the bin counts of a survey
/// are known without making any spectra.
package struct GaiaSurveyPlan: Sendable {
    /// The configuration drawn.
    package let configuration: GaiaSurveyConfiguration
    /// Segment and giant counts.
    package let calibration: GaiaCalibration
    /// Every star, main-sequence segments first (in segment order), then red clump, red-giant branch, subgiants.
    package let stars: [GaiaStar]
    /// For each HDF5 row, the index in `stars` of its star (a random order).
    package let spectrumStars: [Int]
    /// For each data row of the metadata CSV, the index in `stars` of its star (another random order).
    package let metadataStars: [Int]

    /// Draws the survey.
    /// - Throws: `DatasetError.invalidConfiguration` for an invalid configuration.
    package init(configuration: GaiaSurveyConfiguration) throws(DatasetError) {
        let calibration = try GaiaCalibration(configuration: configuration)
        let seed = configuration.seed
        var stars = Self.drawPopulation(calibration, seed: seed)
        let statuses = Self.drawStatuses(count: stars.count, seed: seed)
        let ids = Self.drawIDs(count: stars.count, seed: seed)
        for i in stars.indices {
            var random = RandomStream(
                seed: seed, stage: GaiaStage.photometry.rawValue, index: UInt64(i))
            Self.drawPhotometry(&stars[i], &random)
            stars[i].sourceID = ids[i]
            stars[i].status = statuses[i].status
            if stars[i].status == .nonPositiveParallax {
                stars[i].parallaxObserved = statuses[i].parallax
            }
            if stars[i].status.hasSpectrum {
                var properties = RandomStream(
                    seed: seed, stage: GaiaStage.properties.rawValue, index: UInt64(i))
                stars[i].spectrum = GaiaSpectrumDraw.parameters(
                    for: stars[i], rateFactor: configuration.anomalyRateFactor,
                    random: &properties)
            }
        }
        var spectrumStars = stars.indices.filter { stars[$0].status.hasSpectrum }
        var metadataStars = stars.indices.filter { stars[$0].status.hasMetadataRow }
        var order = RandomStream(seed: seed, stage: GaiaStage.order.rawValue, index: 0)
        order.shuffle(&spectrumStars)
        var metadataOrder = RandomStream(seed: seed, stage: GaiaStage.order.rawValue, index: 1)
        metadataOrder.shuffle(&metadataStars)
        for (row, i) in spectrumStars.enumerated() { stars[i].spectrumRow = row }
        self.configuration = configuration
        self.calibration = calibration
        self.stars = stars
        self.spectrumStars = spectrumStars
        self.metadataStars = metadataStars
    }

    // MARK: Population

    /// Colours and absolute magnitudes: each main-sequence segment and each kind of giant from its own stream.
    private static func drawPopulation(_ calibration: GaiaCalibration, seed: UInt64) -> [GaiaStar] {
        let model = GaiaPopulationModel.self
        var stars: [GaiaStar] = []
        stars.reserveCapacity(calibration.starCount)
        for (s, n) in calibration.segmentCounts.enumerated() {
            var random = RandomStream(
                seed: seed, stage: GaiaStage.population.rawValue, index: UInt64(s))
            let range = model.segment(s)
            for _ in 0..<n {
                let c = random.uniform(range)
                let binary = random.uniform() < model.binaryFraction
                let shift = binary ? random.uniform(0...model.binaryBrightening) : 0
                let m = model.ridge(c) + random.normal(0, model.scatter(c)) - shift
                stars.append(star(.mainSequence, c, m, binary: binary, shift: shift))
            }
        }
        for (kind, n) in zip(model.Giant.allCases, calibration.giantCounts) {
            var random = RandomStream(
                seed: seed, stage: GaiaStage.population.rawValue, index: 100 + UInt64(kind.rawValue)
            )
            for _ in 0..<n {
                switch kind {
                case .redClump:
                    let c = random.normal(1.2, 0.1)
                    stars.append(star(.redClump, c, random.normal(0.5, 0.25)))
                case .redGiantBranch:
                    let c = random.uniform(1.0...2.4)
                    stars.append(
                        star(.redGiantBranch, c, 3 - 3.2 * (c - 1) + random.normal(0, 0.35)))
                case .subgiant:
                    let c = random.uniform(0.75...1.15)
                    stars.append(star(.subgiant, c, random.uniform(2.0...3.8)))
                }
            }
        }
        return stars
    }

    private static func star(
        _ population: GaiaPopulation, _ c: Double, _ m: Double, binary: Bool = false,
        shift: Double = 0
    ) -> GaiaStar {
        GaiaStar(
            sourceID: 0, population: population, isUnresolvedBinary: binary,
            binaryBrightening: shift, bpRp: c,
            absMagG: m, gMag: 0, distance: 0, parallaxTrue: 0, parallaxObserved: 0, ra: 0, dec: 0,
            status: .complete,
            spectrumRow: nil, spectrum: GaiaSpectrumParameters())
    }

    /// G from p(G) ∝ 10^{0.6 G} on [6, 13.5] (inverse CDF), distance from the distance modulus, parallax with
    /// N(0, 0.02 mas) noise, and a position uniform on the sky.
    private static func drawPhotometry(_ star: inout GaiaStar, _ random: inout RandomStream) {
        let low = pow(10, 0.6 * 6.0)
        let high = pow(10, 0.6 * 13.5)
        let g = log10(low + random.uniform() * (high - low)) / 0.6
        let distance = pow(10, (g - star.absMagG + 5) / 5)
        star.gMag = g
        star.distance = distance
        star.parallaxTrue = 1000 / distance
        star.parallaxObserved = star.parallaxTrue + random.normal(0, 0.02)
        star.ra = random.uniform(0...360)
        star.dec = asin(random.uniform(-1...1)) * 180 / Double.pi
    }

    // MARK: Files

    /// Each star's status: exactly round(fraction x N) stars of each defect, chosen by a random permutation; and
    /// the value written for each star with parallax <= 0 (exactly 0 for a fifth of them, else -U(0.01, 1)).
    private static func drawStatuses(count n: Int, seed: UInt64) -> [(
        status: GaiaCatalogStatus, parallax: Double
    )] {
        var random = RandomStream(seed: seed, stage: GaiaStage.status.rawValue)
        var order = Array(0..<n)
        random.shuffle(&order)
        var result = [(status: GaiaCatalogStatus, parallax: Double)](
            repeating: (.complete, 0), count: n)
        var next = 0
        for status in GaiaCatalogStatus.allCases where status != .complete {
            let k = min(Int((status.fraction * Double(n)).rounded()), n - next)
            for i in order[next..<(next + k)] {
                let parallax =
                    status == .nonPositiveParallax
                    ? (random.uniform() < 0.2 ? 0 : -random.uniform(0.01...1)) : 0
                result[i] = (status, parallax)
            }
            next += k
        }
        return result
    }

    /// Unique source ids, uniform in [1e15, 6.9e18] (most above 2^53, so they must stay Int64).
    private static func drawIDs(count n: Int, seed: UInt64) -> [Int64] {
        var random = RandomStream(seed: seed, stage: GaiaStage.ids.rawValue)
        let low = 1_000_000_000_000_000
        let span = 6_900_000_000_000_000_000 - low
        var seen = Set<Int64>(minimumCapacity: n)
        var ids: [Int64] = []
        ids.reserveCapacity(n)
        while ids.count < n {
            let id = Int64(low + random.integer(below: span + 1))
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    // MARK: Counts

    /// Whether the loader keeps a star's metadata row: no empty value and parallax > 0 (besides the injected
    /// defects, a few distant stars have an observed parallax <= 0 from the parallax noise alone).
    package func metadataKept(_ star: GaiaStar) -> Bool {
        guard star.status.hasMetadataRow, star.csvBpRp != nil, let parallax = star.csvParallax
        else { return false }
        return parallax > 0
    }

    /// The stars the loader keeps, in HDF5 order, as the loader sees them: (star index, BP-RP, M_G from the CSV's
    /// values).
    package var loadedStars: [(star: Int, bpRp: Double, absMagG: Double)] {
        spectrumStars.compactMap { i in
            let s = stars[i]
            guard metadataKept(s) else { return nil }
            return (
                i, s.bpRp, GaiaCatalog.absoluteMagnitude(g: s.gMag, parallax: s.parallaxObserved)
            )
        }
    }

    /// Members per bin of the spectra the loader keeps, from the drawn photometry alone (no spectra): exactly
    /// the counts the loader finds in the written files.
    package var binCounts: [Int] {
        let loaded = loadedStars
        return HRBins.memberships(bpRp: loaded.map(\.bpRp), absMagG: loaded.map(\.absMagG)).map(
            \.count)
    }

    /// What `GaiaCatalog` reports for the written files.
    package var expectedJoinCounts: GaiaJoinCounts {
        var nulls = 0
        var nonPositive = 0
        var kept = 0
        var matched = 0
        for i in metadataStars {
            let s = stars[i]
            if s.csvBpRp == nil || s.csvParallax == nil {
                nulls += 1
            } else if !metadataKept(s) {
                nonPositive += 1
            } else {
                kept += 1
                if s.status.hasSpectrum { matched += 1 }
            }
        }
        return GaiaJoinCounts(
            spectra: spectrumStars.count, metadataRows: metadataStars.count, droppedNull: nulls,
            droppedNonPositiveParallax: nonPositive, kept: kept, matched: matched,
            spectraWithoutMetadata: spectrumStars.count - matched,
            metadataWithoutSpectrum: kept - matched)
    }
}
