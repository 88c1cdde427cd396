import Foundation
import GRDB

/// One listing as a snapshot of the inventory gives it (the export CSV or a page of the API).
public struct InventoryListing: Sendable, Equatable, Codable {
    public var listingID: Int
    public var releaseID: Int?
    public var status: String
    public var price: Double?
    public var currency: String?
    public var condition: String?
    public var sleeveCondition: String?
    public var comments: String?
    public var location: String?
    public var quantity: Int?
    public var weight: Int?
    public var formatQuantity: Int?
    public var externalID: String?
    public var acceptOffer: Bool?
    /// `2026-08-25 07:04:22` (export) or `2026-08-25T07:04:22-07:00` (API).
    public var posted: String?
    public var postedAt: Date?
    public var artist: String?
    public var title: String?
    public var label: String?
    public var catno: String?
    public var format: String?

    public init(listingID: Int, status: String) {
        self.listingID = listingID
        self.status = status
    }

    /// The fingerprint of what matters about a listing: a listing whose hash is unchanged is not
    /// written at all. Display fields and `posted` are left out (they follow the release).
    public var contentHash: String {
        let parts: [String] = [
            price.map { String(format: "%.2f", $0) } ?? "", currency ?? "", condition ?? "", sleeveCondition ?? "",
            status, quantity.map(String.init) ?? "", comments ?? "", location ?? "", releaseID.map(String.init) ?? "",
        ]
        return ContentHash.of(parts: parts.map { Data(($0 + "\u{1F}").utf8) })
    }
}

/// What applying a snapshot did, for the sync's statistics.
public struct InventoryChanges: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var removed = 0
    public var restored = 0

    public init() {}

    /// Rows written (unchanged listings are not).
    public var writes: Int { added + updated + removed + restored }
}

/// A stored listing, for exports and pages.
public struct StoredListing: Sendable, Equatable {
    public var listing: InventoryListing
    public var isActive: Bool
    public var removedAt: Date?
}

extension StoredListing {
    /// A `listings` row (`SELECT *`).
    init(row: Row) {
        var listing = InventoryListing(listingID: row["listing_id"], status: row["status"])
        listing.releaseID = row["release_id"]
        listing.price = row["price"]
        listing.currency = row["currency"]
        listing.condition = row["condition"]
        listing.sleeveCondition = row["sleeve_condition"]
        listing.comments = row["comments"]
        listing.location = row["location"]
        listing.quantity = row["quantity"]
        listing.weight = row["weight"]
        listing.formatQuantity = row["format_quantity"]
        listing.externalID = row["external_id"]
        listing.acceptOffer = row["accept_offer"]
        listing.posted = row["posted"]
        listing.postedAt = row["posted_at"]
        listing.artist = row["artist"]
        listing.title = row["title"]
        listing.label = row["label"]
        listing.catno = row["catno"]
        listing.format = row["format"]
        self.init(listing: listing, isActive: row["is_active"], removedAt: row["removed_at"])
    }
}

extension StoreTransaction {
    /// Applies a complete snapshot of the account's inventory: new listings are inserted,
    /// changed ones updated, unchanged ones not touched, listings missing from the snapshot
    /// soft-deleted, and listings that come back restored. All in the caller's transaction, with
    /// prepared statements.
    public func applyInventorySnapshot(
        accountID: Int64, _ listings: [InventoryListing], sessionID: Int64?, now: Date
    ) throws -> InventoryChanges {
        var stored: [Int: (hash: String, active: Bool)] = [:]
        for row in try rows(
            "SELECT listing_id, content_hash, is_active FROM listings WHERE account_id = ?", [accountID])
        {
            stored[row["listing_id"]] = (row["content_hash"], row["is_active"])
        }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO listings (account_id, listing_id, release_id, status, price, currency, condition,
                    sleeve_condition, comments, location, quantity, weight, format_quantity, external_id, accept_offer,
                    posted, posted_at, artist, title, label, catno, format, content_hash, is_active, removed_at,
                    first_seen_session, changed_session)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, ?, ?)
                ON CONFLICT (account_id, listing_id) DO UPDATE SET
                    release_id = excluded.release_id, status = excluded.status, price = excluded.price,
                    currency = excluded.currency, condition = excluded.condition,
                    sleeve_condition = excluded.sleeve_condition, comments = excluded.comments,
                    location = excluded.location, quantity = excluded.quantity, weight = excluded.weight,
                    format_quantity = excluded.format_quantity, external_id = excluded.external_id,
                    accept_offer = excluded.accept_offer, posted = excluded.posted, posted_at = excluded.posted_at,
                    artist = excluded.artist, title = excluded.title, label = excluded.label, catno = excluded.catno,
                    format = excluded.format, content_hash = excluded.content_hash, is_active = 1, removed_at = NULL,
                    changed_session = excluded.changed_session
                """)
        var changes = InventoryChanges()
        var seen = Set<Int>()
        for listing in listings {
            guard seen.insert(listing.listingID).inserted else { continue }
            let hash = listing.contentHash
            let old = stored[listing.listingID]
            if let old, old.hash == hash, old.active {
                changes.unchanged += 1
                continue
            }
            if let old {
                if !old.active { changes.restored += 1 } else { changes.updated += 1 }
            } else {
                changes.added += 1
            }
            try upsert.execute(arguments: [
                accountID, listing.listingID, listing.releaseID, listing.status, listing.price, listing.currency,
                listing.condition, listing.sleeveCondition, listing.comments, listing.location, listing.quantity,
                listing.weight, listing.formatQuantity, listing.externalID, listing.acceptOffer, listing.posted,
                listing.postedAt, listing.artist, listing.title, listing.label, listing.catno, listing.format, hash,
                sessionID, sessionID,
            ])
        }
        let remove = try db.cachedStatement(
            sql: """
                UPDATE listings SET is_active = 0, removed_at = ?, changed_session = ?
                WHERE account_id = ? AND listing_id = ?
                """)
        for (id, old) in stored where old.active && !seen.contains(id) {
            try remove.execute(arguments: [now, sessionID, accountID, id])
            changes.removed += 1
        }
        return changes
    }

    /// The account's listings, active ones only unless `includeRemoved`, newest first.
    public func listings(accountID: Int64, includeRemoved: Bool) throws -> [StoredListing] {
        try rows(
            """
            SELECT * FROM listings WHERE account_id = ? AND (? OR is_active = 1)
            ORDER BY posted_at DESC, listing_id DESC
            """, [accountID, includeRemoved]
        ).map(StoredListing.init(row:))
    }

    /// Deletes inactive listings removed before `date` (`spindle inventory purge`). Returns how many.
    @discardableResult
    public func purgeRemovedListings(accountID: Int64, removedBefore date: Date) throws -> Int {
        try execute(
            "DELETE FROM listings WHERE account_id = ? AND is_active = 0 AND removed_at < ?", [accountID, date])
        return db.changesCount
    }

    /// The seller's marketplace currency (the export CSV's prices carry none).
    public func setAccountCurrency(_ accountID: Int64, _ currency: String) throws {
        try execute("UPDATE accounts SET currency = ? WHERE id = ?", [currency, accountID])
    }

    public func accountCurrency(_ accountID: Int64) throws -> String? {
        try value(String.self, "SELECT currency FROM accounts WHERE id = ?", [accountID])
    }
}

extension StoreTransaction {
    /// Keeps one page of a paged inventory read; returns all listings once every page is in.
    public func stageInventoryPage(
        sessionID: Int64, page: Int, pages: Int, _ listings: [InventoryListing]
    ) throws -> [InventoryListing]? {
        try execute(
            "INSERT OR REPLACE INTO inventory_pages (session_id, page, pages, listings) VALUES (?, ?, ?, ?)",
            [sessionID, page, pages, JSONColumn.text(listings)])
        let received =
            try value(Int.self, "SELECT count(*) FROM inventory_pages WHERE session_id = ?", [sessionID]) ?? 0
        guard received >= pages else { return nil }
        var all: [InventoryListing] = []
        for text in try values(
            String.self, "SELECT listings FROM inventory_pages WHERE session_id = ? ORDER BY page", [sessionID])
        {
            all += JSONColumn.decode([InventoryListing].self, text) ?? []
        }
        try execute("DELETE FROM inventory_pages WHERE session_id = ?", [sessionID])
        return all
    }
}

extension StoreTransaction {
    /// Links listings to the catalogue where it knows their release (from the API or a dump):
    /// the release's first main artist and first label. One statement for the whole inventory,
    /// touching only listings still without a link; run after each snapshot and cheap enough
    /// not to hold the sync up. Returns how many listings got a link.
    @discardableResult
    public func linkListings(accountID: Int64) throws -> Int {
        try execute(
            """
            UPDATE listings SET
                artist_id = coalesce(artist_id, (SELECT a.artist_id FROM release_artists a
                    WHERE a.release_id = listings.release_id AND a.credit = 'main' AND a.artist_id > 0
                    ORDER BY a.seq LIMIT 1)),
                label_id = coalesce(label_id, (SELECT l.label_id FROM release_labels l
                    WHERE l.release_id = listings.release_id AND l.label_id > 0 ORDER BY l.seq LIMIT 1))
            WHERE account_id = ? AND (artist_id IS NULL OR label_id IS NULL)
              AND release_id IN (SELECT id FROM releases)
            """, [accountID])
        return db.changesCount
    }

    /// The catalogue links of a listing (for tests and pages).
    public func listingLinks(accountID: Int64, listingID: Int) throws -> (artistID: Int?, labelID: Int?) {
        guard
            let row = try row(
                "SELECT artist_id, label_id FROM listings WHERE account_id = ? AND listing_id = ?",
                [accountID, listingID])
        else { return (nil, nil) }
        return (row["artist_id"], row["label_id"])
    }
}
