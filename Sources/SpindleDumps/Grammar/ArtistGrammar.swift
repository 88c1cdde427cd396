import SpindleStore

/// `<artist>` (reference §3.2): id as a child element; aliases, groups and members with an `id`
/// attribute from ~2019 on; members as `<id>`+`<name>` pairs from 2015 to 2024.
enum ArtistGrammar {
    static func make() -> DumpGrammar {
        let kit = GrammarKit(tables: .artists)
        let urls = kit.table("artist_urls")
        let variations = kit.table("artist_name_variations")
        let relations = kit.table("artist_relations")
        let images = kit.table("entity_images")

        let relation = { (group: String, relation: String) -> GrammarNode in
            let name = kit.row(
                "name", relations, text: "name", attributes: [("id", "other_id", .integer)],
                constants: [("relation", relation)])
            name.pendingIDColumn = kit.column(relations, "other_id")
            let node = kit.group(group, name)
            if relation == "member" { node.add(GrammarNode("id", .pendingID)) }
            return node
        }

        let record = GrammarNode("artist", .record)
        record.add(
            kit.images(images, entity: "artist"),
            kit.field("id", 0, "id", .integer),
            kit.field("name", 0, "name"),
            kit.field("realname", 0, "realname"),
            kit.field("profile", 0, "profile"),
            kit.field("data_quality", 0, "data_quality"),
            kit.list("urls", "url", urls, "url"),
            kit.list("namevariations", "name", variations, "name"),
            relation("aliases", "alias"),
            relation("groups", "group"),
            relation("members", "member"))
        return DumpGrammar(root: "artists", record: record, tables: .artists)
    }
}
