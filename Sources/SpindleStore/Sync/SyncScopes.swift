import Foundation
import GRDB

/// The walk of one listing in one session: the cursor a resumed sync continues from, and the
/// evidence for whether removals can be trusted.
public struct ScopeProgress: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Pages are still being fetched.
        case walking
        /// All pages are in; missing items are being checked one release at a time.
        case verifying
        /// Removals applied.
        case reconciled
        /// Removals not applied (a page failed for good); see `note`.
        case skipped
    }

    public var scope: String
    public var pages: Int?
    public var pagesCompleted: Int
    public var pagesFailed: Int
    public var itemsMin: Int?
    public var itemsMax: Int?
    public var state: State
    public var note: String?

    /// Every page answered (successfully or for good).
    public var isWalked: Bool { pages.map { pagesCompleted + pagesFailed >= $0 } ?? false }
    /// Every page reported the same total: nothing was added or removed while walking.
    public var wasStable: Bool { itemsMin != nil && itemsMin == itemsMax }
}

extension StoreTransaction {
    public func beginScope(sessionID: Int64, scope: String) throws {
        try execute("INSERT OR IGNORE INTO sync_scopes (session_id, scope) VALUES (?, ?)", [sessionID, scope])
    }

    /// Counts one page in, with the page count and item total it reported.
    public func recordScopePage(sessionID: Int64, scope: String, pages: Int, items: Int) throws {
        try execute(
            """
            UPDATE sync_scopes SET pages = max(coalesce(pages, 0), ?), pages_completed = pages_completed + 1,
                items_min = min(coalesce(items_min, ?), ?), items_max = max(coalesce(items_max, ?), ?)
            WHERE session_id = ? AND scope = ?
            """, [pages, items, items, items, items, sessionID, scope])
    }

    public func recordScopePageFailure(sessionID: Int64, scope: String) throws {
        try execute(
            "UPDATE sync_scopes SET pages_failed = pages_failed + 1 WHERE session_id = ? AND scope = ?",
            [sessionID, scope])
    }

    /// A failed page may be asked again when a session resumes; it no longer counts as failed.
    public func forgetScopeFailures(sessionID: Int64) throws {
        try execute(
            """
            UPDATE sync_scopes SET pages_failed = 0, state = 'walking', note = NULL
            WHERE session_id = ? AND (pages_failed > 0 OR state = 'skipped')
            """,
            [sessionID])
    }

    public func setScopeState(sessionID: Int64, scope: String, state: ScopeProgress.State, note: String? = nil) throws {
        try execute(
            "UPDATE sync_scopes SET state = ?, note = ? WHERE session_id = ? AND scope = ?",
            [state.rawValue, note, sessionID, scope])
    }

    public func scope(sessionID: Int64, scope: String) throws -> ScopeProgress? {
        try row(
            "SELECT * FROM sync_scopes WHERE session_id = ? AND scope = ?", [sessionID, scope]
        ).map(ScopeProgress.init(row:))
    }

    public func scopes(sessionID: Int64) throws -> [ScopeProgress] {
        try rows(
            "SELECT * FROM sync_scopes WHERE session_id = ? ORDER BY scope", [sessionID]
        )
        .map(ScopeProgress.init(row:))
    }
}

extension ScopeProgress {
    init(row: Row) {
        self.init(
            scope: row["scope"], pages: row["pages"], pagesCompleted: row["pages_completed"],
            pagesFailed: row["pages_failed"], itemsMin: row["items_min"], itemsMax: row["items_max"],
            state: State(rawValue: row["state"]) ?? .walking, note: row["note"])
    }
}
