/// The messages between the notebook host and its kernel process, one JSON object per line: requests on the
/// kernel's standard input, `KernelOutput` lines (events and replies, in order) on its standard output. What
/// cells print goes to files instead, and events carry the files' offsets.
///
/// A kernel loads each cell as a shared library (`load`), runs it (`run`), and keeps its values; the host asks
/// for copies of values before a cell that may change them (`snapshot`) and puts them back before re-running
/// it (`restore`).
package enum KernelRequest: Codable, Sendable, Equatable {
    /// Load the cell library at `library` and take its unit from the C symbol `symbol`. Reply: `loaded`.
    case load(library: String, symbol: String)
    /// Run a loaded unit as cell `cell`. Events follow; reply: `finished`.
    case run(RunCell)
    /// Keep a copy of the value `name` of module `module`. Reply: `snapshot` with an id.
    case snapshot(module: String, name: String)
    /// Put the copies `ids` back. Reply: `done`.
    case restore(ids: [Int])
    /// Forget the copies `ids`. Reply: `done`.
    case drop(ids: [Int])
    /// Release the values of `module` (a cell that will be run again from a new library). Reply: `done`.
    case clear(module: String)
    /// End the process. No reply.
    case shutdown

    /// What `run` needs besides the unit.
    public struct RunCell: Codable, Sendable, Equatable {
        /// The unit from `loaded`.
        public var unit: Int
        /// The cell's index in the notebook (events carry it).
        public var cell: Int
        /// Whether `Session` may use its store (`cache: false` turns it off).
        public var cache: Bool
        /// The digest of the code the cell's results depend on (part of every session key it makes).
        public var code: String
        /// The unit holds the inline expressions of the prose after `cell`: no begin and end events.
        public var inline: Bool

        public init(unit: Int, cell: Int, cache: Bool, code: String, inline: Bool = false) {
            self.unit = unit
            self.cell = cell
            self.cache = cache
            self.code = code
            self.inline = inline
        }
    }
}

/// A reply of the kernel to the request before it.
package enum KernelReply: Codable, Sendable, Equatable {
    /// The library is loaded; `unit` names it in `run`.
    case loaded(unit: Int)
    /// The unit ran. `threw` holds the message of an error the cell threw (nil when it ran to its end);
    /// `bindings` says, for each value the cell declares, whether other cells can change it through a reference.
    case finished(Finished)
    /// The copy's id.
    case snapshot(id: Int)
    /// Done.
    case done
    /// The request could not be carried out.
    case failed(String)

    /// The outcome of a `run`.
    public struct Finished: Codable, Sendable, Equatable {
        /// The error the cell threw, as text (nil when it ran to its end).
        public var threw: String?
        /// Values of the cell that hold references (class instances, closures, or contents that could not be
        /// inspected): any cell that uses them may change them.
        public var references: [String]
        /// Whether the working directory or the environment changed while the cell ran.
        public var changedProcessState: Bool
        /// Wall time of the cell in seconds.
        public var seconds: Double

        public init(
            threw: String?, references: [String], changedProcessState: Bool, seconds: Double
        ) {
            self.threw = threw
            self.references = references
            self.changedProcessState = changedProcessState
            self.seconds = seconds
        }
    }
}

/// One line of the kernel's output channel: an event of the running cell, or the reply to a request.
package struct KernelOutput: Codable, Sendable, Equatable {
    public var event: NotebookEvent?
    public var reply: KernelReply?

    public init(event: NotebookEvent) { self.event = event }
    public init(reply: KernelReply) { self.reply = reply }
}
