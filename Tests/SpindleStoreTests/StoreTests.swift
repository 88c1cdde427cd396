import Discogs
import FakeDiscogs
import Foundation
import GRDB
import SpindleStore
import Testing

/// A store in a fresh temporary folder.
struct TemporaryStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-store-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("spindle.sqlite").path }

    func open() throws -> Store { try Store(path: path) }
}

@Suite("The SQLite store")
struct StoreTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(
        "a release written from the API reads back identical, with every child list",
        arguments: [
            "releases_ID.json", "releases_ID__25829341.json", "releases_ID__peacefixation_10507194.json",
            "releases_ID__2014.json",
        ])
    func releaseRoundTrip(fixture: String) throws {
        let store = try TemporaryStore().open()
        var release = try JSONDecoder().decode(Release.self, from: Fixtures.data(fixture))
        // Sub-tracks with their own credits, as index tracks have them.
        release.tracklist.append(
            Track(
                position: "", type: "index", title: "Suite",
                subTracks: [
                    Track(
                        position: "4a", title: "Part One", duration: "3:00",
                        extraArtists: [ArtistCredit(id: 7, name: "Arranger", role: "Arranged By")]),
                    Track(position: "4b", title: "Part Two"),
                ]))
        _ = try store.write { try $0.upsertRelease(release, source: .api, basicHash: "h", now: now) }
        let stored = try store.read { try $0.release(id: release.id) }
        #expect(stored == release)
    }

    @Test("writing the same release again changes nothing but its fetch time")
    func unchangedReleaseIsNotRewritten() throws {
        let store = try TemporaryStore().open()
        let release = try JSONDecoder().decode(Release.self, from: Fixtures.data("releases_ID.json"))
        let first = try store.write { try $0.upsertRelease(release, source: .api, basicHash: nil, now: now) }
        let second = try store.write { try $0.upsertRelease(release, source: .api, basicHash: nil, now: now + 60) }
        #expect(first == true)
        #expect(second == false)
        #expect(try store.read { try $0.releaseFreshness(id: release.id) }?.fetchedAt == now + 60)
    }

    @Test("a summary never replaces complete release data")
    func summaryDoesNotDowngrade() throws {
        let store = try TemporaryStore().open()
        let release = try JSONDecoder().decode(Release.self, from: Fixtures.data("releases_ID.json"))
        _ = try store.write { try $0.upsertRelease(release, source: .api, basicHash: "a", now: now) }
        let summary = BasicInformation(id: release.id, title: "Something else")
        try store.write { try $0.upsertReleaseSummary(summary, basicHash: "b", source: .basicInformation, now: now) }
        #expect(try store.read { try $0.release(id: release.id) }?.title == "The Köln Concert")
    }

    @Test("items: insert, skip when unchanged, report what changed, soft-delete, restore")
    func itemLifecycle() throws {
        let store = try TemporaryStore().open()
        let account = try store.write { try $0.upsertAccount(username: "u", discogsUserID: 1, now: now) }
        var item = ItemValues(
            instanceID: 9, releaseID: 5, folderID: 1, rating: 3, dateAdded: "2020-01-01T00:00:00-08:00",
            notes: [1: "VG"])
        func upsert() throws -> RowWrite<ItemDiff> {
            try store.write { try $0.upsertItem(accountID: account.id, item, source: .api, sessionID: nil, now: now) }
        }
        #expect(try upsert() == .added)
        #expect(try upsert() == .unchanged)
        item.folderID = 2
        item.notes[3] = "new"
        guard case .changed(let diff) = try upsert() else { Issue.record("expected a change"); return }
        #expect(diff.folder?.old == 1 && diff.folder?.new == 2)
        #expect(diff.notes?.new == [1: "VG", 3: "new"])
        #expect(diff.rating == nil)

        try store.write { try $0.softDeleteItem(accountID: account.id, instanceID: 9, sessionID: nil, now: now) }
        #expect(try store.read { try $0.item(accountID: account.id, instanceID: 9) }?.isActive == false)
        guard case .restored = try upsert() else { Issue.record("expected a restore"); return }
    }

    @Test("opening a database twice runs no migration twice, and a bad path is a clear error")
    func openingTwice() throws {
        let location = TemporaryStore()
        _ = try location.open()
        _ = try location.open()
        #expect(throws: StoreError.self) { try Store(path: "/proc/not-here/spindle.sqlite") }
        do {
            _ = try Store(path: "/proc/not-here/spindle.sqlite")
        } catch {
            #expect("\(error)".contains("cannot open the database /proc/not-here/spindle.sqlite"))
        }
    }

    @Test("the file is in WAL mode with foreign keys on")
    func pragmas() throws {
        let location = TemporaryStore()
        _ = try location.open()
        let mode = try DatabaseQueue(path: location.path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("a write that throws leaves nothing behind")
    func failedWriteRollsBack() throws {
        struct Boom: Error {}
        let store = try TemporaryStore().open()
        #expect(throws: StoreError.self) {
            try store.write { tx in
                _ = try tx.upsertAccount(username: "half", discogsUserID: nil, now: now)
                throw Boom()
            }
        }
        #expect(try store.read { try $0.accounts() }.isEmpty)
    }
}
