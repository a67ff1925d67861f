import CZMQ
import Foundation

/// A ZeroMQ socket of libzmq, sending and receiving multipart messages. Not thread-safe: one thread uses a
/// socket, except `IOPub`, which a lock guards.
final class ZMQSocket: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// The kinds of socket a Jupyter kernel uses.
    enum Kind: Int32 {
        case router = 6  // ZMQ_ROUTER: shell, control, stdin
        case publisher = 1  // ZMQ_PUB: iopub
        case reply = 4  // ZMQ_REP: heartbeat
    }

    /// A socket of `kind` bound to `endpoint` (`tcp://127.0.0.1:PORT`).
    init(context: ZMQContext, kind: Kind, endpoint: String) throws(JupyterError) {
        guard let socket = zmq_socket(context.handle, kind.rawValue) else {
            throw .transport("cannot make a socket: \(ZMQContext.lastError)")
        }
        handle = socket
        var linger: Int32 = 0
        zmq_setsockopt(socket, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        guard zmq_bind(socket, endpoint) == 0 else {
            zmq_close(socket)
            throw .transport("cannot bind \(endpoint): \(ZMQContext.lastError)")
        }
    }

    deinit { zmq_close(handle) }

    /// Sends `frames` as one multipart message.
    func send(_ frames: [Data]) {
        for (i, frame) in frames.enumerated() {
            let flags: Int32 = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            _ = frame.withUnsafeBytes { raw in zmq_send(handle, raw.baseAddress, raw.count, flags) }
        }
    }

    /// The next multipart message, waiting at most `timeout` milliseconds (nil: none arrived).
    func receive(timeout: Int) -> [Data]? {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        guard zmq_poll(&item, 1, timeout) > 0 else { return nil }
        var frames: [Data] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            guard zmq_msg_recv(&message, handle, 0) >= 0 else {
                return frames.isEmpty ? nil : frames
            }
            frames.append(Data(bytes: zmq_msg_data(&message), count: zmq_msg_size(&message)))
            guard zmq_msg_more(&message) != 0 else { return frames }
        }
    }
}

/// A libzmq context.
final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init() throws(JupyterError) {
        guard let context = zmq_ctx_new() else {
            throw .transport("cannot start ZeroMQ: \(Self.lastError)")
        }
        handle = context
    }

    deinit { zmq_ctx_term(handle) }

    static var lastError: String { String(cString: zmq_strerror(zmq_errno())) }
}
