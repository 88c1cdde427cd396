import Foundation
import GRDB
import SpindleStore

/// Marketplace listings written straight into the site's database, as an inventory import
/// leaves them: active ones, and soft-deleted ones (`is_active = 0`, `removed_at`).
enum InventoryScenario {
    struct Listing {
        var listingID: Int
        var releaseID: Int?
        var status = "For Sale"
        var price: Double? = 10
        var currency: String? = "EUR"
        var condition: String? = "Very Good Plus (VG+)"
        var sleeve: String? = "Very Good Plus (VG+)"
        var comments: String?
        var location: String? = "Shelf 3, private"
        var quantity = 1
        var posted: Date
        var artist: String? = "Some Artist"
        var title: String? = "Some Title"
        var label: String? = "Some Label"
        var catno: String? = "SL 001"
        var format: String? = "LP, Album"
        var removedAt: Date?

        init(_ listingID: Int, release: Int?, price: Double?, posted: Date) {
            self.listingID = listingID
            releaseID = release
            self.price = price
            self.posted = posted
        }
    }

    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    static func add(in site: SiteHarness, _ listings: [Listing]) throws {
        let accountID = site.account.id
        try write(in: site) { db in
            for listing in listings {
                try db.execute(
                    sql: """
                        INSERT INTO listings (account_id, listing_id, release_id, status, price, currency, condition,
                            sleeve_condition, comments, location, quantity, posted, posted_at, artist, title, label,
                            catno, format, content_hash, is_active, removed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        accountID, listing.listingID, listing.releaseID, listing.status, listing.price,
                        listing.currency, listing.condition, listing.sleeve, listing.comments, listing.location,
                        listing.quantity, "posted \(listing.posted)", listing.posted, listing.artist, listing.title,
                        listing.label, listing.catno, listing.format, "hash \(listing.listingID) \(listing.price ?? 0)",
                        listing.removedAt == nil, listing.removedAt,
                    ])
            }
        }
    }

    /// A new price, as the next snapshot would store it.
    static func reprice(in site: SiteHarness, listing: Int, _ price: Double) throws {
        try write(in: site) { db in
            try db.execute(
                sql: "UPDATE listings SET price = ?, content_hash = ? WHERE listing_id = ?",
                arguments: [price, "hash \(listing) \(price)", listing])
        }
    }

    static func deleteAll(in site: SiteHarness) throws {
        try write(in: site) { try $0.execute(sql: "DELETE FROM listings") }
    }

    /// Releases the collection owns, in the order they were added.
    static func owned(_ site: SiteHarness) throws -> [Int] {
        var seen = Set<Int>()
        return try site.store.read { try $0.siteItems(accountID: site.account.id) }.map(\.releaseID).filter {
            seen.insert($0).inserted
        }
    }

    private static func write<T>(in site: SiteHarness, _ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: site.store.path)
        defer { try? queue.close() }
        return try queue.write(body)
    }
}
