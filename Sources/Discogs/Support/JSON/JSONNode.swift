import Foundation

/// A parsed JSON document, as `JSONParser` makes it and `NodeDecoder` reads it.
public indirect enum JSONNode: Sendable, Equatable {
    /// Members in document order (keys are looked up by a scan: Discogs objects are small).
    case object([Member])
    case array([JSONNode])
    case string(String)
    /// The number as written, converted when a decoder asks for a type.
    case number(String)
    case bool(Bool)
    case null

    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSONNode
    }

    /// The member named `key` of an object (the first one, should a document repeat a key).
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    public var string: String? { if case .string(let text) = self { text } else { nil } }

    public var int: Int? { if case .number(let literal) = self { JSONNumber.int(literal) } else { nil } }

    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// Numbers from their literal, with the conversions Foundation's JSONDecoder allows: an integer
/// may be written with a fraction or exponent as long as its value is whole.
enum JSONNumber {
    static func int(_ literal: String) -> Int? {
        if let value = Int(literal) { return value }
        guard let double = Double(literal), double.rounded() == double, let value = Int(exactly: double) else {
            return nil
        }
        return value
    }
}
