import Foundation
import SpindleStore

/// A smart list's rule in words, for "why is this here": `style is any of Hard Bop · rating is
/// between 4 and 5 · format description is none of Reissue`.
///
/// The top level's conditions are separated by ` · ` (all of them hold); deeper groups read
/// `(A and B)` and `(A or B)`. A `none` group is said as its conditions negated (De Morgan), so
/// `{"none": [format_desc has_any Reissue]}` reads `format description is none of Reissue`.
/// Plain text: the templates escape it.
struct RuleDescription: Sendable {
    /// What a rule with no conditions says.
    static let everything = "everything"

    /// Folder names by id, for rules and bases that name a folder by its id.
    var folders: [Int: String] = [:]

    /// The rule as one sentence.
    func sentence(_ rule: ListRule) -> String {
        phrase(rule, negated: false, top: true)
    }

    /// Where the list's items come from: `your collection`, `the folder Jazz`, `your wantlist`.
    func base(_ base: ListBase) -> String {
        switch base {
        case .collection: "your collection"
        case .folder(let id): "the folder \(folders[id] ?? "#\(id)")"
        case .wantlist: "your wantlist"
        case .inventory: "your items for sale"
        }
    }

    /// The order and window, when the list has them: `date added (newest first), then artist`.
    func order(_ definition: ListDefinition) -> String? {
        guard !definition.sort.isEmpty else { return nil }
        return definition.sort.map { sort in
            if sort.field.lowercased() == "random" { return "a random order, fixed when the list was made" }
            let label = Self.label(sort.field)
            guard sort.descending else { return label }
            let kind = ListField.named(sort.field)?.kind
            return label + (kind == .date ? " (newest first)" : kind == .number ? " (highest first)" : " (Z to A)")
        }.joined(separator: ", then ")
    }

    /// `the first 25`, `25 after the first 10`, or nil without a limit or offset.
    func window(_ definition: ListDefinition) -> String? {
        switch (definition.limit, definition.offset) {
        case (nil, 0): nil
        case (let limit?, 0): "the first \(limit)"
        case (let limit?, let offset): "\(limit) after the first \(offset)"
        case (nil, let offset): "all after the first \(offset)"
        }
    }

    // MARK: - Groups

    private func phrase(_ rule: ListRule, negated: Bool, top: Bool) -> String {
        guard case .group = rule else {
            if case .condition(let condition) = rule { return phrase(condition, negated: negated) }
            return ""
        }
        let (conjunction, terms) = flatten(rule, negated: negated)
        if terms.isEmpty { return conjunction ? Self.everything : "nothing" }
        if terms.count == 1 { return phrase(terms[0].rule, negated: terms[0].negated, top: top) }
        let parts = terms.map { phrase($0.rule, negated: $0.negated, top: false) }
        if top { return parts.joined(separator: conjunction ? " · " : " or ") }
        return "(" + parts.joined(separator: conjunction ? " and " : " or ") + ")"
    }

    /// A group as terms joined by one connective (`and` when `conjunction`), each term a rule to
    /// say negated or not. `none(A, B)` is `all(not A, not B)`; negating a group swaps `all` and
    /// `any`; a group inside a group of the same connective is spliced into it, so
    /// `all(A, all(B, C))` reads `A · B · C`.
    private func flatten(
        _ rule: ListRule, negated: Bool
    ) -> (conjunction: Bool, terms: [(rule: ListRule, negated: Bool)]) {
        guard case .group(let match, let rules) = rule else { return (true, [(rule, negated)]) }
        let (conjunction, negateChildren): (Bool, Bool) =
            switch (match, negated) {
            case (.all, false): (true, false)
            case (.all, true): (false, true)
            case (.any, false): (false, false)
            case (.any, true): (true, true)
            case (.none, false): (true, true)
            case (.none, true): (false, false)
            }
        var terms: [(rule: ListRule, negated: Bool)] = []
        for child in rules {
            if case .group(_, let members) = child, !members.isEmpty {
                let inner = flatten(child, negated: negateChildren)
                if inner.conjunction == conjunction || inner.terms.count == 1 {
                    terms += inner.terms
                    continue
                }
            }
            terms.append((child, negateChildren))
        }
        return (conjunction, terms)
    }

    // MARK: - Conditions

    private func phrase(_ condition: ListCondition, negated: Bool) -> String {
        let field = ListField.named(condition.field)
        let name = Self.label(condition.field)
        let value = condition.value ?? .null
        func one(_ value: ListValue) -> String { text(value, field: field) }
        func many(_ value: ListValue) -> String { value.values.map(one).joined(separator: ", ") }
        func quoted(_ value: ListValue) -> String { "“\(one(value))”" }
        func pick(_ positive: String, _ negative: String) -> String { "\(name) \(negated ? negative : positive)" }

        switch condition.op {
        case .isEqual: return pick("is \(many(value))", "is not \(many(value))")
        case .isNot: return pick("is not \(many(value))", "is \(many(value))")
        case .contains: return pick("contains \(quoted(value))", "does not contain \(quoted(value))")
        case .notContains: return pick("does not contain \(quoted(value))", "contains \(quoted(value))")
        case .startsWith: return pick("starts with \(quoted(value))", "does not start with \(quoted(value))")
        case .endsWith: return pick("ends with \(quoted(value))", "does not end with \(quoted(value))")
        case .matches: return pick("matches /\(one(value))/", "does not match /\(one(value))/")
        case .isEmpty: return pick("is empty", "is not empty")
        case .isNotEmpty: return pick("is not empty", "is empty")
        case .hasAny: return pick("is any of \(many(value))", "is none of \(many(value))")
        case .hasAll: return pick("is all of \(many(value))", "is not all of \(many(value))")
        case .hasNone: return pick("is none of \(many(value))", "is any of \(many(value))")
        case .equals: return pick("is \(one(value))", "is not \(one(value))")
        case .on: return pick("is on \(one(value))", "is not on \(one(value))")
        case .notEquals: return pick("is not \(one(value))", "is \(one(value))")
        case .less: return pick("is less than \(one(value))", "is at least \(one(value))")
        case .lessOrEqual: return pick("is at most \(one(value))", "is more than \(one(value))")
        case .greater: return pick("is more than \(one(value))", "is at most \(one(value))")
        case .greaterOrEqual: return pick("is at least \(one(value))", "is less than \(one(value))")
        case .before: return pick("is before \(one(value))", "is not before \(one(value))")
        case .after: return pick("is after \(one(value))", "is not after \(one(value))")
        case .between: return name + " " + range(value, inside: !negated, field: field)
        case .notBetween: return name + " " + range(value, inside: negated, field: field)
        case .inLast: return pick("is in the last \(span(value))", "is not in the last \(span(value))")
        case .notInLast: return pick("is not in the last \(span(value))", "is in the last \(span(value))")
        case .isTrue: return truth(condition.field, !negated)
        case .isFalse: return truth(condition.field, negated)
        case .inList: return negated ? "not in the list \(quoted(value))" : "in the list \(quoted(value))"
        case .notInList: return negated ? "in the list \(quoted(value))" : "not in the list \(quoted(value))"
        }
    }

    /// `between 4 and 5`; an open end reads `at least 4` / `at most 5` (`after` / `before` for dates).
    private func range(_ value: ListValue, inside: Bool, field: ListField?) -> String {
        let dates = field?.kind == .date
        func text(_ value: ListValue) -> String { self.text(value, field: field) }
        let ends = value.values
        let low = ends.first.flatMap { $0 == .null ? nil : $0 }
        let high = ends.count > 1 ? (ends[1] == .null ? nil : ends[1]) : nil
        switch (low, high) {
        case (let low?, let high?):
            return (inside ? "is between " : "is not between ") + "\(text(low)) and \(text(high))"
        case (let low?, nil):
            return dates
                ? (inside ? "is on or after \(text(low))" : "is before \(text(low))")
                : (inside ? "is at least \(text(low))" : "is less than \(text(low))")
        case (nil, let high?):
            return dates
                ? (inside ? "is on or before \(text(high))" : "is after \(text(high))")
                : (inside ? "is at most \(text(high))" : "is more than \(text(high))")
        case (nil, nil):
            return inside ? "is anything" : "is nothing"
        }
    }

    /// `90 days`, from `{"last": 90, "unit": "days"}` or a bare number of days.
    private func span(_ value: ListValue) -> String {
        switch value {
        case .relative(let amount, let unit): Self.count(amount, unit)
        default: value.number.map { Self.count(Int($0), .days) } ?? text(value, field: nil)
        }
    }

    /// Flags read as what they say: `on your wantlist`, `not for sale`.
    private func truth(_ field: String, _ holds: Bool) -> String {
        switch ListField.named(field)?.name {
        case "in_wantlist": holds ? "on your wantlist" : "not on your wantlist"
        case "in_collection": holds ? "in your collection" : "not in your collection"
        case "for_sale": holds ? "for sale" : "not for sale"
        default: "\(Self.label(field)) is \(holds ? "yes" : "no")"
        }
    }

    /// A value as a collector reads it: numbers without `.0`, dates (`2024-05-01`) as `1 May 2024`,
    /// relative dates as `90 days ago`, folder ids as their names.
    private func text(_ value: ListValue, field: ListField?) -> String {
        switch value {
        case .text(let text):
            if field?.kind == .date, text.count == 10, let date = Names.date(text) { return date }
            if field?.name == "folder", let id = Int(text), let name = folders[id] { return name }
            return text
        case .number(let number):
            if field?.name == "folder", number == number.rounded(), let name = folders[Int(number)] { return name }
            return value.text ?? String(number)
        case .bool(let flag): return flag ? "yes" : "no"
        case .list(let values): return values.map { text($0, field: field) }.joined(separator: ", ")
        case .relative(let amount, let unit):
            return amount < 0 ? "\(Self.count(-amount, unit)) from now" : "\(Self.count(amount, unit)) ago"
        case .null: return "nothing"
        }
    }

    private static func count(_ amount: Int, _ unit: DateUnit) -> String {
        let singular = String(unit.rawValue.dropLast())
        return "\(amount) \(amount == 1 ? singular : unit.rawValue)"
    }

    /// A field's name in words: `format description`, `catalogue number`; a notes field by its own
    /// name (`note:Media Condition` → `Media Condition`).
    static func label(_ field: String) -> String {
        if field.lowercased().hasPrefix(ListField.notePrefix) {
            return String(field.dropFirst(ListField.notePrefix.count))
        }
        let name = ListField.named(field)?.name ?? field
        return labels[name] ?? name.replacingOccurrences(of: "_", with: " ")
    }

    private static let labels: [String: String] = [
        "added": "date added", "added_in_sync": "first sync", "in_wantlist": "on the wantlist",
        "in_collection": "in the collection", "catno": "catalogue number", "format_desc": "format description",
        "format_text": "format text", "released": "release date", "master_year": "original year",
        "master_id": "master", "tracks": "number of tracks", "for_sale": "for sale", "price": "lowest price",
        "have": "Discogs users who have it", "want": "Discogs users who want it",
        "community_rating": "Discogs rating", "copies": "number of copies",
    ]
}
