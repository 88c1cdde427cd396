/// One token of a list query.
struct ListQueryToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `field:value`, quotes resolved but remembered.
        case word(QueryText)
        case open
        case close
        /// `,` or `|` between alternatives.
        case or
        /// `^` or `-` right before a term or a group.
        case not
    }

    var kind: Kind
    var span: QuerySpan
}

/// Splits a query into tokens. Words end at whitespace, at a `)` that closes a group (a value may
/// hold balanced parentheses, as regular expressions do: `title::Ann(a|ie)`), and at a `,` that
/// ends the word (beets' OR: comma then space). Inside double quotes everything is literal except
/// `\"` and `\\`, so Windows paths and regex escapes survive.
struct ListQueryTokenizer {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) { characters = Array(text) }

    static func tokens(of text: String) throws(ListQueryError) -> [ListQueryToken] {
        var tokenizer = ListQueryTokenizer(text)
        var tokens: [ListQueryToken] = []
        while let token = try tokenizer.next() { tokens.append(token) }
        return tokens
    }

    mutating func next() throws(ListQueryError) -> ListQueryToken? {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index < characters.count else { return nil }
        let start = index
        func single(_ kind: ListQueryToken.Kind) -> ListQueryToken {
            index += 1
            return ListQueryToken(kind: kind, span: QuerySpan(offset: start, length: 1))
        }
        switch characters[index] {
        case "(": return single(.open)
        case ")": return single(.close)
        case ",", "|": return single(.or)
        case "^", "-":
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            guard !next.isWhitespace, !")|,".contains(next) else {
                throw ListQueryError(.danglingNegation, at: QuerySpan(offset: start, length: 1))
            }
            return single(.not)
        default: return try word()
        }
    }

    private mutating func word() throws(ListQueryError) -> ListQueryToken {
        let start = index
        var units: [QueryText.Unit] = []
        var quoteStarts: [Int] = []
        var depth = 0
        scan: while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"":
                quoteStarts.append(index)
                try quoted(into: &units)
                continue scan
            case _ where character.isWhitespace:
                break scan
            case "(":
                depth += 1
            case ")":
                if depth == 0 { break scan }
                depth -= 1
            case ",":
                if index + 1 == characters.count || characters[index + 1].isWhitespace { break scan }
            default:
                break
            }
            units.append(.init(character: character, quoted: false, offset: index))
            index += 1
        }
        let text = QueryText(units: units, start: start, end: index, quoteStarts: quoteStarts)
        return ListQueryToken(kind: .word(text), span: QuerySpan(offset: start, length: index - start))
    }

    /// Reads `"…"` from its opening quote, past its closing one.
    private mutating func quoted(into units: inout [QueryText.Unit]) throws(ListQueryError) {
        let opening = index
        index += 1
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                index += 1
                return
            }
            if character == "\\", index + 1 < characters.count,
                characters[index + 1] == "\"" || characters[index + 1] == "\\"
            {
                units.append(.init(character: characters[index + 1], quoted: true, offset: index + 1))
                index += 2
                continue
            }
            units.append(.init(character: character, quoted: true, offset: index))
            index += 1
        }
        throw ListQueryError(.unterminatedQuote, at: QuerySpan(offset: opening, length: characters.count - opening))
    }
}
