import SpindleStore

/// `<release id status>` (see ../shared/reference/discogs-dumps.md §3.1): every element of every
/// dump format from 2017 to 2025, in any order.
enum ReleaseGrammar {
    static func make() -> DumpGrammar {
        let kit = GrammarKit(tables: .releases)
        let release = 0
        let artists = kit.table("release_artists")
        let labels = kit.table("release_labels")
        let series = kit.table("release_series")
        let companies = kit.table("release_companies")
        let formats = kit.table("release_formats")
        let descriptions = kit.table("release_format_descriptions")
        let genres = kit.table("release_genres")
        let styles = kit.table("release_styles")
        let tracks = kit.table("release_tracks")
        let trackCredits = kit.table("release_track_credits")
        let identifiers = kit.table("release_identifiers")
        let videos = kit.table("release_videos")
        let images = kit.table("release_images")

        let entityAttributes: [(String, String, Conversion)] = [
            ("name", "name", .text), ("catno", "catno", .text), ("id", "label_id", .integer),
        ]
        let masterID = kit.field("master_id", release, "master_id", .knownInteger)
        masterID.attributes = [("is_main_release", kit.column(release, "is_main_release"), .boolean)]

        let description = kit.row("description", descriptions, text: "description")
        description.copies = [(formats, kit.column(formats, "seq"), kit.column(descriptions, "format_seq"))]
        let format = kit.row(
            "format", formats,
            attributes: [("name", "name", .text), ("qty", "qty", .text), ("text", "text", .text)],
            children: [kit.group("descriptions", description)])

        let trackCredit = { (credit: String) -> GrammarNode in
            let node = kit.credit(trackCredits, credit: credit)
            node.copies = [(tracks, kit.column(tracks, "seq"), kit.column(trackCredits, "track_seq"))]
            return node
        }
        // Tracks are numbered across the whole tracklist; a sub-track points at its index track.
        let track = kit.row("track", tracks)
        track.sharedCounter = true
        track.copies = [(tracks, kit.column(tracks, "seq"), kit.column(tracks, "parent_seq"))]
        track.add(
            kit.field("position", tracks, "position"), kit.field("title", tracks, "title"),
            kit.field("duration", tracks, "duration"),
            kit.group("artists", trackCredit("main")), kit.group("extraartists", trackCredit("extra")),
            kit.group("sub_tracks", track))
        let trackColumns = ReleaseDerivations.TrackColumns(
            seq: kit.column(tracks, "seq"), parent: kit.column(tracks, "parent_seq"),
            position: kit.column(tracks, "position"), duration: kit.column(tracks, "duration"),
            type: kit.column(tracks, "type"))
        track.onClose = { cursor, parser in ReleaseDerivations.trackType(cursor, trackColumns, parser: parser) }

        let company = kit.row(
            "company", companies,
            children: [
                kit.field("id", companies, "label_id", .integer), kit.field("name", companies, "name"),
                kit.field("catno", companies, "catno"), kit.field("entity_type", companies, "entity_type"),
                kit.field("entity_type_name", companies, "entity_type_name"), kit.ignored("resource_url"),
            ])

        let record = GrammarNode("release", .record)
        record.attributes = [("id", 0, .integer), ("status", kit.column(release, "status"), .text)]
        record.add(
            kit.images(images, entity: nil),
            kit.group("artists", kit.credit(artists, credit: "main")),
            kit.group("extraartists", kit.credit(artists, credit: "extra")),
            kit.field("title", release, "title"),
            kit.group("labels", kit.row("label", labels, attributes: entityAttributes)),
            kit.group("series", kit.row("series", series, attributes: entityAttributes)),
            kit.group("formats", format),
            kit.list("genres", "genre", genres, "genre"),
            kit.list("styles", "style", styles, "style"),
            kit.field("country", release, "country"),
            kit.field("released", release, "released"),
            kit.field("notes", release, "notes"),
            kit.field("data_quality", release, "data_quality"),
            masterID,
            kit.group("tracklist", track),
            kit.group(
                "identifiers",
                kit.row(
                    "identifier", identifiers,
                    attributes: [
                        ("type", "type", .text), ("description", "description", .text), ("value", "value", .text),
                    ])),
            kit.videos(videos),
            kit.group("companies", company))

        var grammar = DumpGrammar(root: "releases", record: record, tables: .releases)
        grammar.finishRecord = { cursor, parser in
            ReleaseDerivations.finish(cursor, parser: parser, kit: kit)
        }
        return grammar
    }
}
