#if canImport(Glibc)
    import Glibc
#endif

/// Where the server accepts connections from the web server.
///
/// ```swift
/// let listener = FastCGIListener.inheritedFromEnvironment() ?? .unixSocket(path: "/run/spindle/fcgi.sock")
/// ```
public enum FastCGIListener: Sendable {
    /// A Unix socket at `path`, created with `permissions` (nginx's worker user needs write access). A stale socket
    /// file nobody listens on is removed first; the file is unlinked again on shutdown.
    case unixSocket(path: String, permissions: mode_t = 0o660)
    /// A TCP address; port 0 picks a free port, which `FastCGIServer.boundPort` then tells.
    case tcp(host: String, port: UInt16)
    /// An already listening socket handed to this process; it is closed on shutdown, never unlinked.
    case inherited(fd: Int32)

    /// The socket a supervisor handed over: systemd socket activation (`LISTEN_FDS`/`LISTEN_PID` → fd 3), or fd 0
    /// when it is a listening socket (spawn-fcgi, systemd `StandardInput=socket`). nil when there is none.
    public static func inheritedFromEnvironment() -> FastCGIListener? {
        // sd_listen_fds(3): the variables are meant for this process only when LISTEN_PID names it.
        if let pid = environment("LISTEN_PID").flatMap({ Int32($0) }), pid == getpid(),
            let count = environment("LISTEN_FDS").flatMap({ Int($0) }), count >= 1,
            Socket.isListening(3)
        {
            return .inherited(fd: 3)
        }
        // The FastCGI convention (specification §2.2): the listening socket is the process's standard input.
        if Socket.isListening(0) { return .inherited(fd: 0) }
        return nil
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
