import Discogs
import Foundation
import GRDB

// What the Discogs database (filled by the monthly dumps) says about the masters, artists and
// labels of a collection, read for the whole site at once: one query per table however many
// pages there are. Every read is by primary key or by an index prefix, so a store holding the
// full dumps (millions of rows) answers as fast as one holding only the collection; a store
// without dumps answers with empty results.

/// A master release: the work that groups a release's versions.
public struct SiteMaster: Sendable, Equatable {
    public var id: Int
    public var title: String
    public var year: Int?
    public var mainReleaseID: Int?
    public var dataQuality: String?
    /// Free text with Discogs link markup (`[a123]`, `[l=Name]`…).
    public var notes: String?
    public var artists: [ArtistCredit]
    public var genres: [String]
    public var styles: [String]
}

/// An artist's own record: real name, profile, links, and the artists it is related to.
public struct SiteArtist: Sendable, Equatable {
    public enum Relation: String, Sendable, CaseIterable {
        /// Another name of the same artist.
        case alias
        /// A group the artist is a member of.
        case group
        /// A member of this group.
        case member
    }

    public struct Related: Sendable, Equatable {
        public var relation: Relation
        /// Absent in old dumps (2017 aliases).
        public var id: Int?
        public var name: String?
    }

    public var id: Int
    public var name: String?
    public var realName: String?
    /// Free text with Discogs link markup.
    public var profile: String?
    public var urls: [String]
    public var related: [Related]
}

/// A label's own record: profile, links, parent label and sublabels.
public struct SiteLabel: Sendable, Equatable {
    public struct Sublabel: Sendable, Equatable {
        /// Absent in old dumps (2017).
        public var id: Int?
        public var name: String?
    }

    public var id: Int
    public var name: String?
    /// Free text with Discogs link markup.
    public var profile: String?
    public var parentID: Int?
    public var parentName: String?
    public var urls: [String]
    public var sublabels: [Sublabel]
}

/// How many masters credit an artist as a main artist, and how many of those the collection has
/// a version of.
public struct SiteMasterTally: Sendable, Equatable {
    public var masters: Int
    public var owned: Int

    /// Various (194) and Unknown Artist (355): credited on hundreds of thousands of masters, so
    /// counting theirs would be slow and tell a collector nothing.
    static let placeholderArtists: Set<Int> = [194, 355]
    static let placeholderList = placeholderArtists.sorted().map(String.init).joined(separator: ", ")
}

/// Names of the artists, labels and masters and titles of the releases that link markup refers
/// to by id (`[a123]`, `[l45]`, `[m67]`, `[r89]`).
public struct SiteLinkNames: Sendable, Equatable {
    public var artists: [Int: String] = [:]
    public var labels: [Int: String] = [:]
    public var masters: [Int: String] = [:]
    public var releases: [Int: String] = [:]

    public init() {}
}

extension StoreTransaction {
    /// Masters by id, with their main artists, genres and styles; ids with no stored master are
    /// left out.
    public func siteMasters(ids: [Int]) throws -> [Int: SiteMaster] {
        guard !ids.isEmpty else { return [:] }
        let batch = JSONColumn.ids(ids)
        var masters: [Int: SiteMaster] = [:]
        try each(
            """
            SELECT id, title, year, main_release_id, data_quality, notes FROM masters
            WHERE id IN (SELECT value FROM json_each(?))
            """, batch
        ) { row in
            let year: Int? = row[2]
            masters[row[0]] = SiteMaster(
                id: row[0], title: row[1], year: year == 0 ? nil : year, mainReleaseID: row[3], dataQuality: row[4],
                notes: row[5], artists: [], genres: [], styles: [])
        }
        guard !masters.isEmpty else { return [:] }
        try each(
            """
            SELECT master_id, artist_id, name, anv, join_text, role, tracks FROM master_artists
            WHERE master_id IN (SELECT value FROM json_each(?)) ORDER BY master_id, seq
            """, batch
        ) { row in
            let name: String? = row[2]
            masters[row[0]]?.artists.append(
                ArtistCredit(id: row[1], name: name ?? "", anv: row[3], join: row[4], role: row[5], tracks: row[6]))
        }
        try each(
            "SELECT master_id, genre FROM master_genres WHERE master_id IN (SELECT value FROM json_each(?)) ORDER BY master_id, seq",
            batch
        ) { row in masters[row[0]]?.genres.append(row[1]) }
        try each(
            "SELECT master_id, style FROM master_styles WHERE master_id IN (SELECT value FROM json_each(?)) ORDER BY master_id, seq",
            batch
        ) { row in masters[row[0]]?.styles.append(row[1]) }
        return masters
    }

    /// The releases among `ids` that a dump marked as their master's main release.
    public func siteMainReleases(ids: [Int]) throws -> Set<Int> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try values(
                Int.self,
                "SELECT id FROM releases WHERE id IN (SELECT value FROM json_each(?)) AND is_main_release = 1",
                [JSONColumn.ids(ids)]))
    }

    /// Artists by id, with their links and relations; ids with no stored artist are left out.
    public func siteArtists(ids: [Int]) throws -> [Int: SiteArtist] {
        guard !ids.isEmpty else { return [:] }
        let batch = JSONColumn.ids(ids)
        var artists: [Int: SiteArtist] = [:]
        try each(
            "SELECT id, name, realname, profile FROM artists WHERE id IN (SELECT value FROM json_each(?))", batch
        ) { row in
            artists[row[0]] = SiteArtist(
                id: row[0], name: row[1], realName: row[2], profile: row[3], urls: [], related: [])
        }
        guard !artists.isEmpty else { return [:] }
        try each(
            "SELECT artist_id, url FROM artist_urls WHERE artist_id IN (SELECT value FROM json_each(?)) ORDER BY artist_id, seq",
            batch
        ) { row in artists[row[0]]?.urls.append(row[1]) }
        try each(
            """
            SELECT artist_id, relation, other_id, name FROM artist_relations
            WHERE artist_id IN (SELECT value FROM json_each(?)) ORDER BY artist_id, relation, seq
            """, batch
        ) { row in
            guard let relation = SiteArtist.Relation(rawValue: row[1]) else { return }
            artists[row[0]]?.related.append(SiteArtist.Related(relation: relation, id: row[2], name: row[3]))
        }
        return artists
    }

    /// Labels by id, with their links and sublabels; ids with no stored label are left out.
    public func siteLabels(ids: [Int]) throws -> [Int: SiteLabel] {
        guard !ids.isEmpty else { return [:] }
        let batch = JSONColumn.ids(ids)
        var labels: [Int: SiteLabel] = [:]
        try each(
            """
            SELECT id, name, profile, parent_id, parent_name FROM labels WHERE id IN (SELECT value FROM json_each(?))
            """, batch
        ) { row in
            labels[row[0]] = SiteLabel(
                id: row[0], name: row[1], profile: row[2], parentID: row[3], parentName: row[4], urls: [],
                sublabels: [])
        }
        guard !labels.isEmpty else { return [:] }
        try each(
            "SELECT label_id, url FROM label_urls WHERE label_id IN (SELECT value FROM json_each(?)) ORDER BY label_id, seq",
            batch
        ) { row in labels[row[0]]?.urls.append(row[1]) }
        try each(
            """
            SELECT label_id, sublabel_id, name FROM label_sublabels
            WHERE label_id IN (SELECT value FROM json_each(?)) ORDER BY label_id, seq
            """, batch
        ) { row in labels[row[0]]?.sublabels.append(SiteLabel.Sublabel(id: row[1], name: row[2])) }
        return labels
    }

    /// For each artist, the masters that credit it as a main artist and how many of them are in
    /// `ownedMasters`; artists credited on no master are left out, and so are Discogs' placeholder
    /// artists (`placeholderArtists`), which every compilation credits. Uses `master_artists_artist`
    /// (artist_id, master_id): an index range per artist, never the whole table.
    public func siteMasterTallies(artistIDs: [Int], ownedMasters: [Int]) throws -> [Int: SiteMasterTally] {
        let artistIDs = artistIDs.filter { !SiteMasterTally.placeholderArtists.contains($0) }
        guard !artistIDs.isEmpty else { return [:] }
        var tallies: [Int: SiteMasterTally] = [:]
        try each(
            """
            SELECT artist_id, count(DISTINCT master_id),
                   count(DISTINCT master_id) FILTER (WHERE master_id IN (SELECT value FROM json_each(?2)))
            FROM master_artists WHERE artist_id IN (SELECT value FROM json_each(?1))
            GROUP BY artist_id
            """, JSONColumn.ids(artistIDs), JSONColumn.ids(ownedMasters)
        ) { row in tallies[row[0]] = SiteMasterTally(masters: row[1], owned: row[2]) }
        return tallies
    }

    /// The names that link markup refers to by id: artists, labels and masters by name, releases
    /// by title. Ids not stored are left out.
    public func siteLinkNames(artists: [Int], labels: [Int], masters: [Int], releases: [Int]) throws -> SiteLinkNames {
        var names = SiteLinkNames()
        func read(_ table: String, _ column: String, _ ids: [Int], into result: inout [Int: String]) throws {
            guard !ids.isEmpty else { return }
            try each(
                "SELECT id, \(column) FROM \(table) WHERE id IN (SELECT value FROM json_each(?)) AND \(column) IS NOT NULL",
                JSONColumn.ids(ids)
            ) { row in result[row[0]] = row[1] }
        }
        try read("artists", "name", artists, into: &names.artists)
        try read("labels", "name", labels, into: &names.labels)
        try read("masters", "title", masters, into: &names.masters)
        try read("releases", "title", releases, into: &names.releases)
        return names
    }

    private func each(_ sql: String, _ arguments: String..., body: (Row) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        while let row = try cursor.next() { try body(row) }
    }
}
