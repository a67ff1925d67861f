import Foundation

/// What a parser did with one fuzz input.
package enum FuzzOutcome: Sendable, Equatable {
    /// A result that passed the target's checks of what a correct result must satisfy.
    case accepted
    /// A typed error; `kind` names its case (`corrupt`, `wrongShape`, `syntax`, HTTP `404` ...).
    case rejected(kind: String)
}

/// A fuzz input the parser got wrong: a result that breaks what a correct result must satisfy, an error of
/// an unexpected type, or (for the preview server) a request after which the server stopped answering.
package struct FuzzFinding: Error, Sendable, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// One parser under fuzz: where its valid inputs come from, and how to run it on one input.
package struct FuzzTarget: Sendable {
    /// The name the command line and the report use (`npy`, `hdf5`, `notebook` ...).
    package let name: String
    /// What the input file is called in the scratch folder (its extension selects the reader).
    package let fileName: String
    /// Makes the valid inputs, given a scratch folder to write files in.
    package let makeSeeds: @Sendable (URL) throws -> [[UInt8]]
    /// Byte strings of the format for the mutator to insert.
    package let tokens: [[UInt8]]
    /// Runs the parser on the input, which is already written to `file`. Throws `FuzzFinding` for a wrong
    /// result; any other error it throws is a finding too (the parsers' errors are caught as rejections).
    package let run: @Sendable (_ input: [UInt8], _ file: URL) throws -> FuzzOutcome

    package init(
        name: String, fileName: String, tokens: [[UInt8]],
        makeSeeds: @escaping @Sendable (URL) throws -> [[UInt8]],
        run: @escaping @Sendable ([UInt8], URL) throws -> FuzzOutcome
    ) {
        self.name = name
        self.fileName = fileName
        self.tokens = tokens
        self.makeSeeds = makeSeeds
        self.run = run
    }

    /// The case name of an enum error value (`corrupt` for `DataIOError.corrupt(...)`).
    package static func kind(of error: any Error) -> String {
        Mirror(reflecting: error).children.first?.label ?? "\(type(of: error))"
    }
}
