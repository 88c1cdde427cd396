import Foundation

/// When to try a failed download again. The waits are long (minutes to hours), so they are not
/// slept in-process: the orchestrator stores the next attempt's time with the run and picks it up
/// from the database, which survives restarts.
///
/// ```swift
/// let schedule = RetrySchedule.standard
/// schedule.delay(beforeAttempt: 1)  // 0: the first attempt starts at once
/// schedule.delay(beforeAttempt: 2)  // 300 s
/// schedule.delay(beforeAttempt: 6)  // nil: give up after 5 attempts
/// ```
public struct RetrySchedule: Sendable, Equatable {
    /// Seconds to wait before attempt 1, 2, …; attempts past the end reuse the last delay.
    public var delays: [TimeInterval]
    public var maxAttempts: Int

    public init(delays: [TimeInterval], maxAttempts: Int) {
        self.delays = delays
        self.maxAttempts = maxAttempts
    }

    /// 0, 5, 25, 75 and 375 minutes: five attempts spread over about eight hours, which outlasts
    /// a bucket hiccup or a night's outage without hammering anyone.
    public static let standard = RetrySchedule(delays: [0, 5, 25, 75, 375].map { $0 * 60 }, maxAttempts: 5)

    /// `attempts` attempts with no wait between them (tests).
    public static func immediate(attempts: Int) -> RetrySchedule {
        RetrySchedule(delays: [0], maxAttempts: attempts)
    }

    /// Seconds to wait before attempt `attempt` (1-based), or nil when there is no such attempt.
    public func delay(beforeAttempt attempt: Int) -> TimeInterval? {
        guard attempt >= 1, attempt <= maxAttempts else { return nil }
        guard let last = delays.last else { return 0 }
        return attempt <= delays.count ? delays[attempt - 1] : last
    }

    /// When attempt `failedAttempt + 1` is due after attempt `failedAttempt` failed at `date`, or
    /// nil when the attempts are used up.
    public func nextAttempt(after failedAttempt: Int, failedAt date: Date) -> Date? {
        delay(beforeAttempt: failedAttempt + 1).map { date.addingTimeInterval($0) }
    }
}
