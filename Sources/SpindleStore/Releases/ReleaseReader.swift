import Discogs
import Foundation
import GRDB

extension StoreTransaction {
    /// The stored release with all its lists, rebuilt in the order Discogs gave them.
    public func release(id: Int) throws -> Release? {
        guard let row = try row("SELECT * FROM releases WHERE id = ?", [id]) else {
            return nil
        }
        let hasCommunity = row["community_have"] as Int? != nil || row["rating_count"] as Int? != nil
        var release = Release(
            id: row["id"], title: row["title"], status: row["status"], year: row["year"], country: row["country"],
            released: row["released"], releasedFormatted: row["released_formatted"], notes: row["notes"],
            dataQuality: row["data_quality"], masterID: row["master_id"], artistsSort: row["artists_sort"],
            formatQuantity: row["format_quantity"], dateAdded: row["discogs_date_added"],
            dateChanged: row["discogs_date_changed"], numForSale: row["num_for_sale"],
            lowestPrice: row["lowest_price"], uri: row["uri"], thumb: row["thumb"],
            estimatedWeight: row["estimated_weight"], blockedFromSale: row["blocked_from_sale"],
            community: hasCommunity
                ? Community(
                    have: row["community_have"], want: row["community_want"], ratingAverage: row["rating_average"],
                    ratingCount: row["rating_count"]) : nil)

        release.artists = try artistCredits(release: id, credit: "main")
        release.extraArtists = try artistCredits(release: id, credit: "extra")
        release.labels = try entities(release: id, table: "release_labels")
        release.series = try entities(release: id, table: "release_series")
        release.companies = try entities(release: id, table: "release_companies")

        let descriptions = Dictionary(
            grouping: try rows(
                """
                SELECT format_seq, description FROM release_format_descriptions
                WHERE release_id = ? ORDER BY format_seq, seq
                """, [id]),
            by: { $0["format_seq"] as Int })
        release.formats = try rows(
            "SELECT seq, name, qty, text FROM release_formats WHERE release_id = ? ORDER BY seq",
            [id]
        ).map { row in
            Format(
                name: row["name"], qty: row["qty"], text: row["text"],
                descriptions: descriptions[row["seq"] as Int, default: []].map { $0["description"] })
        }
        release.genres = try values(
            String.self, "SELECT genre FROM release_genres WHERE release_id = ? ORDER BY seq", [id])
        release.styles = try values(
            String.self, "SELECT style FROM release_styles WHERE release_id = ? ORDER BY seq", [id])
        release.tracklist = try tracklist(release: id)
        release.identifiers = try rows(
            "SELECT type, value, description FROM release_identifiers WHERE release_id = ? ORDER BY seq",
            [id]
        ).map { Identifier(type: $0["type"], value: $0["value"], description: $0["description"]) }
        release.videos = try rows(
            "SELECT uri, title, description, duration, embed FROM release_videos WHERE release_id = ? ORDER BY seq",
            [id]
        ).map {
            Video(
                uri: $0["uri"], title: $0["title"], description: $0["description"], duration: $0["duration"],
                embed: $0["embed"])
        }
        release.images = try rows(
            """
            SELECT type, uri, uri150, resource_url, width, height FROM release_images
            WHERE release_id = ? ORDER BY seq
            """, [id]
        ).map {
            Image(
                type: $0["type"], uri: $0["uri"], uri150: $0["uri150"], resourceURL: $0["resource_url"],
                width: $0["width"], height: $0["height"])
        }
        return release
    }

    private func artistCredits(release: Int, credit: String) throws -> [ArtistCredit] {
        try rows(
            """
            SELECT artist_id, name, anv, join_text, role, tracks FROM release_artists
            WHERE release_id = ? AND credit = ? ORDER BY seq
            """,
            [release, credit]
        ).map(ArtistCredit.init(row:))
    }

    private func entities(release: Int, table: String) throws -> [EntityCredit] {
        try rows(
            "SELECT label_id, name, catno, entity_type, entity_type_name FROM \(table) WHERE release_id = ? ORDER BY seq",
            [release]
        ).map {
            EntityCredit(
                id: $0["label_id"], name: $0["name"], catno: $0["catno"], entityType: $0["entity_type"],
                entityTypeName: $0["entity_type_name"])
        }
    }

    /// Rebuilds the tree: top-level tracks with their sub-tracks, each with its credits.
    private func tracklist(release: Int) throws -> [Track] {
        let credits = Dictionary(
            grouping: try rows(
                """
                SELECT track_seq, credit, artist_id, name, anv, join_text, role, tracks
                FROM release_track_credits WHERE release_id = ? ORDER BY track_seq, credit, seq
                """, [release]),
            by: { $0["track_seq"] as Int })
        let rows = try rows(
            """
            SELECT seq, parent_seq, position, type, title, duration FROM release_tracks
            WHERE release_id = ? ORDER BY seq
            """, [release])
        var tracks: [Int: Track] = [:]
        var children: [Int?: [Int]] = [:]
        for row in rows {
            let seq: Int = row["seq"]
            let trackCredits = credits[seq, default: []]
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

extension ArtistCredit {
    init(row: Row) {
        self.init(
            id: row["artist_id"], name: row["name"], anv: row["anv"], join: row["join_text"], role: row["role"],
            tracks: row["tracks"])
    }
}
