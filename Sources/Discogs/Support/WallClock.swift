import Foundation

/// Time as the sync engine sees it. Rate limiting, backoff and leases ask this instead of
/// `Date()` so tests can run a 60-requests-per-minute sync in milliseconds of real time.
public protocol WallClock: Sendable {
    var now: Date { get }
    /// Waits; throws `CancellationError` when the task is cancelled.
    func sleep(seconds: Double) async throws
}

public struct SystemClock: WallClock {
    public init() {}
    public var now: Date { Date() }
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}
