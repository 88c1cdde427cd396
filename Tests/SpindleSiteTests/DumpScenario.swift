import Discogs
import Foundation
import GRDB
import SpindleStore

/// A small label's worth of releases in the collection, and what the data dumps say about their
/// masters, artists and labels, written with SQL into the site's database as the dump importer
/// writes them (`source = 'dump'`).
///
/// Svek (label 5, a sublabel of Goldhead Music, which is not in the collection) has six releases
/// owned, numbered SK 9, SK 10, SK-11, SK 100 and `none`; The Persuader (artist 1) is on masters
/// 500 (two versions owned, one wanted), 600 (one owned) and 700 (none owned).
enum DumpScenario {
    static let stockholm = 9_300_001  // master 500's main release, SK 10
    static let remaster = 9_300_002  // master 500, SK 9
    static let ostermalm = 9_300_003  // master 600, SK 100
    static let noMasterRow = 9_300_004  // master 900, which the dumps do not have; SK-11
    static let sublabel = 9_300_005  // on Svek Sub (label 7)
    static let uncatalogued = 9_300_006  // catalogue number "none"
    static let wanted = 9_300_010  // master 500, on the wantlist only

    static let labelOrder = [remaster, stockholm, noMasterRow, ostermalm, uncatalogued]

    /// Owns (and wants) the releases.
    static func own(in site: SiteHarness) throws {
        let persuader = ArtistCredit(id: 1, name: "The Persuader")
        let jesper = ArtistCredit(id: 2, name: "Jesper Dahlbäck")
        func release(
            _ id: Int, _ title: String, _ year: Int, master: Int?, artist: ArtistCredit, label: EntityCredit
        )
            -> Release
        {
            var release = Release(id: id, title: title, year: year)
            release.masterID = master
            release.artists = [artist]
            release.labels = [label]
            release.genres = ["Electronic"]
            return release
        }
        func svek(_ catno: String) -> EntityCredit { EntityCredit(id: 5, name: "Svek", catno: catno) }
        let owned = [
            release(stockholm, "Stockholm", 1999, master: 500, artist: persuader, label: svek("SK 10")),
            release(remaster, "Stockholm (Remastered)", 2005, master: 500, artist: persuader, label: svek("SK 9")),
            release(ostermalm, "Östermalm", 2000, master: 600, artist: persuader, label: svek("SK 100")),
            release(noMasterRow, "Elsewhere", 1998, master: 900, artist: jesper, label: svek("SK-11")),
            release(
                sublabel, "Sub Rosa", 2001, master: nil, artist: jesper,
                label: EntityCredit(id: 7, name: "Svek Sub", catno: "SS 1")),
            release(uncatalogued, "Promo", 1997, master: nil, artist: jesper, label: svek("none")),
        ]
        for (index, entry) in owned.enumerated() { try site.own(entry, instanceID: 9_930_000 + index) }
        let want = release(wanted, "Stockholm (Japan)", 2000, master: 500, artist: persuader, label: svek("SKJ 1"))
        let accountID = site.account.id
        try site.store.write { tx in
            _ = try tx.upsertRelease(want, source: .api, basicHash: nil, now: Date())
            _ = try tx.upsertWant(
                accountID: accountID,
                WantValues(releaseID: want.id, rating: 0, dateAdded: "2024-06-01T10:00:00-07:00", notes: ""),
                sessionID: nil, now: Date())
        }
    }

    /// The dump rows about them, and some about nothing in the collection.
    static func describe(in site: SiteHarness) throws {
        try execute(
            in: site,
            """
            INSERT INTO masters (id, title, year, main_release_id, data_quality, notes, source, fetched_at, dump_month, content_hash)
            VALUES (500, 'Stockholm', 1999, 9300001, 'Correct',
                    'Debut album by [a1] on [l=Svek].&#13;' || char(10) || 'See also [m600], [b]remastered[/b] as [r9300002], and [url=https://example.org/stockholm]this <b>page</b>[/url] <script>x()</script>',
                    'dump', '2026-01-01', '2026-01', 'm500'),
                   (600, 'Östermalm', 2000, 7777, NULL, NULL, 'dump', '2026-01-01', '2026-01', 'm600'),
                   (700, 'Unowned Work', 2003, NULL, NULL, NULL, 'dump', '2026-01-01', '2026-01', 'm700');
            INSERT INTO master_artists (master_id, seq, artist_id, name) VALUES
                (500, 0, 1, 'The Persuader'), (600, 0, 1, 'The Persuader'), (700, 0, 1, 'The Persuader'),
                (700, 1, 194, 'Various');
            INSERT INTO master_genres (master_id, seq, genre) VALUES (500, 0, 'Electronic');
            INSERT INTO master_styles (master_id, seq, style) VALUES (500, 0, 'Deep House');

            INSERT INTO artists (id, name, realname, profile, data_quality, source, fetched_at, content_hash) VALUES
                (1, 'The Persuader', 'Jesper Dahlbäck', 'Swedish producer; see [a2] & [a=Unknown Person (3)].',
                 'Correct', 'dump', '2026-01-01', 'a1'),
                (2, 'Jesper Dahlbäck', NULL, NULL, 'Correct', 'dump', '2026-01-01', 'a2');
            INSERT INTO artist_relations (artist_id, relation, seq, other_id, name) VALUES
                (1, 'alias', 0, 2, 'Jesper Dahlbäck'), (1, 'alias', 1, 3, 'Not On This Site'),
                (1, 'group', 0, NULL, 'Nameless Group');
            INSERT INTO artist_urls (artist_id, seq, url) VALUES
                (1, 0, 'https://www.persuader.example/'), (1, 1, 'javascript:alert(1)');

            INSERT INTO labels (id, name, profile, parent_id, parent_name, source, fetched_at, content_hash) VALUES
                (5, 'Svek', '[a=The Persuader]''s label, founded in Stockholm.&#13;' || char(10) || 'Home of [l7].',
                 6, 'Goldhead Music', 'dump', '2026-01-01', 'l5'),
                (7, 'Svek Sub', NULL, 5, 'Svek', 'dump', '2026-01-01', 'l7');
            INSERT INTO label_sublabels (label_id, seq, sublabel_id, name) VALUES
                (5, 0, 7, 'Svek Sub'), (5, 1, 8, 'Never Owned Sub');
            INSERT INTO label_urls (label_id, seq, url) VALUES (5, 0, 'http://svek.se');
            """)
    }

    /// Dump rows about masters, artists and labels the collection does not have.
    static func describeOthers(in site: SiteHarness) throws {
        try execute(
            in: site,
            """
            INSERT INTO masters (id, title, year, source, fetched_at, content_hash)
            VALUES (98000001, 'Someone Else''s Record', 1970, 'dump', '2026-01-01', 'x1');
            INSERT INTO master_artists (master_id, seq, artist_id, name) VALUES (98000001, 0, 98000002, 'Nobody Here');
            INSERT INTO artists (id, name, profile, source, fetched_at) VALUES (98000002, 'Nobody Here', '[a1]', 'dump', '2026-01-01');
            INSERT INTO labels (id, name, profile, source, fetched_at) VALUES (98000003, 'Nowhere Records', 'x', 'dump', '2026-01-01');
            """)
    }

    /// SQL straight into the site's database file, beside the store's own connections.
    static func execute(in site: SiteHarness, _ sql: String) throws {
        let queue = try DatabaseQueue(path: site.store.path)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
    }
}
