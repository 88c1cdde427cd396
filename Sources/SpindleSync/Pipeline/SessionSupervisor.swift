import Foundation
import SpindleStore

/// Keeps the sessions a long-running server is responsible for honest: at start-up it settles
/// the ones a previous process left in progress, and then, periodically, pauses proxy sessions
/// whose client went away and fails sessions that stopped showing signs of life.
public struct SessionSupervisor: Sendable {
    let store: Store
    let settings: SyncSettings

    public init(store: Store, settings: SyncSettings) {
        self.store = store
        self.settings = settings
    }

    /// Sessions left `in_progress` by a process that is gone: a proxy session is paused (its
    /// client resumes it by polling), a direct one failed (its executor died with the process).
    /// A direct sync another live process runs (`spindle sync`) is left alone.
    public func recoverAtStartup(owner: ProcessIdentity = .current, now: Date) throws(StoreError) -> [String] {
        try store.write { tx in
            var notes: [String] = []
            for session in try tx.unfinishedSessions() where session.status == .inProgress {
                switch session.mode {
                case .proxy:
                    try tx.pauseSession(session.id, reason: "the server restarted", now: now)
                    notes.append("session \(session.id) (proxy) paused: the server restarted")
                case .direct, .csv:
                    let ownedHere = session.ownerPID == owner.pid && session.ownerHost == owner.host
                    guard !ownedHere, !owner.isAlive(session) else { continue }
                    try tx.endSession(
                        session.id, status: .failed, error: "orphaned: the process running it is gone", now: now)
                    notes.append("session \(session.id) (direct) failed: the process running it is gone")
                }
            }
            return notes
        }
    }

    /// One round of supervision. `runningHere` are the sessions this process drives itself:
    /// they are alive as long as it is.
    public func sweep(runningHere: Set<Int64> = [], now: Date) throws(StoreError) -> [String] {
        try store.write { tx in
            var notes: [String] = []
            for session in try tx.unfinishedSessions()
            where session.status == .inProgress && !runningHere.contains(session.id) {
                let silentFor = now.timeIntervalSince(session.heartbeatAt ?? session.createdAt)
                if session.mode == .proxy, silentFor >= settings.proxyIdleSeconds {
                    let reason = "no client for \(Self.minutes(silentFor)); the next poll resumes it"
                    try tx.pauseSession(session.id, reason: reason, now: now)
                    notes.append("session \(session.id) paused: \(reason)")
                } else if session.mode != .proxy, silentFor >= settings.sessionTimeoutSeconds,
                    !ProcessIdentity.current.isAlive(session)
                {
                    let reason = "timed out: no sign of life for \(Self.minutes(silentFor))"
                    try tx.endSession(session.id, status: .failed, error: reason, now: now)
                    notes.append("session \(session.id) failed: \(reason)")
                }
            }
            return notes
        }
    }

    static func minutes(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }
}
