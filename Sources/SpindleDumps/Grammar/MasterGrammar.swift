import SpindleStore

/// `<master id>` (reference §3.4); a year of 0 means unknown and is stored as NULL.
enum MasterGrammar {
    static func make() -> DumpGrammar {
        let kit = GrammarKit(tables: .masters)
        let artists = kit.table("master_artists")
        let record = GrammarNode("master", .record)
        record.attributes = [("id", 0, .integer)]
        record.add(
            kit.field("main_release", 0, "main_release_id", .integer),
            kit.images(kit.table("entity_images"), entity: "master"),
            kit.group("artists", kit.credit(artists, credit: nil)),
            kit.list("genres", "genre", kit.table("master_genres"), "genre"),
            kit.list("styles", "style", kit.table("master_styles"), "style"),
            kit.field("year", 0, "year", .knownInteger),
            kit.field("title", 0, "title"),
            kit.field("data_quality", 0, "data_quality"),
            kit.field("notes", 0, "notes"),
            kit.videos(kit.table("master_videos")))
        return DumpGrammar(root: "masters", record: record, tables: .masters)
    }
}
