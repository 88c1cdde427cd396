import Foundation
import GRDB

/// Copies the write-ahead log back into the database file from a thread of its own while a
/// dump loads. Left to the loader, each automatic checkpoint stopped the writer for its fsync
/// (a quarter of the wall time of a 20,000-release import was spent waiting on them); here the
/// writer only appends to the log, and the log is kept from growing past `thresholdBytes`.
final class WALCheckpointer: @unchecked Sendable {
    // @unchecked Sendable: `stopped` is guarded by `condition`; the queue is used by the thread only.
    private let queue: DatabaseQueue
    private let walPath: String
    private let thresholdBytes: Int64
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false

    init(path: String, thresholdBytes: Int64 = 8 << 20) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        walPath = path + "-wal"
        self.thresholdBytes = thresholdBytes
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "spindle-wal-checkpoint"
        thread.start()
    }

    /// Stops the thread and waits for a checkpoint in progress to end.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while !stopped {
            _ = condition.wait(until: Date().addingTimeInterval(0.2))
            guard !stopped else { break }
            condition.unlock()
            if walSize() > thresholdBytes {
                // PASSIVE: copies what no reader needs, never waits for the writer.
                _ = try? queue.writeWithoutTransaction { try $0.checkpoint(.passive) }
            }
            condition.lock()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func walSize() -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: walPath))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
