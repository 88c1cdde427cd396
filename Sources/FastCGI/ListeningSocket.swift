#if canImport(Glibc)
    import Glibc
#endif

/// A bound, listening socket, and what closing it must undo.
struct ListeningSocket: Sendable {
    let fd: Int32
    /// The TCP port actually bound, for `.tcp` and inherited TCP sockets.
    let boundPort: UInt16?
    /// The Unix socket file this process created, identified by device and inode so that closing never unlinks a
    /// file another server has since put at the same path.
    private let createdFile: (path: String, device: UInt64, inode: UInt64)?

    private init(fd: Int32, boundPort: UInt16?, createdFile: (path: String, device: UInt64, inode: UInt64)? = nil) {
        self.fd = fd
        self.boundPort = boundPort
        self.createdFile = createdFile
        // Accepting must not block when a connection vanished between poll and accept.
        Socket.setNonBlocking(fd)
    }

    static func open(_ listener: FastCGIListener) throws(FastCGIServerError) -> ListeningSocket {
        switch listener {
        case .unixSocket(let path, let permissions): try unix(path: path, permissions: permissions)
        case .tcp(let host, let port): try tcp(host: host, port: port)
        case .inherited(let fd): try inherited(fd: fd)
        }
    }

    /// Stops listening: closes the socket and removes the socket file this process created.
    func close() {
        Socket.close(fd)
        guard let createdFile else { return }
        var info = stat()
        if lstat(createdFile.path, &info) == 0, UInt64(info.st_dev) == createdFile.device,
            UInt64(info.st_ino) == createdFile.inode
        {
            unlink(createdFile.path)
        }
    }

    private static let backlog = SOMAXCONN

    private static func unix(path: String, permissions: mode_t) throws(FastCGIServerError) -> ListeningSocket {
        var address = sockaddr_un()
        let limit = MemoryLayout.size(ofValue: address.sun_path) - 1
        guard !path.isEmpty, path.utf8.count <= limit else { throw .socketPathTooLong(path: path, limit: limit) }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
        }

        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(path: path) }
            // A socket file left by a server that died is stale; one that accepts connections is in use.
            guard !acceptsConnections(&address) else { throw .socketPathInUse(path: path) }
            unlink(path)
        }

        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw systemError("socket", context: path) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let error = systemError("bind", context: path)
            Socket.close(fd)
            throw error
        }
        guard chmod(path, permissions) == 0, lstat(path, &info) == 0, listen(fd, backlog) == 0 else {
            let error = systemError("chmod/listen", context: path)
            Socket.close(fd)
            unlink(path)
            throw error
        }
        return ListeningSocket(
            fd: fd, boundPort: nil,
            createdFile: (path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }

    private static func acceptsConnections(_ address: inout sockaddr_un) -> Bool {
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { return false }
        defer { Socket.close(probe) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    private static func tcp(host: String, port: UInt16) throws(FastCGIServerError) -> ListeningSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw .cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }

        var lastError = FastCGIServerError.cannotResolve(host: host, reason: "no usable address")
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(
                info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = systemError("socket", context: "\(host):\(port)")
                continue
            }
            // A restarted server must be able to bind while old connections sit in TIME_WAIT.
            var on: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(fd, backlog) == 0 {
                return ListeningSocket(fd: fd, boundPort: localPort(fd))
            }
            lastError =
                errno == EADDRINUSE
                ? .addressInUse(host: host, port: port) : systemError("bind", context: "\(host):\(port)")
            Socket.close(fd)
        }
        throw lastError
    }

    private static func inherited(fd: Int32) throws(FastCGIServerError) -> ListeningSocket {
        guard Socket.isListening(fd) else { throw .notListening(fd: fd) }
        // Children this process starts must not inherit the listener and keep it alive after we stop.
        Socket.setCloseOnExec(fd)
        return ListeningSocket(fd: fd, boundPort: localPort(fd))
    }

    /// The port a TCP socket is bound to; nil for other sockets.
    private static func localPort(_ fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
        default:
            return nil
        }
    }

    private static func systemError(_ name: String, context: String) -> FastCGIServerError {
        .systemCall(name: name, errno: errno, context: context)
    }
}
