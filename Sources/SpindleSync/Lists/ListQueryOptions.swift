import SpindleStore

/// The words of a query that set the list's options rather than test items: `sort:added-`,
/// `limit:50`, `offset:10`, `base:wantlist`, `fan:style`, `pin:123,456`, `exclude:789`, `seed:7`.
enum ListQueryOption: String, Sendable, CaseIterable {
    case sort, limit, offset, base, fan, pin, exclude, seed

    /// The option called `name`; the TOML keys (`fan_out`, `pins`, `excludes`) are accepted too.
    static func named(_ name: String) -> ListQueryOption? {
        switch name.lowercased() {
        case "fan_out": .fan
        case "pins": .pin
        case "excludes": .exclude
        default: ListQueryOption(rawValue: name.lowercased())
        }
    }

    /// Options that may be given more than once (their values add up).
    var isRepeatable: Bool { self == .sort || self == .pin || self == .exclude }

    var expectation: String {
        switch self {
        case .sort: "a field and a direction (added-, year+), several separated by commas, or random"
        case .limit: "a whole number from 1"
        case .offset: "a whole number from 0"
        case .base: "collection, wantlist, inventory or folder:ID"
        case .fan: "a field to make one child list per value of"
        case .pin, .exclude: "item ids separated by commas, as in 123,456"
        case .seed: "a whole number"
        }
    }
}

/// The options of one query as they are read, and where each was written, for the checks that
/// can only run once the whole query (and so the base) is known.
struct ListQueryOptions {
    var base: ListBase?
    var sort: [ListSort] = []
    var limit: Int?
    var offset: Int?
    var pins: [Int] = []
    var excludes: [Int] = []
    var fanOut: String?
    var seed: Int?
    /// Fields named by sort: and fan:, with their places.
    var fieldSpans: [(field: ListField, span: QuerySpan)] = []
    private var seen: Set<ListQueryOption> = []

    mutating func apply(_ option: ListQueryOption, value: QueryText, span: QuerySpan) throws(ListQueryError) {
        guard option.isRepeatable || seen.insert(option).inserted else {
            throw ListQueryError(.repeatedOption(option.rawValue), at: span)
        }
        func bad() -> ListQueryError {
            ListQueryError(.badOption(option.rawValue, expected: option.expectation), at: value.span)
        }
        let text = value.string
        switch option {
        case .sort:
            for part in value.split(on: [","]) { try addSort(part, bad: bad()) }
        case .limit:
            guard let limit = Int(text), limit >= 1 else { throw bad() }
            self.limit = limit
        case .offset:
            guard let offset = Int(text), offset >= 0 else { throw bad() }
            self.offset = offset
        case .base:
            guard !text.isEmpty, let base = ListBase(text) else { throw bad() }
            self.base = base
        case .fan:
            guard let field = ListField.named(text) else {
                throw ListQueryError(.unknownField(text, suggestion: ListQuery.suggestion(for: text)), at: value.span)
            }
            guard field.canFanOut else { throw ListQueryError(.cannotFanOut(field.canonicalName), at: value.span) }
            fanOut = field.canonicalName
            fieldSpans.append((field, value.span))
        case .pin, .exclude:
            var ids: [Int] = []
            for part in value.split(on: [","]) {
                guard let id = Int(part.string), id > 0 else { throw bad() }
                ids.append(id)
            }
            if option == .pin { pins += ids } else { excludes += ids }
        case .seed:
            guard let seed = Int(text) else { throw bad() }
            self.seed = seed
        }
    }

    /// `added-`, `year+`, `artist` (ascending), `random`.
    private mutating func addSort(_ part: QueryText, bad: ListQueryError) throws(ListQueryError) {
        var key = part
        var descending = false
        if let last = key.units.indices.last, key.isUnquoted("+", at: last) || key.isUnquoted("-", at: last) {
            descending = key.units[last].character == "-"
            key = key.dropLast()
        }
        let name = key.string
        guard !name.isEmpty else { throw bad }
        if name.lowercased() == ListQuery.randomSort {
            sort.append(ListSort(field: ListQuery.randomSort, descending: descending))
            return
        }
        guard let field = ListField.named(name) else {
            let suggestion = NameSuggestion.nearest(
                to: name, among: ListField.all.map(\.name) + [ListQuery.randomSort])
            throw ListQueryError(.unknownField(name, suggestion: suggestion), at: key.span)
        }
        guard field.kind != .list else { throw bad }
        sort.append(ListSort(field: field.canonicalName, descending: descending))
        fieldSpans.append((field, key.span))
    }
}
