import Foundation
import SpindleStore

/// How the value of `field:value` reads for each kind of field: its prefixes (`=`, `~`, `:`,
/// `<`, `>`), ranges (`..`), patterns (`*`), alternatives (`|`, `+`) and the empty forms (`""`,
/// `*`) pick the operator, and the rest becomes the operand. Quoted characters never count as
/// syntax, so `"Rock+Roll"` is one value.
struct ConditionSyntax {
    let field: ListField
    /// The field's canonical name (`added` for `date_added`).
    let name: String
    let value: QueryText

    func condition() throws(ListQueryError) -> ListCondition {
        if value.isEmpty, !value.hasQuotes { throw ListQueryError(.missingValue(field: name), at: value.span) }
        switch field.kind {
        case .text, .multi: return try textual()
        case .number: return try numeric()
        case .date: return try date()
        case .bool: return try boolean()
        case .list: return try list()
        }
    }

    private func make(_ op: ListOperator, _ value: ListValue? = nil) -> ListCondition {
        ListCondition(field: name, op: op, value: value)
    }

    private func bad(_ text: QueryText? = nil) -> ListQueryError {
        ListQueryError(.badValue(field: name, expected: field.expectedValues), at: (text ?? value).span)
    }

    /// The operand after a prefix must not be empty (`title:=`); `title:=""` is fine.
    private func operand(_ text: QueryText) throws(ListQueryError) -> QueryText {
        if text.isEmpty, !text.hasQuotes { throw ListQueryError(.missingValue(field: name), at: value.span) }
        return text
    }

    // MARK: Text and multi-value fields

    /// beets' `=~` (exact, ignoring case) is accepted as `=`, which ignores case already.
    private static let textPrefixes: [(String, ListOperator)] = [
        ("=~", .isEqual), ("=", .isEqual), ("~", .contains), (":", .matches),
    ]

    private func textual() throws(ListQueryError) -> ListCondition {
        if value.isQuotedEmpty { return make(.isEmpty) }
        if value.isUnquoted("*") { return make(.isNotEmpty) }
        for (prefix, op) in Self.textPrefixes where value.hasUnquotedPrefix(prefix) {
            let text = try operand(value.dropFirst(prefix.count))
            if op == .matches, (try? NSRegularExpression(pattern: text.string)) == nil {
                throw ListQueryError(.badRegex(text.string), at: text.span)
            }
            return make(op, .text(text.string))
        }
        if let pattern = try pattern() { return pattern }
        try rejectJoinedTerms()
        guard field.kind == .multi else { return make(.contains, .text(value.string)) }
        let any = value.contains(unquoted: ["|"])
        let all = value.contains(unquoted: ["+"])
        if any, all { throw bad() }
        let parts = value.split(on: any ? ["|"] : ["+"])
        for part in parts where part.isEmpty { throw bad(part) }
        return make(all ? .hasAll : .hasAny, .list(parts.map { .text($0.string) }))
    }

    /// `Blue*` starts with, `*Blue` ends with, `*Blue*` contains (the middle is literal).
    private func pattern() throws(ListQueryError) -> ListCondition? {
        let leading = value.isUnquoted("*", at: 0)
        let trailing = value.units.count > 1 && value.isUnquoted("*", at: value.units.count - 1)
        guard leading || trailing else { return nil }
        var text = value
        if leading { text = text.dropFirst(1) }
        if trailing { text = text.dropLast() }
        if text.isEmpty, !text.hasQuotes { throw bad() }
        let op: ListOperator = leading && trailing ? .contains : leading ? .endsWith : .startsWith
        return make(op, .text(text.string))
    }

    /// `(genre:Jazz|style:Bop)` and `genre:Jazz,style:Bop` are one word each (only spaces
    /// separate terms): rather than look for a genre called "style:Bop", say how to write an OR.
    private func rejectJoinedTerms() throws(ListQueryError) {
        for part in value.split(on: ["|", ","]).dropFirst() {
            guard let (head, _) = part.split(atFirst: ":"), !head.isEmpty else { continue }
            if ListField.named(head.string) != nil || ListQueryOption.named(head.string) != nil {
                throw ListQueryError(.badValue(field: name, expected: Self.joinedTermsHint), at: value.span)
            }
        }
    }

    static let joinedTermsHint =
        "a value, not another term: to OR terms, put spaces around | or after , as in (a:x | b:y) or a:x, b:y"

    // MARK: Numbers

    private static let comparisons: [(String, ListOperator)] = [
        (">=", .greaterOrEqual), ("<=", .lessOrEqual), (">", .greater), ("<", .less), ("=", .equals),
    ]

    private func numeric() throws(ListQueryError) -> ListCondition {
        if value.isQuotedEmpty { return make(.isEmpty) }
        if value.isUnquoted("*") { return make(.isNotEmpty) }
        if value.hasUnquotedPrefix("~") || value.hasUnquotedPrefix(":") { throw bad() }
        for (prefix, op) in Self.comparisons where value.hasUnquotedPrefix(prefix) {
            return make(op, .number(try number(try operand(value.dropFirst(prefix.count)))))
        }
        guard let (low, high) = value.splitRange() else { return make(.equals, .number(try number(value))) }
        switch (low.isEmpty, high.isEmpty) {
        case (true, true):
            throw ListQueryError(.badRange(value.string, problem: "write 4..5, 4.. or ..5"), at: value.span)
        case (true, false): return make(.lessOrEqual, .number(try number(high)))
        case (false, true): return make(.greaterOrEqual, .number(try number(low)))
        case (false, false):
            let (from, to) = (try number(low), try number(high))
            if from > to { throw backwards() }
            return make(.between, .list([.number(from), .number(to)]))
        }
    }

    private func number(_ text: QueryText) throws(ListQueryError) -> Double {
        let string = text.string
        guard !string.isEmpty, string.allSatisfy({ "0123456789.+-eE".contains($0) }), let number = Double(string),
            number.isFinite
        else { throw ListQueryError(.badNumber(string), at: text.span) }
        return number
    }

    private func backwards() -> ListQueryError {
        ListQueryError(.badRange(value.string, problem: "it starts after it ends"), at: value.span)
    }

    // MARK: Dates

    private func date() throws(ListQueryError) -> ListCondition {
        if value.isQuotedEmpty { return make(.isEmpty) }
        if value.isUnquoted("*") { return make(.isNotEmpty) }
        if ["~", ":", "="].contains(where: value.hasUnquotedPrefix) { throw bad() }
        if value.hasUnquotedPrefix(">") { return make(.after, try date(try operand(value.dropFirst(1))).end) }
        if value.hasUnquotedPrefix("<") { return make(.before, try date(try operand(value.dropFirst(1))).start) }
        guard let (low, high) = value.splitRange() else {
            switch try date(value) {
            case .period(let period) where period.isDay: return make(.on, .text(period.first))
            case .period(let period): return make(.between, .list([.text(period.first), .text(period.last)]))
            case .relative: throw bad()
            }
        }
        switch (low.isEmpty, high.isEmpty) {
        case (true, true):
            throw ListQueryError(
                .badRange(value.string, problem: "write 2019..2021, 2019.., ..2021 or -90d.."), at: value.span)
        case (true, false):
            let end = try date(high)
            if case .relative = end { return make(.before, end.end) }
            return make(.between, .list([.null, end.end]))
        case (false, true):
            let start = try date(low)
            if case .relative = start { return make(.inLast, start.start) }
            return make(.between, .list([start.start, .null]))
        case (false, false):
            let (start, end) = (try date(low), try date(high))
            switch (start, end) {
            case (.period(let first), .period(let last)) where first.first > last.last: throw backwards()
            case (.relative(let first, let firstUnit), .relative(let last, let lastUnit))
            where Double(first) * firstUnit.seconds < Double(last) * lastUnit.seconds:
                throw backwards()
            default: return make(.between, .list([start.start, end.end]))
            }
        }
    }

    private func date(_ text: QueryText) throws(ListQueryError) -> QueryDate {
        guard let date = QueryDate(text.string) else { throw ListQueryError(.badDate(text.string), at: text.span) }
        return date
    }

    // MARK: Booleans and lists

    private func boolean() throws(ListQueryError) -> ListCondition {
        switch value.string.lowercased() {
        case "true", "yes": make(.isTrue)
        case "false", "no": make(.isFalse)
        default: throw bad()
        }
    }

    private func list() throws(ListQueryError) -> ListCondition {
        guard !value.isEmpty else { throw bad() }
        return make(.inList, .text(value.string))
    }
}

extension ListField {
    /// The name rules store: the catalogue's (`added` for `date_added`), or `note:` and the
    /// notes field's name as Discogs has it.
    var canonicalName: String {
        name.lowercased().hasPrefix(Self.notePrefix) ? Self.notePrefix + name.dropFirst(Self.notePrefix.count) : name
    }

    /// What the query accepts after `field:`, for error messages.
    var expectedValues: String {
        let empty = "\"\" (no value) or * (any value)"
        switch kind {
        case .text:
            return "text (contains), =text (is), ~text (contains), ::regex, text* (starts with), *text (ends with), "
                + empty
        case .multi:
            return "Jazz (has), Jazz|Blues (any of), Jazz+Blues (all of), =Jazz, ~jaz (contains), ::regex, Ja* or *zz, "
                + empty
        case .number:
            return "a number (4), a range (4..5, 4.., ..5), >4, <4, " + empty
        case .date:
            return "a date (2020, 2020-05, 2020-05-01), a range (2019..2021, 2019.., -90d.., ..-1y, -6w..-4w), "
                + ">2020, <2020, " + empty
        case .bool: return "true or false"
        case .list: return "the name of another list"
        }
    }
}
