/// A name in a tag: `title`, `release.cover.src`, `.url` (current item only), `.` (the current
/// item), `empty(releases)` (a transform), `index()` (the position in the list being rendered).
struct TemplateName: Sendable, Equatable {
    enum Root: Sendable, Equatable {
        /// `.`: the current item.
        case current
        /// `index()`, `first()`: the list being iterated.
        case sequence
        /// `.name`: looked up in the current item only.
        case local
        /// `name`: looked up in the current item, then in each enclosing one.
        case stack
    }

    let root: Root
    let components: [String]
    /// Applied innermost first: `empty(releases)` is `["empty"]`.
    let transforms: [String]
    /// As written, for matching a section's closing tag.
    let source: String
}

/// A parsed template, as a tree. Text is kept line by line, as Mustache's whitespace rules and
/// partial indentation work per line.
indirect enum TemplateNode: Sendable {
    case text([UInt8])
    case variable(TemplateName, escaped: Bool)
    case section(TemplateName, [TemplateNode])
    case invertedSection(TemplateName, [TemplateNode])
    /// `{{> name}}`, and `{{< name}}` with its block overrides.
    case partial(String, dynamic: Bool, indentation: [UInt8]?, overrides: [String: [TemplateNode]]?)
    /// `{{$name}}default{{/name}}` in a template others extend.
    case block(String, defaultNodes: [TemplateNode], indentation: [UInt8])
    /// `{{$name}}…{{/name}}` inside `{{< parent}}`: an override.
    case blockDefinition(String, [TemplateNode])
}

/// A template that could not be parsed: where and why.
public struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// Parses Mustache with the extensions of swift-mustache (template inheritance, transforms such
/// as `empty(list)`, names prefixed with `.`), following its rules for whitespace so that a template
/// renders byte for byte as it does there.
struct TemplateParser {
    private struct State {
        var sectionName: String?
        var sectionTransforms: [String] = []
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var start: [UInt8] = Array("{{".utf8)
        var end: [UInt8] = Array("}}".utf8)
        var partialDefinitionIndent: [UInt8]?

        func section(_ name: String, transforms: [String], newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func inheritance(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = []
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    private let bytes: [UInt8]
    private var position = 0

    static func parse(_ text: String) throws(TemplateSyntaxError) -> [TemplateNode] {
        var parser = TemplateParser(bytes: Array(text.utf8))
        return try parser.parse(State())
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var atEnd: Bool { position >= bytes.count }
    private var current: UInt8 { bytes[position] }

    private func error(_ message: String) -> TemplateSyntaxError {
        let line = 1 + bytes[..<min(position, bytes.count)].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        return TemplateSyntaxError(line: line, message: message)
    }

    private mutating func parse(_ initial: State) throws(TemplateSyntaxError) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var state = initial
        var whitespaceBefore: [UInt8] = []
        while !atEnd {
            if state.newLine {
                let whitespace = read { $0 == 32 || $0 == 9 }
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whitespaceBefore = Array(whitespace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whitespace
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let text = readUntilTagOrNewline(state)
            if !atEnd, current == 10 {
                nodes.append(.text(whitespaceBefore + text + [10]))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whitespaceBefore + text))
                whitespaceBefore = []
                state.newLine = false
            }
            if atEnd { break }

            var setNewLine = false
            switch current {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = current == UInt8(ascii: "^")
                position += 1
                let name = try parseName(state)
                if isStandalone(state) {
                    setNewLine = true
                } else if !whitespaceBefore.isEmpty {
                    nodes.append(.text(whitespaceBefore))
                    whitespaceBefore = []
                }
                let body = try parse(state.section(name.source, transforms: name.transforms, newLine: setNewLine))
                nodes.append(inverted ? .invertedSection(name, body) : .section(name, body))

            case UInt8(ascii: "/"):
                position += 1
                let name = try parseName(state)
                guard name.source == state.sectionName, name.transforms == state.sectionTransforms else {
                    throw error(
                        state.sectionName.map { "{{/\(name.source)}} closes {{#\($0)}}" }
                            ?? "{{/\(name.source)}} closes nothing")
                }
                if isStandalone(state) {
                    setNewLine = true
                } else if !whitespaceBefore.isEmpty {
                    nodes.append(.text(whitespaceBefore))
                }
                return nodes

            case UInt8(ascii: "!"):
                position += 1
                guard skip(past: state.end) else { throw error("comment is never closed") }
                setNewLine = isStandalone(state)

            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                let triple = current == UInt8(ascii: "{")
                if !whitespaceBefore.isEmpty {
                    nodes.append(.text(whitespaceBefore))
                    whitespaceBefore = []
                }
                position += 1
                let name = try parseName(state)
                if triple {
                    guard !atEnd, current == UInt8(ascii: "}") else {
                        throw error("{{{\(name.source)}}} is missing a closing brace")
                    }
                    position += 1
                }
                nodes.append(.variable(name, escaped: false))

            case UInt8(ascii: ">"):
                position += 1
                _ = read(while: Self.isWhitespace)
                var dynamic = false
                if !atEnd, current == UInt8(ascii: "*") {
                    position += 1
                    dynamic = true
                }
                let name = try parsePartialName(state)
                if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                if isStandalone(state) {
                    setNewLine = true
                    nodes.append(.partial(name, dynamic: dynamic, indentation: whitespaceBefore, overrides: nil))
                } else {
                    nodes.append(.partial(name, dynamic: dynamic, indentation: nil, overrides: nil))
                }
                whitespaceBefore = []

            case UInt8(ascii: "<"):
                position += 1
                _ = read(while: Self.isWhitespace)
                let sectionName = try parsePartialName(state)
                let dynamic = sectionName.hasPrefix("*")
                let name = dynamic ? String(sectionName.dropFirst()) : sectionName
                if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                if isStandalone(state) { setNewLine = true }
                let body = try parse(state.inheritance(sectionName))
                var overrides: [String: [TemplateNode]] = [:]
                for node in body {
                    switch node {
                    case .blockDefinition(let block, let nodes): overrides[block] = nodes
                    case .text: break
                    default: throw error("only {{$block}} overrides may stand inside {{<\(sectionName)}}")
                    }
                }
                nodes.append(.partial(name, dynamic: dynamic, indentation: whitespaceBefore, overrides: overrides))
                whitespaceBefore = []

            case UInt8(ascii: "$"):
                position += 1
                let name = try parseName(state)
                guard name.transforms.isEmpty else { throw error("a block cannot have a transform") }
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.section(name.source, transforms: [], newLine: setNewLine))
                    nodes.append(.blockDefinition(name.source, body))
                } else {
                    if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.section(name.source, transforms: [], newLine: setNewLine))
                    nodes.append(.block(name.source, defaultNodes: body, indentation: whitespaceBefore))
                    whitespaceBefore = []
                }

            case UInt8(ascii: "="):
                position += 1
                state = try parseDelimiters(state)
                setNewLine = isStandalone(state)

            case UInt8(ascii: "%"):
                // A configuration pragma (swift-mustache's CONTENT_TYPE): accepted and ignored.
                position += 1
                guard skip(past: state.end) else { throw error("pragma is never closed") }
                setNewLine = isStandalone(state)

            default:
                if !whitespaceBefore.isEmpty {
                    nodes.append(.text(whitespaceBefore))
                    whitespaceBefore = []
                }
                nodes.append(.variable(try parseName(state), escaped: true))
            }
            state.newLine = setNewLine
        }
        if let open = state.sectionName { throw error("{{#\(open)}} is never closed") }
        return nodes
    }

    /// Text up to the next tag (whose opening delimiter is consumed) or newline (not consumed).
    private mutating func readUntilTagOrNewline(_ state: State) -> [UInt8] {
        var text: [UInt8] = []
        let first = state.start[0]
        while !atEnd {
            let byte = current
            if byte == 10 { break }
            if byte == first {
                if matches(state.start) {
                    position += state.start.count
                    break
                }
            }
            text.append(byte)
            position += 1
        }
        return text
    }

    /// A tag alone on its line (nothing but spaces around it): its line disappears from the output.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < bytes.count, bytes[probe] == 32 || bytes[probe] == 9 { probe += 1 }
        if probe < bytes.count, bytes[probe] == 10 {
            position = probe + 1
            return true
        }
        if probe + 1 < bytes.count, bytes[probe] == 13, bytes[probe + 1] == 10 {
            position = probe + 2
            return true
        }
        return false
    }

    private mutating func parseName(_ state: State) throws(TemplateSyntaxError) -> TemplateName {
        _ = read(while: Self.isWhitespace)
        let text = String(decoding: read(while: Self.isNameByte), as: UTF8.self)
        _ = read(while: Self.isWhitespace)
        guard matches(state.end) else {
            throw error("tag {{\(text)… is not closed with \(String(decoding: state.end, as: UTF8.self))")
        }
        position += state.end.count

        // `a(b(c))`: transforms a and b applied to c.
        var transforms: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "(") {
            transforms.append(String(rest[..<open]))
            rest = rest[rest.index(after: open)...]
        }
        var name = rest
        if !transforms.isEmpty {
            let closing = name.reversed().prefix { $0 == ")" }.count
            guard closing == transforms.count else { throw error("unbalanced parentheses in {{\(text)}}") }
            name = name.dropLast(closing)
            guard !name.contains(")") else { throw error("unbalanced parentheses in {{\(text)}}") }
        } else if text.contains(")") {
            throw error("unbalanced parentheses in {{\(text)}}")
        }
        let root: TemplateName.Root
        if name == "." {
            root = .current
        } else if name.isEmpty, !transforms.isEmpty {
            root = .sequence
        } else if name.first == "." {
            root = .local
        } else {
            root = .stack
        }
        let components = name == "." ? [] : name.split(separator: ".").map(String.init)
        return TemplateName(root: root, components: components, transforms: transforms, source: text)
    }

    private mutating func parsePartialName(_ state: State) throws(TemplateSyntaxError) -> String {
        _ = read(while: Self.isWhitespace)
        let name = String(decoding: read(while: Self.isPartialNameByte), as: UTF8.self)
        _ = read(while: Self.isWhitespace)
        guard matches(state.end) else { throw error("partial {{>\(name)… is not closed") }
        position += state.end.count
        return name
    }

    private mutating func parseDelimiters(_ state: State) throws(TemplateSyntaxError) -> State {
        _ = read(while: Self.isWhitespace)
        let start = read { !Self.isWhitespace($0) }
        _ = read(while: Self.isWhitespace)
        let end = read { !Self.isWhitespace($0) && $0 != UInt8(ascii: "=") }
        _ = read(while: Self.isWhitespace)
        guard !atEnd, current == UInt8(ascii: "="), !start.isEmpty, !end.isEmpty else {
            throw error("invalid {{=start end=}} tag")
        }
        position += 1
        guard matches(state.end) else { throw error("invalid {{=start end=}} tag") }
        position += state.end.count
        var next = state
        next.start = start
        next.end = end
        next.isPartialDefinitionTopLevel = false
        return next
    }

    private func matches(_ sequence: [UInt8]) -> Bool {
        guard position + sequence.count <= bytes.count else { return false }
        for (offset, byte) in sequence.enumerated() where bytes[position + offset] != byte { return false }
        return true
    }

    /// Moves past the next occurrence of `sequence`; false when there is none.
    private mutating func skip(past sequence: [UInt8]) -> Bool {
        while !atEnd {
            if matches(sequence) {
                position += sequence.count
                return true
            }
            position += 1
        }
        return false
    }

    private mutating func read(while accept: (UInt8) -> Bool) -> [UInt8] {
        let start = position
        while !atEnd, accept(current) { position += 1 }
        return Array(bytes[start..<position])
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 32 || (9...13).contains(byte) }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
            || byte == UInt8(ascii: "*")
    }

    private static func isPartialNameByte(_ byte: UInt8) -> Bool { isNameByte(byte) || byte == UInt8(ascii: "/") }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
