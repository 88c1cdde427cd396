import Discogs
import Foundation
import Synchronization

/// Time that moves only when someone sleeps or a fake request takes time: a whole rate-limited
/// sync runs in milliseconds, and the fake's moving window sees exactly the same times.
public final class VirtualClock: WallClock {
    private let current: Mutex<Date>

    public init(start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        advance(by: seconds)
    }

    public func advance(by seconds: Double) {
        guard seconds > 0 else { return }
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
