import Discogs
import Foundation
import SpindleStore

/// Paces requests so that a server with a moving window of `limit` requests per `window`
/// seconds never has to answer 429.
///
/// It keeps the times its own requests were *answered*: a request counts in the server's window
/// from when the server received it, which is no later than when its answer arrived, so its slot
/// is certainly free once the answer is a full window old. The `X-Discogs-Ratelimit*` headers
/// teach it the limit and reveal requests it did not make (another process on the same IP, the
/// `used` that sometimes jumps by 2): those count against the budget until they must have left
/// the window too. A 429 makes it cool down.
struct RateLimiter: Sendable {
    let window: Double
    private(set) var limit: Int
    private var answeredAt: [Date] = []
    /// Requests the server counted that were not ours, as of the last report.
    private var foreign: (count: Int, reportedAt: Date)?
    private var coolDownUntil: Date?

    /// Discogs' limit for requests with a token (60 a minute); 25 without one.
    static let authenticatedLimit = 60

    /// `limit` is the assumption until the first response says otherwise.
    init(window: Double, limit: Int = 25) {
        self.window = window
        self.limit = limit
    }

    /// Requests we allow ourselves per window: a small margin absorbs clock jitter.
    var budget: Int { max(1, limit - max(1, limit / 20)) }

    /// Seconds to wait before the next request may be sent.
    func delay(at now: Date) -> Double {
        // The earliest moment at which our requests still in the window plus the foreign ones
        // that may still be in it leave room for one more. Candidates are the moments when
        // something leaves the window.
        var candidates = [now]
        candidates += answeredAt.map { $0.addingTimeInterval(window) }.filter { $0 > now }
        if let foreign { candidates.append(foreign.reportedAt.addingTimeInterval(window)) }
        if let coolDownUntil, coolDownUntil > now {
            candidates = candidates.filter { $0 >= coolDownUntil } + [coolDownUntil]
        }
        let start = candidates.sorted().first { load(at: $0) < budget } ?? now.addingTimeInterval(window)
        return max(0, start.timeIntervalSince(now))
    }

    /// Requests that may still be in the server's window at `time`.
    private func load(at time: Date) -> Int {
        let ours = answeredAt.filter { $0.addingTimeInterval(window) > time }.count
        guard let foreign, foreign.reportedAt.addingTimeInterval(window) > time else { return ours }
        return ours + foreign.count
    }

    /// Records one answered request (or transport failure) and what its headers said.
    mutating func recordAnswer(at time: Date, status: Int?, headers: RateLimitHeaders?) {
        answeredAt.append(time)
        answeredAt.removeAll { $0.addingTimeInterval(window) <= time }
        if let headers {
            limit = headers.limit
            if let used = headers.used {
                foreign = (max(0, used - answeredAt.count), time)
            } else if let remaining = headers.remaining {
                foreign = (max(0, headers.limit - remaining - answeredAt.count), time)
            }
        }
        if status == 429 {
            // Discogs sends no Retry-After: back off for a share of the window.
            coolDownUntil = time.addingTimeInterval(max(1, window / Double(max(limit, 1)) * 4))
        }
    }

    /// A limiter that knows the requests already made in the current window, across sessions
    /// and processes, and what the API last said about its limit.
    static func seeded(
        from store: Store, settings: SyncSettings, at now: Date, assumedLimit: Int = 25
    ) throws(StoreError) -> RateLimiter {
        let (times, snapshot) = try store.read { tx in
            (
                try tx.requestTimes(since: now.addingTimeInterval(-settings.rateWindowSeconds)),
                try tx.rateLimit(key: settings.rateLimitKey)
            )
        }
        var limiter = RateLimiter(window: settings.rateWindowSeconds, limit: assumedLimit)
        limiter.seed(answeredAt: times, snapshot: snapshot?.headers)
        return limiter
    }

    /// Seeds the limiter with requests made before this process started (a resumed sync).
    mutating func seed(answeredAt times: [Date], snapshot: RateLimitHeaders?) {
        answeredAt = times.sorted()
        if let snapshot { limit = snapshot.limit }
    }

    /// The number the progress line shows: requests left in the window as far as we know.
    func remaining(at now: Date) -> Int { max(0, limit - load(at: now)) }
}
