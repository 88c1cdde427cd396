import Discogs
import Foundation

/// Paces requests so that a server with a moving window of `limit` requests per `window`
/// seconds never has to answer 429.
///
/// It keeps the times its own requests were *answered*: a request counts in the server's window
/// from when the server received it, which is no later than when its answer arrived, so a request
/// sent once the oldest of `limit` answers is a full window old cannot exceed the limit. The
/// `X-Discogs-Ratelimit*` headers teach it the limit and reveal usage it did not cause (other
/// clients on the same IP, the `used` that jumps by 2); a 429 makes it cool down.
struct RateLimiter: Sendable {
    let window: Double
    private(set) var limit: Int
    private var answeredAt: [Date] = []
    private var lastReport: (remaining: Int, at: Date)?
    private var coolDownUntil: Date?

    /// `limit` is the assumption until the first response says otherwise.
    init(window: Double, limit: Int = 25) {
        self.window = window
        self.limit = limit
    }

    /// Requests we may still make in a window: a small margin absorbs clock jitter.
    private var budget: Int { max(1, limit - max(1, limit / 20)) }

    /// Seconds to wait before the next request may be sent.
    func delay(at now: Date) -> Double {
        var wait = 0.0
        let recent = answeredAt.filter { $0 > now.addingTimeInterval(-window) }
        if recent.count >= budget {
            let oldestThatMustExpire = recent[recent.count - budget]
            wait = max(wait, oldestThatMustExpire.addingTimeInterval(window).timeIntervalSince(now))
        }
        if let report = lastReport {
            let sentSince = answeredAt.filter { $0 > report.at }.count
            if report.remaining - sentSince <= 0 {
                // The server's window is full by its own count; it frees one slot every window/limit.
                wait = max(wait, report.at.addingTimeInterval(window / Double(limit)).timeIntervalSince(now))
            }
        }
        if let coolDownUntil { wait = max(wait, coolDownUntil.timeIntervalSince(now)) }
        return max(0, wait)
    }

    /// Records one answered request and what its headers said.
    mutating func recordAnswer(at time: Date, status: Int?, headers: RateLimitHeaders?) {
        answeredAt.append(time)
        prune(before: time.addingTimeInterval(-window))
        if let headers {
            limit = headers.limit
            if let remaining = headers.remaining { lastReport = (remaining, time) }
        }
        if status == 429 {
            // No Retry-After from Discogs: back off for a share of the window.
            coolDownUntil = time.addingTimeInterval(max(1, window / Double(max(limit, 1)) * 4))
            lastReport = (0, time)
        }
    }

    /// Seeds the limiter with requests made before this process started (a resumed sync).
    mutating func seed(answeredAt times: [Date], snapshot: RateLimitHeaders?) {
        answeredAt = times.sorted()
        if let snapshot { limit = snapshot.limit }
    }

    /// The number the progress line shows: requests left in the window as far as we know.
    func remaining(at now: Date) -> Int {
        let recent = answeredAt.filter { $0 > now.addingTimeInterval(-window) }.count
        let ours = max(0, limit - recent)
        guard let report = lastReport else { return ours }
        let sentSince = answeredAt.filter { $0 > report.at }.count
        return max(0, min(ours, report.remaining - sentSince))
    }

    private mutating func prune(before cutoff: Date) {
        if let index = answeredAt.firstIndex(where: { $0 > cutoff }) {
            answeredAt.removeFirst(index)
        } else {
            answeredAt.removeAll()
        }
    }
}
