import Foundation

/// One listing in the account's marketplace inventory: the fields the owner sees
/// (marketplace_listings_ID.json plus the owner-only ones) and that the inventory CSV carries.
/// The release's display fields (artist, title, label, catno, format) are not stored: they come
/// from the catalogue (`FakeAccount.listingSummary(_:)`), so an edited release changes them too.
public struct FakeListing: Sendable, Equatable {
    /// The statuses the inventory filter accepts (error_422_invalid_inventory_status__docs.json),
    /// besides `All`.
    public enum Status: String, Sendable, CaseIterable, Codable {
        case forSale = "For Sale"
        case draft = "Draft"
        case expired = "Expired"
        case sold = "Sold"
        case deleted = "Deleted"
        case suspended = "Suspended"
        case violation = "Violation"
    }

    public var id: Int
    public var releaseID: Int
    public var status: Status
    /// In the seller's currency; a float on the wire (`14.99`, `100.0` in the CSV).
    public var price: Double
    public var currency: String
    public var condition: String
    public var sleeveCondition: String
    /// Shown to buyers; may hold commas, quotes and line breaks.
    public var comments: String
    /// Owner-only: where the seller keeps it.
    public var location: String
    /// Owner-only.
    public var quantity: Int
    /// Owner-only, in grams.
    public var weight: Int
    /// Owner-only: how many units it counts as for shipping.
    public var formatQuantity: Int
    /// Owner-only: the seller's own reference.
    public var externalID: String
    public var allowOffers: Bool
    /// `2025-04-13T20:16:17-07:00`, Pacific time as Discogs writes it.
    public var posted: String

    public init(
        id: Int, releaseID: Int, status: Status = .forSale, price: Double, currency: String = "USD",
        condition: String = "Very Good Plus (VG+)", sleeveCondition: String = "Very Good Plus (VG+)",
        comments: String = "", location: String = "", quantity: Int = 1, weight: Int = 230, formatQuantity: Int = 1,
        externalID: String = "", allowOffers: Bool = false, posted: String
    ) {
        self.id = id
        self.releaseID = releaseID
        self.status = status
        self.price = price
        self.currency = currency
        self.condition = condition
        self.sleeveCondition = sleeveCondition
        self.comments = comments
        self.location = location
        self.quantity = quantity
        self.weight = weight
        self.formatQuantity = formatQuantity
        self.externalID = externalID
        self.allowOffers = allowOffers
        self.posted = posted
    }

    /// The grades Discogs accepts, as recorded; sleeves may also be ungraded or missing.
    static let mediaConditions = [
        "Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)", "Good Plus (G+)", "Good (G)",
        "Fair (F)", "Poor (P)",
    ]
    static let sleeveConditions = mediaConditions + ["Generic", "Not Graded", "No Cover"]

    /// Comments as sellers write them, including the ones a CSV writer must quote.
    static let sampleComments = [
        "", "Plain white sleeve. Nice, clean vinyl.", "Sealed", "Has hype sticker",
        "Ring wear, \"promo\" stamp on back;\nplays through without skips", "Price tag on sleeve.",
    ]
    static let sampleLocations = ["", "Shelf A3", "Box 12, row 2", "Crate \"new arrivals\""]
}

// MARK: - Generated inventories

extension FakeListing {
    /// `count` listings, the same on every call: half of them (at most) for releases the account
    /// owns, mostly For Sale with some Drafts, Expired and Sold, posted a few hours apart from
    /// 2024 on. Ids ascend with `posted`, from `firstID`.
    static func generated(count: Int, owned: [Int], firstID: Int, seed: UInt64) -> [FakeListing] {
        var generator = SplitMix(seed: seed)
        var when = 1_704_096_000  // 2024-01-01 00:00 Pacific
        var id = firstID
        return (0..<count).map { index in
            when += 600 + generator.next(below: 4 * 3600)
            id += 1 + generator.next(below: 7)
            let releaseID = !owned.isEmpty && index % 2 == 0 ? owned[(index / 2) % owned.count] : 800_000 + index * 29
            let release = FakeCatalog.release(id: releaseID)
            let roll = generator.next(below: 20)
            let status: Status = roll < 14 ? .forSale : roll < 17 ? .draft : roll < 19 ? .expired : .sold
            // Most prices end in .49 or .99; one in six is whole, which the CSV writes as `17.0`.
            let price =
                generator.next(below: 6) == 0
                ? Double(5 + generator.next(below: 95)) : Double(299 + generator.next(below: 300) * 50) / 100
            return FakeListing(
                id: id, releaseID: releaseID, status: status, price: price, currency: "USD",
                condition: generator.pick(mediaConditions), sleeveCondition: generator.pick(sleeveConditions),
                comments: generator.pick(sampleComments), location: generator.pick(sampleLocations),
                quantity: generator.next(below: 10) == 0 ? 2 + generator.next(below: 3) : 1,
                weight: release.estimatedWeight, formatQuantity: release.formatQuantity,
                externalID: generator.next(below: 4) == 0 ? "" : String(format: "SKU-%05d", index + 1),
                allowOffers: generator.next(below: 3) == 0, posted: PacificTime.timestamp(when))
        }
    }
}

// MARK: - Changes made on Discogs between syncs

extension FakeAccount {
    /// The release fields a listing shows (artist, title, label, catno, format), from the
    /// catalogue as edited on Discogs.
    public func listingSummary(_ listing: FakeListing) -> FakeRelease.ListingSummary {
        release(id: listing.releaseID).listingSummary
    }

    /// Lists a copy of a release, posted an hour after the latest listing; returns its listing id.
    /// Weight and format quantity default to the release's.
    @discardableResult
    public mutating func addListing(
        releaseID: Int, status: FakeListing.Status = .forSale, price: Double = 10, currency: String = "USD",
        condition: String = "Very Good Plus (VG+)", sleeveCondition: String = "Very Good Plus (VG+)",
        comments: String = "", location: String = "", quantity: Int = 1, externalID: String = "",
        allowOffers: Bool = false
    ) -> Int {
        let last = listings.compactMap { FakeAccount.epoch($0.posted) }.max() ?? 1_704_096_000
        let release = release(id: releaseID)
        let listing = FakeListing(
            id: takeListingID(), releaseID: releaseID, status: status, price: price, currency: currency,
            condition: condition, sleeveCondition: sleeveCondition, comments: comments, location: location,
            quantity: quantity, weight: release.estimatedWeight, formatQuantity: release.formatQuantity,
            externalID: externalID, allowOffers: allowOffers, posted: PacificTime.timestamp(last + 3_600))
        listings.append(listing)
        return listing.id
    }

    /// Edits a listing in place (price, status → Sold, comments…); it stays in the inventory.
    public mutating func updateListing(id: Int, _ change: (inout FakeListing) -> Void) {
        guard let index = listings.firstIndex(where: { $0.id == id }) else { return }
        change(&listings[index])
    }

    /// The listing is gone from the inventory (deleted, or sold and cleared): no page or export
    /// shows it any more.
    public mutating func removeListing(id: Int) { listings.removeAll { $0.id == id } }
}
