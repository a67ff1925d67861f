import Crypto
import Foundation

/// The connection file a Jupyter client writes and passes to the kernel (`{connection_file}` in the
/// kernelspec): where to bind the five sockets and the key that signs every message.
struct ConnectionInfo: Decodable {
    var transport: String
    var ip: String
    var shell_port: Int
    var iopub_port: Int
    var stdin_port: Int
    var control_port: Int
    var hb_port: Int
    var key: String
    var signature_scheme: String

    static func read(_ path: String) throws(JupyterError) -> ConnectionInfo {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .connectionFile("cannot read \(path)")
        }
        let info: ConnectionInfo
        do { info = try JSONDecoder().decode(ConnectionInfo.self, from: data) } catch {
            throw .connectionFile("\(path) is not a Jupyter connection file: \(error)")
        }
        guard info.key.isEmpty || info.signature_scheme == "hmac-sha256" else {
            throw .connectionFile(
                "signature scheme \(info.signature_scheme) is not supported (hmac-sha256 is)")
        }
        return info
    }

    func endpoint(_ port: Int) -> String { "\(transport)://\(ip):\(port)" }

    /// The signing key (nil: messages are not signed).
    var signingKey: SymmetricKey? { key.isEmpty ? nil : SymmetricKey(data: Data(key.utf8)) }
}
