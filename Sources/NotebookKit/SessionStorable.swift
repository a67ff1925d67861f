import Foundation

/// A value that `Session` can keep in its store without going through `Codable`
/// (matrices and fit results, stored as raw little-endian doubles so that they round-trip exactly and fast).
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

    mutating func put(_ v: Int) { var x = Int64(v).littleEndian; withUnsafeBytes(of: &x) { data.append(contentsOf: $0) } }
    mutating func put(_ m: Matrix) {
        put(m.rows); put(m.cols)
        m.storage.withUnsafeBytes { data.append(contentsOf: $0) }
    }
    mutating func put(blob: Data) { put(blob.count); data.append(blob) }

    mutating func int() throws(SessionError) -> Int {
        guard offset + 8 <= data.count else { throw .decoding(key: "value", reason: "truncated integer") }
        var x: Int64 = 0
        for i in 0..<8 { x |= Int64(data[data.startIndex + offset + i]) << (8 * Int64(i)) }
        offset += 8
        return Int(x)
    }
    mutating func matrix() throws(SessionError) -> Matrix {
        let rows = try int(), cols = try int()
        guard rows >= 0, cols >= 0, rows <= Int.max / max(cols, 1) / 8 else { throw .decoding(key: "matrix", reason: "bad shape \(rows) x \(cols)") }
        let n = rows * cols
        guard offset + 8 * n <= data.count else { throw .decoding(key: "matrix", reason: "truncated elements") }
        var storage = [Double](repeating: 0, count: n)
        storage.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<(offset + 8 * n)]))
            }
        }
        offset += 8 * n
        do { return try Matrix(rows: rows, cols: cols, storage: storage) } catch {
            throw .decoding(key: "matrix", reason: "\(error)")
        }
    }
    mutating func blob() throws(SessionError) -> Data {
        let n = try int()
        guard n >= 0, offset + n <= data.count else { throw .decoding(key: "value", reason: "truncated blob") }
        defer { offset += n }
        return data.subdata(in: (data.startIndex + offset)..<(data.startIndex + offset + n))
    }
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
        c.put(A)
        c.put(G)
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        let cycles = try c.int()
        let a = try c.matrix(), g = try c.matrix()
        do { try self.init(A: a, G: g, cycles: cycles) } catch { throw .decoding(key: "state", reason: "\(error)") }
    }
}

/// The JSON part of a stored fit.
private struct FitMeta: Codable {
    var cycles: Int
    var trace: FitTrace
    var settings: FitSettings
    var initialLoss: Double
    var converged: Bool
}

private func jsonEncode<T: Encodable>(_ value: T) throws(SessionError) -> Data {
    do { return try JSONEncoder().encode(value) } catch { throw .decoding(key: "\(T.self)", reason: "\(error)") }
}

private func jsonDecode<T: Decodable>(_ type: T.Type, _ data: Data) throws(SessionError) -> T {
    do { return try JSONDecoder().decode(type, from: data) } catch { throw .decoding(key: "\(T.self)", reason: "\(error)") }
}

extension FitResult: SessionStorable {
    public func storedBytes() throws(SessionError) -> Data {
        var c = ByteCodec()
        c.put(blob: try jsonEncode(FitMeta(cycles: state.cycles, trace: trace, settings: settings,
                                           initialLoss: initialLoss, converged: converged)))
        c.put(state.A)
        c.put(state.G)
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        let meta = try jsonDecode(FitMeta.self, try c.blob())
        let a = try c.matrix(), g = try c.matrix()
        let state: RHMFState
        do { state = try RHMFState(A: a, G: g, cycles: meta.cycles) } catch {
            throw .decoding(key: "fit", reason: "\(error)")
        }
        self.init(state: state, trace: meta.trace, settings: meta.settings, initialLoss: meta.initialLoss, converged: meta.converged)
    }
}

/// The JSON part of a stored inference.
private struct InferenceMeta: Codable {
    var scores: [Double]?
    var cyclesPerBatch: [Int]
    var hasWeights: Bool
}

extension InferenceResult: SessionStorable {
    public func storedBytes() throws(SessionError) -> Data {
        var c = ByteCodec()
        c.put(blob: try jsonEncode(InferenceMeta(scores: scores, cyclesPerBatch: cyclesPerBatch, hasWeights: robustWeights != nil)))
        c.put(A)
        if let robustWeights { c.put(robustWeights) }
        return c.data
    }
    public init(storedBytes: Data) throws(SessionError) {
        var c = ByteCodec(data: storedBytes)
        let meta = try jsonDecode(InferenceMeta.self, try c.blob())
        let a = try c.matrix()
        let w = meta.hasWeights ? try c.matrix() : nil
        self.init(A: a, robustWeights: w, scores: meta.scores, cyclesPerBatch: meta.cyclesPerBatch)
    }
}
