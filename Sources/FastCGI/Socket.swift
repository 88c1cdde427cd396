#if canImport(Glibc)
    import Glibc
#endif

/// The socket calls the server makes, with errno turned into values and EINTR retried.
enum Socket {
    enum ReadResult: Equatable {
        case bytes(Int)
        case endOfStream
        /// Nothing to read after all (EAGAIN, EINTR): poll again.
        case retry
        case failed(errno: Int32)
    }

    enum WaitResult: Equatable {
        case readable
        /// The wake descriptor fired: the server is shutting down.
        case woken
        case timedOut
    }

    /// Waits until `fd` is readable (or has hung up), `wakeFD` is readable, or `seconds` pass.
    static func waitReadable(_ fd: Int32, wakeFD: Int32? = nil, seconds: Double) -> WaitResult {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        if let wakeFD { fds.append(pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)) }
        let milliseconds = Int32(max(0, min(seconds, 3600)) * 1000)
        let count = poll(&fds, nfds_t(fds.count), milliseconds)
        if count <= 0 { return .timedOut }  // 0: timeout; -1: EINTR, and the caller loops anyway
        // Data first: a request that arrived together with the shutdown is served rather than dropped.
        if fds[0].revents != 0 { return .readable }
        return fds.count == 2 && fds[1].revents != 0 ? .woken : .timedOut
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        let count = recv(fd, buffer.baseAddress, buffer.count, 0)
        if count > 0 { return .bytes(count) }
        if count == 0 { return .endOfStream }
        switch errno {
        case EINTR, EAGAIN, EWOULDBLOCK: return .retry
        case let code: return .failed(errno: code)
        }
    }

    /// Writes all of `bytes`, looping over partial writes and EINTR. False when the peer went away (EPIPE,
    /// ECONNRESET) or stopped reading for longer than the send timeout; the caller then drops the connection.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                // MSG_NOSIGNAL: a vanished peer must give EPIPE here, not a SIGPIPE that kills the process.
                let written = send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written >= 0 {
                    offset += written
                } else if errno != EINTR {
                    return false
                }
            }
            return true
        }
    }

    /// Bounds how long a write may block on a peer that stopped reading.
    static func setSendTimeout(_ fd: Int32, seconds: Double) {
        let whole = max(0, seconds).rounded(.down)
        var value = timeval(tv_sec: Int(whole), tv_usec: Int((max(0, seconds) - whole) * 1_000_000))
        if value.tv_sec == 0 && value.tv_usec == 0 { value.tv_usec = 1000 }  // 0 would mean "no timeout"
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }

    /// Keeps `fd` out of child processes (a child holding a connection would keep it open after we close it).
    /// Swift's Glibc module lacks accept4 and pipe2, which would set this atomically.
    static func setCloseOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    /// True when `fd` is a socket in the listening state.
    static func isListening(_ fd: Int32) -> Bool {
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 && accepting != 0
    }

    static func close(_ fd: Int32) {
        // Not retried on EINTR: on Linux the descriptor is released even then, and a retry could close a reused one.
        _ = Glibc.close(fd)
    }
}
