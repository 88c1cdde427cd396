import Discogs
import Foundation
import GRDB

/// Where a release row's data came from.
public enum ReleaseSource: String, Sendable, Codable {
    /// `GET /releases/{id}`: complete.
    case api
    /// The monthly data dump: complete.
    case dump
    /// Only the summary embedded in a collection page or want.
    case basicInformation = "basic_information"
    /// Only the columns of the website's collection CSV export.
    case csv

    /// Whether the row holds everything Discogs knows, or a summary waiting for the real thing.
    public var isComplete: Bool { self == .api || self == .dump }
}

/// How current a stored release is, for deciding whether to fetch it again.
public struct ReleaseFreshness: Sendable, Equatable {
    public var source: ReleaseSource
    public var fetchedAt: Date
    public var basicHash: String?

    public init(source: ReleaseSource, fetchedAt: Date, basicHash: String?) {
        self.source = source
        self.fetchedAt = fetchedAt
        self.basicHash = basicHash
    }
}

extension StoreTransaction {
    /// The freshness of each of these releases that is stored, in one query (a page's worth).
    public func releaseFreshness(ids: [Int]) throws -> [Int: ReleaseFreshness] {
        var result: [Int: ReleaseFreshness] = [:]
        for row in try rows(
            "SELECT id, source, fetched_at, basic_hash FROM releases WHERE id IN (SELECT value FROM json_each(?))",
            [JSONColumn.ids(ids)])
        {
            result[row["id"]] = ReleaseFreshness(
                source: ReleaseSource(rawValue: row["source"]) ?? .basicInformation, fetchedAt: row["fetched_at"],
                basicHash: row["basic_hash"])
        }
        return result
    }

    public func releaseFreshness(id: Int) throws -> ReleaseFreshness? {
        guard
            let row = try row("SELECT source, fetched_at, basic_hash FROM releases WHERE id = ?", [id])
        else { return nil }
        return ReleaseFreshness(
            source: ReleaseSource(rawValue: row["source"]) ?? .basicInformation, fetchedAt: row["fetched_at"],
            basicHash: row["basic_hash"])
    }

    /// Stores a complete release and all its lists. When its content hash is what is stored
    /// already, only `fetched_at` (and the basic hash) move. Returns whether the content changed.
    @discardableResult
    public func upsertRelease(_ release: Release, source: ReleaseSource, basicHash: String?, now: Date) throws -> Bool {
        let hash = ContentHash.of(release)
        if let stored = try value(
            String.self, "SELECT content_hash FROM releases WHERE id = ? AND source = ?",
            [release.id, source.rawValue]), stored == hash
        {
            try execute(
                "UPDATE releases SET fetched_at = ?, basic_hash = coalesce(?, basic_hash) WHERE id = ?",
                [now, basicHash, release.id])
            return false
        }
        try writeReleaseRow(release, source: source, basicHash: basicHash, contentHash: hash, now: now)
        try writeChildren(of: release)
        return true
    }

    /// Takes a summary's hash as the baseline of a complete release that has none yet (one from
    /// a dump): later summaries are compared with it to notice edits on Discogs.
    public func adoptReleaseBaseline(id: Int, basicHash: String) throws {
        try execute("UPDATE releases SET basic_hash = ? WHERE id = ? AND basic_hash IS NULL", [basicHash, id])
    }

    /// Stores the summary of a release that is not stored completely yet. A complete row is never
    /// downgraded; a summary is replaced when its hash differs.
    public func upsertReleaseSummary(
        _ info: BasicInformation, basicHash: String, source: ReleaseSource, now: Date
    ) throws {
        let freshness = try releaseFreshness(id: info.id)
        if let freshness, freshness.source.isComplete || freshness.basicHash == basicHash { return }
        try writeReleaseSummary(info, basicHash: basicHash, source: source, replacing: freshness != nil, now: now)
    }

    /// Stores a summary the caller has already decided to store (it knows what is there:
    /// nothing, or an older summary to replace).
    public func writeReleaseSummary(
        _ info: BasicInformation, basicHash: String, source: ReleaseSource, replacing: Bool, now: Date
    ) throws {
        let release = Release(summary: info)
        try writeReleaseRow(release, source: source, basicHash: basicHash, contentHash: basicHash, now: now)
        try writeChildren(of: release, replacing: replacing)
    }

    private func writeReleaseRow(
        _ r: Release, source: ReleaseSource, basicHash: String?, contentHash: String, now: Date
    )
        throws
    {
        let coverImage = r.primaryImage?.uri
        try execute(
            """
            INSERT INTO releases (id, title, status, year, country, released, released_formatted, notes,
                data_quality, master_id, artists_sort, format_quantity, discogs_date_added, discogs_date_changed,
                num_for_sale, lowest_price, community_have, community_want, rating_average, rating_count,
                thumb, cover_image, uri, estimated_weight, blocked_from_sale, source, fetched_at, basic_hash,
                content_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, status = excluded.status, year = excluded.year,
                country = excluded.country, released = excluded.released,
                released_formatted = excluded.released_formatted, notes = excluded.notes,
                data_quality = excluded.data_quality, master_id = excluded.master_id,
                artists_sort = excluded.artists_sort, format_quantity = excluded.format_quantity,
                discogs_date_added = excluded.discogs_date_added,
                discogs_date_changed = excluded.discogs_date_changed, num_for_sale = excluded.num_for_sale,
                lowest_price = excluded.lowest_price, community_have = excluded.community_have,
                community_want = excluded.community_want, rating_average = excluded.rating_average,
                rating_count = excluded.rating_count, thumb = excluded.thumb,
                cover_image = excluded.cover_image, uri = excluded.uri,
                estimated_weight = excluded.estimated_weight, blocked_from_sale = excluded.blocked_from_sale,
                source = excluded.source, fetched_at = excluded.fetched_at,
                basic_hash = coalesce(excluded.basic_hash, basic_hash), content_hash = excluded.content_hash
            """,
            [
                r.id, r.title, r.status, r.year, r.country, r.released, r.releasedFormatted, r.notes,
                r.dataQuality, r.masterID, r.artistsSort, r.formatQuantity, r.dateAdded, r.dateChanged,
                r.numForSale, r.lowestPrice, r.community?.have, r.community?.want, r.community?.ratingAverage,
                r.community?.ratingCount, r.thumb, coverImage, r.uri, r.estimatedWeight, r.blockedFromSale,
                source.rawValue, now, basicHash, contentHash,
            ])
    }

    /// Replaces every child row of the release (delete, then insert in list order).
    /// `replacing: false` for a release stored for the first time: it has no lists to clear
    /// (13 deletes a release, on a first sync of thousands).
    private func writeChildren(of r: Release, replacing: Bool = true) throws {
        if replacing {
            for table in ReleaseTables.children {
                try execute("DELETE FROM \(table) WHERE release_id = ?", [r.id])
            }
        }
        try insertArtistCredits(r.artists, release: r.id, credit: "main")
        try insertArtistCredits(r.extraArtists, release: r.id, credit: "extra")
        try insertEntities(r.labels, release: r.id, table: "release_labels")
        try insertEntities(r.series, release: r.id, table: "release_series")
        try insertEntities(r.companies, release: r.id, table: "release_companies")

        let format = try db.cachedStatement(
            sql: "INSERT INTO release_formats (release_id, seq, name, qty, text) VALUES (?, ?, ?, ?, ?)")
        let description = try db.cachedStatement(
            sql:
                "INSERT INTO release_format_descriptions (release_id, format_seq, seq, description) VALUES (?, ?, ?, ?)"
        )
        for (seq, f) in r.formats.enumerated() {
            try format.execute(arguments: [r.id, seq, f.name, f.qty, f.text])
            for (index, text) in f.descriptions.enumerated() {
                try description.execute(arguments: [r.id, seq, index, text])
            }
        }

        let genre = try db.cachedStatement(sql: "INSERT INTO release_genres (release_id, seq, genre) VALUES (?, ?, ?)")
        for (seq, name) in r.genres.enumerated() { try genre.execute(arguments: [r.id, seq, name]) }
        let style = try db.cachedStatement(sql: "INSERT INTO release_styles (release_id, seq, style) VALUES (?, ?, ?)")
        for (seq, name) in r.styles.enumerated() { try style.execute(arguments: [r.id, seq, name]) }

        var trackSeq = 0
        try insertTracks(r.tracklist, release: r.id, parent: nil, nextSeq: &trackSeq)

        let identifier = try db.cachedStatement(
            sql: "INSERT INTO release_identifiers (release_id, seq, type, value, description) VALUES (?, ?, ?, ?, ?)")
        for (seq, i) in r.identifiers.enumerated() {
            try identifier.execute(arguments: [r.id, seq, i.type, i.value, i.description])
        }
        let video = try db.cachedStatement(
            sql: """
                INSERT INTO release_videos (release_id, seq, uri, title, description, duration, embed)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for (seq, v) in r.videos.enumerated() {
            try video.execute(arguments: [r.id, seq, v.uri, v.title, v.description, v.duration, v.embed])
        }
        let image = try db.cachedStatement(
            sql: """
                INSERT INTO release_images (release_id, seq, type, uri, uri150, resource_url, width, height)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (seq, i) in r.images.enumerated() {
            try image.execute(arguments: [r.id, seq, i.type, i.uri, i.uri150, i.resourceURL, i.width, i.height])
        }
    }

    private func insertArtistCredits(_ credits: [ArtistCredit], release: Int, credit: String) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO release_artists (release_id, credit, seq, artist_id, name, anv, join_text, role, tracks)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (seq, a) in credits.enumerated() {
            try insert.execute(arguments: [release, credit, seq, a.id, a.name, a.anv, a.join, a.role, a.tracks])
        }
    }

    private func insertEntities(_ entities: [EntityCredit], release: Int, table: String) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO \(table) (release_id, seq, label_id, name, catno, entity_type, entity_type_name)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for (seq, e) in entities.enumerated() {
            try insert.execute(arguments: [release, seq, e.id, e.name, e.catno, e.entityType, e.entityTypeName])
        }
    }

    /// Tracks get consecutive seq numbers in tracklist order; sub-tracks follow their index track.
    private func insertTracks(_ tracks: [Track], release: Int, parent: Int?, nextSeq: inout Int) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO release_tracks (release_id, seq, parent_seq, position, type, title, duration)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        let credit = try db.cachedStatement(
            sql: """
                INSERT INTO release_track_credits (release_id, track_seq, credit, seq, artist_id, name, anv,
                    join_text, role, tracks)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for track in tracks {
            let seq = nextSeq
            nextSeq += 1
            try insert.execute(arguments: [
                release, seq, parent, track.position, track.type, track.title, track.duration,
            ])
            for (kind, credits) in [("main", track.artists), ("extra", track.extraArtists)] {
                for (index, a) in credits.enumerated() {
                    try credit.execute(arguments: [
                        release, seq, kind, index, a.id, a.name, a.anv, a.join, a.role, a.tracks,
                    ])
                }
            }
            try insertTracks(track.subTracks, release: release, parent: seq, nextSeq: &nextSeq)
        }
    }
}

/// The child tables of `releases`, each keyed by `release_id`.
enum ReleaseTables {
    static let children = [
        "release_artists", "release_labels", "release_series", "release_companies", "release_formats",
        "release_format_descriptions", "release_genres", "release_styles", "release_tracks",
        "release_track_credits", "release_identifiers", "release_videos", "release_images",
    ]
}

extension Release {
    /// A release made of what a collection page or want says about it.
    init(summary info: BasicInformation) {
        self.init(
            id: info.id, title: info.title, year: info.year, masterID: info.masterID, thumb: info.thumb,
            artists: info.artists, labels: info.labels, formats: info.formats, genres: info.genres,
            styles: info.styles,
            images: info.coverImage.map { [Image(type: "primary", uri: $0, uri150: info.thumb)] } ?? [])
    }
}
