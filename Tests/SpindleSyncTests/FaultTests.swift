import Discogs
import FakeDiscogs
import Foundation
import GRDB
import SpindleStore
import SpindleSync
import Testing

@Suite("Faults and bad answers")
struct FaultTests {
    static func account() -> FakeAccount { FakeAccount.generate(items: 250, folders: 3, duplicates: 5, wants: 30) }

    @Test("a page that fails for good means no removals, and the sync ends completed_with_errors")
    func failedPageBlocksRemovals() async throws {
        let harness = try SyncHarness(account: Self.account())
        try await harness.sync()
        let removed = harness.fake.account.items[0].instanceID
        harness.fake.change { $0.removeItem(instanceID: removed) }
        harness.fake.setFaults(
            FaultPlan(always: ["/users/Username/collection/folders/0/releases?page=2": .badGatewayHTML]))

        let second = try await harness.sync()

        #expect(second.status == .completedWithErrors)
        #expect(second.error?.contains("no removals") == true)
        let accountID = try harness.accountID
        #expect(try harness.store.read { try $0.item(accountID: accountID, instanceID: removed) }?.isActive == true)
        #expect(try harness.store.read { try $0.changes(sessionID: second.id) }.filter { $0.kind == .removed }.isEmpty)

        // Once Discogs answers again, the next sync applies the removal.
        harness.fake.setFaults(FaultPlan())
        let third = try await harness.sync()
        #expect(third.status == .completed)
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
    }

    @Test("a release that keeps failing is given up after the retry budget; the rest of the sync goes on")
    func releaseRetryBudget() async throws {
        let account = Self.account()
        let broken = account.items[5].releaseID
        let harness = try SyncHarness(
            account: account, faults: FaultPlan(always: ["/releases/\(broken)?page=1": .serverError])
        ) {
            $0.maxRetries = 3
        }
        let session = try await harness.sync()

        #expect(session.status == .completedWithErrors)
        #expect(session.error?.contains("/releases/\(broken)") == true)
        #expect(
            harness.fake.stats.byEndpoint["release"] == Set(
                account.items.map(\.releaseID) + account.wants.map(\.releaseID)
            ).count + 3)
        // The item is stored all the same, with the summary from its page.
        let item = try harness.exportedCollection().first { $0.releaseID == broken }
        #expect(item?.title == account.release(id: broken).title)
        #expect(try harness.store.read { try $0.releaseFreshness(id: broken) }?.source == .basicInformation)
    }

    @Test("a release deleted on Discogs (404) is kept from its summary and not asked for again")
    func deletedRelease() async throws {
        var account = Self.account()
        let deleted = account.items[9].releaseID
        account.deletedReleases = [deleted]
        let harness = try SyncHarness(account: account)
        let first = try await harness.sync()
        #expect(first.status == .completed)
        #expect(first.stats[.releasesGone] == 1)

        harness.fake.resetStats()
        try await harness.sync()
        #expect(harness.fake.stats.byEndpoint["release", default: 0] == 0)
    }

    @Test("a rejected token ends the sync as failed with a message that says what to fix")
    func badToken() async throws {
        var account = Self.account()
        account.token = "another-token"
        let harness = try SyncHarness(account: Self.account())
        let fake = FakeDiscogs(account: account)
        let session = try await harness.sync(transport: InProcessTransport(fake: fake, clock: harness.clock))
        #expect(session.status == .failed)
        #expect(session.error?.contains("rejected the token") == true)
        #expect(session.error?.contains("DISCOGS_TOKEN") == true)
    }

    @Test("a token of another account than the configured username fails before touching anything")
    func usernameMismatch() async throws {
        let harness = try SyncHarness(account: Self.account()) { $0.username = "someone-else" }
        let session = try await harness.sync()
        #expect(session.status == .failed)
        #expect(session.error?.contains("belongs to Username") == true)
        #expect(harness.fake.stats.requests == 1)
    }

    @Test("an unknown --folder fails with the folders that exist")
    func unknownFolder() async throws {
        let harness = try SyncHarness(account: Self.account())
        let session = try await harness.sync(SyncRequest(kinds: [.collection], folders: [424242]))
        #expect(session.status == .failed)
        #expect(session.error?.contains("folder 424242 does not exist") == true)
        #expect(session.error?.contains("1 Uncategorized") == true)
    }

    @Test("an item removed while the listing is read does not make later items look removed")
    func listingShiftsDuringWalk() async throws {
        let harness = try SyncHarness(account: Self.account())
        try await harness.sync()
        // Remove the first item right after page 1 was read: every later item moves up one place,
        // so the first item of page 2 is now on page 1 and the walk never sees it.
        let first = harness.fake.account.items[0].instanceID
        let fake = harness.fake
        let transport = HookTransport(InProcessTransport(fake: fake, clock: harness.clock), after: 4) {
            fake.change { $0.removeItem(instanceID: first) }
        }
        let second = try await harness.sync(transport: transport)

        #expect(second.status == .completed, "\(second.error ?? "")")
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
        let removals = try harness.store.read { try $0.changes(sessionID: second.id) }.filter { $0.kind == .removed }
        #expect(removals.map(\.instanceID) == [first])
    }

    @Test("a folder sync tells items moved to another folder from items removed")
    func folderSyncMovesAndRemovals() async throws {
        let harness = try SyncHarness(account: Self.account())
        try await harness.sync()
        let jazz = harness.fake.account.folders[1].id
        let inJazz = harness.fake.account.items.filter { $0.folderID == jazz }
        let (moved, removed) = (inJazz[0], inJazz[1])
        harness.fake.change { account in
            account.updateItem(instanceID: moved.instanceID) { $0.folderID = 1 }
            account.removeItem(instanceID: removed.instanceID)
        }
        harness.fake.resetStats()

        let session = try await harness.sync(SyncRequest(kinds: [.collection], folders: [jazz]))

        #expect(session.status == .completed, "\(session.error ?? "")")
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
        let changes = try harness.store.read { try $0.changes(sessionID: session.id) }
        #expect(
            Set(changes.map { "\($0.kind.rawValue) \($0.instanceID ?? 0)" }) == [
                "moved \(moved.instanceID)", "removed \(removed.instanceID)",
            ])
        #expect(harness.fake.stats.byEndpoint["instances"] == 2)
    }
}
