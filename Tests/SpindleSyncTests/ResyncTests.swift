import Discogs
import FakeDiscogs
import Foundation
import GRDB
import SpindleStore
import SpindleSync
import Testing

@Suite("Syncing again")
struct ResyncTests {
    static func account() -> FakeAccount {
        FakeAccount.generate(items: 250, folders: 4, duplicates: 12, wants: 40, overlap: 4)
    }

    @Test("with nothing changed on Discogs fetches no release and writes no item or want row")
    func noChangeResync() async throws {
        let harness = try SyncHarness(account: Self.account())
        try await harness.sync()
        let writes = try harness.countItemWrites()
        harness.fake.resetStats()

        let second = try await harness.sync()

        #expect(second.status == .completed)
        #expect(try writes.count == 0)
        #expect(harness.fake.stats.byEndpoint["release", default: 0] == 0)
        // identity, folders, fields, 3 collection pages, 1 wantlist page
        #expect(harness.fake.stats.requests == 7)
        #expect(second.stats[.itemsUnchanged] == 250)
        #expect(second.stats[.wantsUnchanged] == 40)
        #expect(try harness.store.read { try $0.changes(sessionID: second.id) }.isEmpty)
    }

    @Test("a release stored complete from a dump takes its first summary as baseline; an edit after that refetches it")
    func dumpReleaseBaseline() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 12, folders: 1, duplicates: 0, wants: 0))
        let ids = Array(Set(harness.fake.account.items.map(\.releaseID))).sorted()
        try harness.store.write { tx in
            for id in ids {
                let release = try JSONDecoder().decode(Release.self, from: FakeCatalog.releaseJSON(id: id))
                // A dump is dated before the syncs that follow its import.
                try tx.upsertRelease(
                    release, source: .dump, basicHash: nil, now: harness.clock.now.addingTimeInterval(-86_400))
            }
        }
        try await harness.sync()
        #expect(harness.fake.stats.byEndpoint["release", default: 0] == 0, "dump data is complete")
        for id in ids {
            #expect(try harness.store.read { try $0.releaseFreshness(id: id) }?.basicHash != nil, "release \(id)")
        }

        harness.fake.resetStats()
        harness.fake.change { $0.retitleRelease(ids[0], to: "Edited On Discogs") }
        try await harness.sync()
        #expect(harness.fake.stats.byEndpoint["release", default: 0] == 1)
        #expect(try harness.store.read { try $0.release(id: ids[0]) }?.title == "Edited On Discogs")
    }

    @Test("applies exactly the changes made on Discogs and records each in sync_changes")
    func changesAreAppliedAndRecorded() async throws {
        let harness = try SyncHarness(account: Self.account())
        try await harness.sync()
        let items = harness.fake.account.items
        let (removed, moved, rated, noted) = (items[3], items[10], items[20], items[30])
        let newFolder = harness.fake.account.folders.first { $0.id != moved.folderID }!.id
        let removedWant = harness.fake.account.wants[5].releaseID
        var added = 0
        harness.fake.change { account in
            added = account.addItem(releaseID: 555_555, folderID: 1, rating: 3, notes: [1: "Mint (M)"])
            account.removeItem(instanceID: removed.instanceID)
            account.updateItem(instanceID: moved.instanceID) { $0.folderID = newFolder }
            account.updateItem(instanceID: rated.instanceID) { $0.rating = rated.rating == 5 ? 1 : 5 }
            account.updateItem(instanceID: noted.instanceID) { $0.notes[3] = "Now with \"quotes\", commas\nand lines" }
            account.removeWant(releaseID: removedWant)
            account.addWant(releaseID: 777_777, notes: "Any pressing")
        }
        let writes = try harness.countItemWrites()

        let second = try await harness.sync()

        #expect(second.status == .completed, "\(second.error ?? "")")
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
        #expect(try harness.exportedWantlist() == harness.fake.account.expectedWantlist())
        let changes = try harness.store.read { try $0.changes(sessionID: second.id) }
        let summary = Set(changes.map { "\($0.target.rawValue) \($0.kind.rawValue) \($0.instanceID ?? $0.releaseID)" })
        #expect(
            summary == [
                "collection added \(added)", "collection removed \(removed.instanceID)",
                "collection moved \(moved.instanceID)", "collection rating \(rated.instanceID)",
                "collection notes \(noted.instanceID)", "wantlist removed \(removedWant)", "wantlist added 777777",
            ])
        let move = changes.first { $0.kind == .moved }!
        #expect(move.oldValue == String(moved.folderID) && move.newValue == String(newFolder))
        // 1 added + 1 soft-deleted + 3 edited items, 1 added + 1 soft-deleted want: nothing else rewritten.
        #expect(try writes.count == 7)
        // Only the two new releases were fetched.
        #expect(second.stats[.releasesFetched] == 2)
    }

    @Test("keeps a removed item with removed_at and restores it when it comes back")
    func removedItemsAreKeptAndRestored() async throws {
        let harness = try SyncHarness(account: Self.account())
        try await harness.sync()
        let gone = harness.fake.account.items[7]
        harness.fake.change { $0.removeItem(instanceID: gone.instanceID) }
        try await harness.sync()

        let accountID = try harness.accountID
        let stored = try harness.store.read { try $0.item(accountID: accountID, instanceID: gone.instanceID) }
        #expect(stored?.isActive == false)
        let withRemoved =
            try JSONSerialization.jsonObject(
                with: Exporter(store: harness.store).collection(
                    accountID: accountID, format: .json, includeRemoved: true)) as! [[String: Any]]
        let element = withRemoved.first { $0["instance_id"] as? Int == gone.instanceID }
        #expect(element?["removed_at"] is String)
        #expect(withRemoved.filter { $0["removed_at"] is NSNull }.count == 249)

        harness.fake.change { $0.items.append(gone) }
        let third = try await harness.sync()
        let changes = try harness.store.read { try $0.changes(sessionID: third.id) }
        #expect(changes.map(\.kind) == [.restored])
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
    }

    @Test("fetches a release again when its summary changed on Discogs")
    func changedReleaseIsRefetched() async throws {
        let harness = try SyncHarness(account: Self.account())
        try await harness.sync()
        let releaseID = harness.fake.account.items[0].releaseID
        harness.fake.change { $0.retitleRelease(releaseID, to: "Köln, Revisited") }
        harness.fake.resetStats()

        let second = try await harness.sync()

        #expect(harness.fake.stats.byEndpoint["release"] == 1)
        #expect(second.stats[.releasesFetched] == 1)
        #expect(try harness.exportedCollection().first { $0.releaseID == releaseID }?.title == "Köln, Revisited")
    }

    @Test("fetches releases again once they are older than release_ttl_days, and all of them with --full")
    func staleReleasesAreRefetched() async throws {
        let harness = try SyncHarness(account: Self.account()) { $0.releaseTTLDays = 30 }
        try await harness.sync()
        let distinct = Set(harness.fake.account.items.map(\.releaseID) + harness.fake.account.wants.map(\.releaseID))

        harness.clock.advance(by: 31 * 86_400)
        harness.fake.resetStats()
        let stale = try await harness.sync()
        #expect(harness.fake.stats.byEndpoint["release"] == distinct.count)
        #expect(stale.stats[.releasesUnchanged] == distinct.count)

        harness.fake.resetStats()
        try await harness.sync(SyncRequest(full: true))
        #expect(harness.fake.stats.byEndpoint["release"] == distinct.count)
    }
}
