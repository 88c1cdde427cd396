import Foundation
import Testing

@testable import SpindleDumps

@Suite("Retry schedule and progress reports")
struct RetryScheduleTests {
    @Test("five attempts: at once, then after 5, 25, 75 and 375 minutes")
    func standard() {
        let schedule = RetrySchedule.standard
        #expect((0...6).map { schedule.delay(beforeAttempt: $0) } == [nil, 0, 300, 1500, 4500, 22500, nil])
        let failedAt = Date(timeIntervalSince1970: 1_000_000)
        #expect(schedule.nextAttempt(after: 1, failedAt: failedAt) == failedAt.addingTimeInterval(300))
        #expect(schedule.nextAttempt(after: 5, failedAt: failedAt) == nil)
    }

    @Test("a configured schedule reuses its last delay; tests use zeros")
    func configured() {
        let schedule = RetrySchedule(delays: [0, 10], maxAttempts: 4)
        #expect((1...5).map { schedule.delay(beforeAttempt: $0) } == [0, 10, 10, 10, nil])
        #expect((1...4).map { RetrySchedule.immediate(attempts: 3).delay(beforeAttempt: $0) } == [0, 0, 0, nil])
    }

    @Test("progress is reported at most once per interval, with the recent speed and the time left")
    func meter() throws {
        var meter = ProgressMeter(startBytes: 1_000, at: 100, interval: 0.5, window: 2)
        let report = meter.update(bytesDone: 2_000, totalBytes: 11_000, at: 100.5)
        let first = try #require(report)
        #expect(first.bytesPerSecond == 2_000)
        #expect(first.secondsRemaining == 4.5)
        #expect(first.fraction.map { abs($0 - 2.0 / 11) < 1e-9 } == true)
        #expect(meter.update(bytesDone: 2_500, totalBytes: 11_000, at: 100.9) == nil)
        // Four seconds at 1,000 B/s: the old, faster sample has left the window.
        var last: DownloadProgress?
        for (step, time) in [101.0, 102.0, 103.0, 104.0, 105.0].enumerated() {
            last = meter.update(bytesDone: 2_500 + Int64(step + 1) * 1_000, totalBytes: 11_000, at: time)
        }
        #expect(last?.bytesPerSecond == 1_000)
        #expect(last?.secondsRemaining == 3.5)
        let finalReport = meter.update(bytesDone: 11_000, totalBytes: 11_000, at: 105.1, force: true)
        let final = try #require(finalReport)
        #expect(final.secondsRemaining == 0)
    }
}
