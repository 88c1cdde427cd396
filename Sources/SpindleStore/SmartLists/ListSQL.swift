import Foundation
import GRDB

/// Compiles a list definition into one SELECT over its base: the rule as a WHERE clause (multi-
/// value fields as EXISTS over their child tables), pins and excludes, the sort keys and the
/// window. Every value is a bound argument; field names only ever come from the catalogue.
struct ListSQL {
    let accountID: Int64
    let base: ListBase
    let now: Date
    /// Notes fields by lower-cased name → field id.
    let noteFields: [String: Int]
    /// Lists by name → id and base, for `in_list`.
    let lists: [String: (id: Int64, base: ListBase)]

    private var arguments: [(any DatabaseValueConvertible)?] = []

    init(
        accountID: Int64, base: ListBase, now: Date, noteFields: [String: Int],
        lists: [String: (id: Int64, base: ListBase)]
    ) {
        self.accountID = accountID
        self.base = base
        self.now = now
        self.noteFields = noteFields
        self.lists = lists
    }

    /// `SELECT item_id, release_id, pinned …` for the whole definition, in list order.
    mutating func select(
        _ definition: ListDefinition, extra: ListRule? = nil
    ) throws(ListRuleError) -> (String, StatementArguments) {
        arguments = []
        let (from, itemID) = try source()
        var rule = definition.rule
        if let extra { rule = .group(.all, [rule, extra]) }
        let condition = try compile(rule, depth: 0)
        let pins = definition.pins.map(String.init).joined(separator: ", ")
        let excludes = definition.excludes.map(String.init).joined(separator: ", ")
        var filter = "(\(condition))"
        if !excludes.isEmpty { filter = "(\(filter) AND \(itemID) NOT IN (\(excludes)))" }
        if !pins.isEmpty { filter = "(\(filter) OR \(itemID) IN (\(pins)))" }
        let pinned = pins.isEmpty ? "0" : "(\(itemID) IN (\(pins)))"
        // A constant would be read as a column number in ORDER BY: pins sort first only when there are some.
        var order = pins.isEmpty ? [] : ["\(pinned) DESC"]
        for key in definition.sort {
            order.append(
                "\(try sortExpression(key.field, seed: definition.seed, itemID: itemID)) \(key.descending ? "DESC" : "ASC")"
            )
        }
        order.append("\(itemID) ASC")
        var sql = """
            SELECT \(itemID) AS item_id, i.release_id AS release_id, \(pinned) AS pinned
            \(from) AND \(filter)
            ORDER BY \(order.joined(separator: ", "))
            """
        if let limit = definition.limit {
            sql += " LIMIT \(max(limit, 0)) OFFSET \(max(definition.offset, 0))"
        } else if definition.offset > 0 {
            sql += " LIMIT -1 OFFSET \(definition.offset)"
        }
        return (sql, StatementArguments(arguments))
    }

    /// The distinct values of `field` among the items the rule selects (for fan-out).
    mutating func fanValues(
        _ definition: ListDefinition, field name: String
    ) throws(ListRuleError) -> (String, StatementArguments) {
        arguments = []
        guard let field = ListField.named(name), field.canFanOut else {
            throw ListRuleError(
                "cannot make one list per \(name): fan out by a field like style, genre, label, decade or year")
        }
        let (from, _) = try source()
        let condition = try compile(definition.rule, depth: 0)
        let sql: String
        if field.kind == .multi {
            let multi = try multiSource(field.name)
            sql = """
                SELECT DISTINCT x.\(multi.column) AS value FROM \(multi.table) x
                WHERE x.release_id IN (SELECT i.release_id \(from) AND (\(condition)))\(multi.extra) AND x.\(multi.column) <> ''
                ORDER BY 1
                """
        } else {
            let expression = try scalar(field)
            sql =
                "SELECT DISTINCT \(expression) AS value \(from) AND (\(condition)) AND \(expression) IS NOT NULL ORDER BY 1"
        }
        return (sql, StatementArguments(arguments))
    }

    // MARK: Source

    private func source() throws(ListRuleError) -> (from: String, itemID: String) {
        switch base {
        case .collection:
            return (
                "FROM collection_items i LEFT JOIN releases r ON r.id = i.release_id WHERE i.account_id = \(accountID) AND i.is_active = 1",
                "i.instance_id"
            )
        case .folder(let folder):
            return (
                "FROM collection_items i LEFT JOIN releases r ON r.id = i.release_id WHERE i.account_id = \(accountID) AND i.is_active = 1 AND i.folder_id = \(folder)",
                "i.instance_id"
            )
        case .wantlist:
            return (
                "FROM wants i LEFT JOIN releases r ON r.id = i.release_id WHERE i.account_id = \(accountID) AND i.is_active = 1",
                "i.release_id"
            )
        case .inventory:
            throw ListRuleError("lists of the inventory need the marketplace inventory sync, which is not built yet")
        }
    }

    // MARK: Rules

    private mutating func compile(_ rule: ListRule, depth: Int) throws(ListRuleError) -> String {
        guard depth <= ListRule.maxDepth else {
            throw ListRuleError("rules nest at most \(ListRule.maxDepth) groups deep")
        }
        switch rule {
        case .group(let match, let rules):
            if depth == 0, rule.conditions.count > ListRule.maxConditions {
                throw ListRuleError("a rule has at most \(ListRule.maxConditions) conditions")
            }
            guard !rules.isEmpty else { return match == .any ? "0" : "1" }
            var parts: [String] = []
            for child in rules { parts.append(try compile(child, depth: depth + 1)) }
            switch match {
            case .all: return "(" + parts.joined(separator: " AND ") + ")"
            case .any: return "(" + parts.joined(separator: " OR ") + ")"
            case .none: return "NOT (" + parts.joined(separator: " OR ") + ")"
            }
        case .condition(let condition):
            return try compile(condition)
        }
    }

    private mutating func compile(_ condition: ListCondition) throws(ListRuleError) -> String {
        guard let field = ListField.named(condition.field) else {
            throw ListRuleError("unknown field \"\(condition.field)\"" + Self.suggestion(for: condition.field))
        }
        if field.collectionOnly, !base.isCollection {
            throw ListRuleError("\(field.name) applies to the collection, not to the \(base)")
        }
        guard field.operators.contains(condition.op) else {
            throw ListRuleError(
                "\(field.name) is a \(field.kind.rawValue) field: use "
                    + field.operators.map(\.rawValue).joined(separator: ", ") + " (not \(condition.op.rawValue))")
        }
        switch field.kind {
        case .multi: return try multi(field, condition)
        case .text: return try text(try scalar(field), condition, field: field.name)
        case .number: return try number(try scalar(field), condition, field: field.name)
        case .date: return try date(try scalar(field), condition, field: field.name)
        case .bool: return condition.op == .isTrue ? "(\(try scalar(field)))" : "NOT (\(try scalar(field)))"
        case .list: return try list(condition)
        }
    }

    /// The SQL expression of a single-valued field, over `i` (the item) and `r` (its release).
    private func scalar(_ field: ListField) throws(ListRuleError) -> String {
        if field.name.lowercased().hasPrefix(ListField.notePrefix) {
            let name = String(field.name.dropFirst(ListField.notePrefix.count))
            guard base.isCollection else {
                throw ListRuleError("notes fields belong to the collection, not to the \(base)")
            }
            guard let id = noteFields[name.lowercased()] else {
                throw ListRuleError(
                    "no notes field called \"\(name)\"; yours are: " + noteFields.keys.sorted().joined(separator: ", "))
            }
            return "json_extract(i.notes_json, '$.\"\(id)\"')"
        }
        switch field.name {
        case "folder":
            return "(SELECT f.name FROM folders f WHERE f.account_id = i.account_id AND f.folder_id = i.folder_id)"
        case "rating": return "i.rating"
        case "added": return "i.added_at"
        case "notes": return base.isCollection ? "i.notes_json" : "i.notes"
        case "copies":
            return
                "(SELECT count(*) FROM collection_items c2 WHERE c2.account_id = i.account_id AND c2.release_id = i.release_id AND c2.is_active = 1)"
        case "added_in_sync": return "i.first_seen_session"
        case "in_wantlist":
            return
                "EXISTS (SELECT 1 FROM wants w WHERE w.account_id = i.account_id AND w.release_id = i.release_id AND w.is_active = 1)"
        case "in_collection":
            return
                "EXISTS (SELECT 1 FROM collection_items c WHERE c.account_id = i.account_id AND c.release_id = i.release_id AND c.is_active = 1)"
        case "title": return "r.title"
        case "year": return "r.year"
        case "decade": return "(r.year / 10 * 10)"
        case "country": return "r.country"
        case "released": return "r.released"
        case "master_id": return "r.master_id"
        case "master_year": return "(SELECT m.year FROM masters m WHERE m.id = r.master_id)"
        case "tracks":
            return
                "(SELECT count(*) FROM release_tracks t WHERE t.release_id = i.release_id AND coalesce(t.type, 'track') = 'track')"
        case "for_sale": return "coalesce(r.num_for_sale, 0) > 0"
        case "price": return "r.lowest_price"
        case "have": return "r.community_have"
        case "want": return "r.community_want"
        case "community_rating": return "r.rating_average"
        case "data_quality": return "r.data_quality"
        default:
            // A multi-value field used where one value is expected (sorting, fan-out): its first value.
            let multi = try multiSource(field.name)
            return
                "(SELECT x.\(multi.column) FROM \(multi.table) x WHERE x.release_id = i.release_id\(multi.extra) ORDER BY x.seq LIMIT 1)"
        }
    }

    /// Where a multi-value field's values are: a child table of the release.
    private func multiSource(_ name: String) throws(ListRuleError) -> (table: String, column: String, extra: String) {
        switch name {
        case "artist": ("release_artists", "name", " AND x.credit = 'main'")
        case "label": ("release_labels", "name", "")
        case "catno": ("release_labels", "catno", "")
        case "format": ("release_formats", "name", "")
        case "format_desc": ("release_format_descriptions", "description", "")
        case "format_text": ("release_formats", "text", "")
        case "genre": ("release_genres", "genre", "")
        case "style": ("release_styles", "style", "")
        default: throw ListRuleError("\(name) is not a multi-value field")
        }
    }

    private mutating func multi(_ field: ListField, _ condition: ListCondition) throws(ListRuleError) -> String {
        let source = try multiSource(field.name)
        let exists = { (predicate: String) in
            "EXISTS (SELECT 1 FROM \(source.table) x WHERE x.release_id = i.release_id\(source.extra) AND \(predicate))"
        }
        let column = "x.\(source.column)"
        switch condition.op {
        case .hasAny, .hasNone:
            let values = try texts(condition, field: field.name)
            let marks = values.map { _ in "?" }.joined(separator: ", ")
            arguments += values
            let test = exists("\(column) COLLATE NOCASE IN (\(marks))")
            return condition.op == .hasAny ? test : "NOT \(test)"
        case .hasAll:
            let values = try texts(condition, field: field.name)
            var parts: [String] = []
            for value in values {
                arguments.append(value)
                parts.append(exists("\(column) = ? COLLATE NOCASE"))
            }
            return "(" + parts.joined(separator: " AND ") + ")"
        case .isEmpty: return "NOT " + exists("coalesce(\(column), '') <> ''")
        case .isNotEmpty: return exists("coalesce(\(column), '') <> ''")
        case .isNot, .notContains:
            // "No value is …": the negation of the positive test on any value.
            let positive = ListCondition(
                field: condition.field, op: condition.op == .isNot ? .isEqual : .contains, value: condition.value)
            return "NOT " + exists(try text(column, positive, field: field.name))
        default:
            return exists(try text(column, condition, field: field.name))
        }
    }

    private mutating func text(
        _ expression: String, _ condition: ListCondition, field: String
    ) throws(ListRuleError) -> String {
        switch condition.op {
        case .isEmpty: return "coalesce(\(expression), '') = ''"
        case .isNotEmpty: return "coalesce(\(expression), '') <> ''"
        default: break
        }
        guard let value = condition.value?.text else {
            throw ListRuleError("\(field) \(condition.op.rawValue) needs a text value")
        }
        switch condition.op {
        case .isEqual:
            arguments.append(value)
            return "\(expression) = ? COLLATE NOCASE"
        case .isNot:
            arguments.append(value)
            return "(\(expression) IS NULL OR \(expression) <> ? COLLATE NOCASE)"
        case .contains, .notContains, .startsWith, .endsWith:
            let escaped = Self.likeEscaped(value)
            let pattern =
                switch condition.op {
                case .startsWith: escaped + "%"
                case .endsWith: "%" + escaped
                default: "%" + escaped + "%"
                }
            arguments.append(pattern)
            let like = "\(expression) LIKE ? ESCAPE '\\'"
            return condition.op == .notContains ? "(\(expression) IS NULL OR NOT \(like))" : like
        case .matches:
            do { _ = try NSRegularExpression(pattern: value) } catch {
                throw ListRuleError("\(field) matches \"\(value)\": not a valid regular expression")
            }
            arguments.append(value)
            return "regexp(?, \(expression))"
        default:
            throw ListRuleError("\(field) cannot use \(condition.op.rawValue)")
        }
    }

    private mutating func number(
        _ expression: String, _ condition: ListCondition, field: String
    ) throws(ListRuleError) -> String {
        switch condition.op {
        case .isEmpty: return "\(expression) IS NULL"
        case .isNotEmpty: return "\(expression) IS NOT NULL"
        case .between, .notBetween:
            let (low, high) = try range(condition, field: field) { $0.number }
            return span(expression, from: low, through: high, upperOperator: "<=", negated: condition.op == .notBetween)
        default:
            guard let value = condition.value?.number else {
                throw ListRuleError("\(field) \(condition.op.rawValue) needs a number")
            }
            arguments.append(value)
            switch condition.op {
            case .equals: return "\(expression) = ?"
            case .notEquals: return "(\(expression) IS NULL OR \(expression) <> ?)"
            case .less: return "\(expression) < ?"
            case .lessOrEqual: return "\(expression) <= ?"
            case .greater: return "\(expression) > ?"
            default: return "\(expression) >= ?"
            }
        }
    }

    private mutating func date(
        _ expression: String, _ condition: ListCondition, field: String
    ) throws(ListRuleError) -> String {
        switch condition.op {
        case .isEmpty: return "\(expression) IS NULL"
        case .isNotEmpty: return "\(expression) IS NOT NULL"
        case .inLast, .notInLast:
            guard case .relative(let amount, let unit)? = condition.value else {
                throw ListRuleError("\(field) \(condition.op.rawValue) needs an amount and a unit, e.g. 90 days")
            }
            arguments.append(now.addingTimeInterval(-Double(amount) * unit.seconds))
            return condition.op == .inLast ? "\(expression) >= ?" : "(\(expression) IS NULL OR \(expression) < ?)"
        case .between, .notBetween:
            let (low, high) = try range(condition, field: field) { self.moment($0) }
            // A date's span: from the start of the first to the end of the last (2019..2021 is all of 2021).
            return span(
                expression, from: low?.start, through: high?.end, upperOperator: "<",
                negated: condition.op == .notBetween)
        default:
            guard let value = condition.value, let span = moment(value) else {
                throw ListRuleError(
                    "\(field) \(condition.op.rawValue) needs a date (2020, 2020-05, 2020-05-01 or a relative one)")
            }
            switch condition.op {
            case .before:
                arguments.append(span.start)
                return "\(expression) < ?"
            case .after:
                arguments.append(span.end)
                return "\(expression) >= ?"
            default:
                arguments += [span.start, span.end]
                return "(\(expression) >= ? AND \(expression) < ?)"
            }
        }
    }

    private mutating func list(_ condition: ListCondition) throws(ListRuleError) -> String {
        guard let name = condition.value?.text else { throw ListRuleError("list needs the name of another list") }
        guard let list = lists[name] else { throw ListRuleError("there is no list called \"\(name)\"") }
        // The same copy when both lists hold copies (or both wants); else the same release.
        let match =
            list.base.isCollection == base.isCollection
            ? "li.item_id = \(base.isCollection ? "i.instance_id" : "i.release_id")" : "li.release_id = i.release_id"
        let test = "EXISTS (SELECT 1 FROM smart_list_items li WHERE li.list_id = \(list.id) AND \(match))"
        return condition.op == .inList ? test : "NOT \(test)"
    }

    // MARK: Values

    /// `low <= x` and `x <= high` (or `<` for dates' exclusive ends), either end open; `negated`
    /// for "not between", which also takes the items without a value.
    private mutating func span(
        _ expression: String, from low: (any DatabaseValueConvertible)?, through high: (any DatabaseValueConvertible)?,
        upperOperator: String, negated: Bool
    ) -> String {
        var parts: [String] = []
        if let low {
            arguments.append(low)
            parts.append("\(expression) >= ?")
        }
        if let high {
            arguments.append(high)
            parts.append("\(expression) \(upperOperator) ?")
        }
        let inside = parts.isEmpty ? "\(expression) IS NOT NULL" : "(" + parts.joined(separator: " AND ") + ")"
        return negated ? "(\(expression) IS NULL OR NOT \(inside))" : inside
    }

    private func texts(_ condition: ListCondition, field: String) throws(ListRuleError) -> [String] {
        let values = (condition.value?.values ?? []).compactMap(\.text)
        guard !values.isEmpty else { throw ListRuleError("\(field) \(condition.op.rawValue) needs one or more values") }
        return values
    }

    /// The two ends of a range value (`[low, high]`, either may be null).
    private func range<T>(
        _ condition: ListCondition, field: String, _ convert: (ListValue) -> T?
    ) throws(ListRuleError) -> (T?, T?) {
        let values = condition.value?.values ?? []
        guard values.count == 2 else {
            throw ListRuleError("\(field) \(condition.op.rawValue) needs two ends, e.g. [1955, 1965]")
        }
        let low = values[0] == .null ? nil : convert(values[0])
        let high = values[1] == .null ? nil : convert(values[1])
        if values[0] != .null, low == nil { throw ListRuleError("\(field): cannot read \(values[0]) as a bound") }
        if values[1] != .null, high == nil { throw ListRuleError("\(field): cannot read \(values[1]) as a bound") }
        return (low, high)
    }

    /// A date value as a span of time: `2020` is the whole year, a relative date an instant.
    private func moment(_ value: ListValue) -> (start: Date, end: Date)? {
        if case .relative(let amount, let unit) = value {
            let instant = now.addingTimeInterval(-Double(amount) * unit.seconds)
            return (instant, instant)
        }
        guard let text = value.text else { return nil }
        let parts = text.split(separator: "-").map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let numbers = parts.map { $0! }
        var components = DateComponents(
            year: numbers[0], month: numbers.count > 1 ? numbers[1] : 1, day: numbers.count > 2 ? numbers[2] : 1)
        guard let start = calendar.date(from: components) else { return nil }
        components = DateComponents()
        switch numbers.count {
        case 1: components.year = 1
        case 2: components.month = 1
        default: components.day = 1
        }
        guard let end = calendar.date(byAdding: components, to: start) else { return nil }
        return (start, end)
    }

    // MARK: Sorting

    private func sortExpression(_ name: String, seed: Int, itemID: String) throws(ListRuleError) -> String {
        switch name.lowercased() {
        case "random":
            // A fixed shuffle: the same seed gives the same order from one rebuild to the next.
            return "shuffle(\(itemID), \(seed))"
        case "artist":
            return
                "coalesce(r.artists_sort, (SELECT x.name FROM release_artists x WHERE x.release_id = i.release_id AND x.credit = 'main' ORDER BY x.seq LIMIT 1)) COLLATE NOCASE"
        case "title": return "r.title COLLATE NOCASE"
        default:
            guard let field = ListField.named(name), field.kind != .list else {
                throw ListRuleError("cannot sort by \(name)")
            }
            return try scalar(field)
        }
    }

    // MARK: Helpers

    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func suggestion(for name: String) -> String {
        NameSuggestion.nearest(to: name, among: ListField.all.map(\.name)).map { "; did you mean \($0)?" } ?? ""
    }
}
