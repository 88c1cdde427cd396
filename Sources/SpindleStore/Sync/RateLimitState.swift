import Discogs
import Foundation
import GRDB

/// What the API last said about its moving window, kept across processes so that a restarted
/// sync does not start at full speed into a window that is already used up.
public struct RateLimitSnapshot: Sendable, Equatable {
    public var headers: RateLimitHeaders
    public var windowSeconds: Double
    public var observedAt: Date

    public init(headers: RateLimitHeaders, windowSeconds: Double, observedAt: Date) {
        self.headers = headers
        self.windowSeconds = windowSeconds
        self.observedAt = observedAt
    }
}

extension StoreTransaction {
    public func saveRateLimit(key: String, _ snapshot: RateLimitSnapshot) throws {
        try execute(
            """
            INSERT INTO rate_limits (key, limit_per_window, used, remaining, window_seconds, observed_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET limit_per_window = excluded.limit_per_window, used = excluded.used,
                remaining = excluded.remaining, window_seconds = excluded.window_seconds,
                observed_at = excluded.observed_at
            """,
            [
                key, snapshot.headers.limit, snapshot.headers.used, snapshot.headers.remaining, snapshot.windowSeconds,
                snapshot.observedAt,
            ])
    }

    public func rateLimit(key: String) throws -> RateLimitSnapshot? {
        try row("SELECT * FROM rate_limits WHERE key = ?", [key]).map { row in
            RateLimitSnapshot(
                headers: RateLimitHeaders(
                    limit: row["limit_per_window"], used: row["used"], remaining: row["remaining"]),
                windowSeconds: row["window_seconds"], observedAt: row["observed_at"])
        }
    }
}
