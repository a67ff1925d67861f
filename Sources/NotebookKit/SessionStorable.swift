import Foundation
import NotebookProtocol

/// A value that `Session` can keep in its store without going through `Codable`: matrices and results,
/// stored as raw little-endian doubles next to a JSON header, so that they round-trip exactly and fast.
public protocol SessionStorable {
    /// The bytes to store.
    func storedBytes() throws(SessionError) -> Data
    /// The value read back from `storedBytes()`.
    init(storedBytes: Data) throws(SessionError)
}

/// Sequential binary writer/reader for stored values.
struct ByteCodec {
    var data = Data()
    var offset = 0

    mutating func put(_ v: Int) {
        var x = Int64(v).littleEndian
        withUnsafeBytes(of: &x) { data.append(contentsOf: $0) }
    }
    mutating func put(_ m: Matrix) {
        put(m.rows)
        put(m.cols)
        m.withUnsafeBufferPointer { data.append(contentsOf: UnsafeRawBufferPointer($0)) }
    }
    mutating func put(optional m: Matrix?) {
        put(m == nil ? 0 : 1)
        if let m { put(m) }
    }
    mutating func put<T: Encodable>(json value: T) throws(SessionError) {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let blob: Data
        do { blob = try encoder.encode(value) } catch {
            throw .decoding(key: "\(T.self)", reason: "\(error)")
        }
        put(blob.count)
        data.append(blob)
    }

    mutating func int() throws(SessionError) -> Int {
        guard offset + 8 <= data.count else {
            throw .decoding(key: "value", reason: "truncated integer")
        }
        var x: Int64 = 0
        for i in 0..<8 { x |= Int64(data[data.startIndex + offset + i]) << (8 * Int64(i)) }
        offset += 8
        return Int(x)
    }
    mutating func matrix() throws(SessionError) -> Matrix {
        let rows = try int()
        let cols = try int()
        guard rows >= 0, cols >= 0, rows <= Int.max / max(cols, 1) / 8 else {
            throw .decoding(key: "matrix", reason: "bad shape \(rows) x \(cols)")
        }
        let n = rows * cols
        guard offset + 8 * n <= data.count else {
            throw .decoding(key: "matrix", reason: "truncated elements")
        }
        var storage = [Double](repeating: 0, count: n)
        storage.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                dst.copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: src[offset..<(offset + 8 * n)]))
            }
        }
        offset += 8 * n
        do { return try Matrix(rows: rows, cols: cols, elements: storage) } catch {
            throw .decoding(key: "matrix", reason: "\(error)")
        }
    }
    mutating func optionalMatrix() throws(SessionError) -> Matrix? {
        try int() == 0 ? nil : try matrix()
    }
    mutating func json<T: Decodable>(_ type: T.Type) throws(SessionError) -> T {
        let n = try int()
        guard n >= 0, offset + n <= data.count else {
            throw .decoding(key: "\(T.self)", reason: "truncated record")
        }
        let blob = data.subdata(in: (data.startIndex + offset)..<(data.startIndex + offset + n))
        offset += n
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do { return try decoder.decode(type, from: blob) } catch {
            throw .decoding(key: "\(T.self)", reason: "\(error)")
        }
    }
}

/// Builds a value from its stored parts, reporting engine errors as decoding errors.
private func rebuild<T>(_ what: String, _ body: () throws(RHMFError) -> T) throws(SessionError) -> T
{
    do { return try body() } catch { throw .decoding(key: what, reason: "\(error)") }
}

extension Matrix: SessionStorable {
    public func storedBytes() throws(SessionError) -> Data {
        var c = ByteCodec()
        c.put(self)
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        self = try c.matrix()
    }
}

extension RHMFState: SessionStorable {
    public func storedBytes() throws(SessionError) -> Data {
        var c = ByteCodec()
        c.put(cycles)
        c.put(coefficients)
        c.put(basis)
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        let cycles = try c.int()
        let a = try c.matrix()
        let g = try c.matrix()
        self = try rebuild("state") { () throws(RHMFError) in
            try RHMFState(coefficients: a, basis: g, cycles: cycles)
        }
    }
}

/// The JSON part of a stored fit.
private struct FitHeader: Codable {
    var cycles: Int
    var trace: FitTrace
    var settings: FitSettings
    var initialLoss: Double
    var converged: Bool
    var start: Initialization?
}

extension FitResult: SessionStorable {
    public func storedBytes() throws(SessionError) -> Data {
        var c = ByteCodec()
        try c.put(
            json: FitHeader(
                cycles: state.cycles, trace: trace, settings: settings, initialLoss: initialLoss,
                converged: converged, start: start))
        c.put(state.coefficients)
        c.put(state.basis)
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        let h = try c.json(FitHeader.self)
        let a = try c.matrix()
        let g = try c.matrix()
        let state = try rebuild("fit") { () throws(RHMFError) in
            try RHMFState(coefficients: a, basis: g, cycles: h.cycles)
        }
        self = try rebuild("fit") { () throws(RHMFError) in
            try FitResult(
                state: state, trace: h.trace, settings: h.settings, initialLoss: h.initialLoss,
                converged: h.converged, start: h.start)
        }
    }
}

/// The JSON part of a stored inference.
private struct InferenceHeader: Codable {
    var likelihood: Likelihood
    var cyclesPerBatch: [Int]
    var crossValidation: CrossValidationScore
    var quantiles: [Double]
    var objectWeights: [[Double]]
}

extension InferenceResult: SessionStorable {
    public func storedBytes() throws(SessionError) -> Data {
        var c = ByteCodec()
        let q = objectWeightsByQuantile.keys.sorted()
        try c.put(
            json: InferenceHeader(
                likelihood: likelihood, cyclesPerBatch: cyclesPerBatch,
                crossValidation: crossValidation,
                quantiles: q, objectWeights: q.map { objectWeightsByQuantile[$0] ?? [] }))
        c.put(coefficients)
        c.put(basis)
        c.put(optional: robustWeights)
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        let h = try c.json(InferenceHeader.self)
        let a = try c.matrix()
        let g = try c.matrix()
        let w = try c.optionalMatrix()
        var byQuantile: [Double: [Double]] = [:]
        for (q, values) in zip(h.quantiles, h.objectWeights) { byQuantile[q] = values }
        self = try rebuild("inference") { () throws(RHMFError) in
            try InferenceResult(
                coefficients: a, basis: g, likelihood: h.likelihood,
                cyclesPerBatch: h.cyclesPerBatch,
                crossValidation: h.crossValidation, robustWeights: w,
                objectWeightsByQuantile: byQuantile)
        }
    }
}

extension PCA: SessionStorable {
    public func storedBytes() throws(SessionError) -> Data {
        var c = ByteCodec()
        try c.put(json: singularValues)
        c.put(basis)
        c.put(coefficients)
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        let s = try c.json([Double].self)
        let g = try c.matrix()
        let a = try c.matrix()
        self.init(basis: g, coefficients: a, singularValues: s)
    }
}

/// The JSON part of a stored robust PCA.
private struct RobustPCAHeader: Codable {
    var lowRankRank: Int
    var cycles: Int
    var relativeResidual: Double
    var converged: Bool
    var lambda: Double
}

extension RobustPCA: SessionStorable {
    public func storedBytes() throws(SessionError) -> Data {
        var c = ByteCodec()
        try c.put(
            json: RobustPCAHeader(
                lowRankRank: lowRankRank, cycles: cycles, relativeResidual: relativeResidual,
                converged: converged, lambda: lambda))
        for m in [lowRank, sparse, multiplier, basis, coefficients] { c.put(m) }
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        let h = try c.json(RobustPCAHeader.self)
        let l = try c.matrix()
        let s = try c.matrix()
        let y = try c.matrix()
        let g = try c.matrix()
        let a = try c.matrix()
        self.init(
            lowRank: l, sparse: s, multiplier: y, lowRankRank: h.lowRankRank, cycles: h.cycles,
            relativeResidual: h.relativeResidual, converged: h.converged, lambda: h.lambda,
            basis: g, coefficients: a)
    }
}
