/// Bounds on what one connection may cost the server. The defaults suit a small API behind nginx.
public struct FastCGILimits: Sendable {
    /// Largest params stream kept per request; beyond it the request is answered with `rejected(.paramsTooLarge)`.
    public var maxParamsBytes = 64 * 1024
    /// Largest body kept per request; beyond it the request is answered with `rejected(.bodyTooLarge)`.
    public var maxBodyBytes = 8 * 1024 * 1024
    /// Seconds a started request may stall between bytes (and a response write may block) before the connection
    /// is closed: a client that stops halfway must not hold a thread forever.
    public var readTimeout: Double = 30
    /// Seconds a keep-alive connection may wait for its next request. Longer than nginx's own
    /// `keepalive_timeout` (60 s by default) so that nginx, not the app, normally closes idle connections.
    public var idleTimeout: Double = 300
    /// Connections served at once, one thread each; a connection beyond it is closed at once and logged.
    /// Also announced as `FCGI_MAX_CONNS` and `FCGI_MAX_REQS`.
    public var maxConnections = 256
    /// Seconds in-flight requests get to finish after shutdown starts; then `run()` returns anyway.
    public var shutdownGrace: Double = 10

    public init() {}
}
