import Foundation
import Logging
import Synchronization

/// Rebuilds the site: `spindle serve` is given one that runs the incremental site build.
public protocol SiteRebuilder: Sendable {
    /// Builds and publishes; returns a one-line summary for the log.
    func rebuild() async throws -> String
}

/// Runs site rebuilds in the background, one at a time: a sync that finishes while a build runs
/// gets the next build, and several such syncs share it. Remembers enough to tell a status page
/// whether a sync's pages are live yet.
public final class SiteRebuilds: Sendable {
    public enum State: Sendable, Equatable {
        case off
        case waiting
        case building
        case live(at: Date)
        case failed(String)
    }

    private struct Record {
        var running = false
        var pending = false
        /// When the build running (or the last one) started.
        var startedAt: Date?
        var lastSuccess: (startedAt: Date, finishedAt: Date)?
        var lastFailure: (startedAt: Date, error: String)?
    }

    private let rebuilder: (any SiteRebuilder)?
    private let record = Mutex(Record())
    private let logger: Logger

    public init(rebuilder: (any SiteRebuilder)?, logger: Logger) {
        self.rebuilder = rebuilder
        self.logger = logger
    }

    /// Asks for a build that starts after now.
    public func request() {
        guard rebuilder != nil else { return }
        let start = record.withLock { record -> Bool in
            if record.running {
                record.pending = true
                return false
            }
            record.running = true
            record.startedAt = Date()
            return true
        }
        if start { Task.detached { await self.runBuilds() } }
    }

    private func runBuilds() async {
        guard let rebuilder else { return }
        while true {
            let startedAt = record.withLock { $0.startedAt ?? Date() }
            do {
                let summary = try await rebuilder.rebuild()
                logger.info("site rebuilt: \(summary)")
                record.withLock { $0.lastSuccess = (startedAt, Date()) }
            } catch {
                logger.error("site rebuild failed: \(error)")
                record.withLock { $0.lastFailure = (startedAt, "\(error)") }
            }
            let again = record.withLock { record -> Bool in
                guard record.pending else {
                    record.running = false
                    return false
                }
                record.pending = false
                record.startedAt = Date()
                return true
            }
            if !again { return }
        }
    }

    /// What became of the pages of a sync that finished at `finishedAt` (nil: not finished).
    public func state(forSyncFinishedAt finishedAt: Date?) -> State {
        guard rebuilder != nil else { return .off }
        guard let finishedAt else { return .waiting }
        return record.withLock { record in
            if let success = record.lastSuccess, success.startedAt >= finishedAt {
                return .live(at: success.finishedAt)
            }
            if let failure = record.lastFailure, failure.startedAt >= finishedAt { return .failed(failure.error) }
            return record.running || record.pending ? .building : .waiting
        }
    }
}
