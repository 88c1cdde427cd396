/// A stretch of a query's text with each character's offset and whether it was inside quotes.
/// The meaning of `:`, `|`, `+`, `*`, `..` and the operator prefixes depends on quoting (quoted
/// characters are always literal), and errors point at offsets, so both travel with the text.
struct QueryText: Sendable, Equatable {
    struct Unit: Sendable, Equatable {
        var character: Character
        var quoted: Bool
        var offset: Int
    }

    var units: [Unit]
    /// Where the stretch starts and ends in the query (characters, end exclusive).
    var start: Int
    var end: Int
    /// Offsets of opening quotes, so `""` (which leaves no character) is still seen.
    var quoteStarts: [Int]

    var string: String { String(units.map(\.character)) }
    var isEmpty: Bool { units.isEmpty }
    var span: QuerySpan { QuerySpan(offset: start, length: max(end - start, 1)) }

    /// Whether the text was written with quotes (`""` is a value, nothing at all is not).
    var hasQuotes: Bool { quoteStarts.contains { start <= $0 && $0 < end } }
    /// `""`: an explicitly empty value.
    var isQuotedEmpty: Bool { units.isEmpty && hasQuotes }

    /// Whether the unquoted text is exactly `literal` (`*`, `true`…).
    func isUnquoted(_ literal: String) -> Bool {
        !hasQuotes && string == literal
    }

    func isUnquoted(_ character: Character, at index: Int) -> Bool {
        units.indices.contains(index) && !units[index].quoted && units[index].character == character
    }

    /// Whether the text starts with `prefix` written unquoted: an operator such as `>=`.
    func hasUnquotedPrefix(_ prefix: String) -> Bool {
        let characters = Array(prefix)
        guard units.count >= characters.count else { return false }
        return characters.indices.allSatisfy { isUnquoted(characters[$0], at: $0) }
    }

    /// The units in `range`, spanning the query from `from` to `to` (the separators around a
    /// piece are not part of it, but quotes inside it are).
    private func piece(_ range: Range<Int>, from: Int, to: Int) -> QueryText {
        QueryText(units: Array(units[range]), start: from, end: to, quoteStarts: quoteStarts)
    }

    /// The text after its first `count` (unquoted) characters: an operator prefix.
    func dropFirst(_ count: Int) -> QueryText {
        let count = min(count, units.count)
        return piece(count..<units.count, from: count > 0 ? units[count - 1].offset + 1 : start, to: end)
    }

    /// The text without its last (unquoted) character: a trailing `*`.
    func dropLast() -> QueryText {
        guard let last = units.last else { return self }
        return piece(0..<(units.count - 1), from: start, to: last.offset)
    }

    /// The text before and after the first unquoted `separator`, or nil when there is none.
    func split(atFirst separator: Character) -> (QueryText, QueryText)? {
        guard let index = units.indices.first(where: { isUnquoted(separator, at: $0) }) else { return nil }
        let offset = units[index].offset
        return (piece(0..<index, from: start, to: offset), piece((index + 1)..<units.count, from: offset + 1, to: end))
    }

    /// The parts between unquoted `separators` (one part when there is none).
    func split(on separators: Set<Character>) -> [QueryText] {
        var parts: [QueryText] = []
        var partStart = 0
        var partOffset = start
        for index in units.indices where !units[index].quoted && separators.contains(units[index].character) {
            parts.append(piece(partStart..<index, from: partOffset, to: units[index].offset))
            partStart = index + 1
            partOffset = units[index].offset + 1
        }
        parts.append(piece(partStart..<units.count, from: partOffset, to: end))
        return parts
    }

    /// The text before and after the first unquoted `..`.
    func splitRange() -> (QueryText, QueryText)? {
        guard
            let index = units.indices.dropLast().first(where: { isUnquoted(".", at: $0) && isUnquoted(".", at: $0 + 1) }
            )
        else { return nil }
        return (
            piece(0..<index, from: start, to: units[index].offset),
            piece((index + 2)..<units.count, from: units[index + 1].offset + 1, to: end)
        )
    }

    func contains(unquoted characters: Set<Character>) -> Bool {
        units.contains { !$0.quoted && characters.contains($0.character) }
    }
}

/// Where a token sits in the query: a character offset (0-based) and a length.
struct QuerySpan: Sendable, Equatable {
    var offset: Int
    var length: Int

    static func covering(_ first: QuerySpan, _ last: QuerySpan) -> QuerySpan {
        QuerySpan(offset: first.offset, length: max(last.offset + last.length - first.offset, 1))
    }
}
