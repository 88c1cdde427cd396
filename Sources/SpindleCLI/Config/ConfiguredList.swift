import SpindleStore

/// A smart list defined in spindle.toml (`[[lists]]`), re-read on every start: either a one-line
/// query or the table form that mirrors the JSON definition.
///
/// ```toml
/// [[lists]]
/// name = "Hard bop"
/// query = 'style:"Hard Bop" year:1955..1965 ^format_desc:Reissue sort:added- limit:50'
///
/// [[lists]]
/// name = "Wants under 20"
/// base = "wantlist"
/// rule = { all = [ { field = "price", op = "<", value = 20 } ] }
/// sort = ["price+"]
/// ```
public struct ConfiguredList: Sendable, Equatable {
    public var name: String
    public var definition: ListDefinition
    /// The query as written (`query = "…"`), to store beside the definition; nil for the table
    /// form (`ListQuery.format` prints one).
    public var query: String?

    public init(name: String, definition: ListDefinition, query: String? = nil) {
        self.name = name
        self.definition = definition
        self.query = query
    }
}
