import Foundation
import GRDB
import SpindleStore
import SpindleSync
import Testing

/// Applying inventory snapshots: the real export CSV, content hashes, soft deletes, restores.
@Suite struct InventoryStoreTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/FakeDiscogs/Fixtures/inventory_export_ID_download.csv").standardized

    static func store() throws -> (Store, URL, Int64) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "spindle-inventory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try Store(path: directory.appendingPathComponent("spindle.sqlite").path)
        let account = try store.write { try $0.upsertAccount(username: "seller", discogsUserID: nil, now: Date()) }
        return (store, directory, account.id)
    }

    /// 120 listings shaped like the real export's row.
    static func listings(count: Int = 120) -> [InventoryListing] {
        (1...count).map { index in
            var listing = InventoryListing(
                listingID: 4_332_778_000 + index, status: index % 10 == 0 ? "Draft" : "For Sale")
            listing.releaseID = 5_134_800 + index
            listing.price = Double(10 + index % 40) + 0.5
            listing.currency = "EUR"
            listing.condition = "Near Mint (NM or M-)"
            listing.sleeveCondition = "Very Good Plus (VG+)"
            listing.comments = index % 7 == 0 ? "Shrink, \"hype\" sticker" : nil
            listing.posted = "2026-08-25 07:04:22"
            listing.quantity = 1
            listing.artist = "Artist \(index)"
            listing.title = "Title \(index)"
            return listing
        }
    }

    @Test func theRealExportCSVReads() throws {
        let listings = try InventoryExportCSV.listings(Data(contentsOf: Self.fixture), currency: "USD")
        let first = try #require(listings.first)
        #expect(first.listingID == 4_332_778_344)
        #expect(first.releaseID == 5_134_861)
        #expect(first.status == "Draft")
        #expect(first.price == 100.0)
        #expect(first.currency == "USD")
        #expect(first.format == "CD, Album, Promo")
        #expect(first.condition == "Near Mint (NM or M-)")
        #expect(first.acceptOffer == false)
        #expect(first.quantity == 1)
        let empty = URL(
            fileURLWithPath: Self.fixture.path.replacingOccurrences(of: ".csv", with: "__empty_inventory.csv"))
        #expect(try InventoryExportCSV.listings(Data(contentsOf: empty), currency: "USD").isEmpty)
        #expect(throws: InventoryExportCSV.Problem.self) {
            try InventoryExportCSV.listings(
                Data("listing_id,status,price,release_id\r\nx,For Sale,1.0,2\r\n".utf8), currency: nil)
        }
    }

    @Test("two prices changed and one listing sold: exactly 2 updates and 1 soft delete; it comes back restored")
    func snapshotsWriteOnlyWhatChanged() throws {
        let (store, directory, account) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        var listings = Self.listings()
        let first = try store.write {
            try $0.applyInventorySnapshot(accountID: account, listings, sessionID: nil, now: Date())
        }
        #expect(first.added == 120)

        let again = try store.write {
            try $0.applyInventorySnapshot(accountID: account, listings, sessionID: nil, now: Date())
        }
        #expect(
            again
                == {
                    var c = InventoryChanges(); c.unchanged = 120; return c
                }())
        #expect(again.writes == 0)

        listings[3].price = 99
        listings[50].price = 1
        listings[60].artist = "Renamed (display only)"
        let sold = listings.remove(at: 10)
        let later = Date()
        let changes = try store.write {
            try $0.applyInventorySnapshot(accountID: account, listings, sessionID: nil, now: later)
        }
        #expect(changes.updated == 2)
        #expect(changes.removed == 1)
        #expect(changes.unchanged == 117 - 1 + 1)
        let all = try store.read { try $0.listings(accountID: account, includeRemoved: true) }
        #expect(all.count == 120)
        #expect(try store.read { try $0.listings(accountID: account, includeRemoved: false) }.count == 119)
        #expect(all.first { $0.listing.listingID == sold.listingID }?.removedAt != nil)

        listings.append(sold)
        let back = try store.write {
            try $0.applyInventorySnapshot(accountID: account, listings, sessionID: nil, now: Date())
        }
        #expect(back.restored == 1)
        #expect(back.writes == 1)
        #expect(try store.read { try $0.listings(accountID: account, includeRemoved: false) }.count == 120)

        _ = try store.write {
            try $0.applyInventorySnapshot(
                accountID: account, Array(listings.dropLast()), sessionID: nil, now: Date(timeIntervalSince1970: 0))
        }
        #expect(
            try store.write {
                try $0.purgeRemovedListings(accountID: account, removedBefore: Date(timeIntervalSince1970: 10))
            } == 1)
        #expect(try store.read { try $0.listings(accountID: account, includeRemoved: true) }.count == 119)
    }

    @Test func exportHasTheDocumentedFields() throws {
        let (store, directory, account) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        var listings = Self.listings(count: 3)
        _ = try store.write { try $0.applyInventorySnapshot(accountID: account, listings, sessionID: nil, now: Date()) }
        listings.removeLast()
        _ = try store.write { try $0.applyInventorySnapshot(accountID: account, listings, sessionID: nil, now: Date()) }
        let data = try Exporter(store: store).inventory(accountID: account, format: .json, includeRemoved: true)
        let elements = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(elements.count == 3)
        #expect(
            Set(elements[0].keys) == [
                "listing_id", "release_id", "status", "price", "condition", "sleeve_condition", "posted", "comments",
                "removed_at",
            ])
        #expect((elements[0]["price"] as? [String: Any])?["currency"] as? String == "EUR")
        #expect(elements.filter { !($0["removed_at"] is NSNull) }.count == 1)
        let active = try Exporter(store: store).inventory(accountID: account, format: .json, includeRemoved: false)
        #expect((try JSONSerialization.jsonObject(with: active) as? [Any])?.count == 2)
        let csv = String(
            decoding: try Exporter(store: store).inventory(accountID: account, format: .csv, includeRemoved: false),
            as: UTF8.self)
        #expect(csv.hasPrefix("listing_id,release_id,status,price,currency"))
    }
}

extension InventoryStoreTests {
    @Test("the export's listed time is Pacific wall-clock time, as the API's posted says")
    func listedIsPacific() throws {
        let csv =
            "listing_id,status,price,release_id,listed\r\n1,For Sale,1.0,2,2026-08-25 07:04:22\r\n2,For Sale,1.0,2,2026-01-15 07:04:22\r\n"
        let listings = try InventoryExportCSV.listings(Data(csv.utf8), currency: "USD")
        #expect(listings[0].postedAt == ISO8601DateFormatter().date(from: "2026-08-25T07:04:22-07:00"))
        #expect(listings[1].postedAt == ISO8601DateFormatter().date(from: "2026-01-15T07:04:22-08:00"))
    }
}
