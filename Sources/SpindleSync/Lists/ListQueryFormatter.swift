import Foundation
import SpindleStore

/// Writes a definition as a one-line query: the canonical spelling of what the parser reads, so
/// `parse(format(d)) == d` for every definition a query can produce. Trees from JSON or TOML
/// that use operators the query only reaches through `^` (`is_not`, `has_none`, `not_between` …)
/// come out as the equivalent negation; nil when some part has no query form at all (an empty
/// nested group, `on` a relative date, a value of the wrong type, an unknown field).
enum ListQueryFormatter {
    static func query(for definition: ListDefinition) -> String? {
        var words: [String] = []
        if definition.base != .collection { words.append("base:\(definition.base)") }
        guard let rule = topLevel(definition.rule) else { return nil }
        if !rule.isEmpty { words.append(rule) }
        for key in definition.sort { words.append("sort:" + sortKey(key)) }
        if let limit = definition.limit { words.append("limit:\(limit)") }
        if definition.offset != 0 { words.append("offset:\(definition.offset)") }
        if let fanOut = definition.fanOut { words.append("fan:" + fieldName(fanOut)) }
        if !definition.pins.isEmpty { words.append("pin:" + definition.pins.map(String.init).joined(separator: ",")) }
        if !definition.excludes.isEmpty {
            words.append("exclude:" + definition.excludes.map(String.init).joined(separator: ","))
        }
        if definition.seed != 0 { words.append("seed:\(definition.seed)") }
        return words.joined(separator: " ")
    }

    // MARK: Groups

    /// The top level has no parentheses: an AND-group is its terms, an OR its branches
    /// separated by ` , `.
    private static func topLevel(_ rule: ListRule) -> String? {
        switch rule {
        case .group(.all, let rules): terms(rules)
        case .group(.any, let rules) where !rules.isEmpty: branches(rules, separator: " , ")
        default: term(rule)
        }
    }

    private static func terms(_ rules: [ListRule]) -> String? {
        var parts: [String] = []
        for rule in rules {
            guard let part = term(rule) else { return nil }
            parts.append(part)
        }
        return parts.joined(separator: " ")
    }

    private static func branches(_ rules: [ListRule], separator: String) -> String? {
        var parts: [String] = []
        for rule in rules {
            if case .group(.all, let terms) = rule, !terms.isEmpty {
                guard let part = self.terms(terms) else { return nil }
                parts.append(part)
            } else {
                guard let part = term(rule) else { return nil }
                parts.append(part)
            }
        }
        return parts.joined(separator: separator)
    }

    private static func term(_ rule: ListRule) -> String? {
        switch rule {
        case .condition(let condition):
            return self.condition(condition)
        case .group(_, let rules) where rules.isEmpty:
            return nil
        case .group(.all, let rules):
            return terms(rules).map { "(\($0))" }
        case .group(.any, let rules):
            return branches(rules, separator: " | ").map { "(\($0))" }
        case .group(.none, let rules) where rules.count == 1:
            return term(rules[0]).map { "^" + $0 }
        case .group(.none, let rules):
            return branches(rules, separator: " | ").map { "^(\($0))" }
        }
    }

    // MARK: Conditions

    private static func condition(_ condition: ListCondition) -> String? {
        guard let field = ListField.named(condition.field) else { return nil }
        let name = fieldName(field.canonicalName)
        let value = condition.value == .null ? nil : condition.value
        guard let text = self.value(op: condition.op, kind: field.kind, value: value) else { return nil }
        return (text.negated ? "^" : "") + name + ":" + text.value
    }

    /// What follows `field:`, and whether the term needs a `^` to mean the operator.
    private static func value(
        op: ListOperator, kind: ListField.Kind, value: ListValue?
    ) -> (
        value: String, negated: Bool
    )? {
        if let positive = negations[op] {
            return self.value(op: positive, kind: kind, value: value).map { ($0.value, !$0.negated) }
        }
        let text = value?.text
        switch op {
        case .isEmpty: return value == nil ? ("\"\"", false) : nil
        case .isNotEmpty: return value == nil ? ("*", false) : nil
        case .isTrue: return value == nil ? ("true", false) : nil
        case .isFalse: return value == nil ? ("false", false) : nil
        case .inList: return text.flatMap { $0.isEmpty ? nil : (literal($0), false) }
        case .isEqual: return text.map { ("=" + literal($0), false) }
        case .contains:
            return text.map { kind == .text && !$0.isEmpty ? (literal($0), false) : ("~" + literal($0), false) }
        case .startsWith: return text.map { (literal($0) + "*", false) }
        case .endsWith: return text.map { ("*" + literal($0), false) }
        case .matches: return text.map { (":" + regex($0), false) }
        case .hasAny, .hasAll:
            guard let values = value?.values, !values.isEmpty else { return nil }
            var parts: [String] = []
            for value in values {
                guard let text = value.text, !text.isEmpty else { return nil }
                parts.append(literal(text))
            }
            return (parts.joined(separator: op == .hasAll ? "+" : "|"), false)
        case .equals: return number(value).map { ($0, false) }
        case .less: return number(value).map { ("<" + $0, false) }
        case .lessOrEqual: return number(value).map { (".." + $0, false) }
        case .greater: return number(value).map { (">" + $0, false) }
        case .greaterOrEqual: return number(value).map { ($0 + "..", false) }
        case .between: return (kind == .date ? dateRange(value) : numberRange(value)).map { ($0, false) }
        case .on:
            guard let text, let day = CalendarPeriod(text), day.isDay else { return nil }
            return (day.text, false)
        case .before:
            if case .relative(let amount, let unit) = value {
                return (".." + QueryDate.text(amount: amount, unit: unit), false)
            }
            return day(text).map { ("<" + $0, false) }
        case .after:
            if case .relative(let amount, let unit) = value {
                return (">" + QueryDate.text(amount: amount, unit: unit), false)
            }
            return day(text).map { (">" + $0, false) }
        case .inLast:
            guard case .relative(let amount, let unit) = value else { return nil }
            return (QueryDate.text(amount: amount, unit: unit) + "..", false)
        case .isNot, .notContains, .notEquals, .notBetween, .hasNone, .notInLast, .notInList:
            return nil  // in `negations`
        }
    }

    /// Operators written as `^` and their positive form.
    private static let negations: [ListOperator: ListOperator] = [
        .isNot: .isEqual, .notContains: .contains, .notEquals: .equals, .notBetween: .between, .hasNone: .hasAny,
        .notInLast: .inLast, .notInList: .inList,
    ]

    // MARK: Values

    private static func number(_ value: ListValue?) -> String? {
        guard case .number(let number) = value, number.isFinite else { return nil }
        return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    private static func numberRange(_ value: ListValue?) -> String? {
        guard case .list(let ends) = value, ends.count == 2 else { return nil }
        let low = ends[0] == .null ? "" : number(ends[0])
        let high = ends[1] == .null ? "" : number(ends[1])
        guard let low, let high, !(low.isEmpty && high.isEmpty) else { return nil }
        return low + ".." + high
    }

    private static func day(_ text: String?) -> String? {
        guard let text, let day = CalendarPeriod(text), day.isDay else { return nil }
        return day.text
    }

    /// A whole year or month as `2020` / `2020-05`; other ranges with each end as short as it
    /// can be and still mean the same day (`2019..2021-06-15`).
    private static func dateRange(_ value: ListValue?) -> String? {
        guard case .list(let ends) = value, ends.count == 2, ends != [.null, .null] else { return nil }
        if case .text(let first) = ends[0], case .text(let last) = ends[1], let day = CalendarPeriod(first), day.isDay {
            let periods = [CalendarPeriod(year: day.year), CalendarPeriod(year: day.year, month: day.month)]
            if let period = periods.first(where: { $0.first == first && $0.last == last }) { return period.text }
        }
        func end(_ value: ListValue, start: Bool) -> String? {
            switch value {
            case .null: return ""
            case .relative(let amount, let unit): return QueryDate.text(amount: amount, unit: unit)
            case .text(let text):
                return (start ? CalendarPeriod.shortest(startingOn: text) : CalendarPeriod.shortest(endingOn: text))?
                    .text
            default: return nil
            }
        }
        guard let low = end(ends[0], start: true), let high = end(ends[1], start: false) else { return nil }
        return low + ".." + high
    }

    private static func sortKey(_ key: ListSort) -> String {
        if key.field == ListQuery.randomSort { return key.descending ? "random-" : "random" }
        return fieldName(key.field) + (key.descending ? "-" : "+")
    }

    /// Catalogue names as they are; a notes field unquoted when its name is a plain word.
    private static func fieldName(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.hasPrefix(ListField.notePrefix) {
            let note = name.dropFirst(ListField.notePrefix.count)
            return note.allSatisfy(isPlain) ? name : quoted(name)
        }
        return name.allSatisfy(isPlain) ? name : quoted(name)
    }

    /// Text as it is when nothing in it is syntax, else quoted.
    static func literal(_ text: String) -> String {
        !text.isEmpty && text.allSatisfy(isPlain) ? text : quoted(text)
    }

    /// A regular expression unquoted when the tokenizer would keep it whole: no spaces or
    /// quotes, balanced parentheses, no trailing comma.
    private static func regex(_ text: String) -> String {
        var depth = 0
        for character in text {
            if character.isWhitespace || character == "\"" { return quoted(text) }
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth < 0 { return quoted(text) }
        }
        return depth == 0 && !text.isEmpty && !text.hasSuffix(",") ? text : quoted(text)
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func isPlain(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "-_.'/&!?#@%$;".contains(character)
    }
}
