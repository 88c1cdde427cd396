import Dispatch
import FastCGI
import Foundation
import Logging

/// A real server on its own thread, for socket-level tests. `stop()` shuts it down and waits for `run()`.
final class TestServer: Sendable {
    let server: FastCGIServer
    let socketPath: String?
    private let finished = DispatchSemaphore(value: 0)

    /// A fresh socket path under /tmp; short, because `sun_path` holds 107 bytes.
    static func temporarySocketPath() -> String {
        "/tmp/fcgi-test-\(getpid())-\(UUID().uuidString.prefix(8)).sock"
    }

    init(
        listener: FastCGIListener? = nil, limits: FastCGILimits = .init(),
        responder: any FastCGIResponder = EchoResponder(), logger: Logger = quietLogger
    ) throws {
        let path = listener == nil ? Self.temporarySocketPath() : nil
        server = try FastCGIServer(
            listener: listener ?? .unixSocket(path: path!), limits: limits, responder: responder, logger: logger)
        socketPath = path
        let server = self.server
        let finished = self.finished
        Thread.detachNewThread {
            try? server.run()
            finished.signal()
        }
    }

    func client() throws -> RawClient {
        if let socketPath { return try RawClient(unixPath: socketPath) }
        return try RawClient(tcpPort: server.boundPort!)
    }

    /// Waits for `run()` to return; false when it has not within `seconds`.
    func waitUntilFinished(seconds: Double = 10) -> Bool {
        guard finished.wait(timeout: .now() + seconds) == .success else { return false }
        finished.signal()  // so that a later wait (a deferred `stop()`) returns at once too
        return true
    }

    /// Shuts down and waits for `run()` to return.
    @discardableResult
    func stop() -> Bool {
        server.shutdown()
        return waitUntilFinished()
    }
}
