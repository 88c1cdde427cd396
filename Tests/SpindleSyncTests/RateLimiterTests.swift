import Discogs
import Foundation
import Testing

@testable import SpindleSync

@Suite("The moving-window rate limiter")
struct RateLimiterTests {
    /// A faithful server: counts requests received in the last `window` seconds.
    struct Server {
        let limit: Int
        let window: Double
        var received: [Date] = []
        var rejected = 0

        mutating func receive(at time: Date, foreign: Bool = false) -> RateLimitHeaders {
            received.removeAll { $0 <= time.addingTimeInterval(-window) }
            if received.count >= limit {
                rejected += 1
                return RateLimitHeaders(limit: limit, used: received.count, remaining: 0)
            }
            received.append(time)
            return RateLimitHeaders(limit: limit, used: received.count, remaining: limit - received.count)
        }
    }

    @Test(
        "sending as fast as it allows never exceeds the server's window",
        arguments: [(60, 60.0), (25, 60.0), (60, 1.0)])
    func neverExceeds(limit: Int, window: Double) {
        var server = Server(limit: limit, window: window)
        var limiter = RateLimiter(window: window)
        var now = Date(timeIntervalSince1970: 0)
        for _ in 0..<(limit * 5) {
            now += limiter.delay(at: now)
            let headers = server.receive(at: now)
            now += 0.01  // latency
            limiter.recordAnswer(at: now, status: 200, headers: headers)
        }
        #expect(server.rejected == 0)
        // …and it does not crawl: five windows' worth takes about five windows.
        #expect(now.timeIntervalSince1970 < window * 6)
    }

    @Test("requests made by someone else on the same IP count against the budget")
    func foreignRequests() {
        var server = Server(limit: 60, window: 60)
        let start = Date(timeIntervalSince1970: 0)
        for second in 0..<40 { _ = server.receive(at: start + Double(second) * 0.5, foreign: true) }
        var limiter = RateLimiter(window: 60)
        var now = start + 20
        for _ in 0..<120 {
            now += limiter.delay(at: now)
            let headers = server.receive(at: now)
            now += 0.01
            limiter.recordAnswer(at: now, status: 200, headers: headers)
        }
        #expect(server.rejected == 0)
    }

    @Test("a restarted process respects the requests its predecessor made in the window")
    func seeded() {
        var limiter = RateLimiter(window: 60, limit: 60)
        let now = Date(timeIntervalSince1970: 1000)
        limiter.seed(answeredAt: (0..<57).map { now - 30 + Double($0) * 0.1 }, snapshot: RateLimitHeaders(limit: 60))
        #expect(limiter.delay(at: now) > 29)
    }

    @Test("a 429 makes it back off even with room left in its own count")
    func coolDownAfter429() {
        var limiter = RateLimiter(window: 60, limit: 60)
        let now = Date(timeIntervalSince1970: 0)
        limiter.recordAnswer(at: now, status: 429, headers: RateLimitHeaders(limit: 60, used: 1, remaining: 59))
        #expect(limiter.delay(at: now) >= 1)
    }
}

@Suite("Retry backoff")
struct RetryPolicyTests {
    @Test("doubles per attempt with jitter between half and all of it, capped")
    func backoff() {
        let policy = RetryPolicy(maxRetries: 5, baseSeconds: 2)
        #expect(policy.delay(afterAttempt: 1, jitter: 1) == 2)
        #expect(policy.delay(afterAttempt: 3, jitter: 1) == 8)
        #expect(policy.delay(afterAttempt: 3, jitter: 0.5) == 4)
        #expect(policy.delay(afterAttempt: 30, jitter: 1) == 300)
        #expect(policy.allowsAnotherAttempt(after: 5))
        #expect(!policy.allowsAnotherAttempt(after: 6))
    }
}
