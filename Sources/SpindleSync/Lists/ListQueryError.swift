import SpindleStore

/// Why a one-line list query was refused, and where: every error names the offending token and
/// its column, so `spindle lists add` can print the query with a caret under the mistake.
///
/// ```
/// unknown field "gnre" at column 1; did you mean genre?
///   gnre:Jazz year:1955..1965
///   ^^^^
/// ```
public struct ListQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case unterminatedQuote
        case unexpectedClosingParenthesis
        case unclosedParenthesis
        case emptyGroup
        /// Nothing (or only options) on one side of a `,` or `|`.
        case emptyAlternative
        /// A `^` or `-` with no term right after it.
        case danglingNegation
        /// A word that is not `field:value`.
        case missingField
        case unknownField(String, suggestion: String?)
        case missingValue(field: String)
        /// The value's form (an operator prefix, a range, a pattern…) does not fit the field's kind.
        case badValue(field: String, expected: String)
        case badNumber(String)
        case badDate(String)
        case badRange(String, problem: String)
        case badRegex(String)
        case fieldNotForBase(field: String, base: ListBase)
        case cannotFanOut(String)
        case badOption(String, expected: String)
        case repeatedOption(String)
        /// An option (sort:, limit: …) negated or inside parentheses: options are the whole list's.
        case misplacedOption(String)
        case tooDeep(max: Int)
        case tooManyConditions(max: Int)
        /// The query was a JSON definition (the form `format` falls back to) that did not decode
        /// or validate.
        case invalidJSON(String)
    }

    public var reason: Reason
    /// Characters from the start of the query (0-based) to the offending token, and its length.
    public var offset: Int
    public var length: Int
    /// The whole query, for the caret display.
    public var query: String

    public init(_ reason: Reason, offset: Int, length: Int, query: String = "") {
        self.reason = reason
        self.offset = offset
        self.length = max(length, 1)
        self.query = query
    }

    init(_ reason: Reason, at span: QuerySpan) {
        self.init(reason, offset: span.offset, length: span.length)
    }

    /// 1-based, as editors count.
    public var column: Int { offset + 1 }

    /// The offending text as written.
    public var token: String {
        let characters = Array(query)
        guard offset < characters.count else { return "" }
        return String(characters[offset..<min(offset + length, characters.count)])
    }

    public var description: String {
        let (what, hint) = explanation
        return "\(what) at column \(column)" + (hint.map { "; \($0)" } ?? "")
    }

    /// A line of spaces and carets that underlines the token when printed under the query.
    public var caret: String {
        String(repeating: " ", count: offset) + String(repeating: "^", count: length)
    }

    /// The message, the query and the caret line, indented, for a terminal.
    public var terminalDescription: String {
        "\(description)\n  \(query)\n  \(caret)"
    }

    private var explanation: (String, String?) {
        let token = "\"\(token)\""
        switch reason {
        case .unterminatedQuote: return ("unterminated quote", "close it with \"")
        case .unexpectedClosingParenthesis: return ("\")\" closes no group", nil)
        case .unclosedParenthesis: return ("\"(\" is never closed", "add a )")
        case .emptyGroup: return ("empty parentheses", "put at least one condition inside")
        case .emptyAlternative:
            return ("empty alternative \(token)", "\",\" and \"|\" need a condition on each side")
        case .danglingNegation:
            return ("\(token) negates nothing", "write it right before a term, as in ^format_desc:Reissue")
        case .missingField: return ("\(token) is not a condition", "write field:value, as in genre:Jazz")
        case .unknownField(let name, let suggestion):
            return ("unknown field \"\(name)\"", suggestion.map { "did you mean \($0)?" })
        case .missingValue(let field):
            return ("\(field): has no value", "write \(field):\"\" to find items without one")
        case .badValue(let field, let expected): return ("\(token) does not fit \(field)", "expected \(expected)")
        case .badNumber(let text): return ("\"\(text)\" is not a number", nil)
        case .badDate(let text):
            return (
                "\"\(text)\" is not a date",
                "write 2020, 2020-05, 2020-05-01, or a relative date such as -90d, -6w, -3m, -1y"
            )
        case .badRange(let text, let problem): return ("\"\(text)\" is not a range", problem)
        case .badRegex(let text): return ("\"\(text)\" is not a regular expression", nil)
        case .fieldNotForBase(let field, let base):
            return ("\(field) does not exist for items of the \(base) base", "it is a field of collection copies")
        case .cannotFanOut(let field):
            return (
                "\(field) cannot fan out",
                "fan: takes one of " + ListField.all.filter(\.canFanOut).map(\.name).joined(separator: ", ")
            )
        case .badOption(let name, let expected): return ("bad \(name) \(token)", "\(name): takes \(expected)")
        case .repeatedOption(let name): return ("\(name): is given twice", nil)
        case .misplacedOption(let name):
            return (
                "\(name): cannot be negated or put in parentheses",
                "it is an option of the whole list, not a condition"
            )
        case .tooDeep(let max): return ("\(token) nests groups more than \(max) levels deep", nil)
        case .tooManyConditions(let max): return ("one condition too many", "a list has at most \(max)")
        case .invalidJSON(let message): return ("invalid JSON definition (\(message))", nil)
        }
    }
}
