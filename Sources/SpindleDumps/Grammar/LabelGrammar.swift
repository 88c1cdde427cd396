import SpindleStore

/// `<label>` (reference §3.3): id as a child element, sublabels as nested `<label>` elements,
/// `id` attributes on parentLabel and sublabels from ~2019 on, no `<name>` on a few 2025 records.
enum LabelGrammar {
    static func make() -> DumpGrammar {
        let kit = GrammarKit(tables: .labels)
        let urls = kit.table("label_urls")
        let sublabels = kit.table("label_sublabels")
        let images = kit.table("entity_images")

        let parent = kit.field("parentLabel", 0, "parent_name")
        parent.attributes = [("id", kit.column(0, "parent_id"), .integer)]

        let record = GrammarNode("label", .record)
        record.add(
            kit.images(images, entity: "label"),
            kit.field("id", 0, "id", .integer),
            kit.field("name", 0, "name"),
            kit.field("contactinfo", 0, "contact_info"),
            kit.field("profile", 0, "profile"),
            kit.field("data_quality", 0, "data_quality"),
            parent,
            kit.list("urls", "url", urls, "url"),
            kit.group(
                "sublabels",
                kit.row("label", sublabels, text: "name", attributes: [("id", "sublabel_id", .integer)])))
        return DumpGrammar(root: "labels", record: record, tables: .labels)
    }
}
