import Foundation
import GRDB

/// One copy of a release as stored: the values a sync compares, keyed by instance id.
public struct ItemValues: Sendable, Equatable, Encodable {
    public var instanceID: Int
    public var releaseID: Int
    public var folderID: Int
    public var rating: Int
    /// As Discogs sent it, offset included.
    public var dateAdded: String?
    /// field id → value; empty values are left out, as Discogs does.
    public var notes: [Int: String]

    public init(instanceID: Int, releaseID: Int, folderID: Int, rating: Int, dateAdded: String?, notes: [Int: String]) {
        self.instanceID = instanceID
        self.releaseID = releaseID
        self.folderID = folderID
        self.rating = rating
        self.dateAdded = dateAdded
        self.notes = notes.filter { !$0.value.isEmpty }
    }
}

/// How a copy arrived in the listing it was read from: a hash of its bytes and of that listing,
/// and the summary hash of its release as it gave it. The same bytes again mean the same item.
public struct ListingFingerprint: Sendable, Equatable {
    public var listing: String
    public var summary: String

    public init(listing: String, summary: String) {
        self.listing = listing
        self.summary = summary
    }
}

/// The fields of an item that changed in one upsert.
public struct ItemDiff: Sendable, Equatable {
    public var folder: Change<Int>?
    public var rating: Change<Int>?
    public var notes: Change<[Int: String]>?
    public var release: Change<Int>?
}

/// Enough of an item to reconcile it.
public struct ItemRef: Sendable, Equatable, Hashable {
    public var instanceID: Int
    public var releaseID: Int
    public var folderID: Int
}

extension StoreTransaction {
    /// Inserts, updates, restores, or — when the content hash is unchanged — leaves the row alone.
    /// `fingerprint` is how the item arrived in its listing (see `listingFingerprints`), stored
    /// with the row.
    public func upsertItem(
        accountID: Int64, _ values: ItemValues, source: RowSource, sessionID: Int64?, now: Date,
        fingerprint: ListingFingerprint? = nil
    ) throws -> RowWrite<ItemDiff> {
        let hash = ContentHash.of(values)
        let existing = try row(
            """
            SELECT release_id, folder_id, rating, notes_json, content_hash, is_active, listing_hash, summary_hash
            FROM collection_items WHERE account_id = ? AND instance_id = ?
            """,
            [accountID, values.instanceID])
        guard let existing else {
            try execute(
                """
                INSERT INTO collection_items (account_id, instance_id, release_id, folder_id, rating,
                    date_added, added_at, notes_json, content_hash, source, first_seen_session, changed_session,
                    listing_hash, summary_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    accountID, values.instanceID, values.releaseID, values.folderID, values.rating,
                    values.dateAdded, values.dateAdded.flatMap(Timestamps.utc), JSONColumn.text(values.notes), hash,
                    source.rawValue, sessionID, sessionID, fingerprint?.listing, fingerprint?.summary,
                ])
            return .added
        }
        let wasActive: Bool = existing["is_active"]
        if wasActive, existing["content_hash"] == hash {
            if let fingerprint,
                existing["listing_hash"] != fingerprint.listing
                    || existing["summary_hash"] != fingerprint.summary
            {
                // The same values, sent differently (a summary or image changed): remember how.
                try execute(
                    "UPDATE collection_items SET listing_hash = ?, summary_hash = ? WHERE account_id = ? AND instance_id = ?",
                    [fingerprint.listing, fingerprint.summary, accountID, values.instanceID])
            }
            return .unchanged
        }

        let oldNotes = JSONColumn.decode([Int: String].self, existing["notes_json"]) ?? [:]
        let diff = ItemDiff(
            folder: Change(existing["folder_id"], values.folderID),
            rating: Change(existing["rating"], values.rating),
            notes: Change(oldNotes, values.notes),
            release: Change(existing["release_id"], values.releaseID))
        try execute(
            """
            UPDATE collection_items SET release_id = ?, folder_id = ?, rating = ?, date_added = ?, added_at = ?,
                notes_json = ?, content_hash = ?, source = ?, is_active = 1, removed_at = NULL, changed_session = ?,
                listing_hash = ?, summary_hash = ?
            WHERE account_id = ? AND instance_id = ?
            """,
            [
                values.releaseID, values.folderID, values.rating, values.dateAdded,
                values.dateAdded.flatMap(Timestamps.utc), JSONColumn.text(values.notes), hash, source.rawValue,
                sessionID, fingerprint?.listing, fingerprint?.summary,
                accountID, values.instanceID,
            ])
        return wasActive ? .changed(diff) : .restored(diff)
    }

    /// What the last sync saw of these items: listing hash, summary hash, and whether each is
    /// still in the collection.
    public func listingFingerprints(
        accountID: Int64, instanceIDs: [Int]
    ) throws -> [Int: (listing: String?, summary: String?, isActive: Bool)] {
        var result: [Int: (listing: String?, summary: String?, isActive: Bool)] = [:]
        for row in try rows(
            """
            SELECT instance_id, listing_hash, summary_hash, is_active FROM collection_items
            WHERE account_id = ? AND instance_id IN (SELECT value FROM json_each(?))
            """, [accountID, JSONColumn.ids(instanceIDs)])
        {
            result[row["instance_id"]] = (row["listing_hash"], row["summary_hash"], row["is_active"])
        }
        return result
    }

    /// Marks an item removed; it stays in the table with `removed_at`.
    public func softDeleteItem(accountID: Int64, instanceID: Int, sessionID: Int64?, now: Date) throws {
        try execute(
            """
            UPDATE collection_items SET is_active = 0, removed_at = ?, changed_session = ?
            WHERE account_id = ? AND instance_id = ? AND is_active = 1
            """,
            [now, sessionID, accountID, instanceID])
    }

    public func item(accountID: Int64, instanceID: Int) throws -> (values: ItemValues, isActive: Bool)? {
        try row(
            """
            SELECT instance_id, release_id, folder_id, rating, date_added, notes_json, is_active
            FROM collection_items WHERE account_id = ? AND instance_id = ?
            """,
            [accountID, instanceID]
        ).map { (ItemValues(row: $0), $0["is_active"]) }
    }

    /// Active items of the account, or of one folder, that the session has not seen in `scope`.
    public func unseenItems(accountID: Int64, sessionID: Int64, scope: String, folderID: Int?) throws -> [ItemRef] {
        try rows(
            """
            SELECT instance_id, release_id, folder_id FROM collection_items i
            WHERE account_id = ? AND is_active = 1 AND (? IS NULL OR folder_id = ?)
              AND NOT EXISTS (SELECT 1 FROM sync_seen s
                              WHERE s.session_id = ? AND s.scope = ? AND s.key = i.instance_id)
            ORDER BY instance_id
            """,
            [accountID, folderID, folderID, sessionID, scope]
        ).map { ItemRef(instanceID: $0["instance_id"], releaseID: $0["release_id"], folderID: $0["folder_id"]) }
    }

    /// Active items (all copies) of one release.
    public func activeItems(accountID: Int64, releaseID: Int) throws -> [ItemRef] {
        try rows(
            """
            SELECT instance_id, release_id, folder_id FROM collection_items
            WHERE account_id = ? AND release_id = ? AND is_active = 1 ORDER BY instance_id
            """,
            [accountID, releaseID]
        ).map { ItemRef(instanceID: $0["instance_id"], releaseID: $0["release_id"], folderID: $0["folder_id"]) }
    }

    /// Active items that came from a CSV import (synthetic instance ids), for reconciling re-imports.
    public func activeItemIDs(accountID: Int64, source: RowSource) throws -> [Int] {
        try values(
            Int.self, "SELECT instance_id FROM collection_items WHERE account_id = ? AND source = ? AND is_active = 1",
            [accountID, source.rawValue])
    }

    public func activeItemCount(accountID: Int64) throws -> Int {
        try value(
            Int.self, "SELECT count(*) FROM collection_items WHERE account_id = ? AND is_active = 1",
            [accountID]) ?? 0
    }

    /// Records that `keys` were listed in `scope` during the session (the removal check's input).
    public func markSeen(sessionID: Int64, scope: String, keys: [Int]) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO sync_seen (session_id, scope, key) VALUES (?, ?, ?)")
        for key in keys { try insert.execute(arguments: [sessionID, scope, key]) }
    }

    public func seenCount(sessionID: Int64, scope: String) throws -> Int {
        try value(
            Int.self, "SELECT count(*) FROM sync_seen WHERE session_id = ? AND scope = ?",
            [sessionID, scope]) ?? 0
    }
}

extension ItemValues {
    init(row: Row) {
        self.init(
            instanceID: row["instance_id"], releaseID: row["release_id"], folderID: row["folder_id"],
            rating: row["rating"], dateAdded: row["date_added"],
            notes: JSONColumn.decode([Int: String].self, row["notes_json"]) ?? [:])
    }
}
