import FakeDiscogs
import Foundation
import SpindleStore
import SpindleSync
import Testing

/// The inventory synced through the export flow against the faithful fake.
@Suite struct InventorySyncTests {
    static func truth(_ harness: SyncHarness) -> [String] {
        harness.fake.account.expectedInventory().map {
            "\($0.listingID) \($0.releaseID) \($0.status) \($0.price.value) \($0.price.currency) \($0.condition) \($0.sleeveCondition)"
        }.sorted()
    }

    static func stored(_ harness: SyncHarness) throws -> [String] {
        let account = try harness.accountID
        return try harness.store.read { try $0.listings(accountID: account, includeRemoved: false) }.map {
            let l = $0.listing
            return
                "\(l.listingID) \(l.releaseID ?? 0) \(l.status) \(l.price ?? 0) \(l.currency ?? "") \(l.condition ?? "") \(l.sleeveCondition ?? "")"
        }.sorted()
    }

    @Test("120 listings in at most 5 requests; 2 prices changed and 1 removed: 2 updates, 1 soft delete, 117 untouched")
    func exportFlow() async throws {
        let harness = try SyncHarness(
            account: FakeAccount.generate(items: 5, folders: 1, duplicates: 0, wants: 0, listings: 120))
        try await harness.sync(SyncRequest(kinds: [.collection]))
        let account = try harness.accountID
        let currency = try #require(harness.fake.account.listings.first?.currency)
        try harness.store.write { try $0.setAccountCurrency(account, currency) }

        harness.fake.resetStats()
        let first = try await harness.sync(SyncRequest(kinds: [.inventory]))
        #expect(first.status == .completed, "\(first.error ?? "")")
        // Start, three polls (the fake keeps a job pending for two), download: 5; plus the identity every sync checks.
        let endpoints = harness.fake.stats.byEndpoint
        let inventoryRequests = endpoints.filter { $0.key.hasPrefix("inventory") }.values.reduce(0, +)
        #expect(inventoryRequests <= 5, "\(endpoints)")
        #expect(harness.fake.stats.requests == inventoryRequests + 1, "\(endpoints)")
        #expect(first.stats[.listingsAdded] == 120)
        #expect(try Self.stored(harness) == Self.truth(harness))

        let listings = harness.fake.account.listings
        harness.fake.change { account in
            account.updateListing(id: listings[3].id) { $0.price += 5 }
            account.updateListing(id: listings[50].id) { $0.price += 1 }
            account.removeListing(id: listings[10].id)
        }
        harness.clock.advance(by: 3600)
        let second = try await harness.sync(SyncRequest(kinds: [.inventory]))
        #expect(second.status == .completed)
        #expect(second.stats[.listingsUpdated] == 2)
        #expect(second.stats[.listingsRemoved] == 1)
        #expect(second.stats[.listingsUnchanged] == 117)
        #expect(second.stats[.listingsAdded] == 0)
        #expect(try Self.stored(harness) == Self.truth(harness))
        let removed = try harness.store.read { try $0.listings(accountID: account, includeRemoved: true) }
            .filter { !$0.isActive }
        #expect(removed.map(\.listing.listingID) == [listings[10].id])
    }
}

extension InventorySyncTests {
    @Test("when the export fails the pages are read instead, and give the same database state")
    func fallbackToPages() async throws {
        let account = FakeAccount.generate(items: 5, folders: 1, duplicates: 0, wants: 0, listings: 250)
        let viaExport = try SyncHarness(account: account)
        try await viaExport.sync(SyncRequest(kinds: [.inventory]))
        let viaPages = try SyncHarness(account: account, faults: FaultPlan(failingExports: [1]))
        let session = try await viaPages.sync(SyncRequest(kinds: [.inventory]))
        #expect(session.status == .completed, "\(session.error ?? "")")
        #expect(session.stats.notes.contains { $0.contains("page by page") })
        #expect(
            viaPages.fake.stats.byEndpoint["inventory_page", default: 0] == 1 + 3,
            "the currency once, then 3 pages of 100")
        #expect(try Self.stored(viaPages) == Self.truth(viaPages))
        #expect(try Self.stored(viaPages) == Self.stored(viaExport))
        #expect(try Self.exported(viaPages) == Self.exported(viaExport))
    }

    /// `spindle export inventory --format json`, without the listing's own times (the CSV gives
    /// Pacific wall-clock time, the pages an offset: compared as instants below).
    static func exported(_ harness: SyncHarness) throws -> [String] {
        let account = try harness.accountID
        return try harness.store.read { try $0.listings(accountID: account, includeRemoved: true) }.map {
            let l = $0.listing
            return
                "\(l.listingID) \(l.releaseID ?? 0) \(l.status) \(l.price ?? 0) \(l.currency ?? "") \(l.comments ?? "") \(l.postedAt?.timeIntervalSince1970 ?? 0)"
        }.sorted()
    }
}

extension InventorySyncTests {
    @Test("listings of releases the database knows are linked to their artist and label")
    func listingsAreLinked() async throws {
        let harness = try SyncHarness(
            account: FakeAccount.generate(items: 30, folders: 1, duplicates: 0, wants: 0, listings: 60))
        try await harness.sync(SyncRequest(kinds: [.collection]))
        try await harness.sync(SyncRequest(kinds: [.inventory]))
        let account = try harness.accountID
        let owned = Set(harness.fake.account.items.map(\.releaseID))
        let listings = harness.fake.account.listings
        let ownedListing = try #require(listings.first { owned.contains($0.releaseID) })
        let release = FakeCatalog.release(id: ownedListing.releaseID)
        let links = try harness.store.read { try $0.listingLinks(accountID: account, listingID: ownedListing.id) }
        #expect(links.artistID == release.artists.first?.id)
        #expect(links.labelID == release.label.id)
        if let unknown = listings.first(where: { !owned.contains($0.releaseID) }) {
            let none = try harness.store.read { try $0.listingLinks(accountID: account, listingID: unknown.id) }
            #expect(
                none.artistID == nil, "a release the database does not know stays unlinked (its display fields remain)")
        }
    }
}
