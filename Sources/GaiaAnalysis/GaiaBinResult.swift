import DataIO
import Foundation
import HMFCore
public import RHMF

/// Everything the Gaia RVS analysis keeps about one HR bin after fitting it: the fit's summary, the
/// cross-validation metrics of the test half, every member's score, and the factors (basis and coefficients)
/// from which any member's model and robust weights are made again for a figure.
public struct GaiaBinResult: Sendable, Codable, Equatable {
    /// Bin number (0 ... 13).
    public let bin: Int
    /// Rank K.
    public let rank: Int
    /// Robust scale Q.
    public let q: Double
    /// Members of the bin.
    public let nSpectra: Int
    /// Members in the training half.
    public let nTrain: Int
    /// Fit cycles.
    public let cycles: Int
    /// Whether the fit met its convergence test before the cycle limit.
    public let converged: Bool
    /// The start used ("svd" or "randomized SVD").
    public let start: String
    /// Time of the fit's cycles, s (from the fit's trace, so also right when the fit was read back).
    public let fitSeconds: Double
    /// Wall time of the inference of every member, s, in the run that made this result (small when the
    /// inferences themselves were read back from the session store).
    public let inferSeconds: Double
    /// Cross-validation metrics of the test half (std_z, chi2_red, rmse, mad_z and the KL score).
    public let testScore: CrossValidationScore
    /// The object-score quantile of the robust weights (0.01).
    public let scoreQuantile: Double
    /// The flagging threshold (0.5).
    public let threshold: Double
    /// Members as indices into the matched catalogue (the pipeline's `idx`), ascending.
    public let members: [Int]
    /// Source ids, parallel to `members`.
    public let sourceIDs: [Int64]
    /// Whether each member was in the training half.
    public let inTrain: [Bool]
    /// Each member's score: the `scoreQuantile` of its robust weights (linear interpolation).
    public let scores: [Double]
    /// Each member's median robust weight.
    public let medianWeights: [Double]
    /// The basis G (M x K), row-major.
    public let basis: [Double]
    /// The coefficients of every member (N x K, member order), row-major.
    public let coefficients: [Double]

    /// Positions (into `members`) of the flagged members: score below the threshold, lowest score first.
    public var outliers: [Int] {
        scores.indices.filter { scores[$0] < threshold }.sorted { scores[$0] < scores[$1] }
    }

    /// Number of flagged members.
    public var nOutliers: Int { scores.filter { $0 < threshold }.count }

    /// Member position of a source id, if it is in the bin.
    public func position(of sourceID: Int64) -> Int? { sourceIDs.firstIndex(of: sourceID) }

    /// The model of member `position` on the clipped grid: its coefficients times the basis.
    public func model(position: Int) -> [Double] {
        let m = basis.count / max(rank, 1)
        return (0..<m).map { j in
            (0..<rank).reduce(0.0) {
                $0 + coefficients[position * rank + $1] * basis[j * rank + $1]
            }
        }
    }
}

extension GaiaBinResult {
    private enum CodingKeys: String, CodingKey {
        case bin, rank, q, nSpectra, nTrain, cycles, converged, start, fitSeconds, inferSeconds,
            testScore
        case scoreQuantile, threshold, members, sourceIDs, inTrain, scores, medianWeights, basis,
            coefficients
    }

    /// Large arrays are stored as the little-endian bytes of their elements (base64 in JSON): exact, and a
    /// bin of 20,000 spectra reads back in milliseconds instead of parsing a million decimal numbers.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        bin = try c.decode(Int.self, forKey: .bin)
        rank = try c.decode(Int.self, forKey: .rank)
        q = try c.decode(Double.self, forKey: .q)
        nSpectra = try c.decode(Int.self, forKey: .nSpectra)
        nTrain = try c.decode(Int.self, forKey: .nTrain)
        cycles = try c.decode(Int.self, forKey: .cycles)
        converged = try c.decode(Bool.self, forKey: .converged)
        start = try c.decode(String.self, forKey: .start)
        fitSeconds = try c.decode(Double.self, forKey: .fitSeconds)
        inferSeconds = try c.decode(Double.self, forKey: .inferSeconds)
        testScore = try c.decode(CrossValidationScore.self, forKey: .testScore)
        scoreQuantile = try c.decode(Double.self, forKey: .scoreQuantile)
        threshold = try c.decode(Double.self, forKey: .threshold)
        members = try Self.unpack(c, .members, as: Int64.self).map { Int($0) }
        sourceIDs = try Self.unpack(c, .sourceIDs, as: Int64.self)
        inTrain = try Self.unpack(c, .inTrain, as: UInt8.self).map { $0 != 0 }
        scores = try Self.unpack(c, .scores, as: Double.self)
        medianWeights = try Self.unpack(c, .medianWeights, as: Double.self)
        basis = try Self.unpack(c, .basis, as: Double.self)
        coefficients = try Self.unpack(c, .coefficients, as: Double.self)
        let n = members.count
        guard sourceIDs.count == n, inTrain.count == n, scores.count == n, medianWeights.count == n,
            coefficients.count == n * rank
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .coefficients, in: c,
                debugDescription: "arrays do not match \(n) members")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bin, forKey: .bin)
        try c.encode(rank, forKey: .rank)
        try c.encode(q, forKey: .q)
        try c.encode(nSpectra, forKey: .nSpectra)
        try c.encode(nTrain, forKey: .nTrain)
        try c.encode(cycles, forKey: .cycles)
        try c.encode(converged, forKey: .converged)
        try c.encode(start, forKey: .start)
        try c.encode(fitSeconds, forKey: .fitSeconds)
        try c.encode(inferSeconds, forKey: .inferSeconds)
        try c.encode(testScore, forKey: .testScore)
        try c.encode(scoreQuantile, forKey: .scoreQuantile)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(Self.pack(members.map { Int64($0) }), forKey: .members)
        try c.encode(Self.pack(sourceIDs), forKey: .sourceIDs)
        try c.encode(Self.pack(inTrain.map { UInt8($0 ? 1 : 0) }), forKey: .inTrain)
        try c.encode(Self.pack(scores), forKey: .scores)
        try c.encode(Self.pack(medianWeights), forKey: .medianWeights)
        try c.encode(Self.pack(basis), forKey: .basis)
        try c.encode(Self.pack(coefficients), forKey: .coefficients)
    }

    /// The bytes of `values` (this platform is little-endian, as every Linux target Swift supports).
    private static func pack<T: BitwiseCopyable>(_ values: [T]) -> Data {
        values.withUnsafeBytes { Data($0) }
    }

    private static func unpack<T: BitwiseCopyable>(
        _ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys,
        as: T.Type
    ) throws -> [T] {
        let data = try c.decode(Data.self, forKey: key)
        let size = MemoryLayout<T>.stride
        guard data.count % size == 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c,
                debugDescription: "\(data.count) bytes is not a whole number of \(T.self)")
        }
        var out = [T]()
        out.reserveCapacity(data.count / size)
        data.withUnsafeBytes { raw in
            for k in 0..<(data.count / size) {
                out.append(raw.loadUnaligned(fromByteOffset: k * size, as: T.self))
            }
        }
        return out
    }
}
