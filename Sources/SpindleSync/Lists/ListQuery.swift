import Foundation
import SpindleStore

/// The one-line query form of smart lists, after beets: it parses into the same
/// `ListDefinition` as the JSON and TOML forms, and any definition prints back as one.
///
/// ```swift
/// let definition = try ListQuery.parse(#"style:"Hard Bop" year:1955..1965 ^format_desc:Reissue sort:added- limit:50"#)
/// ListQuery.format(definition)  // the same query
/// ```
///
/// Terms separated by spaces must all hold; `,` (or `|`) between terms makes alternatives of the
/// AND-groups around it: `a b , c` is any(all(a, b), all(c)). `( … )` groups, with `|` or `,` for
/// OR inside, and nests up to `ListRule.maxDepth` levels. `^term` or `-term` negates (a `none`
/// group; `^list:` is `not_in_list` and `^added:-1y..` is `not_in_last`).
///
/// | Kind | Value | Operator |
/// |---|---|---|
/// | any but bool, list | `""` / `*` | empty / not_empty |
/// | text | `Blue` / `=Blue Note` / `~Blue` / `::^Blue` | contains / is / contains / matches |
/// | text, multi | `Blue*` / `*Note` / `*lue*` | starts_with / ends_with / contains |
/// | multi | `Jazz` / `Jazz\|Blues` / `Jazz+Blues` | has_any / has_any / has_all |
/// | multi | `=Jazz` / `~jaz` / `::regex` | is / contains / matches (some value) |
/// | number | `4` / `4..5` / `4..` / `..5` / `>4` / `<4` | = / between / >= / <= / > / < |
/// | date | `2020-05-01` / `2020` / `2020-05` | on / between its first and last day |
/// | date | `2019..2021` / `2019..` / `..2021` | between (open ends are null) |
/// | date | `-90d..` / `..-1y` / `-6w..-4w` / `>2020` / `<2020` | in_last / before / between / after / before |
/// | bool | `true`, `yes` / `false`, `no` | is_true / is_false |
/// | list | `Name` | in_list |
///
/// Options: `sort:field+`, `sort:field-` (repeatable, or `sort:a-,b+`; `sort:random`), `limit:N`,
/// `offset:N`, `base:collection|wantlist|inventory|folder:ID`, `fan:field`, `pin:1,2`,
/// `exclude:3`, `seed:N`. Values may be quoted (`"Hard Bop"`, with `\"` and `\\`); quoted
/// characters are never syntax. A query that starts with `{` is the JSON form.
public enum ListQuery {
    /// The sort key that orders by the list's seed.
    public static let randomSort = "random"

    /// Reads a query. `base` applies unless the query says `base:`.
    public static func parse(_ text: String, base: ListBase = .collection) throws(ListQueryError) -> ListDefinition {
        do throws(ListQueryError) {
            if text.drop(while: \.isWhitespace).first == "{" { return try json(text, base: base) }
            return try ListQueryParser.parse(text, base: base)
        } catch {
            var error = error
            error.query = text
            throw error
        }
    }

    /// The definition as a query (canonical: `parse(format(d)) == d` for what `parse` makes).
    /// Trees the query cannot express, or definitions that are not valid, come back as their
    /// JSON form on one line, which `parse` reads too.
    public static func format(_ definition: ListDefinition) -> String {
        // The formatter reads valid trees only: an operator that does not fit its field would
        // otherwise print as a query that means something else.
        guard (try? ListDefinitionValidator.validated(definition)) != nil,
            let query = ListQueryFormatter.query(for: definition), (try? parse(query)) != nil
        else { return json(definition) }
        return query
    }

    /// The JSON form of a definition, on one line with sorted keys.
    public static func json(_ definition: ListDefinition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(definition) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func json(_ text: String, base: ListBase) throws(ListQueryError) -> ListDefinition {
        do throws(ListDefinitionProblem) {
            return try ListDefinitionValidator.decode(Data(text.utf8), defaultBase: base)
        } catch {
            let offset = text.prefix(while: \.isWhitespace).count
            throw ListQueryError(.invalidJSON(error.description), offset: offset, length: text.count - offset)
        }
    }

    /// The known field or option closest to a misspelt name.
    static func suggestion(for name: String) -> String? {
        NameSuggestion.nearest(
            to: name,
            among: ListField.all.flatMap { [$0.name] + $0.aliases } + ListQueryOption.allCases.map(\.rawValue))
    }
}
