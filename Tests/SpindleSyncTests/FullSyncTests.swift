import Discogs
import FakeDiscogs
import Foundation
import SpindleStore
import SpindleSync
import Testing

@Suite("A full sync against a faithful fake")
struct FullSyncTests {
    /// 800 items over 4 folders (40 releases owned twice), 150 wants (10 also owned).
    static func account() -> FakeAccount {
        FakeAccount.generate(items: 800, folders: 4, duplicates: 40, wants: 150, overlap: 10)
    }

    @Test("ends with exports equal to the server's truth, within 10% of the minimum requests, and no 429 from pacing")
    func fullSyncMatchesTruth() async throws {
        let faults = FaultPlan.every(
            37, startingAt: 4,
            cycling: [
                .tooManyRequests, .badGatewayHTML, .emptyBody, .truncatedJSON, .slow, .tooManyRequestsEmpty,
                .serverError, .htmlPage, .dropConnection,
            ],
            count: 18)
        let harness = try SyncHarness(account: Self.account(), faults: faults)
        let session = try await harness.sync()

        #expect(session.status == .completed, "\(session.error ?? "")")
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
        #expect(try harness.exportedWantlist() == harness.fake.account.expectedWantlist())

        let stats = harness.fake.stats
        #expect(stats.rateLimited == 0, "the fake answered 429 because the client went too fast")
        let minimum = harness.minimumRequests() + stats.injectedTotal
        #expect(stats.requests >= minimum)
        #expect(
            Double(stats.requests) <= Double(minimum) * 1.1, "\(stats.requests) requests for a minimum of \(minimum)")
        #expect(stats.maxUsed <= 60)
        #expect(session.stats[.itemsAdded] == 800)
        #expect(session.stats[.wantsAdded] == 150)
    }

    @Test("stores every copy of a release owned twice as its own item")
    func duplicatesAreSeparateItems() async throws {
        let harness = try SyncHarness(account: Self.account())
        try await harness.sync()
        let exported = try harness.exportedCollection()
        let perRelease = Dictionary(grouping: exported, by: \.releaseID)
        #expect(perRelease.values.filter { $0.count == 2 }.count == 40)
        #expect(Set(exported.map(\.instanceID)).count == 800)
    }

    @Test("stores full release data for every release in the collection and wantlist")
    func releasesAreComplete() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 60, duplicates: 5, wants: 20, overlap: 3))
        try await harness.sync()
        let account = harness.fake.account
        let ids = Set(account.items.map(\.releaseID)).union(account.wants.map(\.releaseID))
        for id in ids {
            let freshness = try harness.store.read { try $0.releaseFreshness(id: id) }
            #expect(freshness?.source == .api, "release \(id)")
        }
        let withSubTracks = try #require(ids.first { $0 % 17 == 0 })
        let release = try harness.store.read { try $0.release(id: withSubTracks) }
        #expect(release?.tracklist.last?.subTracks.count == 2)
    }
}

@Suite("Edge cases of a sync")
struct SyncEdgeTests {
    @Test("an empty collection and wantlist sync cleanly, and stay empty")
    func emptyAccount() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 0, wants: 0))
        let first = try await harness.sync()
        let second = try await harness.sync()
        #expect(first.status == .completed && second.status == .completed)
        #expect(try harness.exportedCollection().isEmpty)
        #expect(try harness.exportedWantlist().isEmpty)
    }

    @Test("--folder with --wantlist walks that folder and the wantlist")
    func folderAndWantlist() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 120, folders: 3, wants: 15))
        let folder = harness.fake.account.folders[1].id
        let session = try await harness.sync(SyncRequest(kinds: [.collection, .wantlist], folders: [folder]))
        #expect(session.status == .completed)
        #expect(
            try harness.exportedCollection()
                == harness.fake.account.expectedCollection().filter { $0.folderID == folder })
        #expect(try harness.exportedWantlist() == harness.fake.account.expectedWantlist())
    }

    @Test("a re-signed cover image URL does not make a release look changed")
    func imageURLsDoNotTriggerRefetch() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 30))
        try await harness.sync()
        harness.fake.change { account in
            for item in account.items.prefix(5) {
                var release = account.release(id: item.releaseID)
                release.imageRevision += 1
                account.editedReleases[item.releaseID] = release
            }
        }
        harness.fake.resetStats()
        try await harness.sync()
        #expect(harness.fake.stats.byEndpoint["release", default: 0] == 0)
    }
}
