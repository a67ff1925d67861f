import ArgumentParser
import DataIO
import Datasets
import Foundation
import RHMF

/// `hmfbook toy-data`: writes the paper's toy spectra (or one half of them) as an `.npz` data file.
struct ToyDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toy-data",
        abstract:
            "Write the paper's toy validation spectra (Y, W, wavelength and truth masks) to an .npz file.",
        discussion:
            "Deterministic: the same --seed gives byte-identical data. --part train (default) is the first half, test the second."
    )

    enum Part: String, ExpressibleByArgument, CaseIterable { case train, test, all }

    @Option(help: "Output .npz.")
    var out: String
    @Option(help: "Which spectra: train (first half), test (second half) or all.")
    var part: Part = .train
    @Option(name: .customLong("n-spectra"), help: "Total number of spectra before the split.")
    var nSpectra: Int = 8000
    @Option(help: "Random seed.")
    var seed: UInt64 = ToySpectra.defaultSeed

    func run() throws {
        let toy = try ToySpectra(configuration: ToyConfiguration(nSpectra: nSpectra), seed: seed)
        let data: WeightedData
        let truth: ToyTruth
        switch part {
        case .train: (data, truth) = (toy.train.data, toy.train.truth)
        case .test: (data, truth) = (toy.test.data, toy.test.truth)
        case .all: (data, truth) = (toy.data, toy.truth)
        }
        var archive = NPZArchive()
        archive["Y"] = NPYArray(data.Y)
        archive["W"] = NPYArray(data.W)
        archive["wavelength"] = .float64(DenseArray(toy.wavelength))
        archive["outlier_mask"] = .bool(
            try DenseArray(shape: [data.N, data.M], values: truth.anyOutlier.elements))
        archive["outlier_spectrum"] = .bool(DenseArray(truth.isOutlierSpectrum))
        try archive.write(to: out)
        print("wrote \(out): \(data.N) x \(data.M) toy spectra (\(part.rawValue), seed \(seed))")
    }
}
