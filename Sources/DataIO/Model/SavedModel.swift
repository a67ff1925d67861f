import Foundation
public import RHMF

/// A fitted model as stored in a model state file: the factors, the fit's trace and the settings
/// it was fitted with (kept as JSON so this module needs no knowledge of the settings type).
public struct SavedModel: Sendable, Equatable {
    /// A (N x K), G (M x K) and the number of completed cycles.
    public var state: RHMFState
    /// Loss, convergence quantity and time of each cycle.
    public var trace: FitTrace
    /// The fit settings serialised as JSON (`"{}"` for files that did not record them).
    public var settingsJSON: String
    /// The format version the model was read from (`ModelStateFile.formatVersion` for new models;
    /// 0 for a plain robusta-hmf state archive).
    public var formatVersion: Int

    /// A model with settings already encoded as JSON.
    public init(state: RHMFState, trace: FitTrace = FitTrace(), settingsJSON: String = "{}") {
        self.state = state
        self.trace = trace
        self.settingsJSON = settingsJSON
        self.formatVersion = ModelStateFile.formatVersion
    }

    /// A model whose settings are any `Encodable` value (encoded as JSON with sorted keys).
    public init<Settings: Encodable>(state: RHMFState, trace: FitTrace = FitTrace(), settings: Settings) throws(DataIOError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            let data = try encoder.encode(settings)
            self.init(state: state, trace: trace, settingsJSON: String(decoding: data, as: UTF8.self))
        } catch {
            throw .invalidArgument(path: "", item: "settings", reason: "cannot encode settings as JSON: \(error)")
        }
    }

    /// Decodes the stored settings as `Settings`.
    /// - Throws: `.corrupt` (item `settings`) when the JSON does not decode as that type.
    public func settings<Settings: Decodable>(as type: Settings.Type, path: String = "") throws(DataIOError) -> Settings {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(type, from: Data(settingsJSON.utf8))
        } catch {
            throw .corrupt(path: path, item: "settings", reason: "settings JSON does not decode as \(type): \(error)")
        }
    }
}
