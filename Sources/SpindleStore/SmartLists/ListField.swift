/// The fields a rule can test, their types (which decide the operators), and the bases they
/// make sense for. The one catalogue the SQL compiler, the query parser, the error messages and
/// the documentation read.
public struct ListField: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case text, multi, number, date, bool, list
    }

    public let name: String
    public let kind: Kind
    public let summary: String
    /// Other spellings accepted in rules (`date_added` for `added`).
    public let aliases: [String]
    /// Whether the field exists for copies in the collection, for wants, or both.
    public let collectionOnly: Bool

    init(_ name: String, _ kind: Kind, _ summary: String, aliases: [String] = [], collectionOnly: Bool = false) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.aliases = aliases
        self.collectionOnly = collectionOnly
    }

    /// A custom notes field by its name on Discogs: `note:Media Condition`.
    public static let notePrefix = "note:"

    public static let all: [ListField] = [
        // Item level
        ListField("folder", .text, "the folder's name (or its id)", collectionOnly: true),
        ListField("rating", .number, "your rating, 0 to 5"),
        ListField("added", .date, "when you added it", aliases: ["date_added"]),
        ListField("notes", .text, "all notes fields together (a want's notes)"),
        ListField("copies", .number, "how many copies of the release you have", aliases: ["instance_count"]),
        ListField("added_in_sync", .number, "the sync that first saw it"),
        ListField("in_wantlist", .bool, "the release is also on your wantlist", collectionOnly: true),
        ListField("in_collection", .bool, "you own a copy of the release"),
        // Release level
        ListField("artist", .multi, "a main artist's name"),
        ListField("title", .text, "the release title"),
        ListField("label", .multi, "a label's name"),
        ListField("catno", .multi, "a catalogue number"),
        ListField("format", .multi, "a format name (Vinyl, CD, Cassette …)"),
        ListField("format_desc", .multi, "a format description (LP, 7\", Album, Reissue …)", aliases: ["desc"]),
        ListField("format_text", .multi, "a format's free text (Red Marbled, 180 g …)"),
        ListField("genre", .multi, "a genre"),
        ListField("style", .multi, "a style"),
        ListField("year", .number, "the release year"),
        ListField("decade", .number, "the release decade (1980 for 1984)"),
        // Enriched (full release data, from the API or a dump)
        ListField("country", .text, "the country of release"),
        ListField("released", .text, "the release date as Discogs has it (1999-03-00)"),
        ListField("master_year", .number, "the year of the release's master (the original)"),
        ListField("master_id", .number, "the master's id"),
        ListField("tracks", .number, "the number of tracks"),
        ListField("for_sale", .bool, "copies are for sale on the marketplace"),
        ListField("price", .number, "the lowest marketplace price", aliases: ["lowest_price"]),
        ListField("have", .number, "Discogs users who have it"),
        ListField("want", .number, "Discogs users who want it"),
        ListField("community_rating", .number, "the average rating on Discogs"),
        ListField("data_quality", .text, "Discogs' data quality (Correct, Needs Vote …)"),
        // Local
        ListField("list", .list, "membership of another smart list"),
    ]

    /// The field named `name` (or one of its aliases), including `note:<field>`.
    public static func named(_ name: String) -> ListField? {
        let lower = name.lowercased()
        if lower.hasPrefix(notePrefix), name.count > notePrefix.count {
            return ListField(name, .text, "the notes field \(name.dropFirst(notePrefix.count))")
        }
        return all.first { $0.name == lower || $0.aliases.contains(lower) }
    }

    /// The operators that apply to this kind of field.
    public var operators: [ListOperator] {
        switch kind {
        case .text:
            [.isEqual, .isNot, .contains, .notContains, .startsWith, .endsWith, .matches, .isEmpty, .isNotEmpty]
        case .multi:
            [
                .hasAny, .hasAll, .hasNone, .isEqual, .isNot, .contains, .notContains, .startsWith, .endsWith, .matches,
                .isEmpty, .isNotEmpty,
            ]
        case .number:
            [
                .equals, .notEquals, .less, .lessOrEqual, .greater, .greaterOrEqual, .between, .notBetween, .isEmpty,
                .isNotEmpty,
            ]
        case .date: [.before, .after, .on, .between, .notBetween, .inLast, .notInLast, .isEmpty, .isNotEmpty]
        case .bool: [.isTrue, .isFalse]
        case .list: [.inList, .notInList]
        }
    }

    /// Fields whose values can name fan-out child lists ("one list per style").
    public var canFanOut: Bool { [.multi, .text, .number].contains(kind) && name != "title" && name != "notes" }
}
