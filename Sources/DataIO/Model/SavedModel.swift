import Foundation
import HMFCore
import NumericsVersion
public import RHMF

/// A fitted model as stored in a model state file: the factors, the fit's trace, its settings (typed: the
/// likelihood is what inference uses) and the numerics version of the engine that fitted it.
public struct SavedModel: Sendable, Equatable {
    /// A (N x K), G (M x K) and the number of completed cycles.
    public package(set) var state: RHMFState
    /// Loss, convergence quantity and time of each cycle.
    public package(set) var trace: FitTrace
    /// The fit settings; nil only for a plain robusta-hmf state archive, which records none.
    public package(set) var settings: FitSettings?
    /// `numericsVersion` of the engine that fitted the model (nil for files written before it was recorded).
    public package(set) var numericsVersion: String?
    /// The format version the model was read from (`ModelStateFile.formatVersion` for new models;
    /// 0 for a plain robusta-hmf state archive).
    public package(set) var formatVersion: Int

    /// A model from its parts.
    public init(
        state: RHMFState, trace: FitTrace = FitTrace(), settings: FitSettings?,
        numericsVersion: String? = NumericsVersion.numericsVersion
    ) {
        self.state = state
        self.trace = trace
        self.settings = settings
        self.numericsVersion = numericsVersion
        formatVersion = ModelStateFile.formatVersion
    }

    /// The model of a finished fit.
    public init(_ fit: FitResult) {
        self.init(state: fit.state, trace: fit.trace, settings: fit.settings)
    }

    /// The settings, or an error saying the file has none (a robusta-hmf archive) and what to do.
    public func requireSettings(path: String) throws(DataIOError) -> FitSettings {
        guard let settings else {
            throw .missingItem(
                path: path,
                item:
                    "settings (a robusta-hmf state records no likelihood; say which with --likelihood and --q)"
            )
        }
        return settings
    }

    static func encode(_ settings: FitSettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // invariant: FitSettings always encodes
        return (try? encoder.encode(settings)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Decodes recorded settings JSON; an unreadable record is an error, never a silent default.
    static func decode(_ json: String, path: String) throws(DataIOError) -> FitSettings {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(FitSettings.self, from: Data(json.utf8))
        } catch {
            throw .corrupt(
                path: path, item: "settings",
                reason:
                    "the recorded fit settings cannot be read (\(error)); refit the model with this release"
            )
        }
    }
}
