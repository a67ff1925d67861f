import FlyingSocks

/// The body of a server-sent events response: the messages given to an `AsyncStream`, as bytes, for as long as
/// the stream is open (FlyingFox sends it chunked and writes each message as it comes).
struct EventStreamBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let messages: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: messages.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: ArraySlice<UInt8> = []

        mutating func next() async -> UInt8? {
            guard await fill() else { return nil }
            return pending.popFirst()
        }

        mutating func nextBuffer(suggested count: Int) async -> ArraySlice<UInt8>? {
            guard await fill() else { return nil }
            let out = pending.prefix(Swift.max(1, count))
            pending = pending.dropFirst(out.count)
            return out
        }

        /// Waits for the next message when nothing is pending; false once the stream has ended.
        private mutating func fill() async -> Bool {
            while pending.isEmpty {
                guard let message = await base.next() else { return false }
                pending = message[...]
            }
            return true
        }
    }
}

/// One server-sent event: `event: NAME` and `data: TEXT` lines and a blank line.
enum ServerSentEvent {
    static func bytes(event: String, data: String) -> [UInt8] {
        Array("event: \(event)\ndata: \(data)\n\n".utf8)
    }

    /// A comment line, sent now and then so that a closed connection is noticed.
    static let keepAlive = Array(": keep-alive\n\n".utf8)
}
