import Foundation

/// A smart list's rule: a tree of conditions in `all` / `any` / `none` groups, as stored (JSON)
/// and as both surface syntaxes (`[[lists]]` in spindle.toml, the one-line query) produce it.
///
/// ```json
/// {"all": [{"field": "style", "op": "has_any", "value": ["Hard Bop"]},
///          {"field": "rating", "op": "between", "value": [4, 5]},
///          {"none": [{"field": "format_desc", "op": "has_any", "value": ["Reissue"]}]}]}
/// ```
public indirect enum ListRule: Sendable, Equatable {
    case group(GroupMatch, [ListRule])
    case condition(ListCondition)

    /// Groups may nest this deep (iTunes allows 5; more only makes the SQL unreadable).
    public static let maxDepth = 6
    /// And hold this many conditions in all.
    public static let maxConditions = 200

    /// A rule that matches everything (`{"all": []}`).
    public static let everything = ListRule.group(.all, [])

    public var depth: Int {
        switch self {
        case .condition: 0
        case .group(_, let rules): 1 + (rules.map(\.depth).max() ?? 0)
        }
    }

    public var conditions: [ListCondition] {
        switch self {
        case .condition(let condition): [condition]
        case .group(_, let rules): rules.flatMap(\.conditions)
        }
    }
}

public enum GroupMatch: String, Sendable, Codable, CaseIterable {
    /// Every rule holds (AND).
    case all
    /// At least one holds (OR).
    case any
    /// None holds (NOT OR).
    case none
}

/// One test of one field: `{"field": "year", "op": "between", "value": [1955, 1965]}`.
public struct ListCondition: Sendable, Equatable, Codable {
    public var field: String
    public var op: ListOperator
    public var value: ListValue?

    public init(field: String, op: ListOperator, value: ListValue? = nil) {
        self.field = field
        self.op = op
        self.value = value
    }
}

public enum ListOperator: String, Sendable, Codable, CaseIterable {
    // Text (and, for multi-value fields, "some value …")
    case isEqual = "is"
    case isNot = "is_not"
    case contains
    case notContains = "not_contains"
    case startsWith = "starts_with"
    case endsWith = "ends_with"
    case matches
    case isEmpty = "empty"
    case isNotEmpty = "not_empty"
    // Multi-value
    case hasAny = "has_any"
    case hasAll = "has_all"
    case hasNone = "has_none"
    // Numbers
    case equals = "="
    case notEquals = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case between
    case notBetween = "not_between"
    // Dates
    case before
    case after
    case on
    case inLast = "in_last"
    case notInLast = "not_in_last"
    // Booleans
    case isTrue = "is_true"
    case isFalse = "is_false"
    // Other lists
    case inList = "in_list"
    case notInList = "not_in_list"
}

/// A condition's operand. JSON: a string, a number, a boolean, an array (values, or a range's
/// two ends with `null` for an open end), or `{"last": 90, "unit": "days"}` for relative dates.
public enum ListValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case list([ListValue])
    /// A moment relative to the rebuild: `amount` units ago (negative: in the future).
    case relative(amount: Int, unit: DateUnit)
    case null

    public var text: String? {
        switch self {
        case .text(let text): text
        case .number(let number): number == number.rounded() ? String(Int(number)) : String(number)
        default: nil
        }
    }

    public var number: Double? {
        switch self {
        case .number(let number): number
        case .text(let text): Double(text)
        default: nil
        }
    }

    public var values: [ListValue] {
        if case .list(let values) = self { return values }
        return [self]
    }
}

public enum DateUnit: String, Sendable, Codable, CaseIterable {
    case days, weeks, months, years

    /// Calendar-free lengths, as beets counts them (a month is 30 days, a year 365).
    public var seconds: Double {
        switch self {
        case .days: 86_400
        case .weeks: 7 * 86_400
        case .months: 30 * 86_400
        case .years: 365 * 86_400
        }
    }
}
