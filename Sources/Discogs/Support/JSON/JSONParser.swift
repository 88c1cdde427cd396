import Foundation

/// A strict RFC 8259 parser from UTF-8 bytes to `JSONNode`s.
///
/// Discogs answers are decoded for every page and release of a sync, and posted proxy answers
/// arrive as JSON holding that JSON as a string: Foundation's JSONDecoder on Linux read them at
/// about 16 MB/s, which made decoding the largest cost of ingesting a page. This reads a single
/// pass over the bytes with no intermediate copies for strings without escapes.
public enum JSONParser {
    /// Nesting deeper than this is refused rather than risking the stack (hostile input).
    static let maxDepth = 512

    public static func parse(_ data: Data) throws(JSONParseError) -> JSONNode {
        do {
            return try data.withUnsafeBytes { raw in
                try parse(
                    UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
            }
        } catch let error as JSONParseError {
            throw error
        } catch {
            throw JSONParseError(offset: 0, reason: "\(error)")
        }
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONNode {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let node = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.error("unexpected data after the JSON value") }
        return node
    }
}

extension JSONParser {
    /// The members of the object in `range`, each with the byte range of its value, without
    /// building the values: for reading one field of a large document, or cutting it into parts.
    public static func members(
        of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>
    ) throws(JSONParseError) -> [(key: String, value: Range<Int>)] {
        var reader = Reader(bytes: UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]))
        reader.index = range.lowerBound
        reader.skipWhitespace()
        return try reader.objectMembers()
    }

    /// `members`, except that the string value of `key` is unescaped on the way (it is the one
    /// large member, read once instead of skipped and then read).
    public static func members(
        of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, unescaping key: String
    ) throws(JSONParseError) -> (members: [(key: String, value: Range<Int>)], unescaped: [UInt8]?) {
        var reader = Reader(bytes: UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]))
        reader.index = range.lowerBound
        reader.skipWhitespace()
        var unescaped: [UInt8]?
        let members = try reader.objectMembers { name, reader throws(JSONParseError) in
            guard name == key, reader.current == UInt8(ascii: "\"") else { return false }
            unescaped = try reader.unescapedBytes()
            return true
        }
        return (members, unescaped)
    }

    /// The members of each object in the array in `range`, in one pass over its bytes: for
    /// cutting a listing into its items and reading their ids.
    public static func objectElements(
        of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>
    ) throws(JSONParseError) -> [(range: Range<Int>, members: [(key: String, value: Range<Int>)])] {
        var reader = Reader(bytes: UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]))
        reader.index = range.lowerBound
        reader.skipWhitespace()
        guard reader.current == UInt8(ascii: "[") else { throw reader.error("expected an array") }
        reader.index += 1
        var result: [(range: Range<Int>, members: [(key: String, value: Range<Int>)])] = []
        reader.skipWhitespace()
        if reader.current == UInt8(ascii: "]") { return result }
        while true {
            reader.skipWhitespace()
            let start = reader.index
            let members = try reader.objectMembers()
            result.append((start..<reader.index, members))
            reader.skipWhitespace()
            switch reader.current {
            case UInt8(ascii: ","): reader.index += 1
            case UInt8(ascii: "]"): return result
            default: throw reader.error("expected ',' or ']' in an array")
            }
        }
    }

    /// The value of a plain integer literal in `range` (no fraction or exponent), else nil.
    public static func integer(of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Int? {
        var index = range.lowerBound
        var negative = false
        if index < range.upperBound, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < range.upperBound else { return nil }
        var value = 0
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    /// The byte ranges of the elements of the array in `range`.
    public static func elements(
        of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>
    ) throws(JSONParseError) -> [Range<Int>] {
        var reader = Reader(bytes: UnsafeBufferPointer(rebasing: bytes[..<range.upperBound]))
        reader.index = range.lowerBound
        reader.skipWhitespace()
        guard reader.current == UInt8(ascii: "[") else { throw reader.error("expected an array") }
        reader.index += 1
        var elements: [Range<Int>] = []
        reader.skipWhitespace()
        if reader.current == UInt8(ascii: "]") { return elements }
        while true {
            reader.skipWhitespace()
            let start = reader.index
            try reader.skipValue(depth: 1)
            elements.append(start..<reader.index)
            reader.skipWhitespace()
            switch reader.current {
            case UInt8(ascii: ","): reader.index += 1
            case UInt8(ascii: "]"): return elements
            default: throw reader.error("expected ',' or ']' in an array")
            }
        }
    }
}

public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the input.
    public let offset: Int
    public let reason: String

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func error(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONNode {
        guard let byte = current else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character \(Self.show(byte))")
        }
    }

    /// The object here as its members' keys and value ranges; the values are skipped, not built,
    /// unless `read` reads one (and says so).
    mutating func objectMembers(
        reading read: (String, inout Reader) throws(JSONParseError) -> Bool = { _, _ in false }
    ) throws(JSONParseError) -> [(key: String, value: Range<Int>)] {
        guard current == UInt8(ascii: "{") else { throw error("expected an object") }
        index += 1
        var members: [(key: String, value: Range<Int>)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            let key = try memberKey()
            let start = index
            if try !read(key, &self) { try skipValue(depth: 1) }
            members.append((key, start..<index))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return members
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    /// `"key":` and the whitespace around it, up to the member's value.
    mutating func memberKey() throws(JSONParseError) -> String {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
        let key = try string()
        skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
        index += 1
        skipWhitespace()
        return key
    }

    /// Moves past one value, checking it as `value` would, without building it.
    mutating func skipValue(depth: Int) throws(JSONParseError) {
        guard depth <= JSONParser.maxDepth else { throw error("nested more than \(JSONParser.maxDepth) levels") }
        guard let byte = current else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipWhitespace()
            if current == close {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                if close == UInt8(ascii: "}") {
                    guard current == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
                    try skipString()
                    skipWhitespace()
                    guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
                    index += 1
                    skipWhitespace()
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let next = current else { throw error("unexpected end of input") }
                index += 1
                if next == close { return }
                guard next == UInt8(ascii: ",") else {
                    throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
                }
            }
        case UInt8(ascii: "\""): try skipString()
        default: _ = try value(depth: depth)
        }
    }

    /// The content of the string here, escapes undone, copying the runs between them whole.
    mutating func unescapedBytes() throws(JSONParseError) -> [UInt8] {
        index += 1
        var buffer: [UInt8] = []
        var run = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte >= 0x20 {
                index += 1
                continue
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return buffer
            case UInt8(ascii: "\\"):
                index += 1
                guard let escape = current else { throw error("unterminated string") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &buffer)
                default: throw error("unknown escape \\\(Self.show(escape))")
                }
            default:
                throw error("a control character inside a string")
            }
            run = index
        }
        throw error("unterminated string")
    }

    /// Moves past a string, checking its escapes and control bytes (UTF-8 is checked when a
    /// string is read, not skipped).
    mutating func skipString() throws(JSONParseError) {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw error("unterminated string") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"): _ = try hex4()
                default: throw error("unknown escape \\\(Self.show(escape))")
                }
            case 0..<0x20: throw error("a control character inside a string")
            default: break
            }
        }
        throw error("unterminated string")
    }

    mutating func object(depth: Int) throws(JSONParseError) -> JSONNode {
        guard depth <= JSONParser.maxDepth else { throw error("nested more than \(JSONParser.maxDepth) levels") }
        index += 1
        var members: [JSONNode.Member] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            let key = try memberKey()
            members.append(JSONNode.Member(key: key, value: try value(depth: depth)))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> JSONNode {
        guard depth <= JSONParser.maxDepth else { throw error("nested more than \(JSONParser.maxDepth) levels") }
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    mutating func literal(_ word: StaticString, _ node: JSONNode) throws(JSONParseError) -> JSONNode {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0
        else { throw error("unexpected character \(Self.show(bytes[index]))") }
        index += count
        return node
    }

    /// A string: the bytes themselves when there is no escape, else a decoded copy.
    mutating func string() throws(JSONParseError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(start..<index)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw error("a control character inside a string") }
            index += 1
        }
        throw error("unterminated string")
    }

    /// A string with escapes, from its start again: decoded by `unescapedBytes`, then checked.
    private mutating func escapedString(from start: Int) throws(JSONParseError) -> String {
        index = start - 1
        let buffer = try unescapedBytes()
        guard let text = String(validating: buffer, as: UTF8.self) else {
            throw JSONParseError(offset: start, reason: "a string that is not valid UTF-8")
        }
        return text
    }

    /// `\uXXXX`, with surrogate pairs joined; a lone surrogate is an error, as for JSONDecoder.
    mutating func appendUnicodeEscape(to buffer: inout [UInt8]) throws(JSONParseError) {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw error("a high surrogate without its low half") }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("a high surrogate without its low half") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw error("a low surrogate without its high half")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("not a Unicode scalar") }
        buffer.append(contentsOf: String(Character(unicode)).utf8)
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape needs 4 hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs 4 hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    mutating func number() throws(JSONParseError) -> String {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else { throw error("a number needs digits") }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if current == UInt8(ascii: ".") {
            index += 1
            guard let digit = current, isDigit(digit) else { throw error("a number needs digits after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let digit = current, isDigit(digit) else { throw error("a number needs digits in its exponent") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { index += 1 }
    }

    private func utf8(_ range: Range<Int>) throws(JSONParseError) -> String {
        guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw JSONParseError(offset: range.lowerBound, reason: "a string that is not valid UTF-8")
        }
        return text
    }

    static func show(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "0x%02X", byte)
    }
}
