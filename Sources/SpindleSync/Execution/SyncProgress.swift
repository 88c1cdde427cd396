import Foundation
import SpindleStore

/// A snapshot for the progress line (and later the status page).
public struct SyncProgress: Sendable, Equatable {
    public var sessionID: Int64
    public var phase: String
    public var done: Int
    public var failed: Int
    /// Requests planned so far plus releases still waiting in the queue. Grows as pages reveal
    /// how much there is.
    public var total: Int
    public var rateLimitRemaining: Int?
    /// Seconds, from the pace the rate limit allows.
    public var eta: Double?

    public var percent: Int { total == 0 ? 0 : min(100, done * 100 / total) }
}
