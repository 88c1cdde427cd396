import Foundation
import GRDB

/// What a session syncs.
public enum SyncKind: String, Sendable, Codable, CaseIterable, Comparable {
    case collection, wantlist
    /// The seller's marketplace listings (the inventory export, one CSV however large).
    case inventory

    public static func < (lhs: SyncKind, rhs: SyncKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who performs the requests: spindle itself, a browser or CLI proxy, or nobody (CSV import).
public enum SessionMode: String, Sendable, Codable {
    case direct, proxy, csv
}

public enum SessionStatus: String, Sendable, Codable {
    case initiated
    case inProgress = "in_progress"
    case paused
    case completed
    case completedWithErrors = "completed_with_errors"
    case failed
    case cancelled

    public var isFinished: Bool { [.completed, .completedWithErrors, .failed, .cancelled].contains(self) }
}

/// The counters a session keeps; stored as JSON so new counters need no migration.
public enum SessionCounter: String, Sendable, CaseIterable, Codable {
    case itemsAdded = "items_added"
    case itemsRemoved = "items_removed"
    case itemsMoved = "items_moved"
    case itemsRatingChanged = "items_rating_changed"
    case itemsNotesChanged = "items_notes_changed"
    case itemsRestored = "items_restored"
    case itemsUnchanged = "items_unchanged"
    case wantsAdded = "wants_added"
    case wantsRemoved = "wants_removed"
    case wantsChanged = "wants_changed"
    case wantsRestored = "wants_restored"
    case wantsUnchanged = "wants_unchanged"
    case releasesFetched = "releases_fetched"
    case releasesUnchanged = "releases_unchanged"
    case releasesGone = "releases_gone"
    case releasesQueued = "releases_queued"
    /// Queued releases an imported dump held: no request needed.
    case releasesFromDump = "releases_from_dump"
    /// Enrichment lookups (masters) answered by the metadata cache, and those it sent to the API.
    case cacheHits = "cache_hits"
    case listingsAdded = "listings_added"
    case listingsUpdated = "listings_updated"
    case listingsUnchanged = "listings_unchanged"
    case listingsRemoved = "listings_removed"
    case listingsRestored = "listings_restored"
    case inventoryPolls = "inventory_polls"
    case cacheMisses = "cache_misses"
    case requestsSent = "requests_sent"
    case retries
    case rateLimitWaits = "rate_limit_waits"
    case rateLimitWaitMilliseconds = "rate_limit_wait_ms"
    case throttled = "throttled_429"
    case pagesFailed = "pages_failed"
}

public struct SessionStats: Codable, Sendable, Equatable {
    public var counters: [String: Int] = [:]
    /// Sentences for a person: why removals were skipped, which requests failed for good.
    public var notes: [String] = []

    public init() {}

    public subscript(counter: SessionCounter) -> Int {
        get { counters[counter.rawValue, default: 0] }
        set { counters[counter.rawValue] = newValue }
    }
}

public struct SyncSession: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64?
    public var kinds: [SyncKind]
    /// Folders chosen with `--folder`; empty means all (folder 0).
    public var folders: [Int]
    public var full: Bool
    public var mode: SessionMode
    public var status: SessionStatus
    public var phase: String?
    public var ownerPID: Int32?
    public var ownerHost: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var heartbeatAt: Date?
    public var finishedAt: Date?
    public var error: String?
    public var stats: SessionStats

    /// How long it ran, once it has finished.
    public var duration: TimeInterval? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt.timeIntervalSince(startedAt)
    }

    /// Whether another sync with these parameters would do the same job.
    public func matches(kinds: [SyncKind], folders: [Int], full: Bool) -> Bool {
        self.kinds == kinds.sorted() && self.folders == folders.sorted() && self.full == full
    }
}

extension StoreTransaction {
    public func createSession(
        kinds: [SyncKind], folders: [Int], full: Bool, mode: SessionMode, ownerPID: Int32?, ownerHost: String?,
        now: Date
    ) throws -> SyncSession {
        try execute(
            """
            INSERT INTO sync_sessions (kinds, folders_json, full, mode, status, owner_pid, owner_host, created_at,
                heartbeat_at)
            VALUES (?, ?, ?, ?, 'initiated', ?, ?, ?, ?)
            """,
            [
                kinds.sorted().map(\.rawValue).joined(separator: ","),
                folders.isEmpty ? nil : JSONColumn.text(folders.sorted()), full, mode.rawValue, ownerPID, ownerHost,
                now, now,
            ])
        return try session(id: db.lastInsertedRowID)!
    }

    public func session(id: Int64) throws -> SyncSession? {
        try row("SELECT * FROM sync_sessions WHERE id = ?", [id]).map(
            SyncSession.init(row:))
    }

    /// Sessions that have not finished (initiated, in progress or paused), oldest first.
    public func unfinishedSessions(mode: SessionMode? = nil) throws -> [SyncSession] {
        try rows(
            """
            SELECT * FROM sync_sessions WHERE status IN ('initiated', 'in_progress', 'paused')
              AND (? IS NULL OR mode = ?) ORDER BY id
            """,
            [mode?.rawValue, mode?.rawValue]
        ).map(SyncSession.init(row:))
    }

    public func recentSessions(limit: Int) throws -> [SyncSession] {
        try rows("SELECT * FROM sync_sessions ORDER BY id DESC LIMIT ?", [limit])
            .map(SyncSession.init(row:))
    }

    public func setSessionAccount(_ sessionID: Int64, accountID: Int64) throws {
        try execute("UPDATE sync_sessions SET account_id = ? WHERE id = ?", [accountID, sessionID])
    }

    /// Claims the session for this process and marks it running.
    public func startSession(_ sessionID: Int64, ownerPID: Int32?, ownerHost: String?, now: Date) throws {
        try execute(
            """
            UPDATE sync_sessions SET status = 'in_progress', owner_pid = ?, owner_host = ?,
                started_at = coalesce(started_at, ?), heartbeat_at = ?, finished_at = NULL
            WHERE id = ?
            """,
            [ownerPID, ownerHost, now, now, sessionID])
    }

    /// Records what the session is doing and that it is alive. Written when the phase changes,
    /// and otherwise at most every `heartbeatInterval` seconds, so a long, quiet phase (thousands
    /// of releases) still shows a live session and nothing is written per request for it.
    public func recordActivity(_ sessionID: Int64, phase: String, now: Date, heartbeatInterval: Double = 15) throws {
        try execute(
            """
            UPDATE sync_sessions SET phase = ?, heartbeat_at = ?
            WHERE id = ? AND (phase IS NOT ? OR heartbeat_at IS NULL OR heartbeat_at <= ?)
            """,
            [phase, now, sessionID, phase, now.addingTimeInterval(-heartbeatInterval)])
    }

    /// Stops a session so that it resumes where it was: requests in flight are asked again.
    public func pauseSession(_ sessionID: Int64, reason: String, now: Date) throws {
        try requeueInFlight(sessionID: sessionID)
        try finishSession(sessionID, status: .paused, error: reason, now: now)
    }

    /// Ends a session for good (completed, failed, cancelled): releases it had taken from the
    /// queue go back to it for the next sync.
    public func endSession(_ sessionID: Int64, status: SessionStatus, error: String?, now: Date) throws {
        try requeueRequestedReleases()
        try finishSession(sessionID, status: status, error: error, now: now)
    }

    /// Ends (or pauses) a session. Finished sessions drop their seen-sets: they are only needed
    /// while a walk can still resume.
    public func finishSession(_ sessionID: Int64, status: SessionStatus, error: String?, now: Date) throws {
        try execute(
            """
            UPDATE sync_sessions SET status = ?, error = ?, heartbeat_at = ?,
                finished_at = CASE WHEN ? THEN ? ELSE NULL END
            WHERE id = ?
            """,
            [status.rawValue, error, now, status.isFinished, now, sessionID])
        if status.isFinished {
            try execute("DELETE FROM sync_seen WHERE session_id = ?", [sessionID])
        }
    }

    /// Reads, changes and writes back the session's counters, inside the caller's transaction.
    public func updateStats(_ sessionID: Int64, _ change: (inout SessionStats) -> Void) throws {
        let text = try value(String.self, "SELECT stats_json FROM sync_sessions WHERE id = ?", [sessionID])
        var stats = JSONColumn.decode(SessionStats.self, text) ?? SessionStats()
        let before = stats
        change(&stats)
        guard stats != before else { return }
        try execute("UPDATE sync_sessions SET stats_json = ? WHERE id = ?", [JSONColumn.text(stats), sessionID])
    }
}

extension SyncSession {
    init(row: Row) {
        let kinds: String = row["kinds"]
        self.init(
            id: row["id"], accountID: row["account_id"],
            kinds: kinds.split(separator: ",").compactMap { SyncKind(rawValue: String($0)) },
            folders: JSONColumn.decode([Int].self, row["folders_json"]) ?? [], full: row["full"],
            mode: SessionMode(rawValue: row["mode"]) ?? .direct,
            status: SessionStatus(rawValue: row["status"]) ?? .failed, phase: row["phase"],
            ownerPID: row["owner_pid"], ownerHost: row["owner_host"], createdAt: row["created_at"],
            startedAt: row["started_at"], heartbeatAt: row["heartbeat_at"], finishedAt: row["finished_at"],
            error: row["error"], stats: JSONColumn.decode(SessionStats.self, row["stats_json"]) ?? SessionStats())
    }
}
