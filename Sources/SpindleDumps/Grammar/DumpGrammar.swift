import SpindleStore

/// Everything the parser needs to know about one kind of dump file: its root and record
/// elements, the tables its rows go to, and the columns derived once a record is complete.
struct DumpGrammar {
    let root: String
    let record: GrammarNode
    let tables: DumpTableSet
    var finishRecord: ((RowCursor, RecordParser) -> Void)?

    static func of(_ kind: DumpKind) -> DumpGrammar {
        switch kind {
        case .releases: ReleaseGrammar.make()
        case .artists: ArtistGrammar.make()
        case .labels: LabelGrammar.make()
        case .masters: MasterGrammar.make()
        }
    }
}

/// Shorthands for writing grammars against a table's column names.
struct GrammarKit {
    let tables: DumpTableSet

    func table(_ name: String) -> Int {
        guard let index = tables.all.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("no table \(name) for \(tables.kind)")
        }
        return index
    }

    func column(_ table: Int, _ name: String) -> Int { tables.all[table].index(of: name) }

    func group(_ tag: String, _ children: GrammarNode...) -> GrammarNode {
        let node = GrammarNode(tag, .group)
        node.children = children
        return node
    }

    func ignored(_ tag: String) -> GrammarNode { GrammarNode(tag, .ignored) }

    /// An element whose text fills a column of the row it is in.
    func field(_ tag: String, _ table: Int, _ column: String, _ conversion: Conversion = .text) -> GrammarNode {
        GrammarNode(tag, .field(column: self.column(table, column), conversion))
    }

    /// An element that opens a row of `table`, numbered in `seq` when the table has one.
    func row(
        _ tag: String, _ table: Int, text: String? = nil, attributes: [(String, String, Conversion)] = [],
        constants: [(String, String)] = [], children: [GrammarNode] = []
    ) -> GrammarNode {
        let node = GrammarNode(tag, .row(table: table))
        if tables.all[table].columns.contains("seq") { node.seqColumn = column(table, "seq") }
        node.text = text.map { (column(table, $0), .text) }
        node.attributes = attributes.map { ($0.0, column(table, $0.1), $0.2) }
        node.constants = constants.map { (column(table, $0.0), $0.1) }
        node.children = children
        return node
    }

    /// `<images><image type uri uri150 width height/></images>`, in the table given.
    func images(_ table: Int, entity: String?) -> GrammarNode {
        group(
            "images",
            row(
                "image", table,
                attributes: [
                    ("type", "type", .text), ("uri", "uri", .text), ("uri150", "uri150", .text),
                    ("width", "width", .integer), ("height", "height", .integer),
                ], constants: entity.map { [("entity", $0)] } ?? []))
    }

    /// An artist credit (`<artist><id/><name/><anv/><join/><role/><tracks/></artist>`).
    func credit(_ table: Int, credit: String?) -> GrammarNode {
        row(
            "artist", table, constants: credit.map { [("credit", $0)] } ?? [],
            children: [
                field("id", table, "artist_id", .integer), field("name", table, "name"),
                field("anv", table, "anv"), field("join", table, "join_text"), field("role", table, "role"),
                field("tracks", table, "tracks"),
            ])
    }

    /// `<video src duration embed><title/><description/></video>`.
    func videos(_ table: Int) -> GrammarNode {
        group(
            "videos",
            row(
                "video", table,
                attributes: [("src", "uri", .text), ("duration", "duration", .integer), ("embed", "embed", .boolean)],
                children: [field("title", table, "title"), field("description", table, "description")]))
    }

    /// `<genres><genre>…</genre></genres>` and the like: one row per element, its text in `column`.
    func list(_ group: String, _ item: String, _ table: Int, _ column: String) -> GrammarNode {
        self.group(group, row(item, table, text: column))
    }
}
