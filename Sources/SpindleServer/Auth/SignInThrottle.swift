import Foundation
import Synchronization

/// Slows down guessing the site secret: after `limit` wrong secrets (sign-in form or bearer)
/// within `window` seconds, every further attempt is refused with 429 until the oldest failure
/// leaves the window. Global rather than per address: behind nginx every request comes from it.
final class SignInThrottle: Sendable {
    let limit: Int
    let window: Double
    private let failures = Mutex<[Date]>([])

    init(limit: Int = 10, window: Double = 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until another attempt is allowed; nil when one is allowed now.
    func wait(now: Date) -> Double? {
        failures.withLock { failures in
            failures.removeAll { now.timeIntervalSince($0) >= window }
            guard failures.count >= limit, let oldest = failures.first else { return nil }
            return max(1, window - now.timeIntervalSince(oldest))
        }
    }

    func failed(now: Date) {
        failures.withLock { $0.append(now) }
    }
}
