import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Serves one accepted connection on its own thread: reads with timeouts, feeds the session, writes its answers,
/// and returns when the connection is done. The caller closes the socket.
struct ConnectionLoop: Sendable {
    let fd: Int32
    let limits: FastCGILimits
    let responder: any FastCGIResponder
    let logger: Logger
    /// Tells whether the server is shutting down, and the descriptor that becomes readable when it starts to.
    let shutdown: ShutdownSignal

    /// How often a wait wakes up to look at its deadline.
    static let tick = 0.25

    func run() {
        Socket.setSendTimeout(fd, seconds: limits.readTimeout)
        var session = ConnectionSession(limits: limits, responder: responder, logger: logger)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var lastActivity = ContinuousClock.now

        while true {
            let betweenRequests = session.isBetweenRequests
            if betweenRequests && shutdown.isRequested {
                logger.debug("closing an idle connection for shutdown")
                return
            }
            let timeout = betweenRequests ? limits.idleTimeout : limits.readTimeout
            let remaining = timeout - (ContinuousClock.now - lastActivity).seconds
            guard remaining > 0 else {
                if betweenRequests {
                    logger.debug("closing a connection idle for \(limits.idleTimeout) s")
                } else {
                    logger.notice("closing a connection that stalled mid-request for \(limits.readTimeout) s")
                }
                return
            }
            // Between requests a shutdown must end the wait; mid-request it must not, since the request still gets
            // its answer (and the wake descriptor stays readable once signalled).
            let wait = Socket.waitReadable(
                fd, wakeFD: betweenRequests ? shutdown.wakeFD : nil, seconds: min(remaining, Self.tick))
            guard wait == .readable else { continue }

            let result = buffer.withUnsafeMutableBytes { Socket.read(fd, into: $0) }
            switch result {
            case .retry:
                continue
            case .endOfStream:
                if !betweenRequests { logger.debug("the web server closed the connection mid-request") }
                return
            case .failed(let code):
                logger.debug("read failed: \(String(cString: strerror(code)))")
                return
            case .bytes(let count):
                lastActivity = .now
                let end = session.receive(buffer[0..<count]) { Socket.writeAll(fd, $0) }
                // A slow responder must not count against the next request's read timeout.
                lastActivity = .now
                switch end {
                case nil:
                    continue
                case .requestDone:
                    return
                case .writeFailed:
                    logger.debug("the web server went away before the response was written")
                    return
                case .violation(let violation):
                    logger.warning("closing a connection that broke the FastCGI protocol: \(violation)")
                    return
                }
            }
        }
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
