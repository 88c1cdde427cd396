import Foundation
import SpindleStore
import SpindleSync
import TOMLKit

/// Reads the `[[lists]]` tables of spindle.toml. The table form becomes the JSON definition and
/// goes through the same decoder and validator as JSON, so both forms mean the same; the query
/// form goes through `ListQuery.parse`. Errors name the list and the key.
enum ListTables {
    static let key = "lists"

    static let keys = ["name", "query", "base", "rule", "sort", "limit", "offset", "pins", "excludes", "fan_out"]

    static func read(_ value: any TOMLValueConvertible, source: String) throws(ConfigError) -> [ConfiguredList] {
        guard let array = value.array, array.allSatisfy({ $0.table != nil }) else {
            throw .badValue(
                key, source: source, expected: "[[lists]] tables, each with a name and a query or a rule",
                got: "\(value)")
        }
        var lists: [ConfiguredList] = []
        for (index, element) in array.enumerated() {
            let list = try read(element.table!, number: index + 1, source: source)
            if lists.contains(where: { $0.name == list.name }) {
                throw .badList(
                    "list \"\(list.name)\"", source: source, key: "name", message: "another list has this name")
            }
            lists.append(list)
        }
        return lists
    }

    private static func read(_ table: TOMLTable, number: Int, source: String) throws(ConfigError) -> ConfiguredList {
        var label = "[[lists]] #\(number)"
        func failure(_ key: String, _ message: String) -> ConfigError {
            .badList(label, source: source, key: key, message: message)
        }
        guard let nameValue = table["name"] else { throw failure("name", "is required") }
        guard let name = nameValue.string, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw failure("name", "must be a non-empty string")
        }
        label = "list \"\(name)\""
        for key in table.keys where !keys.contains(key) {
            throw failure(key, "unknown key (known keys: \(keys.joined(separator: ", ")))")
        }
        var base = ListBase.collection
        if let value = table["base"] {
            guard let text = value.string, !text.isEmpty, let parsed = ListBase(text) else {
                throw failure("base", "must be collection, wantlist, inventory or folder:ID")
            }
            base = parsed
        }
        if let value = table["query"] {
            guard let query = value.string else { throw failure("query", "must be a string") }
            if let other = table.keys.first(where: { !["name", "query", "base"].contains($0) }) {
                throw failure(
                    other,
                    "a list with a query sets this in the query (sort:added- limit:50 …); "
                        + "use the query or the table form, not both")
            }
            do throws(ListQueryError) {
                return ConfiguredList(name: name, definition: try ListQuery.parse(query, base: base), query: query)
            } catch {
                throw failure("query", error.terminalDescription)
            }
        }
        var object: [String: Any] = [:]
        for key in table.keys where key != "name" { object[key] = json(table[key]!) }
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: object) } catch {
            throw failure("rule", "cannot be read as JSON: \(error)")
        }
        do throws(ListDefinitionProblem) {
            return ConfiguredList(name: name, definition: try ListDefinitionValidator.decode(data, defaultBase: base))
        } catch {
            throw failure(error.path, error.message)
        }
    }

    /// The JSON value a TOML value stands for; TOML dates become `YYYY-MM-DD` strings.
    private static func json(_ value: any TOMLValueConvertible) -> Any {
        switch value.type {
        case .table:
            let table = value.table!
            return Dictionary(uniqueKeysWithValues: table.keys.map { ($0, json(table[$0]!)) })
        case .array: return value.array!.map(json)
        case .string: return value.string!
        case .int: return value.int!
        case .double: return value.double!
        case .bool: return value.bool!
        case .date:
            let date = value.date!
            return String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
        case .time, .dateTime: return value.debugDescription
        }
    }
}
