#if canImport(Glibc)
    import Glibc
#endif

/// Starts a detached POSIX thread. A thread per connection, not a task: the responder may block (SQLite, files),
/// and blocking the cooperative pool would stall every other connection behind it.
enum ConnectionThread {
    /// Returns false when the system refuses another thread (EAGAIN); the caller then drops the connection.
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        // The entry point captures nothing (a capturing @convention(c) closure crashes Swift 6.3's compiler); the
        // work travels through the retained box instead.
        let status = pthread_create(
            &thread, nil,
            { raw in
                let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
                body.run()
                return nil
            }, box)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
