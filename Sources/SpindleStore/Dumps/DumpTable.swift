/// A table the dump loader fills: its columns in the order a `DumpBatch` row holds them, and
/// how its rows hang off a record (the key column, plus a fixed scope for shared tables such as
/// `entity_images`).
public struct DumpTable: Sendable {
    public let name: String
    public let columns: [String]
    /// The column holding the record's id (the first column).
    public let key: String
    /// A column with a fixed value on every row of this kind (`entity = 'artist'`).
    public let scope: (column: String, value: String)?

    init(_ name: String, _ columns: [String], key: String, scope: (String, String)? = nil) {
        precondition(columns.first == key || (scope != nil && columns.dropFirst().first == key))
        self.name = name
        self.columns = columns
        self.key = key
        self.scope = scope.map { (column: $0.0, value: $0.1) }
    }

    /// The position of `column` in a row (a programming error when it is not there).
    public func index(of column: String) -> Int {
        guard let index = columns.firstIndex(of: column) else {
            preconditionFailure("\(name) has no column \(column)")
        }
        return index
    }

    var insertSQL: String {
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(name) (\(columns.joined(separator: ", "))) VALUES (\(marks))"
    }

    var deleteSQL: String {
        var sql = "DELETE FROM \(name) WHERE \(key) = ?"
        if let scope { sql += " AND \(scope.column) = '\(scope.value)'" }
        return sql
    }
}

/// The tables of one kind of dump record: the record's own table first, then its lists.
public struct DumpTableSet: Sendable {
    public let kind: DumpKind
    public let record: DumpTable
    public let children: [DumpTable]
    /// Indexes dropped before a fresh load and built after it (building them once is far faster
    /// than keeping them up to date row by row).
    let secondaryIndexes: [(name: String, sql: String)]

    public var all: [DumpTable] { [record] + children }

    public static func of(_ kind: DumpKind) -> DumpTableSet {
        switch kind {
        case .releases: releases
        case .artists: artists
        case .labels: labels
        case .masters: masters
        }
    }

    private static let credit = ["artist_id", "name", "anv", "join_text", "role", "tracks"]
    private static let entity = ["label_id", "name", "catno", "entity_type", "entity_type_name"]
    private static let image = ["type", "uri", "uri150", "width", "height"]
    private static let provenance = ["source", "fetched_at", "dump_month", "content_hash"]

    public static let releases = DumpTableSet(
        kind: .releases,
        record: DumpTable(
            "releases",
            [
                "id", "title", "status", "year", "country", "released", "notes", "data_quality", "master_id",
                "is_main_release", "artists_sort", "format_quantity",
            ] + provenance, key: "id"),
        children: [
            DumpTable("release_artists", ["release_id", "credit", "seq"] + credit, key: "release_id"),
            DumpTable("release_labels", ["release_id", "seq"] + entity, key: "release_id"),
            DumpTable("release_series", ["release_id", "seq"] + entity, key: "release_id"),
            DumpTable("release_companies", ["release_id", "seq"] + entity, key: "release_id"),
            DumpTable("release_formats", ["release_id", "seq", "name", "qty", "text"], key: "release_id"),
            DumpTable(
                "release_format_descriptions", ["release_id", "format_seq", "seq", "description"],
                key: "release_id"),
            DumpTable("release_genres", ["release_id", "seq", "genre"], key: "release_id"),
            DumpTable("release_styles", ["release_id", "seq", "style"], key: "release_id"),
            DumpTable(
                "release_tracks", ["release_id", "seq", "parent_seq", "position", "type", "title", "duration"],
                key: "release_id"),
            DumpTable(
                "release_track_credits", ["release_id", "track_seq", "credit", "seq"] + credit, key: "release_id"),
            DumpTable(
                "release_identifiers", ["release_id", "seq", "type", "value", "description"], key: "release_id"),
            DumpTable(
                "release_videos", ["release_id", "seq", "uri", "title", "description", "duration", "embed"],
                key: "release_id"),
            DumpTable("release_images", ["release_id", "seq"] + image, key: "release_id"),
        ],
        secondaryIndexes: [
            ("releases_master", "CREATE INDEX releases_master ON releases(master_id)"),
            ("release_artists_artist", "CREATE INDEX release_artists_artist ON release_artists(artist_id)"),
            ("release_labels_label", "CREATE INDEX release_labels_label ON release_labels(label_id)"),
            ("release_genres_genre", "CREATE INDEX release_genres_genre ON release_genres(genre)"),
            ("release_styles_style", "CREATE INDEX release_styles_style ON release_styles(style)"),
        ])

    public static let artists = DumpTableSet(
        kind: .artists,
        record: DumpTable("artists", ["id", "name", "realname", "profile", "data_quality"] + provenance, key: "id"),
        children: [
            DumpTable("artist_urls", ["artist_id", "seq", "url"], key: "artist_id"),
            DumpTable("artist_name_variations", ["artist_id", "seq", "name"], key: "artist_id"),
            DumpTable("artist_relations", ["artist_id", "relation", "seq", "other_id", "name"], key: "artist_id"),
            DumpTable(
                "entity_images", ["entity", "entity_id", "seq"] + image, key: "entity_id", scope: ("entity", "artist")),
        ],
        secondaryIndexes: [
            ("artist_relations_other", "CREATE INDEX artist_relations_other ON artist_relations(other_id)")
        ])

    public static let labels = DumpTableSet(
        kind: .labels,
        record: DumpTable(
            "labels",
            ["id", "name", "contact_info", "profile", "data_quality", "parent_id", "parent_name"] + provenance,
            key: "id"),
        children: [
            DumpTable("label_urls", ["label_id", "seq", "url"], key: "label_id"),
            DumpTable("label_sublabels", ["label_id", "seq", "sublabel_id", "name"], key: "label_id"),
            DumpTable(
                "entity_images", ["entity", "entity_id", "seq"] + image, key: "entity_id", scope: ("entity", "label")),
        ],
        secondaryIndexes: [
            ("labels_parent", "CREATE INDEX labels_parent ON labels(parent_id)")
        ])

    public static let masters = DumpTableSet(
        kind: .masters,
        record: DumpTable(
            "masters", ["id", "title", "year", "main_release_id", "data_quality", "notes"] + provenance, key: "id"),
        children: [
            DumpTable("master_artists", ["master_id", "seq"] + credit, key: "master_id"),
            DumpTable("master_genres", ["master_id", "seq", "genre"], key: "master_id"),
            DumpTable("master_styles", ["master_id", "seq", "style"], key: "master_id"),
            DumpTable(
                "master_videos", ["master_id", "seq", "uri", "title", "description", "duration", "embed"],
                key: "master_id"),
            DumpTable(
                "entity_images", ["entity", "entity_id", "seq"] + image, key: "entity_id", scope: ("entity", "master")),
        ],
        secondaryIndexes: [
            ("master_artists_artist", "CREATE INDEX master_artists_artist ON master_artists(artist_id, master_id)")
        ])
}
