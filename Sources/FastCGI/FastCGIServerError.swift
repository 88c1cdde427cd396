#if canImport(Glibc)
    import Glibc
#endif

/// Why a server could not start, with a message a person can act on.
public enum FastCGIServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Unix socket paths are limited to 107 bytes by `sockaddr_un`.
    case socketPathTooLong(path: String, limit: Int)
    /// Another process is listening on the Unix socket path.
    case socketPathInUse(path: String)
    /// Something that is not a socket is in the way at the Unix socket path; it is not removed.
    case notASocket(path: String)
    /// Another process is listening on the TCP address.
    case addressInUse(host: String, port: UInt16)
    /// The host name did not resolve to an address.
    case cannotResolve(host: String, reason: String)
    /// An inherited file descriptor is not a listening socket.
    case notListening(fd: Int32)
    /// `run()` was called while the server was already running.
    case alreadyRunning
    /// A system call failed.
    case systemCall(name: String, errno: Int32, context: String)

    public var description: String {
        switch self {
        case .socketPathTooLong(let path, let limit):
            "socket path \(path) is longer than \(limit) bytes; choose a shorter path"
        case .socketPathInUse(let path):
            "another process is already listening on \(path); stop it or choose another socket path"
        case .notASocket(let path):
            "\(path) exists and is not a socket; remove it or choose another socket path"
        case .addressInUse(let host, let port):
            "\(host):\(port) is already in use; stop the other server or choose another port"
        case .cannotResolve(let host, let reason):
            "cannot resolve host \(host): \(reason)"
        case .notListening(let fd):
            "file descriptor \(fd) is not a listening socket"
        case .alreadyRunning:
            "the FastCGI server is already running"
        case .systemCall(let name, let code, let context):
            "\(name) failed for \(context): \(String(cString: strerror(code)))"
        }
    }
}
