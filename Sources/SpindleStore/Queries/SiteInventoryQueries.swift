import Foundation
import GRDB

/// What the site shows of the marketplace inventory: the active listings (the For sale pages,
/// badges on release pages) and the newest removed ones (sold or withdrawn), with the account's
/// currency for prices the export gave without one.
public struct SiteInventory: Sendable, Equatable {
    /// Active listings, newest posted first.
    public var active: [StoredListing]
    /// Removed listings, most recently removed first (at most the `removedLimit` asked for).
    public var removed: [StoredListing]
    /// The seller's marketplace currency, when known.
    public var currency: String?

    public init(active: [StoredListing] = [], removed: [StoredListing] = [], currency: String? = nil) {
        self.active = active
        self.removed = removed
        self.currency = currency
    }

    public var isEmpty: Bool { active.isEmpty && removed.isEmpty }
}

extension StoreTransaction {
    /// The account's inventory as the site shows it, in three queries however many listings.
    ///
    /// ```swift
    /// let inventory = try store.read { try $0.siteInventory(accountID: account.id, removedLimit: 100) }
    /// let cheapest = inventory.active.min { ($0.listing.price ?? 0) < ($1.listing.price ?? 0) }
    /// ```
    public func siteInventory(accountID: Int64, removedLimit: Int) throws -> SiteInventory {
        func fetch(_ sql: String, _ arguments: StatementArguments) throws -> [StoredListing] {
            var listings: [StoredListing] = []
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try cursor.next() { listings.append(StoredListing(row: row)) }
            return listings
        }
        let active = try fetch(
            """
            SELECT * FROM listings WHERE account_id = ? AND is_active = 1
            ORDER BY posted_at DESC, listing_id DESC
            """, [accountID])
        let removed = try fetch(
            """
            SELECT * FROM listings WHERE account_id = ? AND is_active = 0
            ORDER BY removed_at DESC, listing_id DESC LIMIT ?
            """, [accountID, removedLimit])
        return SiteInventory(active: active, removed: removed, currency: try accountCurrency(accountID))
    }

    /// The inventory rows a site shows, for `siteDataFingerprint`: everything of a listing the
    /// pages show (the content hash leaves out the display fields and dates), and the currency.
    func addInventoryInputs(_ add: (String, StatementArguments?) throws -> Void) throws {
        try add(
            """
            SELECT listing_id, content_hash, is_active, removed_at, posted_at, artist, title, label, catno, format
            FROM listings WHERE account_id = ? ORDER BY listing_id
            """, nil)
        try add("SELECT currency FROM accounts WHERE id = ?", nil)
    }
}
