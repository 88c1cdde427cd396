import Foundation

@testable import FastCGI

/// A FastCGI client at the byte level, written for the tests: it sends exactly the bytes it is given, so it can
/// also send broken ones. Every read is bounded by a receive timeout so a failing test fails instead of hanging.
final class RawClient {
    let fd: Int32
    private var received: [UInt8] = []

    enum Failure: Error, CustomStringConvertible {
        case connect(String)
        case timedOut(after: [UInt8])
        var description: String {
            switch self {
            case .connect(let reason): "connect failed: \(reason)"
            case .timedOut(let bytes): "no complete reply within the client timeout (\(bytes.count) bytes received)"
            }
        }
    }

    init(unixPath path: String, timeout: Double = 10) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure.connect(reason)
        }
        setTimeout(timeout)
    }

    init(tcpPort port: UInt16, timeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure.connect(reason)
        }
        setTimeout(timeout)
    }

    deinit { close(fd) }

    private func setTimeout(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return }  // the server closed: the test's reads will tell
            offset += written
        }
    }

    /// Reads until `count` END_REQUEST records have arrived; returns what arrived. Throws on timeout.
    func readReply(endRequests count: Int = 1) throws -> Reply {
        while true {
            let reply = try Reply(received)
            if reply.endRequests.count >= count {
                received = []
                return reply
            }
            guard try readMore() else { return reply }  // closed early: the caller checks what it got
        }
    }

    /// Reads until the server closes the connection; true when it did before the client's timeout.
    func waitForClose() -> Bool {
        do {
            while try readMore() {}
            return true
        } catch {
            return false
        }
    }

    /// False at end of stream.
    private func readMore() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == ECONNRESET { return false }
            throw Failure.timedOut(after: received)
        }
    }
}
