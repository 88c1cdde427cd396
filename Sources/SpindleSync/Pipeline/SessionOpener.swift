import Foundation
import SpindleStore

/// Finds the session a `spindle sync` should run: the interrupted one with the same parameters
/// (resumed from its stored queue and cursors), or a new one. Sessions whose process died long
/// ago are failed; a session still running in another live process is refused.
public struct SessionOpener: Sendable {
    let store: Store
    let settings: SyncSettings
    let planner: Planner

    public init(store: Store, settings: SyncSettings) {
        self.store = store
        self.settings = settings
        self.planner = Planner(settings: settings)
    }

    public struct Opened: Sendable {
        public var session: SyncSession
        public var resumed: Bool
        /// What happened to other unfinished sessions, for the user to read.
        public var notes: [String]
    }

    public func open(
        _ request: SyncRequest, mode: SessionMode, owner: ProcessIdentity = .current, now: Date
    ) throws(SyncError) -> Opened {
        do {
            return try store.write { tx in
                var notes: [String] = []
                var resumable: SyncSession?
                for session in try tx.unfinishedSessions() {
                    let silentFor = now.timeIntervalSince(session.heartbeatAt ?? session.createdAt)
                    if isRunning(session, owner: owner, now: now), session.overlaps(request.kinds) {
                        throw SyncError.alreadyRunning(sessionID: session.id, pid: session.ownerPID)
                    }
                    if silentFor >= settings.sessionTimeoutSeconds {
                        let reason =
                            "orphaned: no sign of life for \(Int(silentFor / 60)) min (timeout \(Int(settings.sessionTimeoutSeconds / 60)) min)"
                        try tx.finishSession(session.id, status: .failed, error: reason, now: now)
                        notes.append("session \(session.id) marked failed (\(reason))")
                    } else if session.mode == mode, resumable == nil,
                        session.matches(kinds: request.kinds, folders: request.folders, full: request.full)
                    {
                        resumable = session
                    } else if session.mode == mode {
                        let reason = "superseded by a sync with other options"
                        try tx.finishSession(session.id, status: .cancelled, error: reason, now: now)
                        notes.append("session \(session.id) cancelled (\(reason))")
                    }
                }
                // Releases left half-way by any earlier session go back to the queue.
                try tx.requeueRequestedReleases()
                try tx.requeueFailedReleases()

                if let session = resumable {
                    let inFlight = try tx.requeueInFlight(sessionID: session.id)
                    try tx.requeueFailed(sessionID: session.id)
                    try tx.forgetScopeFailures(sessionID: session.id)
                    try tx.startSession(session.id, ownerPID: owner.pid, ownerHost: owner.host, now: now)
                    notes.append(
                        "resuming session \(session.id)"
                            + (inFlight > 0 ? " (\(inFlight) request(s) in flight are asked again)" : ""))
                    return Opened(session: try tx.session(id: session.id)!, resumed: true, notes: notes)
                }
                let session = try tx.createSession(
                    kinds: request.kinds, folders: request.folders, full: request.full, mode: mode, ownerPID: owner.pid,
                    ownerHost: owner.host, now: now)
                try planner.planStart(session: session, in: tx, now: now)
                try tx.startSession(session.id, ownerPID: owner.pid, ownerHost: owner.host, now: now)
                return Opened(session: try tx.session(id: session.id)!, resumed: false, notes: notes)
            }
        } catch {
            if case .caller(let inner) = error, let syncError = inner as? SyncError { throw syncError }
            throw .store(error)
        }
    }
}

extension SessionOpener {
    /// Whether someone is driving the session right now: another live spindle process (direct),
    /// or a client that polled recently (proxy). Sessions this process runs itself are its own
    /// business (`spindle serve` keeps track of those).
    public func isRunning(_ session: SyncSession, owner: ProcessIdentity = .current, now: Date) -> Bool {
        guard session.status == .inProgress else { return false }
        let silentFor = now.timeIntervalSince(session.heartbeatAt ?? session.createdAt)
        switch session.mode {
        case .direct, .csv: return owner.isAlive(session) && silentFor < settings.sessionTimeoutSeconds
        case .proxy: return silentFor < settings.proxyIdleSeconds
        }
    }
}

extension SessionOpener {
    /// A sync of the same listings someone drives right now, other than `excluded`: while there is
    /// one, another may neither start nor resume. `runningHere` are sessions this process drives.
    public func runningOverlap(
        with kinds: [SyncKind], excluding excluded: Int64? = nil, runningHere: Set<Int64> = [], now: Date
    ) throws(StoreError) -> SyncSession? {
        try store.read { try $0.unfinishedSessions() }.first { session in
            session.id != excluded && session.overlaps(kinds)
                && (runningHere.contains(session.id) || isRunning(session, now: now))
        }
    }
}

extension SyncSession {
    /// Whether the two syncs would walk the same listings.
    public func overlaps(_ kinds: [SyncKind]) -> Bool { !Set(self.kinds).isDisjoint(with: kinds) }
}

/// This process, as recorded on the sessions it runs; used to tell a live owner from a dead one.
public struct ProcessIdentity: Sendable, Equatable {
    public var pid: Int32
    public var host: String

    public init(pid: Int32, host: String) {
        self.pid = pid
        self.host = host
    }

    public static var current: ProcessIdentity {
        ProcessIdentity(pid: ProcessInfo.processInfo.processIdentifier, host: ProcessInfo.processInfo.hostName)
    }

    /// Whether the session's owner is another spindle process that still runs on this host. A
    /// killed process can linger as a zombie (where nothing reaps orphans, as in many containers)
    /// and a pid can be reused, so /proc is asked rather than trusting `kill(pid, 0)` alone.
    func isAlive(_ session: SyncSession) -> Bool {
        guard let pid = session.ownerPID, pid != self.pid, session.ownerHost == host else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return true  // no /proc (not Linux): trust kill()
        }
        // "pid (comm) state …": the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        if state == "Z" || state == "X" { return false }
        let command = stat[stat.index(after: stat.firstIndex(of: "(") ?? stat.startIndex)..<close]
        return command.contains("spindle")
    }
}
