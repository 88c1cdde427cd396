import Foundation

/// Discogs' markup in artist and label profiles and master notes, read as plain text and links:
/// `[a=Name]` and `[a123]` (artists), `[l=Name]` and `[l123]` (labels), `[m123]` (masters),
/// `[r123]` (releases), `[url=https://…]text[/url]`; formatting tags (`[b]`, `[i]`, `[u]`…) and
/// guideline or image references are dropped, anything else stays as it was written. Never HTML:
/// the pieces are text the templates escape.
enum DiscogsMarkup {
    enum Kind: Sendable, Equatable {
        case artist, label, master, release
    }

    enum Piece: Sendable, Equatable {
        case text(String)
        /// An artist, label, master or release, by id or by name.
        case entity(Kind, id: Int?, name: String?)
        /// An explicit link (`[url=…]`); `url` is as written and must be checked before use.
        case link(url: String, text: String)
    }

    /// The pieces of `source`, line breaks normalised to `\n` (the dumps carry CR LF, or a
    /// literal `&#13;` when a CR was escaped twice), adjacent text merged, ends trimmed.
    static func parse(_ source: String) -> [Piece] {
        let text = lineBreaks(source)
        var pieces: [Piece] = []
        var pending = ""
        func flush() {
            if !pending.isEmpty { pieces.append(.text(pending)) }
            pending = ""
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "[",
                let close = text[index...].prefix(maxTagLength).firstIndex(of: "]")
            else {
                pending.append(character)
                index = text.index(after: index)
                continue
            }
            let tag = text[text.index(after: index)..<close]
            guard !tag.contains("[") else {
                pending.append(character)  // `[[a1]]`: this bracket is prose, the next one may be markup
                index = text.index(after: index)
                continue
            }
            var next = text.index(after: close)
            switch tagMeaning(tag) {
            case .entity(let kind, let id, let name):
                flush()
                pieces.append(.entity(kind, id: id, name: name))
            case .link(let target):
                // `[url=x]text[/url]` or `[url]x[/url]`; an unclosed one links its own address.
                var label = target ?? ""
                if let end = text[next...].range(of: "[/url]", options: .caseInsensitive) {
                    let inner = String(text[next..<end.lowerBound])
                    if !inner.isEmpty { label = inner }
                    next = end.upperBound
                }
                let url = (target ?? label).trimmingCharacters(in: .whitespaces)
                if !label.isEmpty {
                    flush()
                    pieces.append(.link(url: url, text: label))
                }
            case .dropped:
                break
            case .literal:
                pending += text[index..<next]
            }
            index = next
        }
        flush()
        return trimmed(pieces)
    }

    /// The ids `pieces` refer to, by kind: what to look names up for.
    static func references(_ pieces: [Piece]) -> [Kind: Set<Int>] {
        var ids: [Kind: Set<Int>] = [:]
        for case .entity(let kind, let id?, _) in pieces { ids[kind, default: []].insert(id) }
        return ids
    }

    /// A tag longer than this is not markup (a bracket in prose).
    private static let maxTagLength = 300

    private enum Meaning {
        case entity(Kind, Int?, String?)
        case link(String?)
        case dropped
        case literal
    }

    private static let formatting: Set<String> = ["b", "i", "u", "s", "/b", "/i", "/u", "/s", "/url", "/img"]

    private static func tagMeaning(_ tag: Substring) -> Meaning {
        let lower = tag.lowercased()
        if formatting.contains(lower) { return .dropped }
        if lower == "url" { return .link(nil) }
        if lower.hasPrefix("url=") { return .link(String(tag.dropFirst(4))) }
        if lower.hasPrefix("img") { return .dropped }
        guard let first = lower.first else { return .literal }
        let kind: Kind
        switch first {
        case "a": kind = .artist
        case "l": kind = .label
        case "m": kind = .master
        case "r": kind = .release
        case "g":
            // A guideline reference (`[g1.2.3]`): nothing a collector needs here.
            return tag.dropFirst().allSatisfy { $0.isNumber || $0 == "." || $0 == "=" } ? .dropped : .literal
        default: return .literal
        }
        var rest = tag.dropFirst()
        let named = rest.first == "="
        if named { rest = rest.dropFirst() }
        if !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit), let id = Int(rest) { return .entity(kind, id, nil) }
        let name = rest.trimmingCharacters(in: .whitespaces)
        return named && !name.isEmpty ? .entity(kind, nil, name) : .literal
    }

    private static func lineBreaks(_ text: String) -> String {
        guard text.contains("\r") || text.contains("&#13;") else { return text }
        return text.replacingOccurrences(of: "&#13;\n", with: "\n").replacingOccurrences(of: "&#13;", with: "\n")
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Whitespace at the start and end of the whole text removed.
    private static func trimmed(_ pieces: [Piece]) -> [Piece] {
        var pieces = pieces
        if case .text(let first)? = pieces.first {
            let text = String(first.drop { $0.isWhitespace })
            if text.isEmpty { pieces.removeFirst() } else { pieces[0] = .text(text) }
        }
        if case .text(let last)? = pieces.last {
            let text = String(last.reversed().drop { $0.isWhitespace }.reversed())
            if text.isEmpty { pieces.removeLast() } else { pieces[pieces.count - 1] = .text(text) }
        }
        return pieces
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
