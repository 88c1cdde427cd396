import Foundation

/// One element of `spindle export collection --format json`, and of the fake's truth: tests decode
/// spindle's output into this and compare it with what the fake knows.
public struct ExportedItem: Codable, Sendable, Equatable, Hashable {
    public var instanceID: Int
    public var releaseID: Int
    public var folderID: Int
    public var folder: String?
    public var rating: Int
    public var dateAdded: String?
    public var notes: [String: String]
    public var title: String?
    public var artists: [String]
    public var year: Int?

    enum CodingKeys: String, CodingKey {
        case instanceID = "instance_id"
        case releaseID = "release_id"
        case folderID = "folder_id"
        case folder, rating, notes, title, artists, year
        case dateAdded = "date_added"
    }
}

/// One element of `spindle export wantlist --format json`.
public struct ExportedWant: Codable, Sendable, Equatable, Hashable {
    public var releaseID: Int
    public var rating: Int
    public var notes: String
    public var dateAdded: String?
    public var title: String?
    public var artists: [String]

    enum CodingKeys: String, CodingKey {
        case releaseID = "release_id"
        case dateAdded = "date_added"
        case rating, notes, title, artists
    }
}

/// One element of the inventory export (`spindle export inventory --format json`) as the fake
/// knows it: the listing fields a sync keeps, with Discogs' own spelling of each value.
public struct ExportedListing: Codable, Sendable, Equatable, Hashable {
    public struct Price: Codable, Sendable, Equatable, Hashable {
        public var value: Double
        public var currency: String

        public init(value: Double, currency: String) {
            self.value = value
            self.currency = currency
        }
    }

    public var listingID: Int
    public var releaseID: Int
    /// "For Sale", "Draft", "Expired", "Sold", …
    public var status: String
    public var price: Price
    public var condition: String
    public var sleeveCondition: String
    /// As the inventory pages write it, `2025-04-13T20:16:17-07:00`. The CSV's `listed` is the
    /// same Pacific wall clock without the offset (`2025-04-13 20:16:17`).
    public var posted: String?
    public var comments: String
    /// When a sync saw the listing gone; always nil in the fake's truth, which holds only the
    /// listings still in the inventory.
    public var removedAt: String?

    enum CodingKeys: String, CodingKey {
        case listingID = "listing_id"
        case releaseID = "release_id"
        case sleeveCondition = "sleeve_condition"
        case removedAt = "removed_at"
        case status, price, condition, posted, comments
    }
}

extension FakeAccount {
    /// What the inventory export must say after a complete sync, ordered by listing id: every
    /// listing in the inventory, whatever its status.
    public func expectedInventory() -> [ExportedListing] {
        listings.map { listing in
            ExportedListing(
                listingID: listing.id, releaseID: listing.releaseID, status: listing.status.rawValue,
                price: .init(value: listing.price, currency: listing.currency), condition: listing.condition,
                sleeveCondition: listing.sleeveCondition, posted: listing.posted, comments: listing.comments,
                removedAt: nil)
        }.sorted { $0.listingID < $1.listingID }
    }

    /// What the collection export must say after a complete sync, ordered by instance id.
    public func expectedCollection() -> [ExportedItem] {
        items.map { item in
            let release = release(id: item.releaseID)
            return ExportedItem(
                instanceID: item.instanceID, releaseID: item.releaseID, folderID: item.folderID,
                folder: folderName(item.folderID), rating: item.rating, dateAdded: item.dateAdded,
                notes: Dictionary(uniqueKeysWithValues: item.notes.map { (FakeAccount.fieldNames[$0.key]!, $0.value) }),
                title: release.title, artists: release.artists.map(\.name), year: release.year)
        }.sorted { $0.instanceID < $1.instanceID }
    }

    /// What the wantlist export must say after a complete sync, ordered by release id.
    public func expectedWantlist() -> [ExportedWant] {
        wants.map { want in
            let release = release(id: want.releaseID)
            return ExportedWant(
                releaseID: want.releaseID, rating: want.rating, notes: want.notes, dateAdded: want.dateAdded,
                title: release.title, artists: release.artists.map(\.name))
        }.sorted { $0.releaseID < $1.releaseID }
    }
}
