import Discogs
import Foundation

/// Connects a client to the fake without sockets: each request takes `latency` of virtual time,
/// a slow answer past `timeout` becomes a timeout, a dropped connection a connection error.
public struct InProcessTransport: HTTPTransport {
    let fake: FakeDiscogs
    let clock: VirtualClock
    let latency: Double
    let timeout: Double

    public init(fake: FakeDiscogs, clock: VirtualClock, latency: Double = 0.05, timeout: Double = 30) {
        self.fake = fake
        self.clock = clock
        self.latency = latency
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        if Task.isCancelled { throw .cancelled }
        let reply = fake.respond(to: request, at: clock.now)
        if reply.dropConnection {
            clock.advance(by: latency)
            throw .connectionFailed("Connection reset by peer")
        }
        let delay = reply.delay
        if delay > timeout {
            clock.advance(by: timeout)
            throw .timedOut(seconds: timeout)
        }
        clock.advance(by: latency + delay)
        return reply.response
    }
}
