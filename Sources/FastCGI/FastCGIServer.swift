import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A FastCGI responder server: accepts connections from the web server and serves each on its own thread.
///
/// ```swift
/// let server = try FastCGIServer(listener: .unixSocket(path: "/run/spindle/fcgi.sock"), responder: API())
/// server.stopOnSignals()
/// try server.run()  // returns after SIGTERM, once in-flight requests are answered
/// ```
///
/// A thread per connection rather than a loop that serves one connection at a time: nginx parks idle keep-alive
/// connections on the app, and a server blocked reading a parked connection leaves every new one waiting until
/// nginx gives up with a 504.
public final class FastCGIServer: Sendable {
    private struct State {
        var running = false
        var finished = false
        var listenerClosed = false
        /// Open connections. A descriptor leaves this set under the lock before it is closed, so a descriptor found
        /// here is never one the kernel has since reused.
        var connections: Set<Int32> = []
        var connectionsAccepted = 0
        var signalSources: [SignalSource] = []
    }

    private let listening: ListeningSocket
    private let listenerDescription: String
    private let limits: FastCGILimits
    private let responder: any FastCGIResponder
    let logger: Logger
    private let shutdownSignal: ShutdownSignal
    private let state = Mutex(State())

    /// Binds and listens at once, so a wrong path or a port in use is reported before anything else starts.
    public init(
        listener: FastCGIListener, limits: FastCGILimits = .init(), responder: any FastCGIResponder,
        logger: Logger = Logger(label: "spindle.fastcgi")
    ) throws {
        // Belt and braces with MSG_NOSIGNAL: a web server that hangs up mid-response must not kill the process.
        signal(SIGPIPE, SIG_IGN)
        let listening = try ListeningSocket.open(listener)
        do {
            shutdownSignal = try ShutdownSignal()
        } catch {
            listening.close()
            throw error
        }
        self.listening = listening
        self.limits = limits
        self.responder = responder
        self.logger = logger
        listenerDescription =
            switch listener {
            case .unixSocket(let path, _): "unix:\(path)"
            case .tcp(let host, _): "\(host):\(listening.boundPort.map(String.init) ?? "?")"
            case .inherited(let fd): "inherited fd \(fd)"
            }
    }

    deinit {
        closeListener()
    }

    /// The TCP port the server listens on (useful after asking for port 0); nil for Unix sockets.
    public var boundPort: UInt16? { listening.boundPort }

    /// Accepts and serves connections until `shutdown()`, then waits for in-flight requests to be answered, at most
    /// `FastCGILimits.shutdownGrace` seconds, and returns. Returns at once if `shutdown()` came first.
    public func run() throws {
        let starting = try state.withLock { state throws(FastCGIServerError) -> Bool in
            if state.running { throw .alreadyRunning }
            guard !state.finished else { return false }
            state.running = true
            return true
        }
        guard starting else { return }
        defer {
            state.withLock {
                $0.running = false; $0.finished = true
            }
        }

        logger.info("accepting FastCGI connections on \(listenerDescription)")
        var failure: (any Error)?
        do {
            try acceptUntilShutdown()
        } catch {
            failure = error
            shutdownSignal.raise()
        }
        closeListener()
        waitForConnections()
        logger.info("FastCGI server stopped")
        if let failure { throw failure }
    }

    /// Starts a graceful shutdown: no new connections, idle ones closed, in-flight requests answered. Safe to call
    /// from any thread, any number of times.
    public func shutdown() {
        guard shutdownSignal.raise() else { return }
        logger.info("shutting down: in-flight requests get up to \(limits.shutdownGrace) s")
        // Without a running accept loop nobody else would close the listener.
        if !state.withLock({ $0.running }) { closeListener() }
    }

    /// Keeps a signal source alive as long as the server (see `stopOnSignals`).
    func retain(_ source: SignalSource) {
        state.withLock { $0.signalSources.append(source) }
    }

    private func acceptUntilShutdown() throws {
        while !shutdownSignal.isRequested {
            let wait = Socket.waitReadable(
                listening.fd, wakeFD: shutdownSignal.wakeFD, seconds: ConnectionLoop.tick)
            guard wait == .readable else { continue }
            let fd = accept(listening.fd, nil, nil)
            guard fd >= 0 else {
                switch errno {
                case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Retrying at once would spin; connections closing will free descriptors soon.
                    logger.error("cannot accept a connection: \(String(cString: strerror(errno)))")
                    usleep(UInt32(ConnectionLoop.tick * 1_000_000))
                    continue
                case let code:
                    throw FastCGIServerError.systemCall(name: "accept", errno: code, context: listenerDescription)
                }
            }
            Socket.setCloseOnExec(fd)
            serve(fd)
        }
    }

    private func serve(_ fd: Int32) {
        let number = state.withLock { state -> Int? in
            guard state.connections.count < limits.maxConnections else { return nil }
            state.connections.insert(fd)
            state.connectionsAccepted += 1
            return state.connectionsAccepted
        }
        guard let number else {
            logger.warning(
                "refusing a connection: \(limits.maxConnections) are open (FastCGILimits.maxConnections)")
            Socket.close(fd)
            return
        }
        var connectionLogger = logger
        connectionLogger[metadataKey: "connection"] = "\(number)"
        let loop = ConnectionLoop(
            fd: fd, limits: limits, responder: responder, logger: connectionLogger, shutdown: shutdownSignal)
        let started = ConnectionThread.start { [self] in
            loop.run()
            release(fd)
        }
        if !started {
            logger.error("cannot start a thread for a new connection; closing it")
            release(fd)
        }
    }

    private func release(_ fd: Int32) {
        state.withLock { state in
            state.connections.remove(fd)
            Socket.close(fd)
        }
    }

    private func closeListener() {
        let wasOpen = state.withLock { state in
            defer { state.listenerClosed = true }
            return !state.listenerClosed
        }
        if wasOpen { listening.close() }
    }

    /// Waits for the connection threads to finish; after the grace period, cuts their sockets so blocked reads and
    /// writes end, and returns without them.
    private func waitForConnections() {
        let deadline = ContinuousClock.now + .milliseconds(Int64(limits.shutdownGrace * 1000))
        while true {
            let open = state.withLock { $0.connections.count }
            if open == 0 { return }
            if ContinuousClock.now >= deadline {
                logger.warning(
                    "\(open) connection(s) still busy after the \(limits.shutdownGrace) s grace; stopping anyway")
                state.withLock { state in
                    for fd in state.connections { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
                }
                return
            }
            usleep(10_000)
        }
    }
}
