import Foundation
import GRDB

/// One wantlist entry as stored, keyed by release id.
public struct WantValues: Sendable, Equatable, Encodable {
    public var releaseID: Int
    public var rating: Int
    public var dateAdded: String?
    public var notes: String

    public init(releaseID: Int, rating: Int, dateAdded: String?, notes: String) {
        self.releaseID = releaseID
        self.rating = rating
        self.dateAdded = dateAdded
        self.notes = notes
    }
}

public struct WantDiff: Sendable, Equatable {
    public var rating: Change<Int>?
    public var notes: Change<String>?
}

extension StoreTransaction {
    /// Inserts, updates, restores, or — when the content hash is unchanged — leaves the row alone.
    public func upsertWant(
        accountID: Int64, _ values: WantValues, sessionID: Int64?, now: Date
    ) throws
        -> RowWrite<WantDiff>
    {
        let hash = ContentHash.of(values)
        let existing = try row(
            "SELECT rating, notes, content_hash, is_active FROM wants WHERE account_id = ? AND release_id = ?",
            [accountID, values.releaseID])
        guard let existing else {
            try execute(
                """
                INSERT INTO wants (account_id, release_id, rating, date_added, added_at, notes, content_hash,
                    first_seen_session, changed_session)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    accountID, values.releaseID, values.rating, values.dateAdded,
                    values.dateAdded.flatMap(Timestamps.utc),
                    values.notes, hash, sessionID, sessionID,
                ])
            return .added
        }
        let wasActive: Bool = existing["is_active"]
        if wasActive, existing["content_hash"] == hash { return .unchanged }

        let diff = WantDiff(
            rating: Change(existing["rating"], values.rating), notes: Change(existing["notes"], values.notes))
        try execute(
            """
            UPDATE wants SET rating = ?, date_added = ?, added_at = ?, notes = ?, content_hash = ?,
                is_active = 1, removed_at = NULL, changed_session = ?
            WHERE account_id = ? AND release_id = ?
            """,
            [
                values.rating, values.dateAdded, values.dateAdded.flatMap(Timestamps.utc), values.notes, hash,
                sessionID,
                accountID, values.releaseID,
            ])
        return wasActive ? .changed(diff) : .restored(diff)
    }

    public func softDeleteWant(accountID: Int64, releaseID: Int, sessionID: Int64?, now: Date) throws {
        try execute(
            """
            UPDATE wants SET is_active = 0, removed_at = ?, changed_session = ?
            WHERE account_id = ? AND release_id = ? AND is_active = 1
            """,
            [now, sessionID, accountID, releaseID])
    }

    /// Active wants that the session has not seen in `scope`.
    public func unseenWants(accountID: Int64, sessionID: Int64, scope: String) throws -> [Int] {
        try values(
            Int.self,
            """
            SELECT release_id FROM wants w
            WHERE account_id = ? AND is_active = 1
              AND NOT EXISTS (SELECT 1 FROM sync_seen s
                              WHERE s.session_id = ? AND s.scope = ? AND s.key = w.release_id)
            ORDER BY release_id
            """,
            [accountID, sessionID, scope])
    }
}
