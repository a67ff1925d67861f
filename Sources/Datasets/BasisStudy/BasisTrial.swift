import Foundation
import RHMF

/// One trial of the basis-robustness study: a planted basis, a contamination and a seed, the data they make,
/// and every method's basis scored against the truth.
public struct BasisTrial: Sendable, Hashable, Codable {
    /// Which planted basis ("toy" or "rvs"; the caller passes the `PlantedBasis` itself).
    public var basis: String
    /// What goes wrong in the training set.
    public var contamination: Contamination
    /// Seed of the data.
    public var seed: UInt64
    /// Training and held-out spectra.
    public var nTrain: Int, nTest: Int
    /// Overall noise level (`ContaminatedSpectra`).
    public var noiseLevel: Double

    /// A trial.
    public init(
        basis: String, contamination: Contamination, seed: UInt64, nTrain: Int, nTest: Int,
        noiseLevel: Double
    ) {
        self.basis = basis
        self.contamination = contamination
        self.seed = seed
        self.nTrain = nTrain
        self.nTest = nTest
        self.noiseLevel = noiseLevel
    }

    /// The trial's data.
    public func data(_ planted: PlantedBasis) throws(DatasetError) -> ContaminatedSpectra {
        try ContaminatedSpectra(
            basis: planted, nTrain: nTrain, nTest: nTest, contamination: contamination,
            noiseLevel: noiseLevel, seed: seed)
    }

    /// Generates the data and scores every method in `methods` (at the planted rank) on it.
    public func run(
        _ planted: PlantedBasis, methods: [BasisMethod], convergence: Convergence = Convergence(),
        initialization: Initialization = .automatic
    ) throws -> [BasisScore] {
        let spectra = try data(planted)
        return try methods.map { method in
            let delivered = try method.basis(
                for: spectra.train, rank: planted.rank, convergence: convergence,
                initialization: initialization)
            let recovery = try BasisRecovery(
                basis: delivered.basis, trueBasis: planted.vectors,
                heldOut: spectra.test, model: spectra.testModel,
                coefficients: spectra.testCoefficients)
            return BasisScore(
                method: method, recovery: recovery, seconds: delivered.seconds,
                cycles: delivered.cycles)
        }
    }
}

/// One method's result in one trial.
public struct BasisScore: Sendable, Codable, Equatable {
    /// The method.
    public var method: BasisMethod
    /// Angle, held-out error and coefficient recovery.
    public var recovery: BasisRecovery
    /// Time to fit, seconds.
    public var seconds: Double
    /// Cycles (HMF, RHMF), iterations (PCP) or 0 (PCA).
    public var cycles: Int
}
