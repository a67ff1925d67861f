import Datasets
import Foundation
import HMFCore

@testable import RHMF

/// Planted low-rank data for the engine's tests (Datasets' generator; a NaN-free copy of Y and W in double).
struct Planted {
    let truth: PlantedFactorization
    var data: WeightedData { truth.data }
    var Y: Matrix { truth.data.Y }
    var W: Matrix { truth.data.W }
    var G: Matrix { truth.basis }
    var outliers: [Bool] { truth.outliers.elements }

    init(
        N: Int, M: Int, K: Int, noise: Double, outlierFraction: Double, seed: UInt64,
        precision: Precision = .double
    ) {
        truth = try! PlantedFactorization(
            N: N, M: M, K: K, noise: noise, outlierFraction: outlierFraction, precision: precision,
            seed: seed)
    }
}

extension Initialization {
    /// Starting factors of in-memory data in one process.
    func factors(for data: WeightedData, rank: Int) throws -> (A: Matrix, G: Matrix) {
        try factors(for: data, rank: rank, blockRows: 64, reduction: LocalReduction())
    }
}

/// The loss of a state, streamed as the engine does.
func engineLoss(
    _ data: WeightedData, _ A: Matrix, _ G: Matrix, _ likelihood: Likelihood, blockRows: Int = 64
) throws -> Double {
    try streamedLoss(
        data, A: A, G: G, likelihood: likelihood, blockRows: blockRows, reduction: LocalReduction())
}

/// A one-cycle ALS engine over in-memory data.
func alsEngine(_ data: WeightedData, _ settings: FitSettings) -> ALSEngine<WeightedData> {
    ALSEngine(source: data, settings: settings, reduction: LocalReduction())
}
