import Foundation

/// When `spindle serve` looks for a new month: every day at `HH:MM` UTC, or never (`off`).
public struct DumpSchedule: Sendable, Equatable {
    public let hour: Int
    public let minute: Int

    /// Parses `off` (nil) or `HH:MM`; throws on anything else.
    public static func parse(_ text: String) throws -> DumpSchedule? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "off" || trimmed.isEmpty { return nil }
        let parts = trimmed.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour),
            (0..<60).contains(minute)
        else {
            throw DumpLockError(message: "dumps.schedule must be \"off\" or a UTC time like \"04:30\", not \"\(text)\"")
        }
        return DumpSchedule(hour: hour, minute: minute)
    }

    /// The next time at or after `now` when the check runs.
    public func next(after now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var components = calendar.dateComponents([.year, .month, .day], from: now)
        components.hour = hour
        components.minute = minute
        let today = calendar.date(from: components)!
        return today > now ? today : calendar.date(byAdding: .day, value: 1, to: today)!
    }
}

/// Runs `check` once a day at the schedule's time, and earlier when a failed month's next
/// attempt (`nextRetry`) is due, until cancelled. One check at a time: a check still going
/// when the next is due delays it.
public struct DumpScheduler: Sendable {
    public let schedule: DumpSchedule
    public let check: @Sendable () async -> Void
    public let nextRetry: @Sendable () -> Date?
    public let now: @Sendable () -> Date

    public init(
        schedule: DumpSchedule, now: @escaping @Sendable () -> Date = Date.init,
        nextRetry: @escaping @Sendable () -> Date? = { nil }, check: @escaping @Sendable () async -> Void
    ) {
        self.schedule = schedule
        self.check = check
        self.nextRetry = nextRetry
        self.now = now
    }

    /// When the next check is due.
    public func nextCheck() -> Date {
        let daily = schedule.next(after: now())
        guard let retry = nextRetry(), retry < daily else { return daily }
        return retry
    }

    /// Starts the loop; cancel the task to stop it.
    public func start() -> Task<Void, Never> {
        Task.detached {
            while !Task.isCancelled {
                let wait = nextCheck().timeIntervalSince(now())
                do { try await Task.sleep(for: .seconds(max(wait, 0.001))) } catch { return }
                await check()
            }
        }
    }
}
