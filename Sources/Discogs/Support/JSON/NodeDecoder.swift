import Foundation

/// Decodes `Decodable` models from JSON through `JSONParser`, with JSONDecoder's default rules
/// (no key or date strategies): the models' own `init(from:)` run unchanged. Tests hold it to
/// JSONDecoder on every recorded Discogs response.
public struct FastJSONDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let node: JSONNode
        do {
            node = try JSONParser.parse(data)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: error.description, underlyingError: error))
        }
        return try decode(type, from: node)
    }

    public func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        try T(from: NodeDecoder(node: node, path: nil))
    }
}

/// The coding path as a chain: building it costs nothing until an error asks for it.
final class CodingPathNode: Sendable {
    let parent: CodingPathNode?
    let key: JSONKey

    init(parent: CodingPathNode?, key: JSONKey) {
        self.parent = parent
        self.key = key
    }

    static func path(_ node: CodingPathNode?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var current = node
        while let node = current {
            keys.append(node.key)
            current = node.parent
        }
        return keys.reversed()
    }
}

/// A coding key by name or position: for coding paths, and for errors about a key of a
/// document that has no CodingKeys type of its own.
public struct JSONKey: CodingKey, Sendable {
    public let stringValue: String
    public let intValue: Int?

    public init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    public init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }

    init(_ key: some CodingKey) {
        stringValue = key.stringValue
        intValue = key.intValue
    }
}

struct NodeDecoder: Decoder {
    let node: JSONNode
    let path: CodingPathNode?

    var codingPath: [any CodingKey] { CodingPathNode.path(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else {
            throw DecodingError.typeMismatch(
                [String: Any].self,
                .init(codingPath: codingPath, debugDescription: "expected an object, found \(node.kind)"))
        }
        return KeyedDecodingContainer(JSONKeyedContainer<Key>(members: members, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: codingPath, debugDescription: "expected an array, found \(node.kind)"))
        }
        return NodeUnkeyedContainer(elements: elements, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { NodeSingleValue(node: node, path: path) }
}

/// The conversions of a leaf value, shared by the three container kinds.
enum NodeValue {
    static func mismatch<T>(_ type: T.Type, _ node: JSONNode, _ path: CodingPathNode?) -> DecodingError {
        DecodingError.typeMismatch(
            type, .init(codingPath: CodingPathNode.path(path), debugDescription: "expected \(type), found \(node.kind)")
        )
    }

    static func bool(_ node: JSONNode, _ path: CodingPathNode?) throws -> Bool {
        guard case .bool(let value) = node else { throw mismatch(Bool.self, node, path) }
        return value
    }

    static func string(_ node: JSONNode, _ path: CodingPathNode?) throws -> String {
        guard case .string(let value) = node else { throw mismatch(String.self, node, path) }
        return value
    }

    static func double(_ node: JSONNode, _ path: CodingPathNode?) throws -> Double {
        guard case .number(let literal) = node, let value = Double(literal) else {
            throw mismatch(Double.self, node, path)
        }
        return value
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ node: JSONNode, _ path: CodingPathNode?) throws -> T {
        guard case .number(let literal) = node else { throw mismatch(type, node, path) }
        if let value = T(literal) { return value }
        guard let whole = JSONNumber.int(literal), let value = T(exactly: whole) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: CodingPathNode.path(path), debugDescription: "number \(literal) does not fit in \(type)"
                ))
        }
        return value
    }

    static func decode<T: Decodable>(_ type: T.Type, _ node: JSONNode, _ path: CodingPathNode?) throws -> T {
        // The leaf types decode directly, without a nested decoder.
        switch type {
        case is String.Type: return try string(node, path) as! T
        case is Int.Type: return try integer(Int.self, node, path) as! T
        case is Bool.Type: return try bool(node, path) as! T
        case is Double.Type: return try double(node, path) as! T
        case is URL.Type:
            // As JSONDecoder does: a URL is its string, not URL's own keyed form.
            guard let url = URL(string: try string(node, path)) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: CodingPathNode.path(path), debugDescription: "not a valid URL"))
            }
            return url as! T
        default: return try T(from: NodeDecoder(node: node, path: path))
        }
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [JSONNode.Member]
    let path: CodingPathNode?

    var codingPath: [any CodingKey] { CodingPathNode.path(path) }
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    private func lookup(_ key: Key) -> JSONNode? {
        let name = key.stringValue
        for member in members where member.key == name { return member.value }
        return nil
    }

    private func required(_ key: Key) throws -> JSONNode {
        guard let node = lookup(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no value for \"\(key.stringValue)\""))
        }
        return node
    }

    private func child(_ key: Key) -> CodingPathNode { CodingPathNode(parent: path, key: JSONKey(key)) }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try required(key) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try NodeValue.bool(required(key), child(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try NodeValue.string(required(key), child(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try NodeValue.double(required(key), child(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        Float(try NodeValue.double(required(key), child(key)))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try NodeValue.integer(type, required(key), child(key))
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try NodeValue.decode(type, required(key), child(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(node: required(key), path: child(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(node: required(key), path: child(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        NodeDecoder(node: Key(stringValue: "super").flatMap(lookup) ?? .null, path: path)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(node: lookup(key) ?? .null, path: child(key))
    }
}

struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONNode]
    let path: CodingPathNode?
    private(set) var currentIndex = 0

    init(elements: [JSONNode], path: CodingPathNode?) {
        self.elements = elements
        self.path = path
    }

    var codingPath: [any CodingKey] { CodingPathNode.path(path) }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> (JSONNode, CodingPathNode) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], CodingPathNode(parent: path, key: JSONKey(intValue: currentIndex)))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if elements[currentIndex] == .null {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let (node, path) = try next()
        return try NodeValue.bool(node, path)
    }
    mutating func decode(_ type: String.Type) throws -> String {
        let (node, path) = try next()
        return try NodeValue.string(node, path)
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        let (node, path) = try next()
        return try NodeValue.double(node, path)
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        let (node, path) = try next()
        return Float(try NodeValue.double(node, path))
    }
    mutating func decode(_ type: Int.Type) throws -> Int {
        let (node, path) = try next()
        return try NodeValue.integer(type, node, path)
    }
    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        let (node, path) = try next()
        return try NodeValue.integer(type, node, path)
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, path) = try next()
        return try NodeValue.decode(type, node, path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let (node, path) = try next()
        return try NodeDecoder(node: node, path: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, path) = try next()
        return try NodeDecoder(node: node, path: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, path) = try next()
        return NodeDecoder(node: node, path: path)
    }
}

struct NodeSingleValue: SingleValueDecodingContainer {
    let node: JSONNode
    let path: CodingPathNode?

    var codingPath: [any CodingKey] { CodingPathNode.path(path) }

    func decodeNil() -> Bool { node == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try NodeValue.bool(node, path) }
    func decode(_ type: String.Type) throws -> String { try NodeValue.string(node, path) }
    func decode(_ type: Double.Type) throws -> Double { try NodeValue.double(node, path) }
    func decode(_ type: Float.Type) throws -> Float { Float(try NodeValue.double(node, path)) }
    func decode(_ type: Int.Type) throws -> Int { try NodeValue.integer(type, node, path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try NodeValue.integer(type, node, path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try NodeValue.integer(type, node, path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try NodeValue.integer(type, node, path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try NodeValue.integer(type, node, path) }
    func decode(_ type: UInt.Type) throws -> UInt { try NodeValue.integer(type, node, path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try NodeValue.integer(type, node, path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try NodeValue.integer(type, node, path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try NodeValue.integer(type, node, path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try NodeValue.integer(type, node, path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try NodeValue.decode(type, node, path) }
}
