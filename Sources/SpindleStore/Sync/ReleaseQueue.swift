import Foundation
import GRDB

/// Why a release was queued for its full data.
public enum QueueReason: String, Sendable {
    /// Never stored completely.
    case unknown
    /// Stored longer ago than `release_ttl_days`.
    case stale
    /// The summary on a page differs from the one it was fetched under.
    case changed
    /// `spindle sync --full`.
    case full
}

extension StoreTransaction {
    /// Queues the release unless it is queued already. A release that failed or was gone is
    /// queued again. Returns whether it was newly queued.
    @discardableResult
    public func enqueueRelease(
        _ releaseID: Int, reason: QueueReason, basicHash: String?, sessionID: Int64?, now: Date
    ) throws -> Bool {
        try execute(
            """
            INSERT INTO release_queue (release_id, reason, queued_at, queued_by_session, basic_hash)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (release_id) DO UPDATE SET
                status = 'queued', reason = excluded.reason, queued_at = excluded.queued_at,
                queued_by_session = excluded.queued_by_session,
                basic_hash = coalesce(excluded.basic_hash, basic_hash), attempts = 0
            WHERE status IN ('failed', 'gone')
            """, [releaseID, reason.rawValue, now, sessionID, basicHash])
        return db.changesCount > 0
    }

    /// Takes queued releases off the queue that an imported dump now holds completely, so no
    /// request is spent on them: any release queued as unknown or stale, and a changed one when
    /// the dump is at least as recent as the change. `--full` asked for the API's data: kept.
    /// The summary hash each was queued with becomes its baseline. Returns how many were taken.
    public func resolveQueuedReleasesFromDumps() throws -> Int {
        let resolvable = """
            SELECT q.release_id FROM release_queue q JOIN releases r ON r.id = q.release_id
            WHERE q.status = 'queued' AND r.source = 'dump'
              AND (q.reason IN ('unknown', 'stale') OR (q.reason = 'changed' AND r.fetched_at >= q.queued_at))
            """
        try execute(
            """
            UPDATE releases SET basic_hash = coalesce(
                (SELECT q.basic_hash FROM release_queue q WHERE q.release_id = releases.id), basic_hash)
            WHERE id IN (\(resolvable))
            """)
        try execute("DELETE FROM release_queue WHERE release_id IN (\(resolvable))")
        return db.changesCount
    }

    /// Takes up to `limit` queued releases and marks them requested, oldest first.
    public func takeQueuedReleases(limit: Int) throws -> [Int] {
        let ids = try values(
            Int.self,
            "SELECT release_id FROM release_queue WHERE status = 'queued' ORDER BY queued_at, release_id LIMIT ?",
            [limit])
        let mark = try db.cachedStatement(sql: "UPDATE release_queue SET status = 'requested' WHERE release_id = ?")
        for id in ids { try mark.execute(arguments: [id]) }
        return ids
    }

    /// Requested releases go back to `queued` (their session ended before asking for them).
    public func requeueRequestedReleases() throws {
        try execute("UPDATE release_queue SET status = 'queued' WHERE status = 'requested'")
    }

    /// Releases that failed in an earlier session get another chance.
    public func requeueFailedReleases() throws {
        try execute("UPDATE release_queue SET status = 'queued', attempts = 0 WHERE status = 'failed'")
    }

    /// Removes the release from the queue after it was stored; returns the summary hash it was queued with.
    @discardableResult
    public func finishQueuedRelease(_ releaseID: Int) throws -> String? {
        let hash = try value(String.self, "SELECT basic_hash FROM release_queue WHERE release_id = ?", [releaseID])
        try execute("DELETE FROM release_queue WHERE release_id = ?", [releaseID])
        return hash
    }

    /// Keeps a release that could not be fetched in the queue: `gone` (404) is not asked again
    /// until its summary changes; `failed` is asked again by the next sync.
    public func failQueuedRelease(_ releaseID: Int, gone: Bool, error: String) throws {
        try execute(
            "UPDATE release_queue SET status = ?, attempts = attempts + 1, last_error = ? WHERE release_id = ?",
            [gone ? "gone" : "failed", error, releaseID])
    }

    public func isReleaseGone(_ releaseID: Int) throws -> Bool {
        try value(Bool.self, "SELECT status = 'gone' FROM release_queue WHERE release_id = ?", [releaseID]) ?? false
    }

    /// The queue status (queued, requested, failed, gone) of each of these releases that is in
    /// the queue, in one query.
    public func queueStatuses(releaseIDs: [Int]) throws -> [Int: String] {
        var result: [Int: String] = [:]
        for row in try rows(
            "SELECT release_id, status FROM release_queue WHERE release_id IN (SELECT value FROM json_each(?))",
            [JSONColumn.ids(releaseIDs)])
        {
            result[row["release_id"]] = row["status"]
        }
        return result
    }

    /// Queued releases not yet turned into requests.
    public func queuedReleaseCount() throws -> Int {
        try value(Int.self, "SELECT count(*) FROM release_queue WHERE status = 'queued'") ?? 0
    }
}
