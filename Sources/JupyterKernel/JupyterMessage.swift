import Crypto
import Foundation

/// One message of the Jupyter messaging protocol (version 5.3), as it travels on a ZeroMQ socket: the routing
/// identities, the `<IDS|MSG>` delimiter, the HMAC-SHA256 signature of the four JSON parts, then the header,
/// the parent header, the metadata and the content.
struct JupyterMessage {
    var identities: [Data] = []
    var header: [String: Any]
    var parentHeader: [String: Any] = [:]
    var metadata: [String: Any] = [:]
    var content: [String: Any] = [:]

    var type: String { header["msg_type"] as? String ?? "" }
    var session: String { header["session"] as? String ?? "" }

    static let delimiter = Data("<IDS|MSG>".utf8)

    /// A new message of `type` in `session`, answering `parent` when given (its identities route a reply).
    init(
        type: String, session: String, parent: JupyterMessage? = nil, content: [String: Any],
        metadata: [String: Any] = [:]
    ) {
        header = [
            "msg_id": UUID().uuidString.lowercased(), "username": "hmfbook", "session": session,
            "date": Self.timestamp(), "msg_type": type, "version": "5.3",
        ]
        parentHeader = parent?.header ?? [:]
        identities = parent?.identities ?? []
        self.content = content
        self.metadata = metadata
    }

    /// The frames of the message, signed with `key`.
    func frames(key: SymmetricKey?) -> [Data] {
        let parts = [header, parentHeader, metadata, content].map(Self.json)
        return identities + [Self.delimiter, Data(Self.signature(parts, key: key).utf8)] + parts
    }

    /// Reads a message from `frames`, checking its signature with `key`.
    static func parse(_ frames: [Data], key: SymmetricKey?) throws(JupyterError) -> JupyterMessage {
        guard let split = frames.firstIndex(of: delimiter), frames.count >= split + 6 else {
            throw .malformed(
                "a message needs the <IDS|MSG> delimiter, a signature and four JSON parts")
        }
        let identities = Array(frames[..<split])
        let parts = Array(frames[(split + 2)..<(split + 6)])
        let expected = signature(parts, key: key)
        guard constantTimeEqual(String(decoding: frames[split + 1], as: UTF8.self), expected) else {
            throw .badSignature(header: parts[0])
        }
        var message = JupyterMessage(type: "", session: "", content: [:])
        message.identities = identities
        message.header = try object(parts[0])
        message.parentHeader = try object(parts[1])
        message.metadata = try object(parts[2])
        message.content = try object(parts[3])
        guard message.header["msg_type"] is String else {
            throw .malformed("the header has no msg_type")
        }
        return message
    }

    static func signature(_ parts: [Data], key: SymmetricKey?) -> String {
        guard let key else { return "" }
        var mac = HMAC<SHA256>(key: key)
        for p in parts { mac.update(data: p) }
        return Data(mac.finalize()).map { String(format: "%02x", $0) }.joined()
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func object(_ data: Data) throws(JupyterError) -> [String: Any] {
        do {
            guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw JupyterError.malformed("a message part is not a JSON object")
            }
            return o
        } catch let e as JupyterError {
            throw e
        } catch {
            throw .malformed("a message part is not valid JSON: \(error.localizedDescription)")
        }
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
            ?? Data("{}".utf8)
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}

/// What can go wrong on the wire.
enum JupyterError: Error, CustomStringConvertible {
    case transport(String)
    case malformed(String)
    /// The raw header of a message whose signature does not match, so that the error reply can name its parent.
    case badSignature(header: Data)
    case connectionFile(String)

    var description: String {
        switch self {
        case .transport(let m): return "ZeroMQ: \(m)"
        case .malformed(let m): return "malformed message: \(m)"
        case .badSignature: return "the message's signature does not match the connection key"
        case .connectionFile(let m): return "connection file: \(m)"
        }
    }
}
