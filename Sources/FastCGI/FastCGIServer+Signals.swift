import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

extension FastCGIServer {
    /// Starts a graceful `shutdown()` when one of `signals` arrives (by default SIGTERM from systemd and SIGINT
    /// from Ctrl-C).
    ///
    /// The signals are handled by dispatch sources on a global queue, not the main queue, because `run()` usually
    /// blocks the main thread. The signals' default action (terminate at once) is turned off, so a second SIGTERM
    /// does not cut the grace period short either; a supervisor that wants the process gone sends SIGKILL.
    ///
    /// When it returns the signals are being watched: dispatch arms a source asynchronously, so this waits for that
    /// (a signal arriving in between would otherwise be ignored, since the default action is already off).
    public func stopOnSignals(_ signals: [Int32] = [SIGTERM, SIGINT]) {
        let armed = DispatchSemaphore(value: 0)
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                logger.notice("received signal \(number)")
                shutdown()
            }
            source.setRegistrationHandler { armed.signal() }
            source.resume()
            retain(SignalSource(source: source))
        }
        for _ in signals where armed.wait(timeout: .now() + 5) == .timedOut {
            logger.warning("a signal may not be watched yet: dispatch did not confirm its source within 5 s")
        }
    }
}

/// A signal source held by the server. `@unchecked Sendable` because libdispatch objects are thread-safe (they
/// synchronise internally) though the Swift overlay does not say so; the server only stores it to keep it alive.
struct SignalSource: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
