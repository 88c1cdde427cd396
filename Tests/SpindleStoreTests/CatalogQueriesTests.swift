import Discogs
import Foundation
import GRDB
import SpindleStore
import Testing

@Suite("Reading the dump tables for the site")
struct CatalogQueriesTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// A store with one account owning release 10 (master 500) and dump rows around it.
    func store() throws -> (Store, Account, DatabaseQueue) {
        let location = TemporaryStore()
        let store = try location.open()
        let account = try store.write { tx in
            let account = try tx.upsertAccount(username: "collector", discogsUserID: nil, now: now)
            var release = Release(id: 10, title: "Stockholm", year: 1999)
            release.masterID = 500
            release.artists = [ArtistCredit(id: 1, name: "The Persuader")]
            release.labels = [EntityCredit(id: 5, name: "Svek", catno: "SK 10")]
            _ = try tx.upsertRelease(release, source: .api, basicHash: nil, now: now)
            _ = try tx.upsertItem(
                accountID: account.id,
                ItemValues(instanceID: 1, releaseID: 10, folderID: 1, rating: 0, dateAdded: nil, notes: [:]),
                source: .api, sessionID: nil, now: now)
            return account
        }
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO masters (id, title, year, main_release_id, notes, source, fetched_at, content_hash) VALUES
                        (500, 'Stockholm', 1999, 10, '[a1]', 'dump', 'x', 'h500'), (600, 'Other', 0, NULL, NULL, 'dump', 'x', 'h600');
                    INSERT INTO master_artists (master_id, seq, artist_id, name) VALUES
                        (500, 0, 1, 'The Persuader'), (600, 0, 1, 'The Persuader'), (600, 1, 1, 'The Persuader'),
                        (600, 2, 194, 'Various');
                    INSERT INTO master_genres (master_id, seq, genre) VALUES (500, 1, 'House'), (500, 0, 'Electronic');
                    INSERT INTO artists (id, name, realname, source, fetched_at) VALUES (1, 'The Persuader', 'Jesper', 'dump', 'x');
                    INSERT INTO artist_relations (artist_id, relation, seq, other_id, name) VALUES (1, 'alias', 0, 2, 'J');
                    INSERT INTO labels (id, name, parent_id, parent_name, source, fetched_at) VALUES (5, 'Svek', 6, 'Goldhead', 'dump', 'x');
                    INSERT INTO label_sublabels (label_id, seq, sublabel_id, name) VALUES (5, 0, 7, 'Sub'), (5, 1, NULL, 'Old');
                    """)
        }
        return (store, account, queue)
    }

    @Test("masters, artists and labels come back with their lists, in order; unknown ids are left out")
    func batchReads() throws {
        let (store, _, _) = try store()
        let masters = try store.read { try $0.siteMasters(ids: [500, 600, 999]) }
        #expect(Set(masters.keys) == [500, 600])
        #expect(masters[500]?.genres == ["Electronic", "House"])
        #expect(masters[500]?.mainReleaseID == 10 && masters[500]?.notes == "[a1]")
        #expect(masters[600]?.year == nil, "year 0 means unknown")
        let artists = try store.read { try $0.siteArtists(ids: [1, 2]) }
        #expect(artists.keys.sorted() == [1])
        #expect(artists[1]?.related.map { "\($0.relation)|\($0.id ?? 0)|\($0.name ?? "")" } == ["alias|2|J"])
        let labels = try store.read { try $0.siteLabels(ids: [5]) }
        #expect(labels[5]?.sublabels.map(\.id) == [7, nil] && labels[5]?.parentName == "Goldhead")
        let names = try store.read {
            try $0.siteLinkNames(artists: [1, 3], labels: [5], masters: [600], releases: [10])
        }
        #expect(names.artists == [1: "The Persuader"] && names.labels == [5: "Svek"])
        #expect(names.masters == [600: "Other"] && names.releases == [10: "Stockholm"])
        #expect(try store.read { try $0.siteMasters(ids: []) }.isEmpty)
    }

    @Test("an artist's masters are counted once each, through the index, placeholder artists left out")
    func tallies() throws {
        let (store, _, queue) = try store()
        let tallies = try store.read { try $0.siteMasterTallies(artistIDs: [1, 194, 3], ownedMasters: [500]) }
        #expect(tallies.keys.sorted() == [1])
        #expect(tallies[1]?.masters == 2 && tallies[1]?.owned == 1)
        let plan = try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT artist_id, count(DISTINCT master_id) FROM master_artists
                    WHERE artist_id IN (SELECT value FROM json_each('[1]')) GROUP BY artist_id
                    """
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING COVERING INDEX master_artists_artist") }, "\(plan)")
    }

    @Test("the site's data fingerprint follows the dump rows it shows, and only those")
    func fingerprint() throws {
        let (store, account, queue) = try store()
        let before = try store.read { try $0.siteDataFingerprint(accountID: account.id) }
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO masters (id, title, source, fetched_at) VALUES (900, 'Unrelated', 'dump', 'x');
                    INSERT INTO artists (id, name, source, fetched_at) VALUES (900, 'Unrelated', 'dump', 'x');
                    """)
        }
        #expect(try store.read { try $0.siteDataFingerprint(accountID: account.id) } == before)
        for change in [
            "UPDATE masters SET content_hash = 'h500b' WHERE id = 500",
            "INSERT INTO master_artists (master_id, seq, artist_id) VALUES (900, 0, 1)",
            "UPDATE labels SET fetched_at = 'y' WHERE id = 5",
            "INSERT INTO dump_runs (year_month, status, created_at, updated_at, completed_at) VALUES ('2026-01', 'completed', 'x', 'x', 'x')",
        ] {
            let previous = try store.read { try $0.siteDataFingerprint(accountID: account.id) }
            try queue.write { try $0.execute(sql: change) }
            #expect(try store.read { try $0.siteDataFingerprint(accountID: account.id) } != previous, "\(change)")
        }
    }
}
