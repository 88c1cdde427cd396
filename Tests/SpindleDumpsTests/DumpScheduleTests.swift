import Foundation
import Synchronization
import Testing

@testable import SpindleDumps

@Suite struct DumpScheduleTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func date(_ day: Int, _ hour: Int, _ minute: Int) -> Date {
        utc.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour, minute: minute))!
    }

    @Test func parsesOffAndTimes() throws {
        #expect(try DumpSchedule.parse("off") == nil)
        #expect(try DumpSchedule.parse("04:30") == DumpSchedule(hour: 4, minute: 30))
        #expect(throws: (any Error).self) { try DumpSchedule.parse("25:00") }
        #expect(throws: (any Error).self) { try DumpSchedule.parse("daily") }
    }

    @Test func nextIsTodayOrTomorrow() throws {
        let schedule = try #require(try DumpSchedule.parse("04:30"))
        #expect(schedule.next(after: Self.date(21, 3, 0)) == Self.date(21, 4, 30))
        #expect(schedule.next(after: Self.date(21, 4, 30)) == Self.date(22, 4, 30))
        #expect(schedule.next(after: Self.date(21, 23, 59)) == Self.date(22, 4, 30))
    }

    @Test func aDueRetryComesBeforeTheDailyCheck() throws {
        let schedule = try #require(try DumpSchedule.parse("04:30"))
        let retry = Self.date(21, 10, 5)
        let scheduler = DumpScheduler(
            schedule: schedule, now: { Self.date(21, 10, 0) }, nextRetry: { retry }, check: {})
        #expect(scheduler.nextCheck() == retry)
        let later = DumpScheduler(
            schedule: schedule, now: { Self.date(21, 10, 0) }, nextRetry: { Self.date(23, 0, 0) }, check: {})
        #expect(later.nextCheck() == Self.date(22, 4, 30))
    }

    @Test func runsTheCheckWhenDueAndStopsWhenCancelled() async throws {
        let schedule = try #require(try DumpSchedule.parse("04:30"))
        let checks = Atomic<Int>(0)
        // Always a hair before 04:30: every wait is a millisecond.
        let scheduler = DumpScheduler(schedule: schedule, now: { Self.date(21, 4, 30).addingTimeInterval(-0.001) }) {
            checks.add(1, ordering: .relaxed)
        }
        let task = scheduler.start()
        for _ in 0..<500 where checks.load(ordering: .relaxed) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        await task.value
        #expect(checks.load(ordering: .relaxed) >= 3)
    }
}
