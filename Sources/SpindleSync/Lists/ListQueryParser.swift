import SpindleStore

/// A parsed query before it becomes a `ListRule`: the same tree, each node with the place in the
/// text that made it, so the caps and the base check can point at a token.
indirect enum QueryNode {
    case condition(ListCondition, field: ListField, span: QuerySpan)
    /// `span` is where a too-deep group is reported: its `(`, its `^`, or its first term.
    case group(GroupMatch, [QueryNode], span: QuerySpan)

    var rule: ListRule {
        switch self {
        case .condition(let condition, _, _): .condition(condition)
        case .group(let match, let nodes, _): .group(match, nodes.map(\.rule))
        }
    }

    var span: QuerySpan {
        switch self {
        case .condition(_, _, let span), .group(_, _, let span): span
        }
    }

    /// Every condition with its field and place, in the order written.
    var conditions: [(field: ListField, span: QuerySpan)] {
        switch self {
        case .condition(_, let field, let span): [(field, span)]
        case .group(_, let nodes, _): nodes.flatMap(\.conditions)
        }
    }

    /// `ListRule.maxDepth` and `maxConditions`, reported at the first node past them.
    func checkCaps() throws(ListQueryError) {
        var count = 0
        try check(level: 1, count: &count)
    }

    private func check(level: Int, count: inout Int) throws(ListQueryError) {
        switch self {
        case .condition(_, _, let span):
            count += 1
            if count > ListRule.maxConditions {
                throw ListQueryError(.tooManyConditions(max: ListRule.maxConditions), at: span)
            }
        case .group(_, let nodes, let span):
            if level > ListRule.maxDepth { throw ListQueryError(.tooDeep(max: ListRule.maxDepth), at: span) }
            for node in nodes { try node.check(level: level + 1, count: &count) }
        }
    }
}

/// Recursive descent over the tokens:
///
/// ```
/// query        = alternatives
/// alternatives = sequence { ("," | "|") sequence }     -- OR of AND-groups
/// sequence     = { unary }                             -- AND
/// unary        = ("^" | "-") unary | "(" alternatives ")" | word
/// ```
///
/// Options are words too; they are taken out of the sequence at the top level and refused
/// anywhere else, since they belong to the whole list.
struct ListQueryParser {
    private let tokens: [ListQueryToken]
    private let length: Int
    private var index = 0
    private var options = ListQueryOptions()

    private init(tokens: [ListQueryToken], length: Int) {
        self.tokens = tokens
        self.length = length
    }

    static func parse(_ text: String, base defaultBase: ListBase) throws(ListQueryError) -> ListDefinition {
        var parser = ListQueryParser(tokens: try ListQueryTokenizer.tokens(of: text), length: text.count)
        let root = try parser.alternatives(opener: nil)
        if parser.index < parser.tokens.count {
            throw ListQueryError(.unexpectedClosingParenthesis, at: parser.tokens[parser.index].span)
        }
        try root.checkCaps()
        let options = parser.options
        let base = options.base ?? defaultBase
        if !base.isCollection {
            for (field, span) in root.conditions + options.fieldSpans where field.collectionOnly {
                throw ListQueryError(.fieldNotForBase(field: field.canonicalName, base: base), at: span)
            }
        }
        return ListDefinition(
            base: base, rule: root.rule, sort: options.sort, limit: options.limit, offset: options.offset ?? 0,
            pins: options.pins, excludes: options.excludes, fanOut: options.fanOut, seed: options.seed ?? 0)
    }

    private var next: ListQueryToken? { index < tokens.count ? tokens[index] : nil }

    /// An AND-group, or an OR of AND-groups (`a b , c` is any(all(a, b), all(c))).
    private mutating func alternatives(opener: ListQueryToken?) throws(ListQueryError) -> QueryNode {
        var branches: [[QueryNode]] = [try sequence(topLevel: opener == nil)]
        var separators: [ListQueryToken] = []
        while let token = next, token.kind == .or {
            index += 1
            separators.append(token)
            branches.append(try sequence(topLevel: opener == nil))
        }
        let span = opener?.span ?? QuerySpan(offset: 0, length: max(length, 1))
        guard !separators.isEmpty else {
            if let opener, branches[0].isEmpty {
                guard let close = next, close.kind == .close else {
                    throw ListQueryError(.unclosedParenthesis, at: opener.span)
                }
                throw ListQueryError(.emptyGroup, at: .covering(opener.span, close.span))
            }
            return .group(.all, branches[0], span: span)
        }
        for (position, branch) in branches.enumerated() where branch.isEmpty {
            let separator = separators[min(position, separators.count - 1)]
            throw ListQueryError(.emptyAlternative, at: separator.span)
        }
        return .group(.any, branches.map { .group(.all, $0, span: $0[0].span) }, span: span)
    }

    /// Terms up to the next `,`, `|`, `)` or the end.
    private mutating func sequence(topLevel: Bool) throws(ListQueryError) -> [QueryNode] {
        var nodes: [QueryNode] = []
        while let token = next, token.kind != .or, token.kind != .close {
            if let node = try unary(optionsAllowed: topLevel) { nodes.append(node) }
        }
        return nodes
    }

    /// A term, a group or a negation; nil for an option (it went into `options`).
    private mutating func unary(optionsAllowed: Bool) throws(ListQueryError) -> QueryNode? {
        guard let token = next else { return nil }
        index += 1
        switch token.kind {
        case .not:
            guard let node = try unary(optionsAllowed: false) else {
                throw ListQueryError(.danglingNegation, at: token.span)
            }
            return Self.negate(node, at: token.span)
        case .open:
            let group = try alternatives(opener: token)
            guard next?.kind == .close else { throw ListQueryError(.unclosedParenthesis, at: token.span) }
            index += 1
            return group
        case .word(let word):
            return try term(word, optionsAllowed: optionsAllowed)
        case .or, .close:
            throw ListQueryError(.danglingNegation, at: token.span)
        }
    }

    /// `^list:X` is `not_in_list` and `^added:-1y..` is `not_in_last`, the forms those operators
    /// exist for; anything else negated is wrapped in a `none` group.
    private static func negate(_ node: QueryNode, at span: QuerySpan) -> QueryNode {
        if case .condition(var condition, let field, let conditionSpan) = node {
            let negated: [ListOperator: ListOperator] = [.inList: .notInList, .inLast: .notInLast]
            if let op = negated[condition.op] {
                condition.op = op
                return .condition(condition, field: field, span: conditionSpan)
            }
        }
        return .group(.none, [node], span: span)
    }

    private mutating func term(_ word: QueryText, optionsAllowed: Bool) throws(ListQueryError) -> QueryNode? {
        guard let (head, rest) = word.split(atFirst: ":"), !head.isEmpty else {
            throw ListQueryError(.missingField, at: word.span)
        }
        var name = head.string
        var value = rest
        var fieldSpan = head.span
        // note:Grading:Mint and note:"Media Condition":Mint read as "note:…":Mint does.
        if !head.hasQuotes, name.lowercased() == "note", let (noteName, noteValue) = rest.split(atFirst: ":"),
            !noteName.isEmpty
        {
            name = ListField.notePrefix + noteName.string
            value = noteValue
            fieldSpan = .covering(head.span, noteName.span)
        }
        if let option = ListQueryOption.named(name) {
            guard optionsAllowed else { throw ListQueryError(.misplacedOption(option.rawValue), at: head.span) }
            try options.apply(option, value: value, span: word.span)
            return nil
        }
        guard let field = ListField.named(name) else {
            throw ListQueryError(.unknownField(name, suggestion: ListQuery.suggestion(for: name)), at: fieldSpan)
        }
        let condition = try ConditionSyntax(field: field, name: field.canonicalName, value: value).condition()
        return .condition(condition, field: field, span: fieldSpan)
    }
}
