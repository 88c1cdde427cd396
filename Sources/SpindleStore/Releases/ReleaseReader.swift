import Discogs
import Foundation
import GRDB

/// A release as stored, with where it came from and its content hash (which changes whenever
/// anything shown about it changes).
public struct StoredRelease: Sendable, Equatable {
    public var release: Release
    public var source: ReleaseSource
    public var contentHash: String
}

/// How much of a release to read: the lists a card shows, or everything.
public enum ReleaseDetail: Sendable {
    /// Main artists, labels, formats, genres, styles, images.
    case summary
    /// Every list of the release JSON.
    case full
}

extension StoreTransaction {
    /// The stored release with all its lists, rebuilt in the order Discogs gave them.
    public func release(id: Int) throws -> Release? {
        try releases(ids: [id], detail: .full)[id]?.release
    }

    /// Many releases at once: one query per table for the whole batch, read with cursors and
    /// column positions straight into each release's lists (the site reads 10,000 at a time).
    public func releases(ids: [Int], detail: ReleaseDetail) throws -> [Int: StoredRelease] {
        guard !ids.isEmpty else { return [:] }
        let batch = JSONColumn.ids(ids)
        let inBatch = "release_id IN (SELECT value FROM json_each(?))"
        func each(_ sql: String, _ body: (Row) throws -> Void) throws {
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [batch])
            while let row = try cursor.next() { try body(row) }
        }

        var result: [Int: StoredRelease] = [:]
        result.reserveCapacity(ids.count)
        try each("SELECT \(Release.columns) FROM releases WHERE id IN (SELECT value FROM json_each(?))") { row in
            result[row[0]] = StoredRelease(
                release: Release(row: row),
                source: ReleaseSource(rawValue: row[Release.sourceColumn]) ?? .basicInformation,
                contentHash: row[Release.contentHashColumn])
        }
        var main: [Int: [ArtistCredit]] = [:]
        var extra: [Int: [ArtistCredit]] = [:]
        try each(
            """
            SELECT release_id, credit, artist_id, name, anv, join_text, role, tracks FROM release_artists
            WHERE \(inBatch) \(detail == .full ? "" : "AND credit = 'main'") ORDER BY release_id, credit, seq
            """
        ) { row in
            let credit = ArtistCredit(id: row[2], name: row[3], anv: row[4], join: row[5], role: row[6], tracks: row[7])
            if row[1] == "main" {
                main[row[0], default: []].append(credit)
            } else {
                extra[row[0], default: []].append(credit)
            }
        }
        func entities(_ table: String) throws -> [Int: [EntityCredit]] {
            var entities: [Int: [EntityCredit]] = [:]
            try each(
                """
                SELECT release_id, label_id, name, catno, entity_type, entity_type_name FROM \(table)
                WHERE \(inBatch) ORDER BY release_id, seq
                """
            ) { row in
                entities[row[0], default: []].append(
                    EntityCredit(id: row[1], name: row[2], catno: row[3], entityType: row[4], entityTypeName: row[5]))
            }
            return entities
        }
        let labels = try entities("release_labels")
        var descriptions: [Int: [Int: [String]]] = [:]
        try each(
            "SELECT release_id, format_seq, description FROM release_format_descriptions WHERE \(inBatch) ORDER BY release_id, format_seq, seq"
        ) { row in descriptions[row[0], default: [:]][row[1], default: []].append(row[2]) }
        var formats: [Int: [Format]] = [:]
        try each(
            "SELECT release_id, seq, name, qty, text FROM release_formats WHERE \(inBatch) ORDER BY release_id, seq"
        ) { row in
            let id: Int = row[0]
            formats[id, default: []].append(
                Format(name: row[2], qty: row[3], text: row[4], descriptions: descriptions[id]?[row[1]] ?? []))
        }
        var genres: [Int: [String]] = [:]
        try each("SELECT release_id, genre FROM release_genres WHERE \(inBatch) ORDER BY release_id, seq") { row in
            genres[row[0], default: []].append(row[1])
        }
        var styles: [Int: [String]] = [:]
        try each("SELECT release_id, style FROM release_styles WHERE \(inBatch) ORDER BY release_id, seq") { row in
            styles[row[0], default: []].append(row[1])
        }
        var images: [Int: [Image]] = [:]
        try each(
            """
            SELECT release_id, type, uri, uri150, resource_url, width, height FROM release_images
            WHERE \(inBatch) ORDER BY release_id, seq
            """
        ) { row in
            images[row[0], default: []].append(
                Image(type: row[1], uri: row[2], uri150: row[3], resourceURL: row[4], width: row[5], height: row[6]))
        }
        for id in result.keys {
            result[id]!.release.artists = main[id] ?? []
            result[id]!.release.labels = labels[id] ?? []
            result[id]!.release.formats = formats[id] ?? []
            result[id]!.release.genres = genres[id] ?? []
            result[id]!.release.styles = styles[id] ?? []
            result[id]!.release.images = images[id] ?? []
        }
        guard detail == .full else { return result }

        let series = try entities("release_series")
        let companies = try entities("release_companies")
        var tracks: [Int: [Row]] = [:]
        try each(
            """
            SELECT release_id, seq, parent_seq, position, type, title, duration FROM release_tracks
            WHERE \(inBatch) ORDER BY release_id, seq
            """
        ) { row in tracks[row[0], default: []].append(row.copy()) }
        var trackCredits: [Int: [Row]] = [:]
        try each(
            """
            SELECT release_id, track_seq, credit, artist_id, name, anv, join_text, role, tracks
            FROM release_track_credits WHERE \(inBatch) ORDER BY release_id, track_seq, credit, seq
            """
        ) { row in trackCredits[row[0], default: []].append(row.copy()) }
        var identifiers: [Int: [Identifier]] = [:]
        try each(
            "SELECT release_id, type, value, description FROM release_identifiers WHERE \(inBatch) ORDER BY release_id, seq"
        ) {
            row in identifiers[row[0], default: []].append(Identifier(type: row[1], value: row[2], description: row[3]))
        }
        var videos: [Int: [Video]] = [:]
        try each(
            "SELECT release_id, uri, title, description, duration, embed FROM release_videos WHERE \(inBatch) ORDER BY release_id, seq"
        ) { row in
            videos[row[0], default: []].append(
                Video(uri: row[1], title: row[2], description: row[3], duration: row[4], embed: row[5]))
        }
        for id in result.keys {
            result[id]!.release.extraArtists = extra[id] ?? []
            result[id]!.release.series = series[id] ?? []
            result[id]!.release.companies = companies[id] ?? []
            result[id]!.release.tracklist = Self.tracklist(tracks[id] ?? [], credits: trackCredits[id] ?? [])
            result[id]!.release.identifiers = identifiers[id] ?? []
            result[id]!.release.videos = videos[id] ?? []
        }
        return result
    }

    /// Rebuilds the tree: top-level tracks with their sub-tracks, each with its credits.
    private static func tracklist(_ rows: [Row], credits: [Row]) -> [Track] {
        let creditsByTrack = Dictionary(grouping: credits, by: { $0["track_seq"] as Int })
        var tracks: [Int: Track] = [:]
        var children: [Int?: [Int]] = [:]
        for row in rows {
            let seq: Int = row["seq"]
            let trackCredits = creditsByTrack[seq, default: []]
            tracks[seq] = Track(
                position: row["position"], type: row["type"], title: row["title"], duration: row["duration"],
                artists: trackCredits.filter { $0["credit"] == "main" }.map(ArtistCredit.init(row:)),
                extraArtists: trackCredits.filter { $0["credit"] == "extra" }.map(ArtistCredit.init(row:)))
            children[row["parent_seq"] as Int?, default: []].append(seq)
        }
        func build(_ seq: Int) -> Track {
            var track = tracks[seq]!
            track.subTracks = children[seq, default: []].map(build)
            return track
        }
        return children[nil, default: []].map(build)
    }
}

extension Release {
    /// The columns `init(row:)` reads, in its order (then `source` and `content_hash`).
    static let columns = """
        id, title, status, year, country, released, released_formatted, notes, data_quality, master_id, artists_sort,
        format_quantity, discogs_date_added, discogs_date_changed, num_for_sale, lowest_price, uri, thumb,
        estimated_weight, blocked_from_sale, community_have, community_want, rating_average, rating_count, source,
        content_hash
        """
    static let sourceColumn = 24
    static let contentHashColumn = 25

    /// A `releases` row selected with `columns`; the lists are filled in by the reader.
    init(row: Row) {
        let have: Int? = row[20]
        let votes: Int? = row[23]
        self.init(
            id: row[0], title: row[1], status: row[2], year: row[3], country: row[4], released: row[5],
            releasedFormatted: row[6], notes: row[7], dataQuality: row[8], masterID: row[9], artistsSort: row[10],
            formatQuantity: row[11], dateAdded: row[12], dateChanged: row[13], numForSale: row[14],
            lowestPrice: row[15],
            uri: row[16], thumb: row[17], estimatedWeight: row[18], blockedFromSale: row[19],
            community: have != nil || votes != nil
                ? Community(have: have, want: row[21], ratingAverage: row[22], ratingCount: votes) : nil)
    }
}

extension ArtistCredit {
    init(row: Row) {
        self.init(
            id: row["artist_id"], name: row["name"], anv: row["anv"], join: row["join_text"], role: row["role"],
            tracks: row["tracks"])
    }
}
