/// The name-value pair encoding of `FCGI_PARAMS` and `FCGI_GET_VALUES`: each length is one byte below 128, else
/// four bytes with the high bit set (specification §3.4).
enum NameValuePairs {
    /// Decodes a complete stream of pairs. Throws when a length runs past the end, never reads out of bounds.
    static func decode(_ bytes: [UInt8]) throws(NameValuePairsError) -> [(name: [UInt8], value: [UInt8])] {
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        var index = 0
        func length() throws(NameValuePairsError) -> Int {
            guard index < bytes.count else { throw .truncated }
            let first = bytes[index]
            if first < 0x80 {
                index += 1
                return Int(first)
            }
            guard bytes.count - index >= 4 else { throw .truncated }
            let value =
                Int(first & 0x7F) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8
                | Int(bytes[index + 3])
            index += 4
            return value
        }
        while index < bytes.count {
            let nameLength = try length()
            let valueLength = try length()
            guard nameLength <= bytes.count - index, valueLength <= bytes.count - index - nameLength else {
                throw .truncated
            }
            let name = Array(bytes[index..<index + nameLength])
            index += nameLength
            let value = Array(bytes[index..<index + valueLength])
            index += valueLength
            pairs.append((name, value))
        }
        return pairs
    }

    /// Decodes pairs into strings. Bytes that are not UTF-8 become U+FFFD rather than failing the request: CGI
    /// params are bytes, and a stray Latin-1 byte in a query string must not cost the client a 502. A repeated name
    /// keeps its last value, as PHP-FPM does.
    static func decodeStrings(_ bytes: [UInt8]) throws(NameValuePairsError) -> [String: String] {
        var result: [String: String] = [:]
        for pair in try decode(bytes) {
            result[String(decoding: pair.name, as: UTF8.self)] = String(decoding: pair.value, as: UTF8.self)
        }
        return result
    }

    static func encode(name: [UInt8], value: [UInt8], into output: inout [UInt8]) {
        appendLength(name.count, to: &output)
        appendLength(value.count, to: &output)
        output.append(contentsOf: name)
        output.append(contentsOf: value)
    }

    static func encode(_ pairs: [(name: String, value: String)]) -> [UInt8] {
        var output: [UInt8] = []
        for pair in pairs { encode(name: Array(pair.name.utf8), value: Array(pair.value.utf8), into: &output) }
        return output
    }

    private static func appendLength(_ length: Int, to output: inout [UInt8]) {
        precondition(length <= 0x7FFF_FFFF, "a name or value is at most 2^31 - 1 bytes")
        if length < 0x80 {
            output.append(UInt8(length))
        } else {
            output.append(UInt8(length >> 24) | 0x80)
            output.append(UInt8((length >> 16) & 0xFF))
            output.append(UInt8((length >> 8) & 0xFF))
            output.append(UInt8(length & 0xFF))
        }
    }
}

enum NameValuePairsError: Error, Equatable {
    /// A length says more bytes follow than the stream has.
    case truncated
}
